// libFuzzer target: record validation (ingest_service/validator.h).
//
// Every input is used twice:
//   1. as a serialized sgs.v1.Record (what a client puts on the wire),
//      parsed with ParseFromArray and validated when it parses;
//   2. as a FuzzedDataProvider script that starts from a valid licensing or
//      penalty record (or an empty one) and overwrites fields, found by
//      reflection, with values chosen to sit on the validator's edges:
//      real and impossible dates in both separators, valid and broken
//      credit codes and 身份证 numbers, amounts in odd notations, blank and
//      ideographic-space text, malformed UTF-8, text exactly at and one past
//      each length limit, out-of-range enum numbers and long category lists.
// Properties beyond "no crash, no sanitizer report":
//   - each violation names a field and its description starts with one of
//     the stable rule ids of validator.h followed by ": ";
//   - IsConcealmentRisk is false for a public (or unspecified) scope and
//     true for a non-public scope with an empty legal basis.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_records.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "ingest_service/validator.h"
#include "sgs/v1/record.pb.h"

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const char* const kDates[] = {
    "2024-07-10",  "2024-07-15",          "2024-07-16",
    "2024-07-08",  "2099-12-31",          "2024/07/10",
    "2024-7-1",    "2024-02-30",          "2023-02-29",
    "2024-02-29",  "1899-12-31",          "1900-01-01",
    "9999-12-31",  "10000-01-01",         "20240710",
    "2024-07-10 ", "\u30002024-07-10",    "",
    "   ",         "2024-13-01",          "0000-00-00",
    "-024-07-10",  "2024-07-10T00:00:00", "２０２４-07-10",
    "2024-00-10",  "2024-07-00",          "2024-07-32",
    "+024-07-10",
};

const char* const kCodes[] = {
    "91350100M000100Y43",
    "91110000600037341L",
    "91330000755918469E",
    "11230500001755309F",
    "91350100M000100Y44",
    "91110000600037341X",
    "00000000000000000X",
    "9135010OM000100Y43",
    "91350100m000100y43",
    "91350100M000100Y4",
    "91350100M000100Y433",
    "11010519491231002X",
    "440524188001010014",
    "110105194902300021",
    "11010519491231002Y",
    "11010519491231002x",
    "410505600123456",
    "",
    "\u3000",
    " 91350100M000100Y43",
    "E12345678",
    "9135 0100M000100Y43",
    ("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
     "\xff\xff\xff\xff\xff\xff"),  // one 18-byte entry
};

const char* const kAmounts[] = {
    "0.2",
    "0",
    "0.000000",
    "0.0000001",
    "1",
    "-1",
    "1e3",
    "abc",
    "00.10",
    ".5",
    "5.",
    "1,000",
    "100000000000000000000000000000",
    "0.000001",
    " 0.2",
    " ",
    "",
    "0.2.3",
    "+0.2",
    "NaN",
    "inf",
    "0x10",
    "１",
};

const char* const kTexts[] = {
    "",
    " ",
    "\u3000",
    "\u3000 \t\r\n",
    "安阳市殷都区教育局",
    "a",
    "\xff\xfe",          // not UTF-8 at all
    "\xed\xa0\x80",      // a surrogate
    "\xc0\xaf",          // an overlong '/'
    "\xf4\x90\x80\x80",  // beyond U+10FFFF
    "\xe5\xae",          // truncated 3-byte sequence
    "e\xcc\x81",         // a combining mark
    "\x01\x7f\x1b",
    "《中华人民共和国行政处罚法》第九条",
};

template <size_t N>
std::string Pick(FuzzedDataProvider& fdp, const char* const (&pool)[N]) {
  return pool[fdp.ConsumeIntegralInRange<size_t>(0, N - 1)];
}

// Text of exactly `count` code points (ASCII or a CJK character), to hit
// the limits (200 names, 2000 text, 128 document numbers) on both sides.
std::string Repeated(FuzzedDataProvider& fdp) {
  static const int kCounts[] = {127, 128, 129, 199, 200, 201, 1999, 2000, 2001};
  const int count = fdp.ConsumeBool()
                        ? kCounts[fdp.ConsumeIntegralInRange<size_t>(0, 8)]
                        : fdp.ConsumeIntegralInRange<int>(0, 2100);
  const std::string unit = fdp.ConsumeBool() ? "字" : "a";
  std::string out;
  out.reserve(unit.size() * count);
  for (int i = 0; i < count; ++i) out += unit;
  return out;
}

std::string StringFor(const FieldDescriptor* field, FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
      return fdp.ConsumeRandomLengthString(64);
    case 1:
      return Repeated(fdp);
    case 2:
      return Pick(fdp, kTexts);
    default:
      break;
  }
  const std::string& name = field->name();
  if (absl::StrContains(name, "date") || absl::StartsWith(name, "valid_") ||
      absl::StrContains(name, "deadline")) {
    return Pick(fdp, kDates);
  }
  if (absl::StrContains(name, "amount")) return Pick(fdp, kAmounts);
  if (absl::EndsWith(name, "code") || absl::EndsWith(name, "number")) {
    if (name == "unit_code" && fdp.ConsumeBool()) {
      const auto& units = sgs::fuzz::Registry().units();
      return units[fdp.ConsumeIntegralInRange<size_t>(0, units.size() - 1)]
          .code();
    }
    return Pick(fdp, kCodes);
  }
  return Pick(fdp, kTexts);
}

// Overwrites one scalar field of `message` (strings, enums, repeated enums,
// and whatever else the schema grows).
void MutateField(Message* message, FuzzedDataProvider& fdp) {
  const auto* descriptor = message->GetDescriptor();
  const Reflection* reflection = message->GetReflection();
  const FieldDescriptor* field = descriptor->field(
      fdp.ConsumeIntegralInRange<int>(0, descriptor->field_count() - 1));
  if (field->is_repeated()) {
    reflection->ClearField(message, field);
    const int count = fdp.ConsumeIntegralInRange<int>(0, 18);
    for (int i = 0; i < count; ++i) {
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_ENUM:
          reflection->AddEnumValue(message, field,
                                   fdp.ConsumeIntegralInRange<int>(-2, 16));
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          reflection->AddString(message, field, StringFor(field, fdp));
          break;
        default:
          break;
      }
    }
    return;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(message, field, StringFor(field, fdp));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      reflection->SetEnumValue(message, field,
                               fdp.ConsumeIntegralInRange<int>(-2, 16));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      reflection->SetBool(message, field, fdp.ConsumeBool());
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      reflection->SetInt32(message, field, fdp.ConsumeIntegral<int32_t>());
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      // Sub-messages are reached through the caller's choice of target;
      // here only clearing them is interesting (a missing subject).
      if (fdp.ConsumeBool()) reflection->ClearField(message, field);
      break;
    default:
      break;
  }
}

sgs::v1::Record BuildRecord(FuzzedDataProvider& fdp) {
  sgs::v1::Record record;
  switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      record = sgs::fuzz::ValidLicensing();
      break;
    case 1:
      record = sgs::fuzz::ValidPenalty();
      break;
    case 2: {
      // The penalty's decision on the licence's subject, and so on: valid
      // parts in combinations the templates do not have.
      record = sgs::fuzz::ValidPenalty();
      *record.mutable_subject() = sgs::fuzz::ValidLicensing().subject();
      break;
    }
    default:
      break;  // empty
  }
  const int mutations = fdp.ConsumeIntegralInRange<int>(0, 16);
  for (int i = 0; i < mutations && fdp.remaining_bytes() > 0; ++i) {
    switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
        MutateField(&record, fdp);
        break;
      case 1:
        MutateField(record.mutable_subject(), fdp);
        break;
      default:
        if (record.has_penalty() ||
            (!record.has_licensing() && fdp.ConsumeBool())) {
          MutateField(record.mutable_penalty(), fdp);
        } else {
          MutateField(record.mutable_licensing(), fdp);
        }
        break;
    }
  }
  return record;
}

void CheckRecord(const sgs::v1::Record& record,
                 const sgs::ingest::ValidationContext& ctx) {
  static const char* const kRuleIds[] = {
      sgs::ingest::rules::kRequired,
      sgs::ingest::rules::kMustBeEmpty,
      sgs::ingest::rules::kUnknownUnit,
      sgs::ingest::rules::kInvalidUtf8,
      sgs::ingest::rules::kTooLong,
      sgs::ingest::rules::kDateFormat,
      sgs::ingest::rules::kDateInFuture,
      sgs::ingest::rules::kDateAfterReceipt,
      sgs::ingest::rules::kDateOrder,
      sgs::ingest::rules::kEnumUnspecified,
      sgs::ingest::rules::kCheckDigit,
      sgs::ingest::rules::kIdNumberFormat,
      sgs::ingest::rules::kAmountFormat,
      sgs::ingest::rules::kAmountNotPositive,
      sgs::ingest::rules::kDuplicateValue,
      sgs::ingest::rules::kTooMany,
      sgs::ingest::rules::kAmountTooLarge,
      sgs::ingest::rules::kInvisibleCharacter,
      sgs::ingest::rules::kMoreViolations,
  };
  const auto violations = sgs::ingest::ValidateRecord(record, ctx);
  for (const auto& violation : violations) {
    SGS_FUZZ_CHECK(!violation.field().empty(), "description: %s",
                   violation.description().c_str());
    bool known = false;
    for (const char* rule : kRuleIds) {
      if (absl::StartsWith(violation.description(), absl::StrCat(rule, ": "))) {
        known = true;
        break;
      }
    }
    SGS_FUZZ_CHECK(known, "field %s: description without a rule id: %s",
                   violation.field().c_str(), violation.description().c_str());
  }

  const bool risk = sgs::ingest::IsConcealmentRisk(record);
  const auto scope = record.disclosure_scope();
  if (scope == sgs::v1::PUBLIC ||
      scope == sgs::v1::DISCLOSURE_SCOPE_UNSPECIFIED) {
    SGS_FUZZ_CHECK(!risk, "public scope %d flagged", static_cast<int>(scope));
  }
  if ((scope == sgs::v1::GOVERNMENT_SHARING ||
       scope == sgs::v1::AUTHORIZED_QUERY) &&
      record.scope_legal_basis().empty()) {
    SGS_FUZZ_CHECK(risk, "non-public scope %d without basis not flagged",
                   static_cast<int>(scope));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  sgs::fuzz::QuietProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sgs::ingest::ValidationContext ctx;
  ctx.registry = &sgs::fuzz::Registry();
  ctx.now = sgs::fuzz::FuzzNow();
  ctx.receipt_time = ctx.now;

  // 1. Wire bytes.
  sgs::v1::Record parsed;
  if (parsed.ParseFromArray(data, static_cast<int>(size))) {
    CheckRecord(parsed, ctx);
  }

  // 2. A record built field by field.
  FuzzedDataProvider fdp(data, size);
  // Back-fills validate against a historical receipt time; offline tools
  // validate without a registry.
  if (fdp.ConsumeBool()) {
    ctx.receipt_time =
        ctx.now - absl::Hours(24) * fdp.ConsumeIntegralInRange<int>(0, 800);
  }
  if (fdp.ConsumeIntegralInRange<int>(0, 7) == 0) ctx.registry = nullptr;
  CheckRecord(BuildRecord(fdp), ctx);
  return 0;
}
