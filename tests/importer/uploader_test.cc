// The importer's records per stream (uploader.h): what --chunk_size gives.
#include "importer/uploader.h"

#include "gtest/gtest.h"

namespace sgs::importer {
namespace {

TEST(UploaderTest, StreamRecordsDefaultsByChannel) {
  EXPECT_EQ(StreamRecords(0, /*backfill=*/false), kUploadStreamRecords);
  EXPECT_EQ(StreamRecords(0, /*backfill=*/true), kBackfillStreamRecords);
  EXPECT_GT(kBackfillStreamRecords, kUploadStreamRecords);
  // An explicit size wins either way.
  EXPECT_EQ(StreamRecords(7, /*backfill=*/true), 7);
  EXPECT_EQ(StreamRecords(7, /*backfill=*/false), 7);
}

}  // namespace
}  // namespace sgs::importer
