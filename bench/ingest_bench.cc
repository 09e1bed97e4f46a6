// Ingest throughput benchmark: how close a back-fill through the real
// service comes to RocksDB's own write speed on this machine.
//
//   ingest_bench [--records=200000] [--chunk=1000] [--sync=false]
//
// Prints records/second for these layers over the same records:
//   1. raw RocksDB: one WriteBatch per chunk putting the serialized
//      records (what RocksDB does with one key a record), and raw RocksDB
//      putting the three keys the store writes for a new record,
//   2. RecordStore::WriteRecords (identity lookup, versions, aggregates),
//   3. BackfillRecords over gRPC on loopback (validation, the stream),
// and the ratios of 2 and 3 to both.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "ingest_service/domain/record_store.h"
#include "ingest_service/server.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

ABSL_FLAG(int, records, 200000, "Records per layer.");
ABSL_FLAG(int, chunk, 1000, "Records per WriteBatch / stream chunk.");
ABSL_FLAG(bool, sync, false, "fsync each batch (the service default).");
ABSL_FLAG(std::string, registry, "config/registry.textproto",
          "Unit registry for the gRPC layer.");

namespace {

using google::protobuf::util::TimeUtil;

const char* kUnits[] = {"yd-jyj", "yd-gaj", "yd-scjdj", "yd-fgw", "yd-syz"};

sgs::v1::Record MakeRecord(int i) {
  sgs::v1::Record record;
  record.set_unit_code(kUnits[i % 5]);
  record.set_disclosure_scope(sgs::v1::PUBLIC);
  auto* subject = record.mutable_subject();
  subject->set_name(absl::StrCat("安阳市殷都区示例企业", i, "有限公司"));
  subject->set_subject_class(sgs::v1::LEGAL_ENTITY);
  subject->set_credit_code("91350100M000100Y43");
  subject->set_legal_representative("王五");
  auto* licensing = record.mutable_licensing();
  const std::string date =
      sgs::FormatDate(absl::CivilDay(2024, 1, 1) + (i / 1000) % 300);
  licensing->set_decision_document_name("准予行政许可决定书");
  licensing->set_document_number(absl::StrCat("殷许〔2024〕", i, "号"));
  licensing->set_category(sgs::v1::ORDINARY);
  licensing->set_content("准予许可");
  licensing->set_decision_date(date);
  licensing->set_valid_from(date);
  licensing->set_valid_to("2099-12-31");
  licensing->set_authority_name("安阳市殷都区人民政府");
  licensing->set_authority_code("11230500001755309F");
  licensing->set_status(sgs::v1::LICENSE_VALID);
  licensing->set_source_unit_name("安阳市殷都区人民政府");
  licensing->set_source_unit_code("11230500001755309F");
  return record;
}

absl::Time ReceiptOf(int i) {
  return absl::FromCivil(
      absl::CivilSecond(absl::CivilDay(2024, 1, 2) + (i / 1000) % 300) + 3600,
      sgs::ChinaStandardTime());
}

// Raw RocksDB, one WriteBatch per chunk: the serialized record alone, or
// (`store_keys`) with what the store also writes for a new record, its
// identity entry and its audit entry (aggregates are a few merges per
// batch) — the floor for this data model.
double RawRocks(const std::string& dir, const std::vector<sgs::v1::Record>& rs,
                int chunk, bool sync, bool store_keys) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.compression = rocksdb::kNoCompression;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir, &raw).ok()) return 0;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  const std::string audit(160, 'a');
  absl::Time start = absl::Now();
  for (size_t i = 0; i < rs.size(); i += chunk) {
    rocksdb::WriteBatch batch;
    for (size_t j = i; j < std::min(rs.size(), i + chunk); ++j) {
      const std::string id = absl::StrCat(rs[j].unit_code(), "/",
                                          rs[j].licensing().document_number());
      batch.Put("r/" + id, rs[j].SerializeAsString());
      if (store_keys) {
        batch.Put("i/" + id, "date");
        batch.Put(absl::StrCat("a/", rs[j].unit_code(), "/", j), audit);
      }
    }
    // A failed write would make the rate meaningless: report no rate.
    if (!db->Write(write_options, &batch).ok()) return 0;
  }
  return static_cast<double>(rs.size()) /
         absl::ToDoubleSeconds(absl::Now() - start);
}

double Store(const std::string& dir, const std::vector<sgs::v1::Record>& rs,
             int chunk, bool sync) {
  sgs::ingest::StoreOptions options;
  options.sync_writes = sync;
  auto store = sgs::ingest::RecordStore::Open(dir, options);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 0;
  }
  absl::Time start = absl::Now();
  for (size_t i = 0; i < rs.size(); i += chunk) {
    std::vector<sgs::ingest::RecordWrite> writes;
    for (size_t j = i; j < std::min(rs.size(), i + chunk); ++j) {
      writes.push_back({rs[j], ReceiptOf(static_cast<int>(j)), true});
    }
    auto result = (*store)->WriteRecords(std::move(writes), absl::Now(),
                                         {"bench", "", ""});
    if (!result.ok()) {
      std::cerr << result.status() << "\n";
      return 0;
    }
  }
  return static_cast<double>(rs.size()) /
         absl::ToDoubleSeconds(absl::Now() - start);
}

double Grpc(const std::string& dir, const std::vector<sgs::v1::Record>& rs,
            bool sync) {
  sgs::ingest::IngestServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = dir;
  options.registry_path = absl::GetFlag(FLAGS_registry);
  options.sync_writes = sync;
  options.development_no_auth = true;
  auto server = sgs::ingest::IngestServer::Start(options);
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 0;
  }
  auto stub = sgs::v1::IngestService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials()));
  absl::Time start = absl::Now();
  grpc::ClientContext context;
  sgs::v1::UploadSummary summary;
  auto writer = stub->BackfillRecords(&context, &summary);
  for (size_t i = 0; i < rs.size(); ++i) {
    sgs::v1::BackfillRecordsRequest request;
    *request.mutable_record() = rs[i];
    *request.mutable_receipt_time() = TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(ReceiptOf(static_cast<int>(i))));
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  double rate = static_cast<double>(rs.size()) /
                absl::ToDoubleSeconds(absl::Now() - start);
  if (!status.ok() ||
      summary.created_count() != static_cast<int64_t>(rs.size())) {
    std::cerr << "backfill failed: " << status.error_message() << " created "
              << summary.created_count() << " rejected "
              << summary.rejected_count() << "\n";
    return 0;
  }
  (*server)->Shutdown(absl::Seconds(5));
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_records);
  const int chunk = absl::GetFlag(FLAGS_chunk);
  const bool sync = absl::GetFlag(FLAGS_sync);
  std::vector<sgs::v1::Record> records;
  records.reserve(n);
  for (int i = 0; i < n; ++i) records.push_back(MakeRecord(i));
  const std::string base =
      absl::StrCat(std::filesystem::temp_directory_path().string(),
                   "/sgs-bench-", absl::ToUnixMicros(absl::Now()));
  std::filesystem::create_directories(base);

  const double raw = RawRocks(base + "/raw", records, chunk, sync, false);
  const double raw_same = RawRocks(base + "/raw3", records, chunk, sync, true);
  const double store = Store(base + "/store", records, chunk, sync);
  const double grpc_rate = Grpc(base + "/grpc", records, sync);
  std::filesystem::remove_all(base);

  std::cout << absl::StrFormat(
      "records=%d chunk=%d sync=%s\n"
      "raw_rocksdb_writebatch   %10.0f records/s   (one Put per record)\n"
      "raw_rocksdb_same_keys    %10.0f records/s   (record+identity+audit)\n"
      "record_store             %10.0f records/s   ratio to raw %.2f, "
      "to same keys %.2f\n"
      "grpc_backfill_stream     %10.0f records/s   ratio to raw %.2f, "
      "to same keys %.2f\n",
      n, chunk, sync ? "true" : "false", raw, raw_same, store,
      raw > 0 ? store / raw : 0, raw_same > 0 ? store / raw_same : 0, grpc_rate,
      raw > 0 ? grpc_rate / raw : 0, raw_same > 0 ? grpc_rate / raw_same : 0);
  return raw > 0 && store > 0 && grpc_rate > 0 ? 0 : 1;
}
