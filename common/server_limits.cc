#include "common/server_limits.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/resource_quota.h"

namespace sgs {
namespace {

absl::Status AtLeast(int value, int least, absl::string_view flag) {
  if (value >= least) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " 至少为 ", least, "，收到 ", value));
}

}  // namespace

absl::Status CheckServerLimits(const ServerLimits& limits) {
  for (absl::Status status : {
           AtLeast(limits.max_streams_per_connection, 1,
                   "max_streams_per_connection"),
           AtLeast(limits.grpc_memory_mb, 16, "grpc_memory_mb"),
           // The sync server needs a few threads of its own to poll.
           AtLeast(limits.grpc_max_threads, 4, "grpc_max_threads"),
           AtLeast(limits.keepalive_time_seconds, 1, "keepalive_time_seconds"),
           AtLeast(limits.keepalive_timeout_seconds, 1,
                   "keepalive_timeout_seconds"),
           AtLeast(limits.max_connection_idle_seconds, 1,
                   "max_connection_idle_seconds"),
           AtLeast(limits.min_client_ping_interval_seconds, 1,
                   "min_client_ping_interval_seconds"),
       }) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void ApplyServerLimits(const ServerLimits& limits,
                       const std::string& server_name,
                       grpc::ServerBuilder* builder) {
  builder->AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                              limits.max_streams_per_connection);
  grpc::ResourceQuota quota(server_name);
  quota.Resize(static_cast<size_t>(limits.grpc_memory_mb) << 20);
  quota.SetMaxThreads(limits.grpc_max_threads);
  builder->SetResourceQuota(quota);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                              limits.keepalive_time_seconds * 1000);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                              limits.keepalive_timeout_seconds * 1000);
  builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                              limits.max_connection_idle_seconds * 1000);
  builder->AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      limits.min_client_ping_interval_seconds * 1000);
  builder->AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  // Metadata (headers) of one call: gRPC's default soft limit, made
  // explicit so that a header flood cannot raise it.
  builder->AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
}

}  // namespace sgs
