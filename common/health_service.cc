#include "common/health_service.h"

namespace sgs {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

void HealthService::SetStatus(const std::string& service,
                              ServingStatus status) {
  absl::MutexLock lock(&mutex_);
  if (shutdown_) status = HealthCheckResponse::NOT_SERVING;
  statuses_[service] = status;
  ++generation_;
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mutex_);
  shutdown_ = true;
  for (auto& [service, status] : statuses_) {
    status = HealthCheckResponse::NOT_SERVING;
  }
  ++generation_;
}

grpc::Status HealthService::Check(grpc::ServerContext* /*context*/,
                                  const HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  absl::MutexLock lock(&mutex_);
  auto it = statuses_.find(request->service());
  if (it == statuses_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "unknown service: " + request->service());
  }
  response->set_status(it->second);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(
    grpc::ServerContext* context, const HealthCheckRequest* request,
    grpc::ServerWriter<HealthCheckResponse>* writer) {
  uint64_t seen_generation = ~uint64_t{0};
  ServingStatus last_sent = HealthCheckResponse::UNKNOWN;
  bool sent_any = false;
  while (!context->IsCancelled()) {
    ServingStatus current;
    bool shutting_down;
    {
      absl::MutexLock lock(&mutex_);
      // Wake on a change, and at least once a second to notice a cancelled
      // client.
      auto changed = [this, seen_generation]() {
        mutex_.AssertReaderHeld();
        return generation_ != seen_generation;
      };
      mutex_.AwaitWithTimeout(absl::Condition(&changed), absl::Seconds(1));
      seen_generation = generation_;
      auto it = statuses_.find(request->service());
      current = it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN
                                      : it->second;
      shutting_down = shutdown_;
    }
    if (!sent_any || current != last_sent) {
      HealthCheckResponse response;
      response.set_status(current);
      if (!writer->Write(response)) break;
      last_sent = current;
      sent_any = true;
    }
    if (shutting_down) break;
  }
  return grpc::Status::OK;
}

}  // namespace sgs
