// grpc.health.v1.Health implemented with the generated code, so server
// reflection can describe it (gRPC's built-in health service is invisible
// to reflection) and so a service can report NOT_SERVING while a dependency
// is down or while it shuts down. The overall status has service name "".
#ifndef SGS_COMMON_HEALTH_SERVICE_H_
#define SGS_COMMON_HEALTH_SERVICE_H_

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace sgs {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Sets the status of `service` ("" = the whole server).
  void SetStatus(const std::string& service, ServingStatus status);
  // Every service NOT_SERVING from now on, and open Watch streams end, so
  // that the server's shutdown is not held up by them.
  void Shutdown();

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>*
                         writer) override;

 private:
  absl::Mutex mutex_;
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mutex_);
  bool shutdown_ ABSL_GUARDED_BY(mutex_) = false;
  uint64_t generation_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace sgs

#endif  // SGS_COMMON_HEALTH_SERVICE_H_
