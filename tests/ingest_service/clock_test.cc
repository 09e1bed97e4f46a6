// The ingest server reads the time from an injected clock: receipt times
// and update times come from it, so tests move time instead of sleeping.
#include <atomic>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace sgs {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::sgs::testing::TempDir;
using ::sgs::testing::TestIngestServer;
using ::sgs::testing::ValidLicensingRecord;

absl::Time China(int day, int hour) {
  return absl::FromCivil(absl::CivilSecond(2024, 7, day, hour, 0, 0),
                         absl::FixedTimeZone(8 * 3600));
}

int64_t Seconds(const google::protobuf::Timestamp& t) {
  return TimeUtil::TimestampToSeconds(t);
}

TEST(IngestClockTest, ReceiptAndUpdateTimesComeFromTheServerClock) {
  // Seconds since the Unix epoch, moved by the test.
  static std::atomic<int64_t> now_seconds{0};
  now_seconds = absl::ToUnixSeconds(China(10, 10));
  ingest::IngestServerOptions options;
  options.clock = [] { return absl::FromUnixSeconds(now_seconds.load()); };
  TempDir dir;
  TestIngestServer server(dir.path(), options);
  auto stub = server.NewStub();

  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() =
      ValidLicensingRecord("yd-fgw", "殷发改许〔2024〕9号", "2024-07-08");
  sgs::v1::SubmitRecordResponse first;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->SubmitRecord(&context, request, &first).ok());
  }
  EXPECT_EQ(Seconds(first.record().receipt_time()),
            absl::ToUnixSeconds(China(10, 10)));
  EXPECT_EQ(first.record().receipt_date(), "2024-07-10");

  // Two days later, a correction: the first receipt stays, the update
  // time moves.
  now_seconds = absl::ToUnixSeconds(China(12, 9));
  request.mutable_record()->mutable_licensing()->set_content("更正");
  sgs::v1::SubmitRecordResponse second;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->SubmitRecord(&context, request, &second).ok());
  }
  EXPECT_EQ(Seconds(second.record().receipt_time()),
            absl::ToUnixSeconds(China(10, 10)));
  EXPECT_EQ(Seconds(second.record().update_time()),
            absl::ToUnixSeconds(China(12, 9)));

  // A decision dated after the clock's today is in the future.
  *request.mutable_record() =
      ValidLicensingRecord("yd-fgw", "殷发改许〔2024〕10号", "2024-07-13");
  sgs::v1::SubmitRecordResponse refused;
  grpc::ClientContext context;
  EXPECT_EQ(stub->SubmitRecord(&context, request, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace sgs
