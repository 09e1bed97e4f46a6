// Validation of a 双公示 record (sgs.v1.Record) against the national data
// standard's rules (required fields per kind, subject class rules, check
// digits, date format and order, amounts, penalty categories). Every
// violation is reported, not only the first, as google.rpc.BadRequest field
// violations: `field` is the proto path ("subject.credit_code",
// "penalty.categories[1]"), and `description` starts with a stable rule id,
// then ": ", then a Chinese message naming the standard's field, e.g.
// "required: 行政相对人名称 (XK_XDR_MC) 不能为空". Clients may match on the
// rule id; the message is for people.
//
// Output-only fields (name, receipt_time, version, ...) are not looked at:
// callers clear them before validating.
#ifndef SGS_INGEST_SERVICE_VALIDATOR_H_
#define SGS_INGEST_SERVICE_VALIDATOR_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "common/registry.h"
#include "google/rpc/error_details.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

// Stable rule ids, the prefix of each violation's description.
namespace rules {
inline constexpr char kRequired[] = "required";
inline constexpr char kMustBeEmpty[] = "must_be_empty";
inline constexpr char kUnknownUnit[] = "unknown_unit";
inline constexpr char kInvalidUtf8[] = "invalid_utf8";
inline constexpr char kTooLong[] = "too_long";
inline constexpr char kDateFormat[] = "date_format";
inline constexpr char kDateInFuture[] = "date_in_future";
inline constexpr char kDateAfterReceipt[] = "date_after_receipt";
inline constexpr char kDateOrder[] = "date_order";
inline constexpr char kEnumUnspecified[] = "enum_unspecified";
inline constexpr char kCheckDigit[] = "check_digit";
inline constexpr char kIdNumberFormat[] = "id_number_format";
inline constexpr char kAmountFormat[] = "amount_format";
inline constexpr char kAmountNotPositive[] = "amount_not_positive";
inline constexpr char kDuplicateValue[] = "duplicate_value";
inline constexpr char kTooMany[] = "too_many";
inline constexpr char kAmountTooLarge[] = "amount_too_large";
inline constexpr char kInvisibleCharacter[] = "invisible_character";
// The last entry when more than kMaxViolationsPerRecord were found.
inline constexpr char kMoreViolations[] = "more_violations";
}  // namespace rules

// At most this many violations are reported per record (and kept in the
// rejected queue); when there are more, one more entry (field "record",
// rule more_violations) says "…及其他 K 项". Small enough that the error
// details of one record fit a default client's 8 KiB metadata limit.
inline constexpr int kMaxViolationsPerRecord = 10;

// Size limits, in characters (UTF-8 code points).
struct ValidationLimits {
  // Free text: 许可内容, 违法事实, 处罚依据, 备注 ...
  int max_text_length = 2000;
  // Names: 行政相对人名称, 法定代表人, 机关 and 单位 names, 文书名称 ...
  int max_name_length = 200;
  // 文书号, 许可编号 and identifier codes (证件号码, 工商注册号 ...).
  int max_document_number_length = 128;
  // 处罚类别 entries (the law lists 14).
  int max_penalty_categories = 14;
  // Largest amount (罚款金额, 没收金额), in 万元: 10^8 万元 is 1 万亿元,
  // far above any fine ever imposed (--max_amount_wan).
  int64_t max_amount_wan = 100'000'000;
};

struct ValidationContext {
  // Known reporting units. When null, unit_code is only checked for
  // presence (for callers that have no registry, such as offline tools).
  const sgs::UnitRegistry* registry = nullptr;
  // The current time: no decision may be dated after today (UTC+8). Both
  // times must be set; left at their default (the Unix epoch) every
  // decision is in the future, so a forgetful caller fails closed.
  absl::Time now;
  // When the record is considered received: `now` for live submissions,
  // the historical time for back-fills. No decision may be dated after the
  // receipt date (UTC+8).
  absl::Time receipt_time;
  ValidationLimits limits;
};

// Every violation of `record`; empty when the record is valid.
std::vector<google::rpc::BadRequest::FieldViolation> ValidateRecord(
    const sgs::v1::Record& record, const ValidationContext& ctx);

// 瞒报风险: a non-public disclosure scope (政务共享 or 授权查询) with no stated
// legal basis. Such a record is accepted but flagged (docs/domain.md §3.1).
bool IsConcealmentRisk(const sgs::v1::Record& record);
// Why `record` is a concealment risk, in Chinese, naming the fields to fix;
// "" when it is not one.
std::string ConcealmentRiskReason(const sgs::v1::Record& record);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_VALIDATOR_H_
