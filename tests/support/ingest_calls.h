// Calls on a test ingest server that tests of both services make the same
// way: the date some days ago in China, a back-fill entry received some
// days after its decision, one BackfillRecords stream, a unit's records
// page after page, a message with
// invalid UTF-8 and a client stream of such raw bytes, and the BadRequest
// detail of an error. Uses gtest (BadRequestOf fails the calling test when an
// error carries no details); links with sgs_test_support.
#ifndef SGS_TESTS_SUPPORT_INGEST_CALLS_H_
#define SGS_TESTS_SUPPORT_INGEST_CALLS_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::testing {

// The date `days` before today in China (UTC+8), YYYY-MM-DD, so generated
// decision dates are never in the future.
std::string DaysAgo(int days);

// 01:00 China time, `days` days after `decision`: a receipt time for a
// back-filled record (0 to 5 working days is on time, more is late).
absl::Time ReceivedAfter(absl::CivilDay decision, int days);

// A single-record BackfillRecords message: `record` received at `receipt`.
sgs::v1::BackfillRecordsRequest BackfillEntry(const sgs::v1::Record& record,
                                              absl::Time receipt);

// Sends `messages` on one BackfillRecords stream (stopping at the first
// message the stream refuses) and returns how the stream ended; the
// server's answer is in `summary`.
grpc::Status Backfill(
    sgs::v1::IngestService::Stub* stub,
    const std::vector<sgs::v1::BackfillRecordsRequest>& messages,
    sgs::v1::UploadSummary* summary,
    absl::Duration deadline = absl::Seconds(60));

// `message` serialized, with the bytes of `marker` (a string field's
// value, ASCII, at least 3 bytes) replaced by invalid UTF-8 of the same
// length: a message gRPC's own parser refuses.
std::string SerializedWithInvalidUtf8(const google::protobuf::Message& message,
                                      const std::string& marker);

// Every record of `unit` through ListRecords, page after page (page_size
// 0: the server's default), in the order listed; the number of pages in
// `*pages` when not null. A page that fails fails the calling test and
// ends the listing.
std::vector<sgs::v1::Record> ListAllRecords(sgs::v1::IngestService::Stub* stub,
                                            const std::string& unit,
                                            int page_size = 0,
                                            int* pages = nullptr);

// Sends each of `messages`, as bytes (which need not be a valid message),
// on the client-streaming `method` (e.g. "/sgs.v1.IngestService/
// UploadRecords") of the server at `address`, and parses the
// UploadSummary it answers into `summary`. A message the stream refuses or
// an answer that does not parse is an INTERNAL status that says so.
grpc::Status StreamRawMessages(const std::string& address,
                               const std::string& method,
                               const std::vector<std::string>& messages,
                               sgs::v1::UploadSummary* summary);

// The BadRequest detail of an error status (field violations); fails the
// calling test when the status carries no google.rpc.Status details.
google::rpc::BadRequest BadRequestOf(const grpc::Status& status);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_INGEST_CALLS_H_
