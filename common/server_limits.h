// Transport limits shared by the ingest and stats servers: what one
// connection, or all of them together, may cost the process before gRPC
// refuses more. Without them a client (no token needed: HTTP/2 runs before
// authentication) can open tens of thousands of header-only streams and
// exhaust memory, or hold connections open forever.
//
//   ServerLimits limits = ServerLimitsFromFlags();   // common/server_flags
//   RETURN_IF_ERROR(CheckServerLimits(limits));
//   ApplyServerLimits(limits, "ingest_service", &builder);
//
// What a caller sees when it hits them (README "Proof"): streams over
// --max_streams_per_connection are refused by HTTP/2 (RST_STREAM
// REFUSED_STREAM; gRPC clients queue them instead), a call that finds the
// --grpc_memory_mb quota or --grpc_max_threads exhausted gets
// RESOURCE_EXHAUSTED or UNAVAILABLE from gRPC, an idle connection is closed
// after --max_connection_idle_seconds (GOAWAY; clients reconnect) and a
// peer that stops answering keepalive pings is dropped.
#ifndef SGS_COMMON_SERVER_LIMITS_H_
#define SGS_COMMON_SERVER_LIMITS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/server_builder.h"

namespace sgs {

struct ServerLimits {
  // HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS advertised on every connection.
  int max_streams_per_connection = 100;
  // gRPC's ResourceQuota: memory of all calls and connections together,
  // MiB; beyond it gRPC sheds load instead of growing.
  int grpc_memory_mb = 256;
  // Most threads gRPC's sync server may run (ResourceQuota::SetMaxThreads).
  int grpc_max_threads = 1000;
  // Server-initiated keepalive ping interval and the answer's deadline.
  int keepalive_time_seconds = 60;
  int keepalive_timeout_seconds = 20;
  // A connection without calls for this long is closed (GOAWAY).
  int max_connection_idle_seconds = 300;
  // Least interval between client pings accepted without data; faster
  // pings are strikes, and a few strikes close the connection.
  int min_client_ping_interval_seconds = 10;
};

// INVALID_ARGUMENT naming the flag when a limit is out of range.
absl::Status CheckServerLimits(const ServerLimits& limits);

// Sets the limits on `builder` (channel arguments and a ResourceQuota
// named after `server_name`).
void ApplyServerLimits(const ServerLimits& limits,
                       const std::string& server_name,
                       grpc::ServerBuilder* builder);

}  // namespace sgs

#endif  // SGS_COMMON_SERVER_LIMITS_H_
