// ChunkCommitter: runs a stream's writes on a second thread, one at a time
// and in the order they were started, so the stream's own thread can read
// and validate the next chunk while the previous one is committed (the
// memtable inserts and the fsync of RecordStore::WriteRecords). A job's
// result is only seen through Wait(): the stream counts a chunk in its
// summary after Wait() said its commit succeeded, and waits for the last
// one before it answers, so nothing is acknowledged before it is durable.
//
// Not thread-safe itself: one stream's thread calls Start and Wait. Start
// needs the previous job finished (Wait first). The destructor waits for
// the job in flight, so whatever a job refers to must outlive the
// committer (declare the committer after it).
#ifndef SGS_INGEST_SERVICE_CHUNK_COMMITTER_H_
#define SGS_INGEST_SERVICE_CHUNK_COMMITTER_H_

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace sgs::ingest {

class ChunkCommitter {
 public:
  ChunkCommitter() = default;
  ChunkCommitter(const ChunkCommitter&) = delete;
  ChunkCommitter& operator=(const ChunkCommitter&) = delete;
  ~ChunkCommitter();

  // Runs `job` on the committer's thread (started on first use). The
  // previous job must have been waited for.
  void Start(std::function<absl::Status()> job) ABSL_LOCKS_EXCLUDED(mutex_);
  // Runs `job` on the caller's thread instead (when the caller would only
  // wait for it): same contract, Wait() returns its status. No second
  // thread is started for a stream that never overlaps its writes.
  void RunHere(const std::function<absl::Status()>& job)
      ABSL_LOCKS_EXCLUDED(mutex_);
  // Waits for the job in flight, if any: its status (OK when there was
  // none).
  absl::Status Wait() ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void Run() ABSL_LOCKS_EXCLUDED(mutex_);

  absl::Mutex mutex_;
  std::function<absl::Status()> job_ ABSL_GUARDED_BY(mutex_);
  bool busy_ ABSL_GUARDED_BY(mutex_) = false;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Status result_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_CHUNK_COMMITTER_H_
