// StatsServer: the stats service's gRPC server (StatsService, health,
// reflection). It keeps no state on disk: every figure is read from the
// ingest service at `ingest_target`. Health (grpc.health.v1, for "" and
// "sgs.v1.StatsService") is NOT_SERVING while the ingest service is
// unreachable: a background checker calls the ingest service's health Check
// with a deadline every `health_check_interval`. The same thread reloads
// the configuration files when they change (a newly announced calendar
// applies at once, to past data too); a file that no longer loads is
// reported and the configuration in force is kept. main.cc and the tests
// both start it through this class.
#ifndef SGS_STATS_SERVICE_SERVER_H_
#define SGS_STATS_SERVICE_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server_limits.h"
#include "common/tls.h"

namespace sgs::stats {

struct StatsServerOptions {
  // "host:port"; port 0 picks a free port (see StatsServer::port()).
  std::string listen_address = "0.0.0.0:50052";
  // The ingest service, "host:port".
  std::string ingest_target = "localhost:50051";
  // File holding the bearer token (a READER token) for calls to the ingest
  // service; empty sends none (an ingest service in development mode).
  std::string ingest_token_path;
  // TLS to the ingest service (plaintext when no CA is given).
  TlsClientFiles ingest_tls;
  // Configuration files (protobuf text format).
  std::string registry_path = "config/registry.textproto";
  std::string calendar_path = "config/calendar.textproto";
  std::string policy_path = "config/policy.textproto";
  // Empty: RenderBulletin answers FAILED_PRECONDITION.
  std::string bulletin_template_path = "config/bulletin_template.textproto";
  // Layout of the DOCX/PDF/XLSX/chart formats and the .docx template it
  // names; loaded once at start. Empty: those formats answer
  // FAILED_PRECONDITION.
  std::string document_style_path = "config/document_style.textproto";
  // Deadline of every call to the ingest service (and never beyond the
  // deadline of the request being served).
  absl::Duration rpc_deadline = absl::Seconds(30);
  // A report's period is read as this many date ranges at once (separate
  // calls, scanned on separate ingest threads); 1 reads it as one.
  int report_scans = 2;
  // How often, and with what deadline, the ingest service's health is
  // checked.
  absl::Duration health_check_interval = absl::Seconds(2);
  absl::Duration health_check_timeout = absl::Seconds(1);
  // Largest request or response message, bytes.
  int max_message_bytes = 16 * 1024 * 1024;
  // HTTP/2 and gRPC transport limits (common/server_limits.h).
  ServerLimits server_limits;
  // Bearer-token hashes of this service's callers (protobuf text
  // TokenFile). Required unless development_no_auth.
  std::string tokens_path;
  // Development only: accept every call without a token (logged loudly).
  bool development_no_auth = false;
  // TLS (and mTLS with a client CA) for this service's callers.
  TlsServerFiles tls;
  // Prometheus /metrics, "host:port" ("" = off; port 0 picks a free one).
  std::string metrics_address;
  // Plaintext health-only gRPC port for probes while the main port
  // requires TLS, "host:port" ("" = off).
  std::string health_address;
  // Warn (log, metric, a notice in reports) when the calendar ends within
  // this many days.
  int calendar_warn_days = 60;
};

class StatsServer {
 public:
  virtual ~StatsServer() = default;
  // Loads and validates the configuration and starts serving; returns once
  // listening. Health starts NOT_SERVING until the ingest service answers.
  static absl::StatusOr<std::unique_ptr<StatsServer>> Start(
      const StatsServerOptions& options);
  // The bound port.
  virtual int port() const = 0;
  // The bound /metrics and health-only ports (0 when off).
  virtual int metrics_port() const = 0;
  virtual int health_port() const = 0;
  // Health goes NOT_SERVING, the checker stops, in-flight calls finish (up
  // to `grace`). Idempotent.
  virtual void Shutdown(absl::Duration grace = absl::Seconds(10)) = 0;
  // Blocks until Shutdown() completes.
  virtual void Wait() = 0;
  // Configuration reloads: how often a changed file was loaded, and how
  // many of those loads were refused (the configuration in force kept).
  virtual int64_t config_reloads() const = 0;
  virtual int64_t config_reloads_refused() const = 0;
  // Completed checks of the ingest service's health (each has set this
  // service's health), so a test can wait for one instead of sleeping.
  virtual int64_t ingest_health_checks() const = 0;
};

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_SERVER_H_
