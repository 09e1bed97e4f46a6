// Realistic 双公示 records at any size, for the benchmarks (bench/run.sh):
// a generated registry of N units (departments and townships) and records
// spread over 2024-01-01 .. 2026-10-31 (34 months the shipped calendar
// knows, all in the past), both kinds, valid check digits (统一社会信用代码,
// 公民身份号码), unit sizes skewed like a real district (a few units hold most
// records), and receipt lags that make some records late (迟报) or missed
// (漏报).
//
// Record i is a pure function of (options, i), so the CSV writer
// (gen_records) and the raw RocksDB peer (raw_rocks_load) produce exactly
// the same records without sharing a file. Receipt times increase with i:
// the file is a chronological platform export, and its last chunk is the
// most recent data.
#ifndef SGS_BENCH_RECORD_GENERATOR_H_
#define SGS_BENCH_RECORD_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sgs/v1/record.pb.h"

namespace sgs::bench {

struct GeneratorOptions {
  int64_t records = 20000;
  int units = 1000;
  uint64_t seed = 2024;
  // Added to every document number (文书号 "基许〔2024〕<index + 1 + this>号"):
  // a data set generated with the offset at or above another set's record
  // count never shares an identity with it, so it can be loaded on top of
  // that set's store as new records (bench/flat_cost.sh).
  int64_t number_offset = 0;
};

struct GeneratedRecord {
  sgs::v1::Record record;
  // 归集时间, Beijing time (the export's GJSJ column).
  absl::CivilSecond receipt;
};

class RecordGenerator {
 public:
  explicit RecordGenerator(const GeneratorOptions& options);

  // Record `index` (0 <= index; indexes past records() are valid too, for
  // fresh records such as SubmitRecord samples).
  GeneratedRecord At(int64_t index) const;

  // "b-d0001" (departments, 80%) or "b-t0001" (townships).
  std::string UnitCode(int unit) const;
  // The registry (sgs.config.v1.RegistryFile text format).
  std::string RegistryTextproto() const;

  const GeneratorOptions& options() const { return options_; }

 private:
  int DepartmentCount() const;
  int PickUnit(uint64_t random) const;

  GeneratorOptions options_;
};

// The importer's back-fill CSV (KIND, DWDM, GJSJ and the standard's codes).
const std::vector<std::string>& CsvHeader();
// One row for CsvHeader(), quoted where needed.
std::string CsvRow(const GeneratedRecord& generated);

// A valid 统一社会信用代码 / 公民身份号码 from random bits.
std::string MakeCreditCode(uint64_t random);
std::string MakeResidentIdNumber(uint64_t random);

}  // namespace sgs::bench

#endif  // SGS_BENCH_RECORD_GENERATOR_H_
