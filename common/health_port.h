// A plaintext, health-only gRPC port for the kubelet's built-in gRPC probes,
// which cannot speak TLS: with --tls_cert the main port refuses plaintext,
// so probes on it would never succeed. This port serves only
// grpc.health.v1.Health (Check and Watch), answering from the service's own
// HealthService, so it reports exactly what the main port reports and
// exposes no data: everything else on it is UNIMPLEMENTED.
#ifndef SGS_COMMON_HEALTH_PORT_H_
#define SGS_COMMON_HEALTH_PORT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/health_service.h"
#include "grpcpp/server.h"

namespace sgs {

class HealthPort {
 public:
  // Listens on `address` ("0.0.0.0:8081"; port 0 picks a free one) and
  // answers from `health`, which must outlive this object.
  static absl::StatusOr<std::unique_ptr<HealthPort>> Start(
      const std::string& address, HealthService* health);
  ~HealthPort();
  int port() const { return port_; }
  void Shutdown(absl::Duration grace);

 private:
  class Forwarder;
  HealthPort() = default;
  std::unique_ptr<Forwarder> forwarder_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace sgs

#endif  // SGS_COMMON_HEALTH_PORT_H_
