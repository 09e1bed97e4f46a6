#include "stats_service/unit_detail_export.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/grpc_status.h"

namespace sgs::stats {
namespace {

// RFC 4180 quoting: every cell quoted, quotes doubled.
std::string Cell(absl::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string ClassText(sgs::v1::TimelinessClass c) {
  switch (c) {
    case sgs::v1::LATE:
      return "迟报";
    case sgs::v1::MISSED:
      return "漏报";
    case sgs::v1::ON_TIME:
      return "按时";
    default:
      return "日历未知";
  }
}

void Prepare(grpc::ClientContext* context, const UnitDetailOptions& options) {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoSeconds(options.timeout));
  if (!options.token.empty()) {
    context->AddMetadata("authorization",
                         absl::StrCat("Bearer ", options.token));
  }
}

std::string PeriodKey(const sgs::v1::Period& period) {
  if (period.type() == sgs::v1::Period::QUARTER) {
    return absl::StrCat(period.year(), "-Q", period.quarter());
  }
  return absl::StrCat(period.year(), "-", period.month() < 10 ? "0" : "",
                      period.month());
}

}  // namespace

std::string UnitDetailCsv(
    const std::vector<sgs::v1::RecordTimeliness>& records) {
  std::string csv =
      "\xEF\xBB\xBF序号,文书号,种类,行政相对人名称,决定日期,归集日期,"
      "最后按时报送日,用时（工作日）,用时（自然日）,时效,瞒报风险\r\n";
  int n = 0;
  for (const sgs::v1::RecordTimeliness& r : records) {
    absl::StrAppend(
        &csv, ++n, ",", Cell(r.document_number()), ",",
        r.kind() == sgs::v1::PENALTY ? "行政处罚" : "行政许可", ",",
        Cell(r.subject_name()), ",", r.decision_date(), ",", r.receipt_date(),
        ",", r.last_on_time_date(), ",",
        r.working_days_taken() < 0 ? std::string("未知")
                                   : absl::StrCat(r.working_days_taken()),
        ",", r.calendar_days_taken(), ",", ClassText(r.timeliness()), ",",
        r.concealment_risk() ? "是" : "否", "\r\n");
  }
  return csv;
}

absl::StatusOr<std::vector<std::string>> WriteUnitDetails(
    sgs::v1::StatsService::StubInterface* stub, const sgs::v1::Period& period,
    const UnitDetailOptions& options) {
  sgs::v1::PeriodReport report;
  {
    grpc::ClientContext context;
    Prepare(&context, options);
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = period;
    grpc::Status status = stub->GetPeriodReport(&context, request, &report);
    if (!status.ok()) return FromGrpcStatus(status);
  }
  std::vector<const sgs::v1::UnitStats*> units;
  for (const auto& u : report.departments()) units.push_back(&u);
  for (const auto& u : report.townships()) units.push_back(&u);
  std::vector<std::string> written;
  for (const sgs::v1::UnitStats* unit : units) {
    if (unit->all().late_count() + unit->all().missed_count() == 0) continue;
    std::vector<sgs::v1::RecordTimeliness> records;
    std::string token;
    do {
      grpc::ClientContext context;
      Prepare(&context, options);
      sgs::v1::ListRecordTimelinessRequest request;
      request.set_parent(absl::StrCat("units/", unit->unit_code()));
      *request.mutable_period() = period;
      request.add_classes(sgs::v1::LATE);
      request.add_classes(sgs::v1::MISSED);
      request.set_page_size(1000);
      request.set_page_token(token);
      sgs::v1::ListRecordTimelinessResponse response;
      grpc::Status status =
          stub->ListRecordTimeliness(&context, request, &response);
      if (!status.ok()) return FromGrpcStatus(status);
      records.insert(records.end(), response.records().begin(),
                     response.records().end());
      token = response.next_page_token();
    } while (!token.empty());
    // Only the unit name's last path component: never outside out_dir.
    std::filesystem::path name =
        std::filesystem::path(absl::StrCat(unit->unit_name(), "-迟报漏报明细-",
                                           PeriodKey(period), ".csv"))
            .filename();
    const std::filesystem::path path =
        std::filesystem::path(options.out_dir) / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << UnitDetailCsv(records);
    out.close();
    if (!out) {
      return absl::DataLossError(
          absl::StrCat("写入失败 (cannot write) ", path.string()));
    }
    written.push_back(path.string());
  }
  return written;
}

}  // namespace sgs::stats
