// Loads generated records (bench/record_generator.h) IN-PROCESS through the
// ingest store itself (RecordStore::WriteRecords, the code BackfillRecords
// ends in), so the keys, aggregates and audit entries are exactly what the
// service writes, without the gRPC stream: a way to build a 10M-record store
// for the report benchmark (bench/run.sh with BENCH_REPORTS_ONLY=1) in
// minutes instead of hours. The records are the ones gen_records writes for
// the same flags (concealment risk decided as the service decides it); the
// report check against PostgreSQL and --verify (RecordStore::
// VerifyAggregates) show the store is what the service would have built.
//
//   store_load --records=10000000 --db=DIR [--sync=false] [--verify]
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/record_generator.h"
#include "common/dates.h"
#include "ingest_service/domain/record_store.h"
#include "ingest_service/validator.h"

ABSL_FLAG(int64_t, records, 20000, "Records (as gen_records --records).");
ABSL_FLAG(int, units, 1000, "Units (as gen_records --units).");
ABSL_FLAG(uint64_t, seed, 2024, "Seed (as gen_records --seed).");
ABSL_FLAG(int64_t, first, 0, "First record index to load (resume).");
ABSL_FLAG(int, batch, 1000, "Records per WriteRecords call (a stream chunk).");
ABSL_FLAG(bool, sync, false, "fsync each batch (a read benchmark needs not).");
ABSL_FLAG(bool, verify, false, "Recount the aggregates at the end.");
ABSL_FLAG(std::string, db, "", "Store directory (created).");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  sgs::bench::GeneratorOptions options;
  options.records = absl::GetFlag(FLAGS_records);
  options.units = absl::GetFlag(FLAGS_units);
  options.seed = absl::GetFlag(FLAGS_seed);
  const sgs::bench::RecordGenerator generator(options);
  sgs::ingest::StoreOptions store_options;
  store_options.sync_writes = absl::GetFlag(FLAGS_sync);
  absl::StatusOr<std::unique_ptr<sgs::ingest::RecordStore>> store =
      sgs::ingest::RecordStore::Open(absl::GetFlag(FLAGS_db), store_options);
  if (!store.ok()) {
    std::cerr << "store_load: " << store.status() << "\n";
    return 1;
  }
  const int batch = std::max(1, absl::GetFlag(FLAGS_batch));
  const sgs::ingest::AuditActor actor{"credit-office", "CREDIT_OFFICE",
                                      "ipv4:127.0.0.1:50000"};
  const absl::Time start = absl::Now();
  absl::Time last_report = start;
  for (int64_t i = absl::GetFlag(FLAGS_first); i < options.records;
       i += batch) {
    std::vector<sgs::ingest::RecordWrite> writes;
    for (int64_t j = i; j < std::min<int64_t>(options.records, i + batch);
         ++j) {
      sgs::bench::GeneratedRecord generated = generator.At(j);
      generated.record.set_concealment_risk(
          sgs::ingest::IsConcealmentRisk(generated.record));
      writes.push_back(
          {std::move(generated.record),
           absl::FromCivil(generated.receipt, sgs::ChinaStandardTime()), true});
    }
    absl::StatusOr<std::vector<sgs::ingest::WriteOutcome>> written =
        (*store)->WriteRecords(std::move(writes), absl::Now(), actor);
    if (!written.ok()) {
      std::cerr << "store_load: records from " << i << ": " << written.status()
                << "\n";
      return 1;
    }
    const absl::Time now = absl::Now();
    if (now - last_report > absl::Seconds(30)) {
      last_report = now;
      const int64_t done = i + static_cast<int64_t>(writes.size());
      std::cerr << absl::StrFormat("store_load: %d records, %.0f records/s\n",
                                   done,
                                   (done - absl::GetFlag(FLAGS_first)) /
                                       absl::ToDoubleSeconds(now - start));
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::cout << absl::StrFormat(
      "store_load records=%d seconds=%.1f rate=%.0f\n",
      options.records - absl::GetFlag(FLAGS_first), seconds,
      (options.records - absl::GetFlag(FLAGS_first)) / seconds);
  if (absl::GetFlag(FLAGS_verify)) {
    absl::Status verified = (*store)->VerifyAggregates();
    std::cout << "store_load verify: " << verified << "\n";
    if (!verified.ok()) return 1;
  }
  return 0;
}
