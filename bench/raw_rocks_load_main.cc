// raw_rocks_load: the physical peer of a back-fill. Writes the records of
// bench/record_generator.h (the same records gen_records puts in its CSV)
// straight into RocksDB with default options, putting for each record the
// keys the store writes for a new record — the record under its record
// key, its identity entry, an audit entry of the store's shape and (with
// --aggregates, the default) its two agg_by_date merges, by receipt and by
// decision date, with the store's merge operator — one WriteBatch per
// --batch records (the server commits per max_batch_size), fsynced when
// --sync. No identity lookup, no validation: the floor for this data
// model. --aggregates=false is the peer of earlier runs (no merges).
//
//   raw_rocks_load --records=1000000 --chunks=10 --db=DIR
// Prints one line per chunk and a total: "raw chunk=N records=R seconds=S".
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/record_generator.h"
#include "common/dates.h"
#include "common/keys.h"
#include "google/protobuf/util/time_util.h"
#include "ingest_service/storage/aggregate_by_date.h"
#include "ingest_service/storage/aggregate_merge_operator.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "sgs/v1/ingest_service.pb.h"

ABSL_FLAG(int64_t, records, 20000, "Records (as gen_records --records).");
ABSL_FLAG(int, units, 1000, "Units (as gen_records --units).");
ABSL_FLAG(uint64_t, seed, 2024, "Seed (as gen_records --seed).");
ABSL_FLAG(int, chunks, 10, "Chunks timed apart (as gen_records --chunks).");
ABSL_FLAG(int, batch, 1000, "Records per WriteBatch.");
ABSL_FLAG(bool, sync, true, "fsync each WriteBatch (the service default).");
ABSL_FLAG(bool, aggregates, true,
          "Also merge each record's two agg_by_date counts, as the store "
          "does (false: records, identities and audit entries only).");
ABSL_FLAG(std::string, db, "", "Database directory (created).");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  sgs::bench::GeneratorOptions options;
  options.records = absl::GetFlag(FLAGS_records);
  options.units = absl::GetFlag(FLAGS_units);
  options.seed = absl::GetFlag(FLAGS_seed);
  const sgs::bench::RecordGenerator generator(options);

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", "records", "record_ids", "audit"}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  rocksdb::ColumnFamilyOptions aggregate_options;
  aggregate_options.merge_operator =
      sgs::ingest::storage::NewAggregateMergeOperator();
  families.emplace_back("agg_by_date", aggregate_options);
  const bool aggregates = absl::GetFlag(FLAGS_aggregates);
  const std::string one_record = sgs::keys::EncodeAggregateValue(1, 0);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(
      db_options, absl::GetFlag(FLAGS_db), families, &handles, &raw);
  if (!opened.ok()) {
    std::cerr << "raw_rocks_load: " << opened.ToString() << "\n";
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write_options;
  write_options.sync = absl::GetFlag(FLAGS_sync);
  const int batch_size = std::max(1, absl::GetFlag(FLAGS_batch));
  const int chunks = std::max(1, absl::GetFlag(FLAGS_chunks));
  uint64_t audit_id = 1;
  double total_seconds = 0;
  for (int chunk = 0; chunk < chunks; ++chunk) {
    const int64_t begin = options.records * chunk / chunks;
    const int64_t end = options.records * (chunk + 1) / chunks;
    // Generated before the clock starts: the peer is timed on writes only.
    std::vector<sgs::bench::GeneratedRecord> generated;
    generated.reserve(end - begin);
    for (int64_t i = begin; i < end; ++i) generated.push_back(generator.At(i));
    const absl::Time start = absl::Now();
    for (size_t i = 0; i < generated.size(); i += batch_size) {
      rocksdb::WriteBatch batch;
      for (size_t j = i; j < std::min(generated.size(), i + batch_size); ++j) {
        sgs::v1::Record& record = generated[j].record;
        const bool licensing = record.has_licensing();
        const sgs::v1::RecordKind kind =
            licensing ? sgs::v1::LICENSING : sgs::v1::PENALTY;
        const std::string& number = licensing
                                        ? record.licensing().document_number()
                                        : record.penalty().document_number();
        const absl::CivilDay receipt(generated[j].receipt);
        record.set_receipt_date(sgs::FormatDate(receipt));
        std::string receipt_value;
        sgs::keys::AppendDate(&receipt_value, receipt);
        sgs::v1::AuditEntry audit;
        audit.set_actor("credit-office");
        audit.set_actor_role("CREDIT_OFFICE");
        audit.set_peer("ipv4:127.0.0.1:50000");
        audit.set_action(sgs::v1::RECORD_CREATE);
        audit.set_unit_code(record.unit_code());
        audit.set_target(
            absl::StrFormat("units/%s/records/%s", record.unit_code(), number));
        *audit.mutable_time() =
            google::protobuf::util::TimeUtil::GetCurrentTime();
        batch.Put(
            handles[1],
            sgs::keys::RecordKey(record.unit_code(), receipt, kind, number),
            record.SerializeAsString());
        batch.Put(handles[2],
                  sgs::keys::IdentityKey(record.unit_code(), kind, number),
                  receipt_value);
        batch.Put(handles[3],
                  sgs::keys::AuditKey(record.unit_code(), audit_id++),
                  audit.SerializeAsString());
        if (aggregates) {
          const absl::CivilDay decision =
              sgs::ParseDate(licensing ? record.licensing().decision_date()
                                       : record.penalty().decision_date())
                  .value_or(receipt);
          using sgs::ingest::storage::DateFirstAggregateKey;
          batch.Merge(handles[4],
                      DateFirstAggregateKey(sgs::v1::RECEIPT_DATE, receipt,
                                            record.unit_code(), kind, decision),
                      one_record);
          batch.Merge(handles[4],
                      DateFirstAggregateKey(sgs::v1::DECISION_DATE, decision,
                                            record.unit_code(), kind, receipt),
                      one_record);
        }
      }
      rocksdb::Status written = db->Write(write_options, &batch);
      if (!written.ok()) {
        std::cerr << "raw_rocks_load: " << written.ToString() << "\n";
        return 1;
      }
    }
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    total_seconds += seconds;
    std::cout << absl::StrFormat("raw chunk=%d records=%d seconds=%.3f\n",
                                 chunk + 1, end - begin, seconds);
  }
  std::cout << absl::StrFormat("raw total records=%d seconds=%.3f\n",
                               options.records, total_seconds);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle);
  }
  return db->Close().ok() ? 0 : 1;
}
