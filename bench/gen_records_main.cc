// gen_records: writes a benchmark data set (bench/record_generator.h) to
// --out_dir: registry.textproto (the generated units), records-NN.csv
// (--chunks files of the importer's back-fill CSV, in receipt order, each
// with its header) and deadlines.tsv (decision day, last on-time day,
// first missed day for every day of the data's years, from the shipped
// calendar and policy: PostgreSQL classifies with it).
//
//   gen_records --records=1000000 --units=1000 --chunks=10 --out_dir=DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/record_generator.h"
#include "common/calendar.h"
#include "common/check_digits.h"
#include "common/config_loader.h"
#include "common/dates.h"
#include "common/timeliness.h"

ABSL_FLAG(int64_t, records, 20000, "Records to generate.");
ABSL_FLAG(int, units, 1000, "Units in the generated registry.");
ABSL_FLAG(int, chunks, 10, "CSV files the records are split into.");
ABSL_FLAG(uint64_t, seed, 2024, "Generator seed.");
ABSL_FLAG(int64_t, number_offset, 0,
          "Added to every document number (as gen_records --number_offset): "
          "a set generated with an offset at or above another set's size "
          "shares no identity with it.");
ABSL_FLAG(std::string, out_dir, "", "Output directory (created).");
ABSL_FLAG(std::string, calendar, "config/calendar.textproto",
          "Working-day calendar for deadlines.tsv.");
ABSL_FLAG(std::string, policy, "config/policy.textproto",
          "Timeliness policy for deadlines.tsv.");

namespace {

bool WriteDeadlines(const std::string& path) {
  auto calendar =
      sgs::WorkingCalendar::LoadFromFile(absl::GetFlag(FLAGS_calendar));
  if (!calendar.ok()) {
    std::cerr << "gen_records: " << calendar.status() << "\n";
    return false;
  }
  sgs::config::v1::PolicyFile policy;
  absl::Status loaded =
      sgs::LoadTextProtoFile(absl::GetFlag(FLAGS_policy), &policy);
  if (!loaded.ok()) {
    std::cerr << "gen_records: " << loaded << "\n";
    return false;
  }
  auto classifier =
      sgs::TimelinessClassifier::Create(policy.timeliness(), &*calendar);
  if (!classifier.ok()) {
    std::cerr << "gen_records: " << classifier.status() << "\n";
    return false;
  }
  std::ofstream out(path);
  for (absl::CivilDay day(2024, 1, 1); day <= absl::CivilDay(2026, 12, 31);
       ++day) {
    auto deadlines = classifier->ComputeDeadlines(day);
    if (!deadlines.ok()) continue;  // needs a year the calendar lacks
    out << sgs::FormatDate(day) << '\t'
        << sgs::FormatDate(deadlines->last_on_time_day) << '\t'
        << sgs::FormatDate(deadlines->first_missed_day) << '\n';
  }
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string dir = absl::GetFlag(FLAGS_out_dir);
  if (dir.empty()) {
    std::cerr << "gen_records: --out_dir is required\n";
    return 2;
  }
  std::filesystem::create_directories(dir);
  sgs::bench::GeneratorOptions options;
  options.records = absl::GetFlag(FLAGS_records);
  options.units = absl::GetFlag(FLAGS_units);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.number_offset = absl::GetFlag(FLAGS_number_offset);
  const sgs::bench::RecordGenerator generator(options);
  {
    std::ofstream registry(dir + "/registry.textproto");
    registry << generator.RegistryTextproto();
    if (!registry) return 1;
  }
  if (!WriteDeadlines(dir + "/deadlines.tsv")) return 1;

  const int chunks = std::max(1, absl::GetFlag(FLAGS_chunks));
  const std::string header = absl::StrJoin(sgs::bench::CsvHeader(), ",");
  int64_t invalid = 0;
  for (int chunk = 0; chunk < chunks; ++chunk) {
    const int64_t begin = options.records * chunk / chunks;
    const int64_t end = options.records * (chunk + 1) / chunks;
    std::ofstream out(absl::StrFormat("%s/records-%02d.csv", dir, chunk + 1));
    out << header << '\n';
    for (int64_t i = begin; i < end; ++i) {
      const sgs::bench::GeneratedRecord generated = generator.At(i);
      const sgs::v1::Subject& subject = generated.record.subject();
      // The generator's own check: every identifier passes the project's
      // check-digit code (common/check_digits.h).
      if ((!subject.credit_code().empty() &&
           !sgs::IsValidCreditCode(subject.credit_code())) ||
          (!subject.id_number().empty() &&
           !sgs::IsValidResidentIdNumber(subject.id_number()))) {
        ++invalid;
      }
      out << sgs::bench::CsvRow(generated) << '\n';
    }
    if (!out) return 1;
  }
  if (invalid > 0) {
    std::cerr << "gen_records: " << invalid
              << " identifiers failed their check digit\n";
    return 1;
  }
  std::cerr << absl::StrFormat(
      "gen_records: %d records, %d units, %d files in %s\n", options.records,
      options.units, chunks, dir);
  return 0;
}
