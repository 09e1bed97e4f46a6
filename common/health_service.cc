#include "common/health_service.h"

#include "absl/strings/str_cat.h"

namespace sgs {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// One Watch stream. It sends the status it was created with, then every
// change (the latest one when changes come faster than the client reads),
// and ends after sending NOT_SERVING at shutdown. Deleted by gRPC's OnDone,
// after it has left the owner's set (so the owner never calls a deleted
// watcher: it only calls watchers while holding its mutex).
class HealthService::Watcher final
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  // A watcher that is refused at once.
  Watcher(HealthService* owner, const grpc::Status& refusal) : owner_(owner) {
    absl::MutexLock lock(&mutex_);
    finished_ = true;
    Finish(refusal);
  }
  Watcher(HealthService* owner, ServingStatus status, bool last)
      : owner_(owner) {
    Update(status, last);
  }

  // Sends `status` unless it was the last one sent; `last`: end the stream
  // after it.
  void Update(ServingStatus status, bool last) ABSL_LOCKS_EXCLUDED(mutex_) {
    absl::MutexLock lock(&mutex_);
    if (finished_) return;
    wanted_ = status;
    end_after_ = end_after_ || last;
    MaybeWrite();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mutex_);
    writing_ = false;
    if (!ok) {
      // The client went away.
      finished_ = true;
      Finish(grpc::Status::OK);
      return;
    }
    MaybeWrite();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mutex_);
    if (finished_) return;
    finished_ = true;
    Finish(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    owner_->Forget(this);
    delete this;
  }

 private:
  void MaybeWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (writing_ || finished_) return;
    if (!sent_any_ || wanted_ != sent_) {
      response_.set_status(wanted_);
      sent_ = wanted_;
      sent_any_ = true;
      writing_ = true;
      StartWrite(&response_);
      return;
    }
    if (end_after_) {
      finished_ = true;
      Finish(grpc::Status::OK);
    }
  }

  HealthService* const owner_;
  absl::Mutex mutex_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mutex_);
  ServingStatus wanted_ ABSL_GUARDED_BY(mutex_) = HealthCheckResponse::UNKNOWN;
  ServingStatus sent_ ABSL_GUARDED_BY(mutex_) = HealthCheckResponse::UNKNOWN;
  bool sent_any_ ABSL_GUARDED_BY(mutex_) = false;
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool end_after_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

HealthService::~HealthService() {
  Shutdown();
  // gRPC deletes the watchers; wait until none refers to this object.
  // Bounded: the server that owns them is shut down before this.
  absl::MutexLock lock(&mutex_);
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (!watchers_.empty() && absl::Now() < give_up) {
    watchers_gone_.WaitWithTimeout(&mutex_, absl::Milliseconds(100));
  }
}

HealthService::ServingStatus HealthService::StatusOf(
    const std::string& service) const {
  auto it = statuses_.find(service);
  return it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN
                               : it->second;
}

void HealthService::NotifyAll() {
  for (const auto& [watcher, service] : watchers_) {
    watcher->Update(StatusOf(service), shutdown_);
  }
}

void HealthService::SetStatus(const std::string& service,
                              ServingStatus status) {
  absl::MutexLock lock(&mutex_);
  if (shutdown_) status = HealthCheckResponse::NOT_SERVING;
  statuses_[service] = status;
  NotifyAll();
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mutex_);
  shutdown_ = true;
  for (auto& [service, status] : statuses_) {
    status = HealthCheckResponse::NOT_SERVING;
  }
  NotifyAll();
}

int HealthService::watchers() const {
  absl::MutexLock lock(&mutex_);
  return static_cast<int>(watchers_.size());
}

void HealthService::Forget(Watcher* watcher) {
  absl::MutexLock lock(&mutex_);
  watchers_.erase(watcher);
  if (watchers_.empty()) watchers_gone_.SignalAll();
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

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* /*context*/,
    const HealthCheckRequest* request) {
  absl::MutexLock lock(&mutex_);
  if (static_cast<int>(watchers_.size()) >= max_watchers_) {
    return new Watcher(
        this, grpc::Status(
                  grpc::StatusCode::RESOURCE_EXHAUSTED,
                  absl::StrCat("同时进行的 Health/Watch 已达上限 (",
                               max_watchers_, ")，请改用 Health/Check 轮询")));
  }
  auto* watcher = new Watcher(this, StatusOf(request->service()), shutdown_);
  watchers_.emplace(watcher, request->service());
  return watcher;
}

}  // namespace sgs
