#include "tests/support/ingest_calls.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"

namespace sgs::testing {

std::string DaysAgo(int days) {
  return FormatDate(ChinaDate(absl::Now()) - days);
}

absl::Time ReceivedAfter(absl::CivilDay decision, int days) {
  return absl::FromCivil(absl::CivilSecond(decision + days) + 3600,
                         ChinaStandardTime());
}

sgs::v1::BackfillRecordsRequest BackfillEntry(const sgs::v1::Record& record,
                                              absl::Time receipt) {
  sgs::v1::BackfillRecordsRequest request;
  *request.mutable_record() = record;
  *request.mutable_receipt_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(receipt));
  return request;
}

grpc::Status Backfill(
    sgs::v1::IngestService::Stub* stub,
    const std::vector<sgs::v1::BackfillRecordsRequest>& messages,
    sgs::v1::UploadSummary* summary, absl::Duration deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  auto writer = stub->BackfillRecords(&context, summary);
  for (const auto& message : messages) {
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

std::vector<sgs::v1::Record> ListAllRecords(sgs::v1::IngestService::Stub* stub,
                                            const std::string& unit,
                                            int page_size, int* pages) {
  std::vector<sgs::v1::Record> records;
  std::string token;
  int page_count = 0;
  do {
    grpc::ClientContext context;
    sgs::v1::ListRecordsRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    request.set_page_size(page_size);
    request.set_page_token(token);
    sgs::v1::ListRecordsResponse response;
    const grpc::Status status = stub->ListRecords(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    records.insert(records.end(), response.records().begin(),
                   response.records().end());
    token = response.next_page_token();
    ++page_count;
  } while (!token.empty());
  if (pages != nullptr) *pages = page_count;
  return records;
}

std::string SerializedWithInvalidUtf8(const google::protobuf::Message& message,
                                      const std::string& marker) {
  const std::string broken = std::string("\xFF\xFE") + marker.substr(2);
  return absl::StrReplaceAll(message.SerializeAsString(), {{marker, broken}});
}

grpc::Status StreamRawMessages(const std::string& address,
                               const std::string& method,
                               const std::vector<std::string>& messages,
                               sgs::v1::UploadSummary* summary) {
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  grpc::ByteBuffer summary_bytes;
  std::unique_ptr<grpc::ClientWriter<grpc::ByteBuffer>> writer(
      grpc::internal::ClientWriterFactory<grpc::ByteBuffer>::Create(
          channel.get(),
          grpc::internal::RpcMethod(
              method.c_str(), grpc::internal::RpcMethod::CLIENT_STREAMING),
          &context, &summary_bytes));
  for (size_t i = 0; i < messages.size(); ++i) {
    grpc::Slice slice(messages[i]);
    if (!writer->Write(grpc::ByteBuffer(&slice, 1))) {
      const grpc::Status finished = writer->Finish();
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          absl::StrCat("message ", i, " was not written: ",
                                       finished.error_message()));
    }
  }
  writer->WritesDone();
  const grpc::Status finished = writer->Finish();
  if (!finished.ok()) return finished;
  std::vector<grpc::Slice> slices;
  if (!summary_bytes.Dump(&slices).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "answer not readable");
  }
  std::string summary_wire;
  for (const auto& s : slices) {
    summary_wire.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!summary->ParseFromString(summary_wire)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "answer is not an UploadSummary");
  }
  return grpc::Status::OK;
}

google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  EXPECT_TRUE(details.ParseFromString(status.error_details()))
      << status.error_message();
  if (details.details_size() > 0) {
    EXPECT_TRUE(details.details(0).UnpackTo(&bad_request));
  }
  return bad_request;
}

}  // namespace sgs::testing
