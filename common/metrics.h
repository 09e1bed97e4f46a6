// Prometheus metrics (Debian's prometheus-cpp): one registry per process,
// served in the text exposition format at http://<address>/metrics by
// MetricsServer on a port of its own (--metrics_port), apart from the gRPC
// port so that scraping needs no token or TLS client and cannot be
// mistaken for an API. Families are created by the code that updates them
// (common/call_observer.h, ingest_service/record_metrics.h, ...); this file
// adds the ones every service has (sgs_build_info).
#ifndef SGS_COMMON_METRICS_H_
#define SGS_COMMON_METRICS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "prometheus/collectable.h"
#include "prometheus/registry.h"

namespace prometheus {
class Exposer;
}

namespace sgs {

class MetricsServer {
 public:
  // Serves `collectables` on `address` ("0.0.0.0:9090"; port 0 picks a
  // free one). UNAVAILABLE naming the address when it cannot listen.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& address,
      const std::vector<std::shared_ptr<prometheus::Collectable>>&
          collectables);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
  int port_ = 0;
};

// sgs_build_info{service,version,commit,build_type} 1.
void AddBuildInfoMetric(prometheus::Registry& registry,
                        absl::string_view service);

// "host:port" for a --metrics_port / --health_port flag value; "" (off)
// for port 0. Tests pass "127.0.0.1:0" through the options instead.
std::string ListenAddressForPort(const std::string& host, int port);

}  // namespace sgs

#endif  // SGS_COMMON_METRICS_H_
