// What every service runs beside its gRPC API, in one place so the two
// servers set it up alike: the metrics registry (with sgs_build_info), the
// per-call observer (logs and call metrics, common/call_observer.h), the
// /metrics HTTP port and the plaintext health-only port for probes
// (common/health_port.h). Ports whose address is empty stay closed.
#ifndef SGS_COMMON_SERVICE_OBSERVABILITY_H_
#define SGS_COMMON_SERVICE_OBSERVABILITY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/health_port.h"
#include "common/health_service.h"
#include "common/metrics.h"
#include "grpcpp/server_builder.h"
#include "prometheus/registry.h"

namespace sgs {

struct ObservabilityAddresses {
  // "host:port" of /metrics ("" = off; port 0 picks a free one).
  std::string metrics;
  // "host:port" of the plaintext health-only port ("" = off).
  std::string health;
};

class ServiceObservability {
 public:
  explicit ServiceObservability(std::string service);
  ~ServiceObservability();

  prometheus::Registry& registry() { return *registry_; }
  // Served on /metrics beside the registry (read at scrape time).
  void AddCollectable(std::shared_ptr<prometheus::Collectable> collectable);
  // Logs and counts every call of the server being built; `auth` (may be
  // null) names the callers and must outlive the server.
  void ObserveCalls(grpc::ServerBuilder* builder, const Authenticator* auth);
  // Opens the ports (after the main server started; `health` must outlive
  // this object) and logs where they are.
  absl::Status StartPorts(const ObservabilityAddresses& addresses,
                          HealthService* health);
  int metrics_port() const;
  int health_port() const;
  // Closes both ports (before what the collectables read goes away).
  // Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  std::string service_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
  std::unique_ptr<MetricsServer> metrics_server_;
  std::unique_ptr<HealthPort> health_port_;
};

}  // namespace sgs

#endif  // SGS_COMMON_SERVICE_OBSERVABILITY_H_
