#include "common/server_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "common/metrics.h"

ABSL_FLAG(std::string, host, "0.0.0.0", "Address to listen on.");
ABSL_FLAG(std::string, registry, "config/registry.textproto",
          "Unit registry file (protobuf text format).");
ABSL_FLAG(std::string, tokens, "",
          "Token hashes of this service's callers (protobuf text TokenFile; "
          "a Kubernetes Secret).");
ABSL_FLAG(bool, dev_no_auth, false,
          "DEVELOPMENT ONLY: accept calls without tokens.");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate (enables TLS).");
ABSL_FLAG(std::string, tls_key, "", "PEM server private key.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA for client certificates (enables mTLS).");
ABSL_FLAG(int, metrics_port, 0,
          "Port of the Prometheus /metrics HTTP endpoint (0 = off).");
ABSL_FLAG(int, health_port, 0,
          "Plaintext health-only gRPC port for Kubernetes probes while the "
          "main port requires TLS (0 = off).");
ABSL_FLAG(std::string, log_level, "info",
          "Lowest level logged as JSON on stderr: debug, info, warning, "
          "error (debug adds health and reflection calls).");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "On SIGTERM, how long in-flight calls may take to finish.");

ABSL_FLAG(int, max_streams_per_connection,
          sgs::ServerLimits().max_streams_per_connection,
          "HTTP/2 streams (calls) open at once on one connection; more are "
          "refused (REFUSED_STREAM).");
ABSL_FLAG(int, grpc_memory_mb, sgs::ServerLimits().grpc_memory_mb,
          "gRPC ResourceQuota: memory of all connections and calls, MiB.");
ABSL_FLAG(int, grpc_max_threads, sgs::ServerLimits().grpc_max_threads,
          "gRPC ResourceQuota: most threads serving calls.");
ABSL_FLAG(int, keepalive_time_seconds,
          sgs::ServerLimits().keepalive_time_seconds,
          "Interval of the server's keepalive pings.");
ABSL_FLAG(int, keepalive_timeout_seconds,
          sgs::ServerLimits().keepalive_timeout_seconds,
          "A peer that does not answer a keepalive ping within this is "
          "dropped.");
ABSL_FLAG(int, max_connection_idle_seconds,
          sgs::ServerLimits().max_connection_idle_seconds,
          "A connection without calls for this long is closed (GOAWAY).");
ABSL_FLAG(int, min_client_ping_interval_seconds,
          sgs::ServerLimits().min_client_ping_interval_seconds,
          "Client pings more frequent than this (without data) are strikes; "
          "two strikes close the connection.");

namespace sgs {

ServerLimits ServerLimitsFromFlags() {
  ServerLimits limits;
  limits.max_streams_per_connection =
      absl::GetFlag(FLAGS_max_streams_per_connection);
  limits.grpc_memory_mb = absl::GetFlag(FLAGS_grpc_memory_mb);
  limits.grpc_max_threads = absl::GetFlag(FLAGS_grpc_max_threads);
  limits.keepalive_time_seconds = absl::GetFlag(FLAGS_keepalive_time_seconds);
  limits.keepalive_timeout_seconds =
      absl::GetFlag(FLAGS_keepalive_timeout_seconds);
  limits.max_connection_idle_seconds =
      absl::GetFlag(FLAGS_max_connection_idle_seconds);
  limits.min_client_ping_interval_seconds =
      absl::GetFlag(FLAGS_min_client_ping_interval_seconds);
  return limits;
}

ServerFlags ServerFlagsFromFlags() {
  ServerFlags flags;
  flags.host = absl::GetFlag(FLAGS_host);
  flags.registry_path = absl::GetFlag(FLAGS_registry);
  flags.tokens_path = absl::GetFlag(FLAGS_tokens);
  flags.development_no_auth = absl::GetFlag(FLAGS_dev_no_auth);
  flags.tls.cert_path = absl::GetFlag(FLAGS_tls_cert);
  flags.tls.key_path = absl::GetFlag(FLAGS_tls_key);
  flags.tls.client_ca_path = absl::GetFlag(FLAGS_tls_client_ca);
  flags.metrics_address =
      ListenAddressForPort(flags.host, absl::GetFlag(FLAGS_metrics_port));
  flags.health_address =
      ListenAddressForPort(flags.host, absl::GetFlag(FLAGS_health_port));
  flags.log_level = absl::GetFlag(FLAGS_log_level);
  flags.shutdown_grace =
      absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
  flags.server_limits = ServerLimitsFromFlags();
  return flags;
}

}  // namespace sgs
