#include "common/service_observability.h"

#include <utility>

#include "common/call_observer.h"
#include "common/logging.h"
#include "common/request_parse_guard.h"

namespace sgs {

ServiceObservability::ServiceObservability(std::string service)
    : service_(std::move(service)),
      registry_(std::make_shared<prometheus::Registry>()) {
  AddBuildInfoMetric(*registry_, service_);
  collectables_.push_back(registry_);
}

ServiceObservability::~ServiceObservability() { Shutdown(absl::Seconds(1)); }

void ServiceObservability::AddCollectable(
    std::shared_ptr<prometheus::Collectable> collectable) {
  collectables_.push_back(std::move(collectable));
}

void ServiceObservability::ObserveCalls(grpc::ServerBuilder* builder,
                                        const Authenticator* auth) {
  CallObserverOptions options;
  options.service = service_;
  options.auth = auth;
  options.registry = registry_.get();
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      factories;
  // The parse guard first, so the call observer logs the status it sends.
  factories.push_back(MakeRequestParseGuardFactory());
  factories.push_back(MakeCallObserverFactory(options));
  builder->experimental().SetInterceptorCreators(std::move(factories));
}

absl::Status ServiceObservability::StartPorts(
    const ObservabilityAddresses& addresses, HealthService* health) {
  if (!addresses.metrics.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsServer>> server =
        MetricsServer::Start(addresses.metrics, collectables_);
    if (!server.ok()) return server.status();
    metrics_server_ = *std::move(server);
    LogEvent(LogLevel::kInfo, service_, "metrics_listening",
             LogFields()
                 .Add("address", addresses.metrics)
                 .Add("port", metrics_server_->port())
                 .Add("path", "/metrics"));
  }
  if (!addresses.health.empty()) {
    absl::StatusOr<std::unique_ptr<HealthPort>> port =
        HealthPort::Start(addresses.health, health);
    if (!port.ok()) return port.status();
    health_port_ = *std::move(port);
    LogEvent(LogLevel::kInfo, service_, "health_listening",
             LogFields()
                 .Add("address", addresses.health)
                 .Add("port", health_port_->port())
                 .Add("plaintext", true));
  }
  return absl::OkStatus();
}

int ServiceObservability::metrics_port() const {
  return metrics_server_ == nullptr ? 0 : metrics_server_->port();
}

int ServiceObservability::health_port() const {
  return health_port_ == nullptr ? 0 : health_port_->port();
}

void ServiceObservability::Shutdown(absl::Duration grace) {
  if (health_port_ != nullptr) {
    health_port_->Shutdown(grace);
    health_port_.reset();
  }
  metrics_server_.reset();
}

}  // namespace sgs
