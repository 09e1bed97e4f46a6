// Writes the binary seeds of the fuzz corpora (the checked-in files under
// fuzz/corpus/ came from this program):
//   fuzz_make_seeds <corpus dir>
// creates <dir>/validate_record_fuzzer/*.pb (serialized records, valid and
// with one typical fault each) and <dir>/key_decoding_fuzzer/*.key (record
// keys, aggregate keys and values as the store writes them). The CSV and
// JSON Lines seeds of import_row_fuzzer are cut from samples/ by hand.
// Fails when a seed meant to be valid does not pass ValidateRecord.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/time/civil_time.h"
#include "common/keys.h"
#include "fuzz/fuzz_records.h"
#include "ingest_service/validator.h"

namespace {

// The seeds called valid must be: a template the validator refuses would
// leave the fuzzer mutating records that never reach the deeper rules.
bool CheckValid(const char* name, const sgs::v1::Record& record) {
  sgs::ingest::ValidationContext ctx;
  ctx.registry = &sgs::fuzz::Registry();
  ctx.now = sgs::fuzz::FuzzNow();
  ctx.receipt_time = ctx.now;
  const auto violations = sgs::ingest::ValidateRecord(record, ctx);
  for (const auto& v : violations) {
    std::fprintf(stderr, "seed %s is not valid: %s: %s\n", name,
                 v.field().c_str(), v.description().c_str());
  }
  return violations.empty();
}

bool Write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const auto records_dir = root / "validate_record_fuzzer";
  const auto keys_dir = root / "key_decoding_fuzzer";
  std::filesystem::create_directories(records_dir);
  std::filesystem::create_directories(keys_dir);
  bool ok = true;

  using sgs::fuzz::ValidLicensing;
  using sgs::fuzz::ValidPenalty;
  ok &= CheckValid("licensing", ValidLicensing());
  ok &= CheckValid("penalty", ValidPenalty());
  ok &=
      Write(records_dir / "licensing.pb", ValidLicensing().SerializeAsString());
  ok &= Write(records_dir / "penalty.pb", ValidPenalty().SerializeAsString());
  {
    // 个体工商户 with the placeholder code and a 工商注册号.
    sgs::v1::Record r = ValidLicensing();
    r.mutable_subject()->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
    r.mutable_subject()->set_credit_code("00000000000000000X");
    r.mutable_subject()->set_business_registration_number("410505600123456");
    r.mutable_subject()->clear_legal_representative();
    ok &= CheckValid("individual_business", r);
    ok &= Write(records_dir / "individual_business.pb", r.SerializeAsString());
  }
  {
    // 政务共享 without a legal basis: accepted, a concealment risk.
    sgs::v1::Record r = ValidLicensing();
    r.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
    ok &= CheckValid("concealment_risk", r);
    ok &= Write(records_dir / "concealment_risk.pb", r.SerializeAsString());
  }
  {
    // Confiscation and revocation: the conditional amount and licence.
    sgs::v1::Record r = ValidPenalty();
    auto* p = r.mutable_penalty();
    p->add_categories(sgs::v1::CONFISCATE_ILLEGAL_GAINS);
    p->add_categories(sgs::v1::REVOKE_LICENSE);
    p->set_confiscated_amount("0.03");
    p->set_suspended_license("食品经营许可证 JY24105050031500");
    ok &= CheckValid("penalty_conditional", r);
    ok &= Write(records_dir / "penalty_conditional.pb", r.SerializeAsString());
  }
  {
    // Faults: bad check digit, date order, slash date, unknown unit.
    sgs::v1::Record r = ValidLicensing();
    r.set_unit_code("yd-nope");
    r.mutable_subject()->set_credit_code("91350100M000100Y44");
    r.mutable_licensing()->set_valid_from("2029/07/10");
    r.mutable_licensing()->set_valid_to("2024-02-30");
    ok &= Write(records_dir / "faults.pb", r.SerializeAsString());
  }

  namespace keys = sgs::keys;
  const absl::CivilDay receipt(2024, 7, 31);
  const absl::CivilDay decision(2024, 7, 22);
  ok &= Write(keys_dir / "record.key",
              keys::RecordKey("yd-jyj", receipt, sgs::v1::LICENSING,
                              "殷教许〔2024〕12号"));
  ok &= Write(keys_dir / "record_penalty.key",
              keys::RecordKey("yd-gaj", receipt, sgs::v1::PENALTY,
                              "殷公罚〔2024〕3号"));
  ok &= Write(
      keys_dir / "aggregate.key",
      keys::AggregateKey("yd-scjdj", receipt, sgs::v1::PENALTY, decision));
  ok &= Write(keys_dir / "aggregate_value.val",
              keys::EncodeAggregateValue(481, -1));
  ok &= Write(
      keys_dir / "version.key",
      keys::VersionKey("yd-jyj", sgs::v1::LICENSING, "殷教许〔2024〕12号", 3));
  ok &= Write(keys_dir / "rejected.key",
              keys::RejectedKey("yd-syz", 1721961000000000, 7));
  if (!ok) {
    std::fprintf(stderr, "seeds under %s are incomplete\n", argv[1]);
    return 1;
  }
  return 0;
}
