// stats_service: computes the 双公示 bulletin's figures from the records the
// ingest service holds, and renders the bulletin.
//   stats_service --port=50052 --ingest_target=localhost:50051
//       --ingest_token_file=/run/secrets/stats-reader-token
//       --registry=config/registry.textproto
//       --calendar=config/calendar.textproto
//       --policy=config/policy.textproto
//       --bulletin_template=config/bulletin_template.textproto
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "common/build_info.h"
#include "common/logging.h"
#include "common/program_flags.h"
#include "common/server_flags.h"
#include "common/signals.h"
#include "stats_service/server.h"

ABSL_FLAG(int, port, 50052, "Port to listen on (0 picks a free one).");
ABSL_FLAG(std::string, ingest_target, "localhost:50051",
          "The ingest service, host:port.");
ABSL_FLAG(std::string, ingest_token_file, "",
          "File holding the bearer token (READER) for the ingest service.");
ABSL_FLAG(std::string, ingest_ca, "",
          "PEM CA of the ingest service's certificate (enables TLS).");
ABSL_FLAG(std::string, ingest_client_cert, "",
          "PEM client certificate for mTLS to the ingest service.");
ABSL_FLAG(std::string, ingest_client_key, "",
          "PEM client private key for mTLS to the ingest service.");
ABSL_FLAG(std::string, calendar, "config/calendar.textproto",
          "Working-day calendar file (protobuf text format).");
ABSL_FLAG(std::string, policy, "config/policy.textproto",
          "Timeliness and escalation policy file (protobuf text format).");
ABSL_FLAG(std::string, bulletin_template, "config/bulletin_template.textproto",
          "Bulletin template file; empty disables RenderBulletin.");
ABSL_FLAG(std::string, document_style, "config/document_style.textproto",
          "Layout of the DOCX/PDF/XLSX bulletin (fonts, margins, the .docx "
          "template); empty disables those formats.");
ABSL_FLAG(int, report_scans, 2,
          "Date ranges a report's period is read as at once (1..8).");
ABSL_FLAG(absl::Duration, rpc_deadline, absl::Seconds(30),
          "Deadline of each call to the ingest service.");
ABSL_FLAG(absl::Duration, health_check_interval, absl::Seconds(2),
          "How often the ingest service's health is checked.");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024,
          "Largest request or response message in bytes.");
ABSL_FLAG(int, calendar_warn_days, 60,
          "Warn (log daily, metric, notice in reports) when the working-day "
          "calendar ends within this many days.");

int main(int argc, char** argv) {
  sgs::BlockTerminationSignals();
  sgs::ParseProgramFlags(
      argc, argv, "stats_service",
      "双公示 stats service: rates, tables, escalations and the bulletin, "
      "computed from the ingest service's records.");
  const sgs::ServerFlags server_flags = sgs::ServerFlagsFromFlags();
  if (absl::Status logging = sgs::InitLogging(server_flags.log_level);
      !logging.ok()) {
    std::cerr << "stats_service: " << logging << "\n";
    return 1;
  }
  const sgs::BuildInfo& build = sgs::GetBuildInfo();
  sgs::LogEvent(sgs::LogLevel::kInfo, "stats_service", "version",
                sgs::LogFields()
                    .Add("version", build.version)
                    .Add("commit", build.commit)
                    .Add("build_type", build.build_type));

  sgs::stats::StatsServerOptions options;
  sgs::ApplyServerFlags(server_flags, absl::GetFlag(FLAGS_port), &options);
  options.ingest_target = absl::GetFlag(FLAGS_ingest_target);
  options.ingest_token_path = absl::GetFlag(FLAGS_ingest_token_file);
  options.ingest_tls.ca_path = absl::GetFlag(FLAGS_ingest_ca);
  options.ingest_tls.cert_path = absl::GetFlag(FLAGS_ingest_client_cert);
  options.ingest_tls.key_path = absl::GetFlag(FLAGS_ingest_client_key);
  options.calendar_path = absl::GetFlag(FLAGS_calendar);
  options.policy_path = absl::GetFlag(FLAGS_policy);
  options.bulletin_template_path = absl::GetFlag(FLAGS_bulletin_template);
  options.document_style_path = absl::GetFlag(FLAGS_document_style);
  options.rpc_deadline = absl::GetFlag(FLAGS_rpc_deadline);
  options.report_scans = absl::GetFlag(FLAGS_report_scans);
  options.health_check_interval = absl::GetFlag(FLAGS_health_check_interval);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.calendar_warn_days = absl::GetFlag(FLAGS_calendar_warn_days);

  auto server = sgs::stats::StatsServer::Start(options);
  if (!server.ok()) {
    std::cerr << "stats_service: 启动失败: " << server.status() << "\n";
    return 1;
  }
  std::cout << "stats_service listening on port " << (*server)->port()
            << " (ingest: " << options.ingest_target << ")\n"
            << "  grpcurl "
            << (options.tls.enabled() ? "-cacert <ca.pem>" : "-plaintext")
            << " localhost:" << (*server)->port()
            << " list sgs.v1.StatsService\n"
            << std::flush;
  const int signal_number = sgs::WaitForTerminationSignal();
  std::cout << "stats_service: signal " << signal_number << ", shutting down\n"
            << std::flush;
  (*server)->Shutdown(server_flags.shutdown_grace);
  std::cout << "stats_service: stopped cleanly\n";
  return 0;
}
