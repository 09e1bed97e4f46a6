// Transport credentials from PEM files, for servers and for clients.
// Server: TLS when a certificate and key are given; with a client CA as
// well, clients must present a certificate signed by it (mTLS). Client: TLS
// when a CA is given (plus a client certificate for mTLS), plaintext
// otherwise.
#ifndef SGS_COMMON_TLS_H_
#define SGS_COMMON_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace sgs {

struct TlsServerFiles {
  std::string cert_path;
  std::string key_path;
  // Non-empty: require and verify client certificates (mTLS).
  std::string client_ca_path;
  // Any file given asks for TLS; ServerCredentials then insists on the
  // certificate and key (a client CA alone must not quietly mean plaintext).
  bool enabled() const {
    return !cert_path.empty() || !key_path.empty() || !client_ca_path.empty();
  }
};

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const TlsServerFiles& files);

struct TlsClientFiles {
  // Non-empty: TLS, trusting this CA.
  std::string ca_path;
  // mTLS: the client's own certificate and key.
  std::string cert_path;
  std::string key_path;
  // Any file given asks for TLS; ChannelCredentials then insists on the CA
  // (a client certificate alone must not quietly mean plaintext).
  bool enabled() const {
    return !ca_path.empty() || !cert_path.empty() || !key_path.empty();
  }
};

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const TlsClientFiles& files);

// Adds "authorization: Bearer <token>" to one call (nothing when empty).
// Per-call metadata rather than call credentials, because gRPC refuses call
// credentials on plaintext channels (development mode, tests).
void AddBearerToken(grpc::ClientContext* context, const std::string& token);

}  // namespace sgs

#endif  // SGS_COMMON_TLS_H_
