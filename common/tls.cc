#include "common/tls.h"

#include "absl/strings/str_cat.h"
#include "common/config_loader.h"
#include "grpcpp/security/credentials.h"

namespace sgs {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const TlsServerFiles& files) {
  if (!files.enabled()) return grpc::InsecureServerCredentials();
  if (files.cert_path.empty() || files.key_path.empty()) {
    return absl::InvalidArgumentError(
        "TLS 需要同时提供证书 (--tls_cert) 和私钥 (--tls_key)");
  }
  absl::StatusOr<std::string> cert = ReadFileToString(files.cert_path);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFileToString(files.key_path);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!files.client_ca_path.empty()) {
    absl::StatusOr<std::string> ca = ReadFileToString(files.client_ca_path);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const TlsClientFiles& files) {
  if (!files.enabled()) return grpc::InsecureChannelCredentials();
  if (files.ca_path.empty()) {
    return absl::InvalidArgumentError(
        "TLS 需要用于验证服务端的 CA 证书 (ca_path / --tls_ca / --ingest_ca)");
  }
  if (files.cert_path.empty() != files.key_path.empty()) {
    return absl::InvalidArgumentError(
        "mTLS 需要同时提供客户端证书和私钥 (client cert and key)");
  }
  grpc::SslCredentialsOptions options;
  absl::StatusOr<std::string> ca = ReadFileToString(files.ca_path);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (!files.cert_path.empty()) {
    absl::StatusOr<std::string> cert = ReadFileToString(files.cert_path);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadFileToString(files.key_path);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

void AddBearerToken(grpc::ClientContext* context, const std::string& token) {
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
}

}  // namespace sgs
