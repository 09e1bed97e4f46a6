#include "ingest_service/byte_budget.h"

namespace sgs::ingest {

bool ByteBudget::TryReserve(int64_t bytes) {
  absl::MutexLock lock(&mutex_);
  if (used_ + bytes > capacity_) return false;
  used_ += bytes;
  return true;
}

void ByteBudget::Release(int64_t bytes) {
  absl::MutexLock lock(&mutex_);
  used_ -= bytes;
}

int64_t ByteBudget::used() const {
  absl::MutexLock lock(&mutex_);
  return used_;
}

bool BudgetHold::TryAdd(int64_t bytes) {
  if (!budget_->TryReserve(bytes)) return false;
  held_ += bytes;
  return true;
}

void BudgetHold::ReleaseAll() {
  if (held_ == 0) return;
  budget_->Release(held_);
  held_ = 0;
}

void BudgetHold::MoveTo(BudgetHold* other) {
  other->held_ += held_;
  held_ = 0;
}

}  // namespace sgs::ingest
