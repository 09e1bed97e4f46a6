// StreamAdmission: who may hold an UploadRecords / BackfillRecords stream,
// and for how long. A stream needs a slot: at most `max_total` in all and
// `max_per_caller` for one caller (a token's principal name, or the peer
// address without a token), so one unit cannot take every slot. A stream
// that sends no message for `idle_timeout` is cancelled by a watchdog
// thread (the client sees CANCELLED) and its slot freed: idle streams do
// not hold the limit for as long as they like. Thread-safe.
#ifndef SGS_INGEST_SERVICE_STREAM_ADMISSION_H_
#define SGS_INGEST_SERVICE_STREAM_ADMISSION_H_

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"

namespace sgs::ingest {

struct StreamAdmissionLimits {
  int max_total = 8;
  int max_per_caller = 2;
  absl::Duration idle_timeout = absl::Seconds(60);
};

class StreamAdmission {
 public:
  // A held slot; freed when destroyed.
  class Slot {
   public:
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    // A message arrived: the idle clock starts again.
    void Touch();
    // True once the watchdog cancelled the stream for inactivity.
    bool timed_out() const;

   private:
    friend class StreamAdmission;
    Slot(StreamAdmission* owner, std::string caller,
         grpc::ServerContext* context)
        : owner_(owner), caller_(std::move(caller)), context_(context) {}
    StreamAdmission* const owner_;
    const std::string caller_;
    grpc::ServerContext* const context_;
  };

  explicit StreamAdmission(StreamAdmissionLimits limits);
  ~StreamAdmission();

  // A slot for `caller`'s stream, or RESOURCE_EXHAUSTED naming the limit
  // (--max_concurrent_streams or --max_streams_per_caller).
  absl::StatusOr<std::unique_ptr<Slot>> Admit(const std::string& caller,
                                              grpc::ServerContext* context)
      ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Entry {
    absl::Time last_activity;
    bool timed_out = false;
  };
  void Release(Slot* slot) ABSL_LOCKS_EXCLUDED(mutex_);
  void WatchLoop() ABSL_LOCKS_EXCLUDED(mutex_);

  const StreamAdmissionLimits limits_;
  mutable absl::Mutex mutex_;
  std::map<Slot*, Entry> open_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, int> per_caller_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread watchdog_;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_STREAM_ADMISSION_H_
