// Per-call observation for both services, as a gRPC server interceptor so
// that the RPC handlers stay free of it: one JSON log line per call
// (common/logging.h: service, method, peer, token name and role, unit,
// status code, duration, record counts) plus one line per rejected record
// with its rule ids and one per refused authentication; and the call
// metrics (sgs_grpc_calls_total, sgs_grpc_call_duration_seconds,
// sgs_grpc_active_streams). Health and reflection calls are logged at debug
// level only (kubelet probes would otherwise fill the log) but counted.
//
// Messages are read with protobuf reflection: the unit from the request's
// unit_code / parent / name (or record.unit_code), the counts from the
// response's *_count fields, the rule ids from google.rpc.BadRequest
// violations ("rule: description") in results / rejections and in an
// error's details.
#ifndef SGS_COMMON_CALL_OBSERVER_H_
#define SGS_COMMON_CALL_OBSERVER_H_

#include <memory>
#include <string>

#include "common/auth.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/registry.h"

namespace sgs {

struct CallObserverOptions {
  // "ingest_service" / "stats_service", the metrics' service label.
  std::string service;
  // Names the caller in the log (may be null: no token names).
  const Authenticator* auth = nullptr;
  // Where the call metrics go (may be null: logging only).
  prometheus::Registry* registry = nullptr;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeCallObserverFactory(const CallObserverOptions& options);

// The rule id of a violation description ("R-DATE-ORDER: ..." -> the part
// before ": "; the whole text when there is no colon).
std::string RuleIdOf(const std::string& description);

}  // namespace sgs

#endif  // SGS_COMMON_CALL_OBSERVER_H_
