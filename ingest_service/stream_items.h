// Stream items: the records one UploadRecords / BackfillRecords message
// carries. A message holds one record, or (BackfillRecordsRequest.records,
// the batched form) up to a limit of them; each item is handled exactly as
// if it had come in a message of its own, so its invalid-UTF-8 marks
// (common/wire/request_parsing.h) are given per item with the paths of the
// single-record form ("record.subject.name").
//
// The items point into the message: it must outlive them. No gRPC status
// here: a message that breaks the batch rules is an absl::Status naming the
// field and the limit.
#ifndef SGS_INGEST_SERVICE_STREAM_ITEMS_H_
#define SGS_INGEST_SERVICE_STREAM_ITEMS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

struct StreamItem {
  const sgs::v1::Record* record = nullptr;
  // Null when the message has none (always for UploadRecords).
  const google::protobuf::Timestamp* receipt_time = nullptr;
  // Paths of the fields whose bytes were not valid UTF-8.
  std::vector<std::string> invalid_utf8_fields;
};

// One item: the message's record.
std::vector<StreamItem> StreamItemsOf(
    const sgs::v1::UploadRecordsRequest& request);

// The single record, or each entry of `records` in order.
// kInvalidArgument (field "records") when the message sets both forms or
// holds more than `max_batch_records` entries.
absl::StatusOr<std::vector<StreamItem>> StreamItemsOf(
    const sgs::v1::BackfillRecordsRequest& request, int max_batch_records);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_STREAM_ITEMS_H_
