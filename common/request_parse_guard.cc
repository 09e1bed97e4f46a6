#include "common/request_parse_guard.h"

namespace sgs {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

class RequestParseGuard : public grpc::experimental::Interceptor {
 public:
  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      // The unary request arrived but could not be parsed.
      unparsable_ = true;
    }
    if (unparsable_ && methods->QueryInterceptionHookPoint(
                           InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT, kUnparsableRequestMessage));
      }
    }
    methods->Proceed();
  }

 private:
  bool unparsable_ = false;
};

class RequestParseGuardFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    // Unary calls only (see the header): nullptr leaves a call alone.
    if (info->type() != ServerRpcInfo::Type::UNARY) return nullptr;
    return new RequestParseGuard();
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestParseGuardFactory() {
  return std::make_unique<RequestParseGuardFactory>();
}

}  // namespace sgs
