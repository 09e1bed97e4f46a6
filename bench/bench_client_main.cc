// bench_client: the service side of bench/run.sh, over the public RPCs.
//
//   bench_client --mode=report --target=H:P --period=month:2024-07
//       [--repeat=3] [--table_out=FILE]
//     GetPeriodReport; prints the fastest and median call and writes the
//     per-unit table (unit, licensing, penalty, total, late, missed) as TSV
//     sorted by unit, for the comparison with PostgreSQL.
//   bench_client --mode=escalations --target=H:P --period=month:2024-07
//     ListEscalations; writes the units escalated for their late rate (one
//     a line, sorted).
//   bench_client --mode=submit --target=H:P --count=200 --records=N
//     SubmitRecord of fresh generated records, one at a time; prints p50
//     and p99 latency.
// Periods: month:YYYY-MM, quarter:YYYY-Q, year:YYYY.
// Output lines are "key=value" pairs for the script to read.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/record_generator.h"
#include "common/dates.h"
#include "grpcpp/grpcpp.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "sgs/v1/stats_service.grpc.pb.h"

ABSL_FLAG(std::string, mode, "report", "report, escalations or submit.");
ABSL_FLAG(std::string, target, "127.0.0.1:50052", "Service address.");
ABSL_FLAG(std::string, period, "month:2024-07", "The period (see --help).");
ABSL_FLAG(int, repeat, 3, "Calls to time (report, escalations).");
ABSL_FLAG(std::string, table_out, "", "Where to write the table.");
ABSL_FLAG(int, count, 200, "SubmitRecord calls (submit).");
ABSL_FLAG(int64_t, records, 20000,
          "Records of the data set (submit numbers its records after them).");
ABSL_FLAG(int, units, 1000, "Units (as gen_records --units).");
ABSL_FLAG(uint64_t, seed, 2024, "Seed (as gen_records --seed).");
ABSL_FLAG(int64_t, number_offset, 0,
          "Added to every document number (as gen_records --number_offset): "
          "a set generated with an offset at or above another set's size "
          "shares no identity with it.");
ABSL_FLAG(int64_t, offset, 0,
          "Added to the fresh records' indexes (submit), so two runs do not "
          "collide.");

namespace {

bool ParsePeriod(const std::string& text, sgs::v1::Period* period) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::ByAnyChar(":-"));
  int year = 0, n = 0;
  if (parts.size() < 2 || !absl::SimpleAtoi(parts[1], &year)) return false;
  period->set_year(year);
  if (parts[0] == "year" && parts.size() == 2) {
    period->set_type(sgs::v1::Period::YEAR);
    return true;
  }
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[2], &n)) return false;
  if (parts[0] == "month") {
    period->set_type(sgs::v1::Period::MONTH);
    period->set_month(n);
    return true;
  }
  if (parts[0] == "quarter") {
    period->set_type(sgs::v1::Period::QUARTER);
    period->set_quarter(n);
    return true;
  }
  return false;
}

double Millis(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

struct Timings {
  double fastest = 0;
  double median = 0;
};

Timings Summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms.front(), ms[ms.size() / 2]};
}

int Report(sgs::v1::StatsService::Stub* stub, const sgs::v1::Period& period) {
  std::vector<double> ms;
  sgs::v1::PeriodReport report;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_repeat)); ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(10));
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = period;
    report.Clear();
    const absl::Time start = absl::Now();
    grpc::Status status = stub->GetPeriodReport(&context, request, &report);
    ms.push_back(Millis(absl::Now() - start));
    if (!status.ok()) {
      std::cerr << "bench_client: GetPeriodReport: " << status.error_message()
                << "\n";
      return 1;
    }
  }
  std::vector<std::string> rows;
  for (const auto* units : {&report.departments(), &report.townships()}) {
    for (const sgs::v1::UnitStats& unit : *units) {
      if (unit.no_records()) continue;
      rows.push_back(absl::StrFormat(
          "%s\t%d\t%d\t%d\t%d\t%d", unit.unit_code(), unit.licensing_count(),
          unit.penalty_count(), unit.all().total_count(),
          unit.all().late_count(), unit.all().missed_count()));
    }
  }
  std::sort(rows.begin(), rows.end());
  if (!absl::GetFlag(FLAGS_table_out).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_table_out));
    for (const std::string& row : rows) out << row << '\n';
  }
  const Timings t = Summarize(ms);
  std::cout << absl::StrFormat(
      "report fastest_ms=%.1f median_ms=%.1f units=%d total=%d "
      "unclassified=%d\n",
      t.fastest, t.median, rows.size(),
      report.district_total().all().total_count(), report.unclassified_count());
  return 0;
}

int Escalations(sgs::v1::StatsService::Stub* stub,
                const sgs::v1::Period& period) {
  std::vector<double> ms;
  sgs::v1::ListEscalationsResponse response;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_repeat)); ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(10));
    sgs::v1::ListEscalationsRequest request;
    *request.mutable_period() = period;
    response.Clear();
    const absl::Time start = absl::Now();
    grpc::Status status = stub->ListEscalations(&context, request, &response);
    ms.push_back(Millis(absl::Now() - start));
    if (!status.ok()) {
      std::cerr << "bench_client: ListEscalations: " << status.error_message()
                << "\n";
      return 1;
    }
  }
  std::vector<std::string> units;
  for (const sgs::v1::Escalation& escalation : response.escalations()) {
    // The late-rate rule (迟报率高于阈值), the one PostgreSQL recomputes;
    // named units and commendations ride on the same list.
    for (int trigger : escalation.triggers()) {
      if (trigger == sgs::v1::LATE_RATE_ABOVE_THRESHOLD &&
          !escalation.unit_code().empty()) {
        units.push_back(escalation.unit_code());
      }
    }
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  if (!absl::GetFlag(FLAGS_table_out).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_table_out));
    for (const std::string& unit : units) out << unit << '\n';
  }
  const Timings t = Summarize(ms);
  std::cout << absl::StrFormat(
      "escalations fastest_ms=%.1f median_ms=%.1f units=%d\n", t.fastest,
      t.median, units.size());
  return 0;
}

int Submit(const std::string& target) {
  auto stub = sgs::v1::IngestService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  sgs::bench::GeneratorOptions options;
  options.records = absl::GetFlag(FLAGS_records);
  options.units = absl::GetFlag(FLAGS_units);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.number_offset = absl::GetFlag(FLAGS_number_offset);
  const sgs::bench::RecordGenerator generator(options);
  // Decided yesterday: a live submission, on time.
  const std::string yesterday =
      sgs::FormatDate(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 1);
  std::vector<double> ms;
  for (int i = 0; i < absl::GetFlag(FLAGS_count); ++i) {
    sgs::v1::Record record =
        generator.At(options.records + absl::GetFlag(FLAGS_offset) + i).record;
    if (record.has_licensing()) {
      record.mutable_licensing()->set_decision_date(yesterday);
      record.mutable_licensing()->set_valid_from(yesterday);
    } else {
      record.mutable_penalty()->set_decision_date(yesterday);
    }
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = std::move(record);
    sgs::v1::SubmitRecordResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    const absl::Time start = absl::Now();
    grpc::Status status = stub->SubmitRecord(&context, request, &response);
    ms.push_back(Millis(absl::Now() - start));
    if (!status.ok() || !response.created()) {
      std::cerr << "bench_client: SubmitRecord: " << status.error_message()
                << "\n";
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&ms](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(
                                          q * static_cast<double>(ms.size())))];
  };
  std::cout << absl::StrFormat("submit count=%d p50_ms=%.2f p99_ms=%.2f\n",
                               ms.size(), at(0.50), at(0.99));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string mode = absl::GetFlag(FLAGS_mode);
  const std::string target = absl::GetFlag(FLAGS_target);
  if (mode == "submit") return Submit(target);
  sgs::v1::Period period;
  if (!ParsePeriod(absl::GetFlag(FLAGS_period), &period)) {
    std::cerr << "bench_client: --period: month:YYYY-MM, quarter:YYYY-Q or "
                 "year:YYYY\n";
    return 2;
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(256 << 20);
  auto stub = sgs::v1::StatsService::NewStub(grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments));
  if (mode == "report") return Report(stub.get(), period);
  if (mode == "escalations") return Escalations(stub.get(), period);
  std::cerr << "bench_client: --mode: report, escalations or submit\n";
  return 2;
}
