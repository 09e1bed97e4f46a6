// Test helper: the callers an access-control test needs, as bearer tokens
// in a token file the ingest server loads (--tokens): the 教育局 and 公安局
// submitters (units yd-jyj, yd-gaj), a reader (市大数据局) and the credit
// office. Shared by the auth and rejected-queue tests, which each built the
// same file before.
#ifndef SGS_TESTS_SUPPORT_CALLER_TOKENS_H_
#define SGS_TESTS_SUPPORT_CALLER_TOKENS_H_

#include <string>

#include "ingest_service/server.h"

namespace sgs::testing {

inline constexpr char kJyjToken[] = "jyj-secret-token";
inline constexpr char kGajToken[] = "gaj-secret-token";
inline constexpr char kReaderToken[] = "reader-secret-token";
inline constexpr char kOfficeToken[] = "office-secret-token";

// Writes <dir>/tokens.textproto with the four callers; returns its path.
std::string WriteCallerTokens(const std::string& dir);

// Server options whose tokens_path is WriteCallerTokens(dir).
ingest::IngestServerOptions CallerTokenOptions(const std::string& dir);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_CALLER_TOKENS_H_
