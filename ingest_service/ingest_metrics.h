// The ingest service's own metrics (the call metrics are common/
// call_observer.h): records accepted (created), corrected and rejected by
// kind, rejections by rule id, and RocksDB's figures read at scrape time.
//   sgs_records_total{kind, outcome="created|corrected|rejected"}
//   sgs_record_rule_violations_total{kind, rule}
//   sgs_rocksdb_live_data_bytes, sgs_rocksdb_pending_compaction_bytes,
//   sgs_rocksdb_write_stopped, sgs_rocksdb_delayed_write_rate_bytes,
//   sgs_rocksdb_stall_seconds_total, sgs_rocksdb_block_cache_hits_total,
//   sgs_rocksdb_block_cache_misses_total,
//   sgs_rocksdb_block_cache_hit_ratio, sgs_rocksdb_block_cache_usage_bytes
#ifndef SGS_INGEST_SERVICE_INGEST_METRICS_H_
#define SGS_INGEST_SERVICE_INGEST_METRICS_H_

#include <functional>
#include <utility>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"
#include "sgs/v1/record.pb.h"

namespace rocksdb {
class DB;
}

namespace sgs::ingest {

class RecordMetrics {
 public:
  explicit RecordMetrics(prometheus::Registry& registry);
  // A record stored: created, or a correction of one already stored.
  void Stored(const sgs::v1::Record& record, bool created);
  // A record refused, with every violated rule.
  void Rejected(const sgs::v1::Record& record,
                const google::protobuf::RepeatedPtrField<
                    google::rpc::BadRequest::FieldViolation>& violations);

 private:
  prometheus::Family<prometheus::Counter>& records_;
  prometheus::Family<prometheus::Counter>& violations_;
};

// RocksDB properties and statistics, read at every scrape (nothing is
// polled in between). `db` gives the database open now (the store may
// reopen it); what it returns must outlive the collector's registration.
class RocksDbCollector final : public prometheus::Collectable {
 public:
  explicit RocksDbCollector(std::function<rocksdb::DB*()> db)
      : db_(std::move(db)) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::function<rocksdb::DB*()> db_;
};

// "licensing" / "penalty" / "unspecified" (neither decision set).
const char* KindLabel(const sgs::v1::Record& record);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_INGEST_METRICS_H_
