// Command-line flags of the transport limits (common/server_limits.h),
// defined once for both servers so that they mean the same in each:
//   --max_streams_per_connection --grpc_memory_mb --grpc_max_threads
//   --keepalive_time_seconds --keepalive_timeout_seconds
//   --max_connection_idle_seconds --min_client_ping_interval_seconds
#ifndef SGS_COMMON_SERVER_FLAGS_H_
#define SGS_COMMON_SERVER_FLAGS_H_

#include "common/server_limits.h"

namespace sgs {

// The limits the flags give (their defaults are ServerLimits' own).
ServerLimits ServerLimitsFromFlags();

}  // namespace sgs

#endif  // SGS_COMMON_SERVER_FLAGS_H_
