#include "ingest_service/chunk_committer.h"

#include <utility>

namespace sgs::ingest {

ChunkCommitter::~ChunkCommitter() {
  if (!thread_.joinable()) return;
  {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](bool* busy) { return !*busy; }, &busy_));
    stopping_ = true;
  }
  thread_.join();
}

void ChunkCommitter::Start(std::function<absl::Status()> job) {
  {
    absl::MutexLock lock(&mutex_);
    job_ = std::move(job);
    busy_ = true;
    result_ = absl::OkStatus();
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void ChunkCommitter::RunHere(const std::function<absl::Status()>& job) {
  absl::Status status = job();
  absl::MutexLock lock(&mutex_);
  result_ = std::move(status);
}

absl::Status ChunkCommitter::Wait() {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(
      +[](bool* busy) { return !*busy; }, &busy_));
  return result_;
}

void ChunkCommitter::Run() {
  while (true) {
    std::function<absl::Status()> job;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](ChunkCommitter* self) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return self->stopping_ || self->job_ != nullptr;
          },
          this));
      if (job_ == nullptr) return;  // stopping, nothing left to run
      job = std::move(job_);
      job_ = nullptr;
    }
    absl::Status status = job();
    absl::MutexLock lock(&mutex_);
    result_ = std::move(status);
    busy_ = false;
  }
}

}  // namespace sgs::ingest
