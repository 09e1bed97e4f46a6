#include "ingest_service/stream_admission.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging.h"

namespace sgs::ingest {

StreamAdmission::StreamAdmission(StreamAdmissionLimits limits)
    : limits_(limits), watchdog_([this] { WatchLoop(); }) {}

StreamAdmission::~StreamAdmission() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  watchdog_.join();
}

absl::StatusOr<std::unique_ptr<StreamAdmission::Slot>> StreamAdmission::Admit(
    const std::string& caller, grpc::ServerContext* context) {
  absl::MutexLock lock(&mutex_);
  if (static_cast<int>(open_.size()) >= limits_.max_total) {
    return absl::ResourceExhaustedError(
        absl::StrCat("同时进行的流式上传已达上限 --max_concurrent_streams=",
                     limits_.max_total, "，请稍后重试"));
  }
  int& mine = per_caller_[caller];
  if (mine >= limits_.max_per_caller) {
    return absl::ResourceExhaustedError(
        absl::StrCat("调用方 ", caller,
                     " 同时进行的流式上传已达上限 --max_streams_per_caller=",
                     limits_.max_per_caller, "，请等本方其他上传结束后重试"));
  }
  ++mine;
  std::unique_ptr<Slot> slot(new Slot(this, caller, context));
  open_[slot.get()] = Entry{absl::Now(), false};
  return slot;
}

void StreamAdmission::Release(Slot* slot) {
  absl::MutexLock lock(&mutex_);
  open_.erase(slot);
  auto it = per_caller_.find(slot->caller_);
  if (it != per_caller_.end() && --it->second <= 0) per_caller_.erase(it);
}

StreamAdmission::Slot::~Slot() { owner_->Release(this); }

void StreamAdmission::Slot::Touch() {
  absl::MutexLock lock(&owner_->mutex_);
  owner_->open_[this].last_activity = absl::Now();
}

bool StreamAdmission::Slot::timed_out() const {
  absl::MutexLock lock(&owner_->mutex_);
  auto it = owner_->open_.find(const_cast<Slot*>(this));
  return it != owner_->open_.end() && it->second.timed_out;
}

void StreamAdmission::WatchLoop() {
  // Checks a few times per timeout, at least once a second.
  const absl::Duration period =
      std::min(absl::Seconds(1), limits_.idle_timeout / 4);
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), period);
    if (stopping_) break;
    const absl::Time now = absl::Now();
    for (auto& [slot, entry] : open_) {
      if (entry.timed_out || now - entry.last_activity < limits_.idle_timeout) {
        continue;
      }
      entry.timed_out = true;
      // Unblocks the handler's Read; the slot is freed when it returns.
      slot->context_->TryCancel();
      LogEvent(
          LogLevel::kWarning, "ingest_service", "stream_idle_timeout",
          LogFields()
              .Add("caller", slot->caller_)
              .Add("message",
                   absl::StrCat("流式上传 ",
                                absl::ToInt64Seconds(limits_.idle_timeout),
                                " 秒未收到消息 "
                                "(--stream_idle_timeout_seconds)，已取消")));
    }
  }
}

}  // namespace sgs::ingest
