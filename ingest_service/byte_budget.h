// ByteBudget: a process-wide budget of bytes that streams may hold in
// memory at once (records read but not yet written, rejections not yet
// queued). Each UploadRecords / BackfillRecords stream reserves what it
// buffers and releases it when its chunk is written, so the sum over all
// streams stays under --max_buffered_bytes whatever the callers send.
// Thread-safe.
#ifndef SGS_INGEST_SERVICE_BYTE_BUDGET_H_
#define SGS_INGEST_SERVICE_BYTE_BUDGET_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace sgs::ingest {

class ByteBudget {
 public:
  explicit ByteBudget(int64_t capacity) : capacity_(capacity) {}
  ByteBudget(const ByteBudget&) = delete;
  ByteBudget& operator=(const ByteBudget&) = delete;

  // Takes `bytes` if they fit; false (nothing taken) otherwise.
  bool TryReserve(int64_t bytes) ABSL_LOCKS_EXCLUDED(mutex_);
  // Gives back bytes taken by TryReserve.
  void Release(int64_t bytes) ABSL_LOCKS_EXCLUDED(mutex_);

  int64_t capacity() const { return capacity_; }
  int64_t used() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  const int64_t capacity_;
  mutable absl::Mutex mutex_;
  int64_t used_ ABSL_GUARDED_BY(mutex_) = 0;
};

// The part of a ByteBudget one stream holds; given back when destroyed.
class BudgetHold {
 public:
  explicit BudgetHold(ByteBudget* budget) : budget_(budget) {}
  BudgetHold(const BudgetHold&) = delete;
  BudgetHold& operator=(const BudgetHold&) = delete;
  ~BudgetHold() { ReleaseAll(); }

  bool TryAdd(int64_t bytes);
  void ReleaseAll();
  // Hands everything held to `other` (a hold on the same budget), e.g. from
  // the chunk being filled to the chunk being written (chunk_committer.h).
  void MoveTo(BudgetHold* other);
  int64_t held() const { return held_; }

 private:
  ByteBudget* const budget_;
  int64_t held_ = 0;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_BYTE_BUDGET_H_
