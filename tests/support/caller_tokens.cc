#include "tests/support/caller_tokens.h"

#include <fstream>

#include "common/auth.h"

namespace sgs::testing {

std::string WriteCallerTokens(const std::string& dir) {
  const std::string path = dir + "/tokens.textproto";
  std::ofstream out(path);
  auto entry = [&out](const char* name, const char* token, const char* role,
                      const char* unit) {
    out << "tokens { name: \"" << name << "\" sha256_hex: \""
        << Sha256Hex(token) << "\" role: " << role << " unit_code: \"" << unit
        << "\" }\n";
  };
  entry("教育局报送系统", kJyjToken, "SUBMITTER", "yd-jyj");
  entry("公安局报送系统", kGajToken, "SUBMITTER", "yd-gaj");
  entry("市大数据局查询", kReaderToken, "READER", "");
  entry("区信用办", kOfficeToken, "CREDIT_OFFICE", "");
  return path;
}

ingest::IngestServerOptions CallerTokenOptions(const std::string& dir) {
  ingest::IngestServerOptions options;
  options.tokens_path = WriteCallerTokens(dir);
  return options;
}

}  // namespace sgs::testing
