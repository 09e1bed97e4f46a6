#include "common/metrics.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "common/build_info.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"

namespace sgs {

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& address,
    const std::vector<std::shared_ptr<prometheus::Collectable>>& collectables) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  // prometheus-cpp (civetweb) reports a port it cannot bind by throwing;
  // this is the one place that library is started, so the exception is
  // turned into a status here and goes no further.
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& error) {
    return absl::UnavailableError(
        absl::StrCat("无法在 ", address, " 上提供 /metrics: ", error.what()));
  }
  for (const auto& collectable : collectables) {
    server->exposer_->RegisterCollectable(collectable);
  }
  server->collectables_ = collectables;
  const std::vector<int> ports = server->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(
        absl::StrCat("无法在 ", address, " 上提供 /metrics"));
  }
  server->port_ = ports.front();
  return server;
}

MetricsServer::~MetricsServer() = default;

void AddBuildInfoMetric(prometheus::Registry& registry,
                        absl::string_view service) {
  const BuildInfo& info = GetBuildInfo();
  prometheus::BuildGauge()
      .Name("sgs_build_info")
      .Help("Always 1; the labels say which build is running.")
      .Register(registry)
      .Add({{"service", std::string(service)},
            {"version", info.version},
            {"commit", info.commit},
            {"build_type", info.build_type}})
      .Set(1);
}

std::string ListenAddressForPort(const std::string& host, int port) {
  if (port <= 0) return "";
  return absl::StrCat(host, ":", port);
}

}  // namespace sgs
