// grpc.health.v1.Health implemented with the generated code, so server
// reflection can describe it (gRPC's built-in health service is invisible
// to reflection) and so a service can report NOT_SERVING while a dependency
// is down or while it shuts down. The overall status has service name "".
//
// Watch uses gRPC's callback API: an open Watch stream costs a small object
// and no thread (with the sync API each one held a server thread, and a few
// thousand unauthenticated watchers starved every other call). Watchers are
// capped at `max_watchers`; one more is refused with RESOURCE_EXHAUSTED.
#ifndef SGS_COMMON_HEALTH_SERVICE_H_
#define SGS_COMMON_HEALTH_SERVICE_H_

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace sgs {

class HealthService final
    : public grpc::health::v1::Health::WithCallbackMethod_Watch<
          grpc::health::v1::Health::Service> {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;
  static constexpr int kDefaultMaxWatchers = 1000;

  explicit HealthService(int max_watchers = kDefaultMaxWatchers)
      : max_watchers_(max_watchers) {}
  ~HealthService() override;

  // Sets the status of `service` ("" = the whole server).
  void SetStatus(const std::string& service, ServingStatus status);
  // Every service NOT_SERVING from now on, and open Watch streams end
  // (after sending NOT_SERVING), so that the server's shutdown is not held
  // up by them.
  void Shutdown();
  // Open Watch streams.
  int watchers() const;

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;
  ServingStatus StatusOf(const std::string& service) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void NotifyAll() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Called by a watcher when gRPC is done with it.
  void Forget(Watcher* watcher) ABSL_LOCKS_EXCLUDED(mutex_);

  const int max_watchers_;
  mutable absl::Mutex mutex_;
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mutex_);
  bool shutdown_ ABSL_GUARDED_BY(mutex_) = false;
  // Open watchers and the service each watches.
  std::map<Watcher*, std::string> watchers_ ABSL_GUARDED_BY(mutex_);
  absl::CondVar watchers_gone_;
};

}  // namespace sgs

#endif  // SGS_COMMON_HEALTH_SERVICE_H_
