// Shared by the fuzz targets and their seed generator: a valid licensing
// and a valid penalty record (they pass ValidateRecord for a decision date
// of 2024-07-10 seen on 2024-07-15 UTC+8), the instant the validator
// fuzzer validates at, and the registry path the build passes in.
//
// Header-only so that each fuzzer stays one translation unit plus the
// project sources it exercises.
#ifndef SGS_FUZZ_FUZZ_RECORDS_H_
#define SGS_FUZZ_FUZZ_RECORDS_H_

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/registry.h"
#include "google/protobuf/stubs/logging.h"
#include "sgs/v1/record.pb.h"

#ifndef SGS_FUZZ_REGISTRY_PATH
#error "SGS_FUZZ_REGISTRY_PATH must name config/registry.textproto"
#endif

// A broken property is a crash: libFuzzer saves the input that broke it.
#define SGS_FUZZ_CHECK(condition, ...)                             \
  do {                                                             \
    if (!(condition)) {                                            \
      std::fprintf(stderr, "property failed: %s\n  ", #condition); \
      std::fprintf(stderr, __VA_ARGS__);                           \
      std::fprintf(stderr, "\n");                                  \
      std::abort();                                                \
    }                                                              \
  } while (false)

namespace sgs::fuzz {

// 2024-07-15 10:00 in UTC+8: "now" and the receipt time of every record the
// fuzzers validate, so that a run is reproducible whatever the date.
inline absl::Time FuzzNow() {
  return absl::FromCivil(absl::CivilSecond(2024, 7, 15, 10, 0, 0),
                         sgs::ChinaStandardTime());
}

// The real registry, loaded once; aborts when it cannot be read (a fuzzer
// without a registry would only ever see "unknown_unit").
inline const sgs::UnitRegistry& Registry() {
  static const sgs::UnitRegistry* registry = [] {
    absl::StatusOr<sgs::UnitRegistry> loaded =
        sgs::UnitRegistry::LoadFromFile(SGS_FUZZ_REGISTRY_PATH);
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load registry %s: %s\n",
                   SGS_FUZZ_REGISTRY_PATH,
                   std::string(loaded.status().message()).c_str());
      std::abort();
    }
    return new sgs::UnitRegistry(*std::move(loaded));
  }();
  return *registry;
}

// Parsing arbitrary bytes makes protobuf log "invalid UTF-8" for every
// other input; keep only the messages that precede an abort.
inline void QuietProtobufLogs() {
  google::protobuf::SetLogHandler([](google::protobuf::LogLevel level,
                                     const char* filename, int line,
                                     const std::string& message) {
    if (level >= google::protobuf::LOGLEVEL_DFATAL) {
      std::fprintf(stderr, "[libprotobuf %s:%d] %s\n", filename, line,
                   message.c_str());
    }
  });
}

// A licence granted to a company.
inline sgs::v1::Record ValidLicensing() {
  sgs::v1::Record r;
  r.set_unit_code("yd-jyj");
  r.set_disclosure_scope(sgs::v1::PUBLIC);
  auto* s = r.mutable_subject();
  s->set_name("安阳市殷都区示例科技有限公司");
  s->set_subject_class(sgs::v1::LEGAL_ENTITY);
  s->set_credit_code("91350100M000100Y43");
  s->set_legal_representative("张三");
  auto* l = r.mutable_licensing();
  l->set_decision_document_name("民办学校办学许可证核发决定书");
  l->set_document_number("殷教许〔2024〕12号");
  l->set_category(sgs::v1::ORDINARY);
  l->set_content("准予举办民办培训学校");
  l->set_decision_date("2024-07-10");
  l->set_valid_from("2024-07-10");
  l->set_valid_to("2029-07-09");
  l->set_authority_name("殷都区教育局");
  l->set_authority_code("11230500001755309F");
  l->set_status(sgs::v1::LICENSE_VALID);
  l->set_source_unit_name("殷都区教育局");
  l->set_source_unit_code("11230500001755309F");
  return r;
}

// A warning and a 2,000 yuan fine for a natural person.
inline sgs::v1::Record ValidPenalty() {
  sgs::v1::Record r;
  r.set_unit_code("yd-gaj");
  auto* s = r.mutable_subject();
  s->set_name("李四");
  s->set_subject_class(sgs::v1::NATURAL_PERSON);
  s->set_id_type(sgs::v1::RESIDENT_ID_CARD);
  s->set_id_number("11010519491231002X");
  auto* p = r.mutable_penalty();
  p->set_document_number("殷公罚〔2024〕3号");
  p->set_violation_type("违反治安管理");
  p->set_violation_facts("酒后滋事，扰乱公共秩序");
  p->set_legal_basis("《中华人民共和国治安管理处罚法》第二十三条");
  p->add_categories(sgs::v1::WARNING);
  p->add_categories(sgs::v1::FINE);
  p->set_content("警告，罚款人民币贰仟元");
  p->set_fine_amount("0.2");
  p->set_decision_date("2024-07-08");
  p->set_valid_until("2025-07-08");
  p->set_publicity_deadline("2027-07-08");
  p->set_authority_name("殷都区公安局");
  p->set_authority_code("11230500001755309F");
  p->set_source_unit_name("殷都区公安局");
  p->set_source_unit_code("11230500001755309F");
  return r;
}

}  // namespace sgs::fuzz

#endif  // SGS_FUZZ_FUZZ_RECORDS_H_
