// The record lifecycle rules as pure functions: no RocksDB, no gRPC.
#include "ingest_service/domain/record_lifecycle.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/records.h"

namespace sgs::ingest {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// 2024-07-10 10:00 and later times, UTC+8.
absl::Time China(int day, int hour) {
  return absl::FromCivil(absl::CivilSecond(2024, 7, day, hour, 0, 0),
                         absl::FixedTimeZone(8 * 3600));
}

absl::Time ReceiptOf(const sgs::v1::Record& record) {
  return absl::FromUnixMicros(
      TimeUtil::TimestampToMicroseconds(record.receipt_time()));
}

RecordWrite Write(const sgs::v1::Record& record, absl::Time receipt,
                  bool historical = false) {
  return RecordWrite{record, receipt, historical};
}

sgs::v1::Record Licensing() {
  return sgs::testing::ValidLicensingRecord("YD001", "许可001", "2024-07-01");
}

TEST(PlanWriteTest, NewRecordIsVersionOneReceivedNow) {
  const WritePlan plan = PlanWrite(
      absl::nullopt, Write(Licensing(), China(10, 10)), China(10, 10));
  EXPECT_TRUE(plan.created);
  EXPECT_FALSE(plan.receipt_date_moved);
  EXPECT_EQ(plan.record.version(), 1);
  EXPECT_EQ(plan.record.name(), "units/YD001/records/xk/许可001");
  EXPECT_EQ(plan.record.receipt_date(), "2024-07-10");
  EXPECT_EQ(ReceiptOf(plan.record), China(10, 10));
  EXPECT_EQ(plan.audit.action, sgs::v1::RECORD_CREATE);
  EXPECT_EQ(plan.audit.target, plan.record.name());
  EXPECT_THAT(plan.audit.changed_fields, IsEmpty());
  EXPECT_THAT(plan.audit.detail, IsEmpty());
}

TEST(PlanWriteTest, CorrectionKeepsTheFirstReceiptAndNamesChangedFields) {
  const WritePlan first = PlanWrite(
      absl::nullopt, Write(Licensing(), China(10, 10)), China(10, 10));
  sgs::v1::Record corrected = Licensing();
  corrected.mutable_licensing()->set_content("食品经营许可（变更）");
  const WritePlan second =
      PlanWrite(first.record, Write(corrected, China(12, 9)), China(12, 9));
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.record.version(), 2);
  EXPECT_EQ(ReceiptOf(second.record), China(10, 10));
  EXPECT_EQ(second.record.receipt_date(), "2024-07-10");
  EXPECT_FALSE(second.receipt_date_moved);
  EXPECT_EQ(second.audit.action, sgs::v1::RECORD_CORRECT);
  EXPECT_THAT(second.audit.changed_fields, ElementsAre("licensing.content"));
}

TEST(PlanWriteTest, BackfillMovesTheReceiptEarlierButNeverLater) {
  const WritePlan live = PlanWrite(
      absl::nullopt, Write(Licensing(), China(10, 10)), China(10, 10));
  const WritePlan earlier = PlanWrite(
      live.record, Write(Licensing(), China(3, 8), true), China(11, 9));
  EXPECT_EQ(ReceiptOf(earlier.record), China(3, 8));
  EXPECT_TRUE(earlier.receipt_date_moved);
  EXPECT_EQ(earlier.audit.action, sgs::v1::RECORD_BACKFILL_CORRECT);
  EXPECT_THAT(earlier.audit.detail, HasSubstr("2024-07-03 08:00:00"));

  const WritePlan later = PlanWrite(
      earlier.record, Write(Licensing(), China(20, 8), true), China(21, 9));
  EXPECT_EQ(ReceiptOf(later.record), China(3, 8));
  EXPECT_FALSE(later.receipt_date_moved);
}

TEST(PlanWriteTest, BackfillOfANewRecordUsesTheHistoricalReceipt) {
  const WritePlan plan = PlanWrite(
      absl::nullopt, Write(Licensing(), China(2, 9), true), China(10, 9));
  EXPECT_EQ(plan.record.receipt_date(), "2024-07-02");
  EXPECT_EQ(plan.audit.action, sgs::v1::RECORD_BACKFILL_CREATE);
}

TEST(PlanWriteTest, SendingAWithdrawnRecordAgainReinstatesIt) {
  const WritePlan first = PlanWrite(
      absl::nullopt, Write(Licensing(), China(10, 10)), China(10, 10));
  AuditEvent audit;
  absl::StatusOr<sgs::v1::Record> withdrawn =
      PlanWithdraw(first.record, "重复报送", China(11, 10), &audit);
  ASSERT_TRUE(withdrawn.ok());
  const WritePlan again =
      PlanWrite(*withdrawn, Write(Licensing(), China(12, 10)), China(12, 10));
  EXPECT_FALSE(again.record.withdrawn());
  EXPECT_TRUE(again.record.withdraw_reason().empty());
  EXPECT_EQ(again.record.version(), 3);
}

TEST(PlanWithdrawTest, WithdrawsOnceWithTheReasonAudited) {
  const WritePlan first = PlanWrite(
      absl::nullopt, Write(Licensing(), China(10, 10)), China(10, 10));
  AuditEvent audit;
  absl::StatusOr<sgs::v1::Record> withdrawn =
      PlanWithdraw(first.record, "重复报送", China(11, 10), &audit);
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_TRUE(withdrawn->withdrawn());
  EXPECT_EQ(withdrawn->version(), 2);
  // Withdrawal does not move the receipt: timeliness was judged then.
  EXPECT_EQ(withdrawn->receipt_date(), first.record.receipt_date());
  EXPECT_EQ(audit.action, sgs::v1::RECORD_WITHDRAW);
  EXPECT_THAT(audit.changed_fields, ElementsAre("withdrawn"));
  EXPECT_EQ(audit.detail, "撤销原因: 重复报送");

  AuditEvent again;
  absl::StatusOr<sgs::v1::Record> twice =
      PlanWithdraw(*withdrawn, "再次", China(12, 10), &again);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ObjectionLifecycleTest, FiledPendingResolvedOnce) {
  sgs::v1::Objection filed;
  filed.set_unit_code("YD001");
  filed.set_record_name("units/YD001/records/xk/许可001");
  AuditEvent audit;
  sgs::v1::Objection objection = PlanNewObjection(filed, 5, &audit);
  EXPECT_EQ(objection.name(), "units/YD001/objections/5");
  EXPECT_EQ(objection.outcome(), sgs::v1::PENDING);
  EXPECT_EQ(audit.action, sgs::v1::OBJECTION_CREATE);
  EXPECT_EQ(audit.detail, "针对 units/YD001/records/xk/许可001");

  absl::StatusOr<sgs::v1::Objection> upheld = PlanResolveObjection(
      objection, sgs::v1::UPHELD, "情况属实", China(11, 9), &audit);
  ASSERT_TRUE(upheld.ok());
  EXPECT_EQ(upheld->outcome(), sgs::v1::UPHELD);
  EXPECT_EQ(audit.detail, "有效异议: 情况属实");
  EXPECT_THAT(audit.changed_fields, ElementsAre("outcome"));

  absl::StatusOr<sgs::v1::Objection> again = PlanResolveObjection(
      *upheld, sgs::v1::DISMISSED, "", China(12, 9), &audit);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);

  absl::StatusOr<sgs::v1::Objection> dismissed = PlanResolveObjection(
      objection, sgs::v1::DISMISSED, "", China(11, 9), &audit);
  ASSERT_TRUE(dismissed.ok());
  EXPECT_EQ(audit.detail, "无效异议");
}

TEST(FindingLifecycleTest, NamedAndAudited) {
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("YD001");
  finding.set_found_date("2024-07-05");
  finding.set_document_number("殷市监罚〔2024〕1号");
  AuditEvent audit;
  sgs::v1::SpotCheckFinding created =
      PlanNewFinding(finding, 9, China(10, 9), &audit);
  EXPECT_EQ(created.name(), "units/YD001/spotCheckFindings/9");
  EXPECT_EQ(audit.action, sgs::v1::FINDING_CREATE);
  EXPECT_EQ(audit.detail, "发现日期 2024-07-05 文书号 殷市监罚〔2024〕1号");
}

TEST(RejectionLifecycleTest, ResolvedByTheAcceptedVersion) {
  sgs::v1::RejectedSubmission open;
  open.set_name("units/YD001/rejectedSubmissions/1-1");
  open.set_channel("SubmitRecord");
  open.add_violations()->set_field("subject.credit_code");
  sgs::v1::Record accepted = sgs::testing::ValidLicensingRecord(
      "YD001", "殷市监许〔2024〕1号", "2024-07-05");
  accepted.set_name("units/YD001/records/xk/殷市监许〔2024〕1号");
  accepted.set_version(3);
  const sgs::v1::RejectedSubmission resolved =
      PlanResolveRejection(open, accepted, China(10, 9));
  EXPECT_TRUE(resolved.resolved());
  EXPECT_EQ(resolved.resolved_record(), accepted.name());
  EXPECT_EQ(resolved.resolved_version(), 3);
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(resolved.resolve_time()),
            absl::ToUnixMicros(China(10, 9)));
  // What was refused, and why, stays.
  EXPECT_EQ(resolved.name(), open.name());
  EXPECT_EQ(resolved.channel(), "SubmitRecord");
  EXPECT_EQ(resolved.violations_size(), 1);
}

TEST(RejectionNameTest, UnitTimeAndSequence) {
  EXPECT_EQ(RejectionName("YD001", 1720000000000000, 3),
            "units/YD001/rejectedSubmissions/1720000000000000-3");
}

}  // namespace
}  // namespace sgs::ingest
