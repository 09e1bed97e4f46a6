#include "stats_service/ingest_source.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/status_macros.h"
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

using Stub = sgs::v1::IngestService::StubInterface;

// Calls a paged List RPC page after page until the last, each call with a
// context from `prepare` (its own deadline and token), and hands every
// response to `on_page`; an error of the call or of `on_page` ends it.
template <typename Request, typename Response, typename Prepare,
          typename OnPage>
absl::Status ForEachPage(absl::string_view rpc, Stub* stub,
                         grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                      const Request&,
                                                      Response*),
                         const Prepare& prepare, Request request,
                         const OnPage& on_page) {
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    prepare(&context);
    Response response;
    const grpc::Status status = (stub->*method)(&context, request, &response);
    if (!status.ok()) return IngestError(rpc, status);
    if (absl::Status taken = on_page(response); !taken.ok()) return taken;
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError(absl::StrCat("ingest ", rpc, ": too many pages"));
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
  RETURN_IF_ERROR(ForEachPage(
      "ListDailyAggregates", stub_, &Stub::ListDailyAggregates,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](sgs::v1::ListDailyAggregatesResponse& response) {
        for (sgs::v1::DailyAggregate& aggregate :
             *response.mutable_aggregates()) {
          aggregates.push_back(std::move(aggregate));
        }
        return absl::OkStatus();
      }));
  return aggregates;
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
  return ForEachPage(
      "ListDailyAggregates", stub_, &Stub::ListDailyAggregates,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](const sgs::v1::ListDailyAggregatesResponse& response) {
        if (response.aggregates_size() == 0) return visit(response.columns());
        // An ingest service older than the view: rows, as before.
        absl::StatusOr<sgs::v1::DailyAggregateColumns> columns =
            AggregatesToColumns(std::vector<sgs::v1::DailyAggregate>(
                response.aggregates().begin(), response.aggregates().end()));
        if (!columns.ok()) return columns.status();
        return visit(*columns);
      });
}

absl::Status IngestDataSource::ScanClassifiedAggregates(
    const std::string& unit_code, sgs::v1::DateBasis basis,
    absl::CivilDay start, absl::CivilDay end,
    const sgs::v1::DeadlineTable& deadlines, const UnitTallyVisitor& tallies,
    const AggregatePageVisitor& rows) {
  sgs::v1::ListDailyAggregatesRequest request;
  request.set_unit_code(unit_code);
  request.set_date_basis(basis);
  request.set_start_date(FormatDate(start));
  request.set_end_date(FormatDate(end));
  request.set_page_size(tally_page_size_);
  request.set_view(sgs::v1::AGGREGATE_VIEW_UNIT_TALLIES);
  *request.mutable_deadlines() = deadlines;
  return ForEachPage(
      "ListDailyAggregates", stub_, &Stub::ListDailyAggregates,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](const sgs::v1::ListDailyAggregatesResponse& response) {
        if (response.aggregates_size() > 0) {
          // An ingest service older than the view: rows, as before.
          absl::StatusOr<sgs::v1::DailyAggregateColumns> columns =
              AggregatesToColumns(std::vector<sgs::v1::DailyAggregate>(
                  response.aggregates().begin(), response.aggregates().end()));
          if (!columns.ok()) return columns.status();
          return rows(*columns);
        }
        if (absl::Status status = tallies(response.unit_tallies());
            !status.ok()) {
          return status;
        }
        if (response.columns().unit_index_size() == 0) {
          return absl::OkStatus();
        }
        return rows(response.columns());
      });
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
  RETURN_IF_ERROR(ForEachPage(
      "ListRecords", stub_, &Stub::ListRecords,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](sgs::v1::ListRecordsResponse& response) {
        for (sgs::v1::Record& item : *response.mutable_records()) {
          records.push_back(std::move(item));
        }
        return absl::OkStatus();
      }));
  return records;
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
  RETURN_IF_ERROR(ForEachPage(
      "ListObjections", stub_, &Stub::ListObjections,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](sgs::v1::ListObjectionsResponse& response) {
        for (sgs::v1::Objection& item : *response.mutable_objections()) {
          objections.push_back(std::move(item));
        }
        return absl::OkStatus();
      }));
  return objections;
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
  RETURN_IF_ERROR(ForEachPage(
      "ListSpotCheckFindings", stub_, &Stub::ListSpotCheckFindings,
      [this](grpc::ClientContext* context) { PrepareContext(context); },
      std::move(request),
      [&](sgs::v1::ListSpotCheckFindingsResponse& response) {
        for (sgs::v1::SpotCheckFinding& item : *response.mutable_findings()) {
          findings.push_back(std::move(item));
        }
        return absl::OkStatus();
      }));
  return findings;
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
