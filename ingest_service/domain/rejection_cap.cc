#include "ingest_service/domain/rejection_cap.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/logging.h"

namespace sgs::ingest {

absl::Status DropOverQueueCap(
    int64_t cap, const RecordStore& store,
    std::vector<sgs::v1::RejectedSubmission>* rejections) {
  if (rejections->empty()) return absl::OkStatus();
  // Room left per unit, counted once per call.
  std::map<std::string, int64_t> room;
  std::map<std::string, int64_t> dropped;
  std::vector<sgs::v1::RejectedSubmission> kept;
  kept.reserve(rejections->size());
  for (sgs::v1::RejectedSubmission& rejection : *rejections) {
    auto it = room.find(rejection.unit_code());
    if (it == room.end()) {
      absl::StatusOr<int64_t> open =
          store.CountOpenRejections(rejection.unit_code());
      if (!open.ok()) return open.status();
      it = room.emplace(rejection.unit_code(), cap - *open).first;
    }
    if (it->second <= 0) {
      ++dropped[rejection.unit_code()];
      continue;
    }
    --it->second;
    kept.push_back(std::move(rejection));
  }
  for (const auto& [unit, count] : dropped) {
    LogEvent(LogLevel::kWarning, "ingest_service", "rejected_queue_full",
             LogFields()
                 .Add("unit", unit)
                 .Add("not_queued", count)
                 .Add("message",
                      absl::StrCat("单位 ", unit, " 的退回队列已有 ", cap,
                                   " 条待更正 (--max_open_rejections_per_unit)"
                                   "，本次 ",
                                   count, " 条退回未入队（已告知报送方）")));
  }
  *rejections = std::move(kept);
  return absl::OkStatus();
}

}  // namespace sgs::ingest
