// DiscardUnknownFieldsDeep (common/wire/unknown_fields.h): unknown fields go
// at every depth (singular, oneof and repeated message fields), known data
// stays, and the result is what protobuf's own DiscardUnknownFields gives.
#include "common/wire/unknown_fields.h"

#include <string>

#include "google/protobuf/unknown_field_set.h"
#include "gtest/gtest.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::wire {
namespace {

void AddUnknown(google::protobuf::Message* message, int number) {
  message->GetReflection()->MutableUnknownFields(message)->AddLengthDelimited(
      number, "junk");
}

bool NoUnknown(const google::protobuf::Message& message) {
  return message.GetReflection()->GetUnknownFields(message).empty();
}

sgs::v1::BackfillRecordsRequest WithUnknownFieldsEverywhere() {
  sgs::v1::BackfillRecordsRequest request;
  AddUnknown(&request, 999);
  for (int i = 0; i < 3; ++i) {
    sgs::v1::HistoricalRecord* entry = request.add_records();
    entry->mutable_record()->set_unit_code("yd-jyj");
    entry->mutable_record()->mutable_subject()->set_name("某公司");
    entry->mutable_record()->mutable_licensing()->set_document_number(
        "许-" + std::to_string(i));
    entry->mutable_receipt_time()->set_seconds(1700000000 + i);
    AddUnknown(entry, 998);
    AddUnknown(entry->mutable_record(), 997);
    AddUnknown(entry->mutable_record()->mutable_subject(), 996);
    AddUnknown(entry->mutable_record()->mutable_licensing(), 995);
    AddUnknown(entry->mutable_receipt_time(), 994);
  }
  return request;
}

TEST(UnknownFieldsTest, DiscardsAtEveryDepthAndKeepsKnownData) {
  sgs::v1::BackfillRecordsRequest deep = WithUnknownFieldsEverywhere();
  sgs::v1::BackfillRecordsRequest reference = deep;
  reference.DiscardUnknownFields();
  ASSERT_NE(deep.SerializeAsString(), reference.SerializeAsString());

  DiscardUnknownFieldsDeep(&deep);
  EXPECT_EQ(deep.SerializeAsString(), reference.SerializeAsString());
  EXPECT_TRUE(NoUnknown(deep));
  ASSERT_EQ(deep.records_size(), 3);
  for (const sgs::v1::HistoricalRecord& entry : deep.records()) {
    EXPECT_TRUE(NoUnknown(entry));
    EXPECT_TRUE(NoUnknown(entry.record()));
    EXPECT_TRUE(NoUnknown(entry.record().subject()));
    EXPECT_TRUE(NoUnknown(entry.record().licensing()));
    EXPECT_TRUE(NoUnknown(entry.receipt_time()));
  }
  EXPECT_EQ(deep.records(2).record().licensing().document_number(), "许-2");
  EXPECT_EQ(deep.records(1).receipt_time().seconds(), 1700000001);
}

TEST(UnknownFieldsTest, AMessageWithoutUnknownFieldsIsUnchanged) {
  sgs::v1::BackfillRecordsRequest request;
  request.mutable_record()->set_unit_code("yd-jyj");
  const std::string before = request.SerializeAsString();
  DiscardUnknownFieldsDeep(&request);
  EXPECT_EQ(request.SerializeAsString(), before);
}

}  // namespace
}  // namespace sgs::wire
