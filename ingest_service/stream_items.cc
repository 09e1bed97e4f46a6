#include "ingest_service/stream_items.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/field_error.h"
#include "common/wire/request_parsing.h"

namespace sgs::ingest {
namespace {

// Splits "records[3].record.subject.name" into 3 and
// "record.subject.name"; false for a path outside `records`.
bool SplitBatchPath(absl::string_view path, int* entry,
                    absl::string_view* rest) {
  if (!absl::ConsumePrefix(&path, "records[")) return false;
  const size_t close = path.find("].");
  if (close == absl::string_view::npos) return false;
  if (!absl::SimpleAtoi(path.substr(0, close), entry)) return false;
  *rest = path.substr(close + 2);
  return true;
}

}  // namespace

std::vector<StreamItem> StreamItemsOf(
    const sgs::v1::UploadRecordsRequest& request) {
  std::vector<StreamItem> items(1);
  items[0].record = &request.record();
  items[0].invalid_utf8_fields = wire::InvalidUtf8Fields(request);
  return items;
}

absl::StatusOr<std::vector<StreamItem>> StreamItemsOf(
    const sgs::v1::BackfillRecordsRequest& request, int max_batch_records) {
  std::vector<std::string> invalid = wire::InvalidUtf8Fields(request);
  if (request.records_size() == 0) {
    std::vector<StreamItem> items(1);
    items[0].record = &request.record();
    items[0].receipt_time =
        request.has_receipt_time() ? &request.receipt_time() : nullptr;
    items[0].invalid_utf8_fields = std::move(invalid);
    return items;
  }
  if (request.has_record() || request.has_receipt_time()) {
    return FieldError("records", "mixed_forms",
                      "一条消息只能使用 record/receipt_time（单条）或 "
                      "records（批量）之一，不能同时使用");
  }
  if (request.records_size() > max_batch_records) {
    return FieldError("records", "too_many",
                      absl::StrCat("一条回填消息最多 ", max_batch_records,
                                   " 条记录 (--max_backfill_batch)，收到 ",
                                   request.records_size(), " 条"));
  }
  std::vector<StreamItem> items(static_cast<size_t>(request.records_size()));
  for (int i = 0; i < request.records_size(); ++i) {
    const sgs::v1::HistoricalRecord& entry = request.records(i);
    items[i].record = &entry.record();
    items[i].receipt_time =
        entry.has_receipt_time() ? &entry.receipt_time() : nullptr;
  }
  for (const std::string& path : invalid) {
    int entry = 0;
    absl::string_view rest;
    if (SplitBatchPath(path, &entry, &rest) && entry >= 0 &&
        entry < request.records_size()) {
      items[entry].invalid_utf8_fields.emplace_back(rest);
    } else {
      // Outside any entry (cannot happen for a parsed batch): every record
      // of the message is refused rather than stored unchecked.
      for (StreamItem& item : items) item.invalid_utf8_fields.push_back(path);
    }
  }
  return items;
}

}  // namespace sgs::ingest
