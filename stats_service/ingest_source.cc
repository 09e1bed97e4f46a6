#include "stats_service/ingest_source.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/tls.h"
#include "grpcpp/grpcpp.h"

namespace sgs::stats {
namespace {

// Ingest's documented page-size limits.
constexpr int kAggregatePageSize = 10000;
constexpr int kListPageSize = 1000;
// A runaway pager (a server repeating a token) must not loop forever.
constexpr int kMaxPages = 1000000;

absl::Status IngestError(absl::string_view rpc, const grpc::Status& status) {
  absl::Status converted = FromGrpcStatus(status);
  return absl::Status(converted.code(),
                      absl::StrCat("读取归集服务失败 (ingest ", rpc,
                                   "): ", converted.message()));
}

}  // namespace

IngestDataSource::IngestDataSource(sgs::v1::IngestService::StubInterface* stub,
                                   absl::Duration call_timeout,
                                   absl::Time not_after, std::string token)
    : stub_(stub),
      call_timeout_(call_timeout),
      not_after_(not_after),
      token_(std::move(token)) {}

void IngestDataSource::PrepareContext(grpc::ClientContext* context) const {
  const absl::Time deadline = std::min(absl::Now() + call_timeout_, not_after_);
  context->set_deadline(absl::ToChronoTime(deadline));
  AddBearerToken(context, token_);
}

absl::StatusOr<std::vector<sgs::v1::DailyAggregate>>
IngestDataSource::ListDailyAggregates(const std::string& unit_code,
                                      sgs::v1::DateBasis basis,
                                      absl::CivilDay start,
                                      absl::CivilDay end) {
  std::vector<sgs::v1::DailyAggregate> aggregates;
  sgs::v1::ListDailyAggregatesRequest request;
  request.set_unit_code(unit_code);
  request.set_date_basis(basis);
  request.set_start_date(FormatDate(start));
  request.set_end_date(FormatDate(end));
  request.set_page_size(kAggregatePageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    PrepareContext(&context);
    sgs::v1::ListDailyAggregatesResponse response;
    grpc::Status status =
        stub_->ListDailyAggregates(&context, request, &response);
    if (!status.ok()) return IngestError("ListDailyAggregates", status);
    for (sgs::v1::DailyAggregate& aggregate : *response.mutable_aggregates()) {
      aggregates.push_back(std::move(aggregate));
    }
    if (response.next_page_token().empty()) return aggregates;
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ingest ListDailyAggregates: too many pages");
}

absl::Status IngestDataSource::ScanDailyAggregates(
    const std::string& unit_code, sgs::v1::DateBasis basis,
    absl::CivilDay start, absl::CivilDay end,
    const AggregatePageVisitor& visit) {
  sgs::v1::ListDailyAggregatesRequest request;
  request.set_unit_code(unit_code);
  request.set_date_basis(basis);
  request.set_start_date(FormatDate(start));
  request.set_end_date(FormatDate(end));
  request.set_page_size(columns_page_size_);
  request.set_view(sgs::v1::AGGREGATE_VIEW_COLUMNS);
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    PrepareContext(&context);
    sgs::v1::ListDailyAggregatesResponse response;
    grpc::Status status =
        stub_->ListDailyAggregates(&context, request, &response);
    if (!status.ok()) return IngestError("ListDailyAggregates", status);
    if (response.aggregates_size() > 0) {
      // An ingest service older than the view: rows, as before.
      absl::StatusOr<sgs::v1::DailyAggregateColumns> columns =
          AggregatesToColumns(std::vector<sgs::v1::DailyAggregate>(
              response.aggregates().begin(), response.aggregates().end()));
      if (!columns.ok()) return columns.status();
      if (absl::Status visited = visit(*columns); !visited.ok()) {
        return visited;
      }
    } else if (absl::Status visited = visit(response.columns());
               !visited.ok()) {
      return visited;
    }
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ingest ListDailyAggregates: too many pages");
}

absl::StatusOr<std::vector<sgs::v1::Record>> IngestDataSource::ListRecords(
    const std::string& unit_code, absl::CivilDay start,
    absl::optional<absl::CivilDay> end) {
  std::vector<sgs::v1::Record> records;
  sgs::v1::ListRecordsRequest request;
  request.set_parent(absl::StrCat("units/", unit_code));
  request.set_start_date(FormatDate(start));
  if (end.has_value()) request.set_end_date(FormatDate(*end));
  request.set_page_size(kListPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    PrepareContext(&context);
    sgs::v1::ListRecordsResponse response;
    grpc::Status status = stub_->ListRecords(&context, request, &response);
    if (!status.ok()) return IngestError("ListRecords", status);
    for (sgs::v1::Record& record : *response.mutable_records()) {
      records.push_back(std::move(record));
    }
    if (response.next_page_token().empty()) return records;
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ingest ListRecords: too many pages");
}

absl::StatusOr<std::vector<sgs::v1::Objection>>
IngestDataSource::ListObjections(absl::CivilDay start, absl::CivilDay end) {
  std::vector<sgs::v1::Objection> objections;
  sgs::v1::ListObjectionsRequest request;
  request.set_parent("units/-");
  // Only the period's resolutions, without their texts: what the figures
  // need, bounded whatever an objection's description holds.
  request.set_resolved_start_date(FormatDate(start));
  request.set_resolved_end_date(FormatDate(end));
  request.set_view(sgs::v1::LIST_VIEW_BASIC);
  request.set_page_size(kListPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    PrepareContext(&context);
    sgs::v1::ListObjectionsResponse response;
    grpc::Status status = stub_->ListObjections(&context, request, &response);
    if (!status.ok()) return IngestError("ListObjections", status);
    for (sgs::v1::Objection& objection : *response.mutable_objections()) {
      objections.push_back(std::move(objection));
    }
    if (response.next_page_token().empty()) return objections;
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ingest ListObjections: too many pages");
}

absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>>
IngestDataSource::ListSpotCheckFindings(absl::CivilDay start,
                                        absl::CivilDay end) {
  std::vector<sgs::v1::SpotCheckFinding> findings;
  sgs::v1::ListSpotCheckFindingsRequest request;
  request.set_parent("units/-");
  request.set_start_date(FormatDate(start));
  request.set_end_date(FormatDate(end));
  request.set_page_size(kListPageSize);
  request.set_view(sgs::v1::LIST_VIEW_BASIC);
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    PrepareContext(&context);
    sgs::v1::ListSpotCheckFindingsResponse response;
    grpc::Status status =
        stub_->ListSpotCheckFindings(&context, request, &response);
    if (!status.ok()) return IngestError("ListSpotCheckFindings", status);
    for (sgs::v1::SpotCheckFinding& finding : *response.mutable_findings()) {
      findings.push_back(std::move(finding));
    }
    if (response.next_page_token().empty()) return findings;
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError("ingest ListSpotCheckFindings: too many pages");
}

absl::StatusOr<std::vector<sgs::v1::Unit>> IngestDataSource::ListUnits() {
  grpc::ClientContext context;
  PrepareContext(&context);
  sgs::v1::ListUnitsRequest request;
  sgs::v1::ListUnitsResponse response;
  grpc::Status status = stub_->ListUnits(&context, request, &response);
  if (!status.ok()) return IngestError("ListUnits", status);
  return std::vector<sgs::v1::Unit>(response.units().begin(),
                                    response.units().end());
}

}  // namespace sgs::stats
