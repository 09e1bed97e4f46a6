// The command-line flags both servers (ingest_service, stats_service) share,
// defined once so that they mean the same in each, and read into one
// struct that each main copies into its server's options:
//   --host --registry --tokens --dev_no_auth --tls_cert --tls_key
//   --tls_client_ca --metrics_port --health_port --log_level
//   --shutdown_grace_seconds
//   and the transport limits (common/server_limits.h):
//   --max_streams_per_connection --grpc_memory_mb --grpc_max_threads
//   --keepalive_time_seconds --keepalive_timeout_seconds
//   --max_connection_idle_seconds --min_client_ping_interval_seconds
// --port and --max_message_bytes stay in each main: their defaults differ
// per service (50051 / 50052; 4 MiB / 16 MiB).
//
// Contract: only the two server mains link this file (its flags must not be
// registered twice, nor appear in another binary's --help).
#ifndef SGS_COMMON_SERVER_FLAGS_H_
#define SGS_COMMON_SERVER_FLAGS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server_limits.h"
#include "common/tls.h"

namespace sgs {

// The limits the flags give (their defaults are ServerLimits' own).
ServerLimits ServerLimitsFromFlags();

// Everything the shared flags say, after ParseProgramFlags.
struct ServerFlags {
  std::string host;                  // --host
  std::string registry_path;         // --registry
  std::string tokens_path;           // --tokens
  bool development_no_auth = false;  // --dev_no_auth
  TlsServerFiles tls;                // --tls_cert --tls_key --tls_client_ca
  // "host:port" of --metrics_port / --health_port on --host; "" = off.
  std::string metrics_address;
  std::string health_address;
  std::string log_level;          // --log_level
  absl::Duration shutdown_grace;  // --shutdown_grace_seconds
  ServerLimits server_limits;     // ServerLimitsFromFlags()

  // "host:port" to listen on.
  std::string ListenAddress(int port) const {
    return absl::StrCat(host, ":", port);
  }
};

ServerFlags ServerFlagsFromFlags();

// Copies the shared settings into a server's options (IngestServerOptions,
// StatsServerOptions: the same field names in both).
template <typename ServerOptions>
void ApplyServerFlags(const ServerFlags& flags, int port,
                      ServerOptions* options) {
  options->listen_address = flags.ListenAddress(port);
  options->registry_path = flags.registry_path;
  options->tokens_path = flags.tokens_path;
  options->development_no_auth = flags.development_no_auth;
  options->tls = flags.tls;
  options->metrics_address = flags.metrics_address;
  options->health_address = flags.health_address;
  options->server_limits = flags.server_limits;
}

}  // namespace sgs

#endif  // SGS_COMMON_SERVER_FLAGS_H_
