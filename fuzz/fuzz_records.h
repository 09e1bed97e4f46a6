// Shared by the fuzz targets and their seed generator: a valid licensing
// and a valid penalty record (built by the gtest-free support library
// tests/support/records.h; they pass ValidateRecord for decision dates of
// 2024-07-10 and 2024-07-08 seen on 2024-07-15 UTC+8), the instant the
// validator fuzzer validates at, and the registry path the build passes in.
//
// Header-only so that each fuzzer stays one translation unit plus the
// project sources it exercises (sgs_fuzz_core compiles records.cc too).
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
#include "tests/support/records.h"

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

// The support library's records (tests/support/records.h, shared with the
// tests and benchmarks), dated so that they are valid at FuzzNow().
inline sgs::v1::Record ValidLicensing() {
  return sgs::testing::ValidLicensingRecord("yd-jyj", "殷教许〔2024〕12号",
                                            "2024-07-10");
}

// A warning and a 2,000 yuan fine for a natural person: two categories, so
// mutations reach the category list's rules.
inline sgs::v1::Record ValidPenalty() {
  sgs::v1::Record r = sgs::testing::ValidPenaltyRecord(
      "yd-gaj", "殷公罚〔2024〕3号", "2024-07-08");
  r.mutable_penalty()->add_categories(sgs::v1::WARNING);
  return r;
}

}  // namespace sgs::fuzz

#endif  // SGS_FUZZ_FUZZ_RECORDS_H_
