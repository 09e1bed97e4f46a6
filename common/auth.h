// Who is calling, and what they may do. Callers present a bearer token in
// the `authorization` metadata ("Bearer <token>"); the server keeps only
// SHA-256 hashes of tokens (a TokenFile, protos/sgs/config/v1/config.proto)
// and compares in constant time. Roles: a unit's SUBMITTER, a READER, the
// CREDIT_OFFICE. Missing or unknown token: UNAUTHENTICATED; a valid token
// acting outside its rights: PERMISSION_DENIED naming the missing right.
//
// A development mode without tokens exists for local runs and tests; it is
// explicit (Authenticator::DevelopmentMode) and every caller then has every
// right.
#ifndef SGS_COMMON_AUTH_H_
#define SGS_COMMON_AUTH_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs {

struct Principal {
  // The token holder's name ("开发模式" in development mode).
  std::string name;
  sgs::config::v1::Role role = sgs::config::v1::ROLE_UNSPECIFIED;
  // SUBMITTER: its unit.
  std::string unit_code;
  // Development mode: every right.
  bool development = false;
  // The caller's address, for the audit trail.
  std::string peer;
};

class Authenticator {
 public:
  // Refuses malformed hashes, unspecified roles, duplicate hashes and
  // submitters without a unit.
  static absl::StatusOr<Authenticator> FromProto(
      const sgs::config::v1::TokenFile& file);
  static absl::StatusOr<Authenticator> LoadFromFile(const std::string& path);
  static Authenticator DevelopmentMode();

  bool development_mode() const { return development_; }

  // The caller of `context` (UNAUTHENTICATED when the token is missing or
  // unknown).
  absl::StatusOr<Principal> Authenticate(
      const grpc::ServerContext& context) const;
  // The same for a raw token (no "Bearer " prefix).
  absl::StatusOr<Principal> AuthenticateToken(absl::string_view token) const;

 private:
  bool development_ = false;
  std::vector<sgs::config::v1::TokenEntry> entries_;
  std::vector<std::string> digests_;  // raw 32-byte SHA-256, per entry
};

// The authenticator a server runs with: development mode when
// `development_no_auth` (and a loud warning on stderr naming `service`),
// else the tokens file, which is then required.
absl::StatusOr<Authenticator> MakeServerAuthenticator(
    const std::string& tokens_path, bool development_no_auth,
    absl::string_view service);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// PERMISSION_DENIED unless the principal has one of `roles`; `right` names
// the right in the message ("回填历史归集时间").
absl::Status RequireRole(const Principal& principal,
                         std::initializer_list<sgs::config::v1::Role> roles,
                         absl::string_view right);

// Reading a unit's data: a submitter only its own unit; readers and the
// credit office any unit.
absl::Status RequireReadUnit(const Principal& principal,
                             absl::string_view unit_code);

// Writing a unit's records: only that unit's submitter.
absl::Status RequireSubmitForUnit(const Principal& principal,
                                  absl::string_view unit_code);

}  // namespace sgs

#endif  // SGS_COMMON_AUTH_H_
