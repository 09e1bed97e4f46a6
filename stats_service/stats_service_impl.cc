#include "stats_service/stats_service_impl.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config_loader.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/rpc_answer.h"
#include "common/status_macros.h"
#include "grpcpp/grpcpp.h"
#include "stats_service/bulletin_renderer.h"
#include "stats_service/bulletin_template.h"
#include "stats_service/escalations.h"
#include "stats_service/formats/format_dispatch.h"
#include "stats_service/formats/trend_data.h"
#include "stats_service/period.h"
#include "stats_service/reconcile.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DayKind;

// What one ListDailyAggregates call costs, in rows scanned (loopback, a
// 2-core machine, issue 11's measurements): the escalations' choice
// between reading few units one by one and a whole period.
constexpr int64_t kRowsPerCall = 1000;

std::string DayKindWord(DayKind kind) {
  return kind == sgs::config::v1::WORKING_DAYS ? "个工作日" : "个自然日";
}

// The department table's words from the template, so a region whose rows
// are counties reconciles its own 县（市、区） / 全省合计 table.
ReconcileNames ReconcileNamesOf(
    const sgs::config::v1::BulletinTemplate* bulletin_template) {
  ReconcileNames names;
  if (bulletin_template == nullptr) return names;
  for (const auto& table : bulletin_template->tables()) {
    if (table.unit_kind() != sgs::config::v1::DEPARTMENT) continue;
    if (!table.unit_heading().empty()) {
      names.unit_headings.push_back(table.unit_heading());
    }
    if (!table.total_row_name().empty()) {
      names.total_row_names.push_back(table.total_row_name());
    }
  }
  return names;
}

absl::Time DeadlineOf(const grpc::ServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  // gRPC reports "no deadline" as the far future; keep it unbounded.
  if (deadline >= std::chrono::system_clock::time_point::max() -
                      std::chrono::hours(24 * 365)) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

}  // namespace

absl::StatusOr<std::unique_ptr<StatsConfig>> StatsConfig::Load(
    const std::string& registry_path, const std::string& calendar_path,
    const std::string& policy_path, const std::string& bulletin_template_path) {
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::LoadFromFile(registry_path);
  if (!registry.ok()) return registry.status();
  absl::StatusOr<WorkingCalendar> calendar =
      WorkingCalendar::LoadFromFile(calendar_path);
  if (!calendar.ok()) return calendar.status();
  sgs::config::v1::PolicyFile policy;
  if (absl::Status status = LoadTextProtoFile(policy_path, &policy);
      !status.ok()) {
    return status;
  }
  std::unique_ptr<sgs::config::v1::BulletinTemplate> bulletin_template;
  if (!bulletin_template_path.empty()) {
    // Validated at load time so a typo is caught before any bulletin.
    absl::StatusOr<sgs::config::v1::BulletinTemplate> loaded =
        LoadBulletinTemplate(bulletin_template_path);
    if (!loaded.ok()) return loaded.status();
    bulletin_template =
        std::make_unique<sgs::config::v1::BulletinTemplate>(*std::move(loaded));
  }
  return FromParts(*std::move(registry), *std::move(calendar),
                   std::move(policy), std::move(bulletin_template));
}

absl::StatusOr<std::unique_ptr<StatsConfig>> StatsConfig::FromParts(
    UnitRegistry registry, WorkingCalendar calendar,
    sgs::config::v1::PolicyFile policy,
    std::unique_ptr<sgs::config::v1::BulletinTemplate> bulletin_template) {
  if (absl::Status status = ValidateEscalationPolicy(policy.escalation());
      !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("通报阈值配置有误 (policy): ", status.message()));
  }
  std::unique_ptr<StatsConfig> config(new StatsConfig(
      std::move(registry), std::move(calendar), std::move(policy)));
  absl::StatusOr<TimelinessClassifier> classifier =
      TimelinessClassifier::Create(config->policy_.timeliness(),
                                   &config->calendar_);
  if (!classifier.ok()) return classifier.status();
  config->classifier_ =
      std::make_unique<TimelinessClassifier>(*std::move(classifier));
  config->bulletin_template_ = std::move(bulletin_template);
  return config;
}

StatsServiceImpl::StatsServiceImpl(const ConfigHolder* configs,
                                   const Authenticator* auth,
                                   SourceFactory source_factory)
    : configs_(configs),
      auth_(auth),
      source_factory_(std::move(source_factory)) {}

absl::Status StatsServiceImpl::Authorize(const grpc::ServerContext& context,
                                         absl::string_view own_unit) const {
  absl::StatusOr<Principal> caller = auth_->Authenticate(context);
  if (!caller.ok()) return caller.status();
  // A unit may look at its own figures; tables, escalations and bulletins
  // are for readers and the credit office.
  if (!own_unit.empty() && caller->role == sgs::config::v1::SUBMITTER) {
    return RequireReadUnit(*caller, own_unit);
  }
  return RequireRole(*caller,
                     {sgs::config::v1::READER, sgs::config::v1::CREDIT_OFFICE},
                     "查询统计与通报");
}

std::unique_ptr<StatsDataSource> StatsServiceImpl::SourceFor(
    const grpc::ServerContext& context) const {
  return source_factory_(DeadlineOf(context));
}

grpc::Status StatsServiceImpl::GetUnitStats(
    grpc::ServerContext* context, const sgs::v1::GetUnitStatsRequest* request,
    sgs::v1::UnitStats* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Authorize(*context, request->unit_code()));
    if (request->unit_code().empty()) {
      return FieldError("unit_code", "required", "须指定单位代码");
    }
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    ASSIGN_OR_RETURN(*response,
                     config->calculator().UnitStatsFor(
                         *source, request->unit_code(), request->period()));
    return absl::OkStatus();
  });
}

grpc::Status StatsServiceImpl::GetPeriodReport(
    grpc::ServerContext* context,
    const sgs::v1::GetPeriodReportRequest* request,
    sgs::v1::PeriodReport* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Authorize(*context));
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    ASSIGN_OR_RETURN(
        *response, config->calculator().ReportFor(*source, request->period()));
    if (calendar_monitor_ != nullptr) {
      response->set_calendar_notice(calendar_monitor_->notice());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<sgs::v1::Escalation>> StatsServiceImpl::Escalations(
    const StatsConfig& config, StatsDataSource& source,
    const sgs::v1::Period& period, sgs::v1::PeriodReport* report_out) {
  const StatsCalculator calculator = config.calculator();
  absl::StatusOr<ResolvedPeriod> current = ResolvePeriod(period);
  if (!current.ok()) return current.status();
  const sgs::config::v1::EscalationPolicy& policy =
      config.policy().escalation();

  // The periods the interview rule looks back on, most recent first.
  std::vector<ResolvedPeriod> previous;
  sgs::v1::Period cursor = current->period;
  for (int i = 0; i < PreviousPeriodsNeeded(policy); ++i) {
    absl::StatusOr<sgs::v1::Period> before = PreviousPeriod(cursor);
    if (!before.ok()) break;  // Before 1900: nothing to look back on.
    absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(*before);
    if (!resolved.ok()) return resolved.status();
    previous.push_back(*resolved);
    cursor = *before;
  }

  // Each period is read as its own range and counted page by page
  // (ReportFor): memory stays one page and a tally per unit.
  EscalationInputs escalation_inputs;
  escalation_inputs.district_name = config.registry().district_name();
  absl::StatusOr<sgs::v1::PeriodReport> report =
      calculator.ReportFor(source, current->period);
  if (!report.ok()) return report.status();
  escalation_inputs.current = {*current, *std::move(report)};
  const sgs::v1::PeriodReport& now = escalation_inputs.current.report;
  // The interview rule looks back only on units that trigger now
  // (ComputeEscalations reads no other unit of a previous period). Reading
  // only them, each as its own range, costs a call each plus their rows;
  // the whole period costs all its rows: the cheaper is taken, estimated
  // from this period's records (a call costs about as much as
  // kRowsPerCall rows scanned).
  std::vector<std::string> triggered;
  int64_t triggered_records = 0;
  for (const auto* table : {&now.departments(), &now.townships()}) {
    for (const sgs::v1::UnitStats& unit : *table) {
      if (!RectificationTriggers(unit, policy).empty()) {
        triggered.push_back(unit.unit_code());
        triggered_records += unit.all().total_count();
      }
    }
  }
  const bool by_unit = static_cast<int64_t>(triggered.size()) * kRowsPerCall +
                           triggered_records <
                       now.district_total().all().total_count();
  for (const ResolvedPeriod& before : previous) {
    absl::StatusOr<sgs::v1::PeriodReport> before_report =
        by_unit ? calculator.ReportForUnits(source, before.period, triggered)
                : calculator.ReportFor(source, before.period);
    if (!before_report.ok()) return before_report.status();
    escalation_inputs.previous.push_back({before, *std::move(before_report)});
  }
  absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>> findings =
      source.ListSpotCheckFindings(current->start, current->end);
  if (!findings.ok()) return findings.status();
  escalation_inputs.findings = FindingsInPeriod(*current, *findings);
  absl::StatusOr<std::vector<sgs::v1::Escalation>> escalations =
      ComputeEscalations(escalation_inputs, policy);
  if (report_out != nullptr) {
    *report_out = std::move(escalation_inputs.current.report);
  }
  return escalations;
}

grpc::Status StatsServiceImpl::ListEscalations(
    grpc::ServerContext* context,
    const sgs::v1::ListEscalationsRequest* request,
    sgs::v1::ListEscalationsResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Authorize(*context));
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    ASSIGN_OR_RETURN(std::vector<sgs::v1::Escalation> escalations,
                     Escalations(*config, *source, request->period()));
    for (sgs::v1::Escalation& escalation : escalations) {
      *response->add_escalations() = std::move(escalation);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<sgs::v1::CalculateDeadlineResponse> StatsServiceImpl::Deadline(
    const StatsConfig& config, const std::string& decision_date) {
  absl::StatusOr<absl::CivilDay> decision = ParseDate(decision_date);
  if (!decision.ok()) {
    return FieldError("decision_date", "format", decision.status().message());
  }
  absl::StatusOr<Deadlines> deadlines =
      config.classifier().ComputeDeadlines(*decision);
  if (!deadlines.ok()) {
    if (!WorkingCalendar::IsCalendarUnknown(deadlines.status())) {
      return deadlines.status();
    }
    return absl::FailedPreconditionError(
        absl::StrCat("决定日期 ", FormatDate(*decision),
                     " 的报送期限需要尚未录入的年度工作日历，请区信用办补充该年"
                     "度日历后再查询：",
                     deadlines.status().message()));
  }
  const sgs::config::v1::TimelinessPolicy& policy =
      config.classifier().policy();
  sgs::v1::CalculateDeadlineResponse response;
  response.set_decision_date(FormatDate(*decision));
  response.set_last_on_time_date(FormatDate(deadlines->last_on_time_day));
  response.set_first_missed_date(FormatDate(deadlines->first_missed_day));
  response.set_rule(
      absl::StrCat("自作出决定之日起", policy.on_time_limit(),
                   DayKindWord(policy.on_time_day_kind()),
                   "内报送，决定当日不计；超过", policy.missed_limit(),
                   DayKindWord(policy.missed_day_kind()), "报送计为漏报"));
  response.set_last_not_missed_date(
      FormatDate(deadlines->first_missed_day - 1));
  static constexpr const char* kWeekdays[] = {
      "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
  int counted = 0;
  for (absl::CivilDay day = *decision + 1; day <= deadlines->last_on_time_day;
       ++day) {
    sgs::v1::CountedDay* out = response.add_counted_days();
    out->set_date(FormatDate(day));
    const absl::Weekday weekday = absl::GetWeekday(day);
    out->set_weekday(kWeekdays[static_cast<int>(weekday)]);
    absl::StatusOr<bool> working = config.calendar().IsWorkingDay(day);
    // Calendar-day limits need no calendar; such days are all counted.
    const bool is_working = working.ok() ? *working : true;
    out->set_working_day(is_working);
    if (is_working) out->set_working_day_number(++counted);
    std::string reason = config.calendar().DayName(day);
    if (reason.empty() && !is_working) reason = "周末";
    out->set_reason(reason);
  }
  return response;
}

grpc::Status StatsServiceImpl::CalculateDeadline(
    grpc::ServerContext* context,
    const sgs::v1::CalculateDeadlineRequest* request,
    sgs::v1::CalculateDeadlineResponse* response) {
  return Answer([&]() -> absl::Status {
    // Any authenticated caller: the deadline rule is public.
    RETURN_IF_ERROR(auth_->Authenticate(*context).status());
    ASSIGN_OR_RETURN(*response,
                     Deadline(*configs_->Get(), request->decision_date()));
    return absl::OkStatus();
  });
}

grpc::Status StatsServiceImpl::ReconcileTable(
    grpc::ServerContext* context, const sgs::v1::ReconcileTableRequest* request,
    sgs::v1::ReconcileTableResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Authorize(*context));
    if (request->table().empty()) {
      return FieldError("table", "required",
                        "须提供待核对的附件1表格 (CSV 或 TSV)");
    }
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    ASSIGN_OR_RETURN(
        sgs::v1::PeriodReport report,
        config->calculator().ReportFor(*source, request->period()));
    ASSIGN_OR_RETURN(*response,
                     sgs::stats::ReconcileTable(
                         request->table(), report, config->registry(),
                         ReconcileNamesOf(config->bulletin_template())));
    return absl::OkStatus();
  });
}

absl::Status StatsServiceImpl::AddTrendReports(const StatsConfig& config,
                                               StatsDataSource& source,
                                               BulletinInput* input) {
  // A quarter is read per month, a year per quarter; both against the
  // period before (环比). A month bulletin needs neither.
  const sgs::v1::Period& period = input->report.period();
  std::vector<sgs::v1::Period> parts;
  if (period.type() == sgs::v1::Period::QUARTER) {
    for (int m = 0; m < 3; ++m) {
      parts.push_back(
          MonthPeriod(period.year(), (period.quarter() - 1) * 3 + m + 1));
    }
  } else if (period.type() == sgs::v1::Period::YEAR) {
    for (int q = 1; q <= 4; ++q) {
      parts.push_back(QuarterPeriod(period.year(), q));
    }
  } else {
    return absl::OkStatus();
  }
  const StatsCalculator calculator = config.calculator();
  for (sgs::v1::Period& part : parts) {
    part.set_date_basis(period.date_basis());
    absl::StatusOr<sgs::v1::PeriodReport> report =
        calculator.ReportFor(source, part);
    if (!report.ok()) return report.status();
    input->sub_reports.push_back(*std::move(report));
  }
  absl::StatusOr<sgs::v1::Period> before = PreviousPeriod(period);
  if (!before.ok()) return absl::OkStatus();  // Nothing before 1900.
  absl::StatusOr<sgs::v1::PeriodReport> report =
      calculator.ReportFor(source, *before);
  if (!report.ok()) return report.status();
  input->previous_report = *std::move(report);
  return absl::OkStatus();
}

grpc::Status StatsServiceImpl::RenderBulletin(
    grpc::ServerContext* context, const sgs::v1::RenderBulletinRequest* request,
    sgs::v1::RenderBulletinResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Authorize(*context));
    const sgs::v1::Period::Type type = request->period().type();
    if (type != sgs::v1::Period::MONTH && type != sgs::v1::Period::QUARTER &&
        type != sgs::v1::Period::YEAR) {
      return FieldError("period.type", "bulletin_period",
                        "通报只按月、季度或年度生成 (MONTH, QUARTER or YEAR)");
    }
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    if (config->bulletin_template() == nullptr) {
      return absl::FailedPreconditionError(
          "未配置通报模板 (no bulletin template configured: "
          "--bulletin_template)");
    }
    const sgs::v1::BulletinFormat format =
        request->format() == sgs::v1::BULLETIN_FORMAT_UNSPECIFIED
            ? sgs::v1::TEXT
            : request->format();
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    BulletinInput input;
    ASSIGN_OR_RETURN(
        input.escalations,
        Escalations(*config, *source, request->period(), &input.report));
    input.document_number = request->document_number();
    input.district_name = config->registry().district_name();
    input.bulletin_template = *config->bulletin_template();
    input.policy = config->policy();
    input.calendar = &config->calendar();
    input.today = ChinaDate(absl::Now());
    input.draft = request->draft();
    RETURN_IF_ERROR(AddTrendReports(*config, *source, &input));
    input.document_assets = document_assets_.get();
    if (NeedsTrendChart(format)) {
      ASSIGN_OR_RETURN(
          input.trend_reports,
          GatherTrendReports(config->calculator(), *source, request->period()));
    }
    ASSIGN_OR_RETURN(*response, sgs::stats::RenderBulletin(input, format));
    const std::string notice =
        calendar_monitor_ == nullptr ? "" : calendar_monitor_->notice();
    if (!notice.empty()) {
      response->set_calendar_notice(notice);
      // The plain-text bulletin ends with it, for whoever reads the file.
      if (format == sgs::v1::TEXT) {
        response->mutable_content()->append("\n" + notice + "\n");
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace sgs::stats
