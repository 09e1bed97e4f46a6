// StatsDataSource over the ingest service's gRPC API: the only way the
// stats service reads data (it has no disk state of its own). Every call
// carries a deadline: the per-call timeout, and never later than the
// deadline of the request being served. Paged lists are read to the end.
// Calls carry the stats service's bearer token when one is configured.
// Its calls may run at once from several threads (they share only the
// thread-safe stub); the setters are for before the first call.
#ifndef SGS_STATS_SERVICE_INGEST_SOURCE_H_
#define SGS_STATS_SERVICE_INGEST_SOURCE_H_

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "stats_service/calculator.h"

namespace sgs::stats {

class IngestDataSource final : public StatsDataSource {
 public:
  // `stub` must outlive this object. Each call times out after
  // `call_timeout`, and no call runs past `not_after` (absl::InfiniteFuture()
  // for no bound). A non-empty `token` is sent as "authorization: Bearer"
  // (the ingest service wants a READER token).
  IngestDataSource(sgs::v1::IngestService::StubInterface* stub,
                   absl::Duration call_timeout,
                   absl::Time not_after = absl::InfiniteFuture(),
                   std::string token = "");

  absl::StatusOr<std::vector<sgs::v1::DailyAggregate>> ListDailyAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end) override;
  // Pages of the COLUMNS view (`columns_page_size` rows each, default the
  // ingest maximum), each handed to `visit` before the next is asked for
  // (a server that ignores the view answers rows, converted).
  absl::Status ScanDailyAggregates(const std::string& unit_code,
                                   sgs::v1::DateBasis basis,
                                   absl::CivilDay start, absl::CivilDay end,
                                   const AggregatePageVisitor& visit) override;
  // The UNIT_TALLIES view (an ingest service without it answers rows,
  // which go to `rows`). Thread-safe: the calls share only the stub.
  absl::Status ScanClassifiedAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end,
      const sgs::v1::DeadlineTable& deadlines, const UnitTallyVisitor& tallies,
      const AggregatePageVisitor& rows) override;
  int ConcurrentScans() const override { return concurrent_scans_; }
  absl::StatusOr<std::vector<sgs::v1::Objection>> ListObjections(
      absl::CivilDay start, absl::CivilDay end) override;
  absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>> ListSpotCheckFindings(
      absl::CivilDay start, absl::CivilDay end) override;
  absl::StatusOr<std::vector<sgs::v1::Unit>> ListUnits() override;
  absl::StatusOr<std::vector<sgs::v1::Record>> ListRecords(
      const std::string& unit_code, absl::CivilDay start,
      absl::optional<absl::CivilDay> end) override;

  void set_columns_page_size(int rows) { columns_page_size_ = rows; }
  // Clamped to 1..8.
  void set_concurrent_scans(int scans) {
    concurrent_scans_ = std::max(1, std::min(8, scans));
  }
  // Rows scanned per UNIT_TALLIES page (0: the ingest default).
  void set_tally_page_size(int rows) { tally_page_size_ = rows; }

 private:
  void PrepareContext(grpc::ClientContext* context) const;

  sgs::v1::IngestService::StubInterface* stub_;
  absl::Duration call_timeout_;
  absl::Time not_after_;
  std::string token_;
  int columns_page_size_ = 50000;  // ingest's COLUMNS maximum
  int concurrent_scans_ = 1;
  int tally_page_size_ = 0;
};

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_INGEST_SOURCE_H_
