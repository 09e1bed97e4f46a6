#include "common/server_flags.h"

#include "absl/flags/flag.h"

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

}  // namespace sgs
