// RequestParseGuard: a server interceptor that gives a unary request which
// could not be parsed a clear INVALID_ARGUMENT instead of gRPC's INTERNAL
// with an empty message.
//
// Why an interceptor: gRPC 1.51's generated unary handlers parse the
// request (through SerializationTraits<MessageLite>) before any handler
// code runs, and answer a failure — typically a proto3 string field with
// invalid UTF-8 — with INTERNAL and no text. The sync server still runs
// the interceptors' POST_RECV_MESSAGE hook, with no message, and their
// PRE_SEND_STATUS hook, where the status can be replaced. Streams are not
// touched here: their messages are parsed by common/wire/request_parsing.h,
// which rejects the one bad record by name and reads on.
#ifndef SGS_COMMON_REQUEST_PARSE_GUARD_H_
#define SGS_COMMON_REQUEST_PARSE_GUARD_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace sgs {

// The message a caller gets; it names the likely cause.
inline constexpr char kUnparsableRequestMessage[] =
    "请求无法解析：字符串字段不是有效的 UTF-8，或消息不符合接口定义 "
    "(request is not valid UTF-8 or not a valid protobuf message)";

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestParseGuardFactory();

}  // namespace sgs

#endif  // SGS_COMMON_REQUEST_PARSE_GUARD_H_
