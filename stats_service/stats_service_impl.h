// StatsServiceImpl: the sgs.v1.StatsService RPCs. Each request reads what
// it needs from the ingest service (through StatsDataSource, with
// deadlines), classifies with the calendar and policy in force (a
// ConfigHolder snapshot), and answers; nothing is stored. StatsConfig
// bundles the configuration files, validated together.
#ifndef SGS_STATS_SERVICE_STATS_SERVICE_IMPL_H_
#define SGS_STATS_SERVICE_STATS_SERVICE_IMPL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/calendar.h"
#include "common/registry.h"
#include "common/timeliness.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/stats_service.grpc.pb.h"
#include "stats_service/bulletin_document_builder.h"
#include "stats_service/calculator.h"
#include "stats_service/calendar_monitor.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

// The configuration the statistics depend on, validated as a whole.
class StatsConfig {
 public:
  // bulletin_template_path may be empty: RenderBulletin then fails with
  // FAILED_PRECONDITION.
  static absl::StatusOr<std::unique_ptr<StatsConfig>> Load(
      const std::string& registry_path, const std::string& calendar_path,
      const std::string& policy_path,
      const std::string& bulletin_template_path);
  static absl::StatusOr<std::unique_ptr<StatsConfig>> FromParts(
      UnitRegistry registry, WorkingCalendar calendar,
      sgs::config::v1::PolicyFile policy,
      std::unique_ptr<sgs::config::v1::BulletinTemplate> bulletin_template);

  const UnitRegistry& registry() const { return registry_; }
  const WorkingCalendar& calendar() const { return calendar_; }
  const TimelinessClassifier& classifier() const { return *classifier_; }
  const sgs::config::v1::PolicyFile& policy() const { return policy_; }
  StatsCalculator calculator() const {
    return StatsCalculator(&calendar_, classifier_.get());
  }
  // nullptr when no template was configured.
  const sgs::config::v1::BulletinTemplate* bulletin_template() const {
    return bulletin_template_.get();
  }

 private:
  StatsConfig(UnitRegistry registry, WorkingCalendar calendar,
              sgs::config::v1::PolicyFile policy)
      : registry_(std::move(registry)),
        calendar_(std::move(calendar)),
        policy_(std::move(policy)) {}

  UnitRegistry registry_;
  WorkingCalendar calendar_;
  sgs::config::v1::PolicyFile policy_;
  // Points into calendar_, so StatsConfig is neither copied nor moved.
  std::unique_ptr<TimelinessClassifier> classifier_;
  std::unique_ptr<sgs::config::v1::BulletinTemplate> bulletin_template_;
};

// The configuration in force. Replaced as a whole when the files change, so
// a corrected or newly announced calendar applies to past data at once; a
// request keeps the snapshot it started with.
class ConfigHolder {
 public:
  explicit ConfigHolder(std::shared_ptr<const StatsConfig> config)
      : config_(std::move(config)) {}
  std::shared_ptr<const StatsConfig> Get() const {
    absl::MutexLock lock(&mutex_);
    return config_;
  }
  void Set(std::shared_ptr<const StatsConfig> config) {
    absl::MutexLock lock(&mutex_);
    config_ = std::move(config);
  }

 private:
  mutable absl::Mutex mutex_;
  std::shared_ptr<const StatsConfig> config_ ABSL_GUARDED_BY(mutex_);
};

class StatsServiceImpl final : public sgs::v1::StatsService::Service {
 public:
  // Makes the data source for one request; `not_after` is the request's
  // own deadline (outgoing calls must not outlive it).
  using SourceFactory =
      std::function<std::unique_ptr<StatsDataSource>(absl::Time not_after)>;

  // `configs` and `auth` must outlive the service.
  StatsServiceImpl(const ConfigHolder* configs, const Authenticator* auth,
                   SourceFactory source_factory);
  // Reports and bulletins carry its notice from now on (may be null).
  void set_calendar_monitor(const CalendarMonitor* monitor) {
    calendar_monitor_ = monitor;
  }

  grpc::Status GetUnitStats(grpc::ServerContext* context,
                            const sgs::v1::GetUnitStatsRequest* request,
                            sgs::v1::UnitStats* response) override;
  grpc::Status GetPeriodReport(grpc::ServerContext* context,
                               const sgs::v1::GetPeriodReportRequest* request,
                               sgs::v1::PeriodReport* response) override;
  grpc::Status ListEscalations(
      grpc::ServerContext* context,
      const sgs::v1::ListEscalationsRequest* request,
      sgs::v1::ListEscalationsResponse* response) override;
  grpc::Status CalculateDeadline(
      grpc::ServerContext* context,
      const sgs::v1::CalculateDeadlineRequest* request,
      sgs::v1::CalculateDeadlineResponse* response) override;
  grpc::Status ReconcileTable(
      grpc::ServerContext* context,
      const sgs::v1::ReconcileTableRequest* request,
      sgs::v1::ReconcileTableResponse* response) override;
  // In stats_service/list_record_timeliness.cc.
  grpc::Status ListRecordTimeliness(
      grpc::ServerContext* context,
      const sgs::v1::ListRecordTimelinessRequest* request,
      sgs::v1::ListRecordTimelinessResponse* response) override;
  grpc::Status RenderBulletin(
      grpc::ServerContext* context,
      const sgs::v1::RenderBulletinRequest* request,
      sgs::v1::RenderBulletinResponse* response) override;

  // The layout for the DOCX/PDF/XLSX/chart formats. Set once before the
  // service is registered (so read without a lock); null: those formats
  // answer FAILED_PRECONDITION.
  void SetDocumentAssets(std::shared_ptr<const DocumentAssets> assets) {
    document_assets_ = std::move(assets);
  }

  // The logic behind the RPCs, without gRPC types.
  static absl::StatusOr<std::vector<sgs::v1::Escalation>> Escalations(
      const StatsConfig& config, StatsDataSource& source,
      const sgs::v1::Period& period,
      sgs::v1::PeriodReport* report_out = nullptr);
  static absl::StatusOr<sgs::v1::CalculateDeadlineResponse> Deadline(
      const StatsConfig& config, const std::string& decision_date);
  // Quarter / year bulletins: the reports of its months / quarters and of
  // the period before (环比), into input->sub_reports / previous_report.
  static absl::Status AddTrendReports(const StatsConfig& config,
                                      StatsDataSource& source,
                                      BulletinInput* input);

 private:
  // The caller, if it may read stats (READER or CREDIT_OFFICE; a unit's
  // submitter only for `own_unit` when given).
  absl::Status Authorize(const grpc::ServerContext& context,
                         absl::string_view own_unit = "") const;
  std::unique_ptr<StatsDataSource> SourceFor(
      const grpc::ServerContext& context) const;

  const ConfigHolder* configs_;
  const Authenticator* auth_;
  SourceFactory source_factory_;
  std::shared_ptr<const DocumentAssets> document_assets_;
  const CalendarMonitor* calendar_monitor_ = nullptr;
};

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_STATS_SERVICE_IMPL_H_
