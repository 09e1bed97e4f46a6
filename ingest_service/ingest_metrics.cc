#include "ingest_service/ingest_metrics.h"

#include <cstdint>
#include <string>

#include "common/call_observer.h"
#include "rocksdb/db.h"
#include "rocksdb/statistics.h"

namespace sgs::ingest {
namespace {

prometheus::MetricFamily Gauge(
    const std::string& name, const std::string& help, double value,
    prometheus::MetricType type = prometheus::MetricType::Gauge) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

}  // namespace

const char* KindLabel(const sgs::v1::Record& record) {
  if (record.has_licensing()) return "licensing";
  if (record.has_penalty()) return "penalty";
  return "unspecified";
}

RecordMetrics::RecordMetrics(prometheus::Registry& registry)
    : records_(prometheus::BuildCounter()
                   .Name("sgs_records_total")
                   .Help("Records stored (created, corrected) or rejected, "
                         "by kind.")
                   .Register(registry)),
      violations_(prometheus::BuildCounter()
                      .Name("sgs_record_rule_violations_total")
                      .Help("Violations in rejected records, by kind and "
                            "rule id.")
                      .Register(registry)) {}

void RecordMetrics::Stored(const sgs::v1::Record& record, bool created) {
  records_
      .Add({{"kind", KindLabel(record)},
            {"outcome", created ? "created" : "corrected"}})
      .Increment();
}

void RecordMetrics::Rejected(
    const sgs::v1::Record& record,
    const google::protobuf::RepeatedPtrField<
        google::rpc::BadRequest::FieldViolation>& violations) {
  const char* const kind = KindLabel(record);
  records_.Add({{"kind", kind}, {"outcome", "rejected"}}).Increment();
  for (const auto& violation : violations) {
    violations_
        .Add({{"kind", kind}, {"rule", RuleIdOf(violation.description())}})
        .Increment();
  }
}

std::vector<prometheus::MetricFamily> RocksDbCollector::Collect() const {
  std::vector<prometheus::MetricFamily> families;
  rocksdb::DB* const db = db_();
  auto aggregated = [db](const std::string& property) -> double {
    uint64_t value = 0;
    if (!db->GetAggregatedIntProperty(property, &value)) return 0;
    return static_cast<double>(value);
  };
  auto single = [db](const std::string& property) -> double {
    uint64_t value = 0;
    if (!db->GetIntProperty(property, &value)) return 0;
    return static_cast<double>(value);
  };
  families.push_back(Gauge("sgs_rocksdb_live_data_bytes",
                           "Estimated live data, all column families.",
                           aggregated("rocksdb.estimate-live-data-size")));
  families.push_back(
      Gauge("sgs_rocksdb_pending_compaction_bytes",
            "Estimated bytes compaction still has to rewrite.",
            aggregated("rocksdb.estimate-pending-compaction-bytes")));
  families.push_back(Gauge("sgs_rocksdb_write_stopped",
                           "1 while RocksDB stops writes (a write stall).",
                           single("rocksdb.is-write-stopped")));
  families.push_back(
      Gauge("sgs_rocksdb_delayed_write_rate_bytes",
            "Write rate RocksDB throttles to while delaying writes (0: none).",
            single("rocksdb.actual-delayed-write-rate")));
  families.push_back(Gauge("sgs_rocksdb_block_cache_usage_bytes",
                           "Memory held by the block cache.",
                           single("rocksdb.block-cache-usage")));
  std::shared_ptr<rocksdb::Statistics> statistics =
      db->GetDBOptions().statistics;
  if (statistics != nullptr) {
    const double hits = static_cast<double>(
        statistics->getTickerCount(rocksdb::BLOCK_CACHE_HIT));
    const double misses = static_cast<double>(
        statistics->getTickerCount(rocksdb::BLOCK_CACHE_MISS));
    const double stall_micros =
        static_cast<double>(statistics->getTickerCount(rocksdb::STALL_MICROS));
    families.push_back(Gauge("sgs_rocksdb_block_cache_hits_total",
                             "Block cache hits since start.", hits,
                             prometheus::MetricType::Counter));
    families.push_back(Gauge("sgs_rocksdb_block_cache_misses_total",
                             "Block cache misses since start.", misses,
                             prometheus::MetricType::Counter));
    families.push_back(
        Gauge("sgs_rocksdb_block_cache_hit_ratio",
              "Block cache hits / (hits + misses) since start (1 when idle).",
              hits + misses > 0 ? hits / (hits + misses) : 1.0));
    families.push_back(Gauge("sgs_rocksdb_stall_seconds_total",
                             "Time writers waited in write stalls.",
                             stall_micros / 1e6,
                             prometheus::MetricType::Counter));
  }
  return families;
}

}  // namespace sgs::ingest
