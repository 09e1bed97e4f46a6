// How the ingest service's requests come off the wire. Included by the
// generated sgs/v1/ingest_service.grpc.pb.h (protoc's grpc plugin option
// additional_header_includes, see CMakeLists.txt), so every use of these
// types with gRPC sees the same grpc::SerializationTraits.
//
// gRPC's own deserialiser answers a request protobuf refuses — most often
// a string field that is not valid UTF-8 — with INTERNAL and an empty
// message, before any handler runs. Here instead:
//  - a unary request with invalid UTF-8 would be INVALID_ARGUMENT naming
//    each field — but gRPC 1.51's generated unary handlers parse through
//    SerializationTraits<MessageLite>, not the request's type, so these
//    traits serve only the client side of unary calls for now;
//  - a stream message (UploadRecords, BackfillRecords) is never dropped:
//    its invalid bytes are replaced by U+FFFD and the fields are marked, so
//    the stream handler rejects that record by name (InvalidUtf8Fields) and
//    goes on with the next — a refused parse would otherwise end the
//    stream's reading silently;
//  - unknown fields (field numbers the schema does not know) are discarded
//    from every request before any handler sees it.
#ifndef SGS_COMMON_WIRE_REQUEST_PARSING_H_
#define SGS_COMMON_WIRE_REQUEST_PARSING_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::wire {

// Parses `buffer` into `message` as described above (`in_stream`: mark,
// never fail).
grpc::Status ParseRequest(grpc::ByteBuffer* buffer,
                          google::protobuf::Message* message, bool in_stream);

// The paths ("record.subject.name") of the fields of a stream message
// whose bytes were not valid UTF-8; "record" when the message could not be
// parsed at all. Empty for a clean message.
std::vector<std::string> InvalidUtf8Fields(
    const google::protobuf::Message& request);

}  // namespace sgs::wire

#define SGS_WIRE_REQUEST_TRAITS(Type, in_stream)                             \
  namespace grpc {                                                           \
  template <>                                                                \
  class SerializationTraits<Type, void> {                                    \
   public:                                                                   \
    static Status Serialize(const grpc::protobuf::MessageLite& msg,          \
                            ByteBuffer* bb, bool* own_buffer) {              \
      return GenericSerialize<ProtoBufferWriter, Type>(msg, bb, own_buffer); \
    }                                                                        \
    static Status Deserialize(ByteBuffer* buffer, Type* msg) {               \
      return ::sgs::wire::ParseRequest(buffer, msg, in_stream);              \
    }                                                                        \
  };                                                                         \
  }

SGS_WIRE_REQUEST_TRAITS(sgs::v1::SubmitRecordRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::BatchSubmitRecordsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::UploadRecordsRequest, true)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::BackfillRecordsRequest, true)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::GetRecordRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListRecordsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListRecordVersionsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::WithdrawRecordRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListRejectedSubmissionsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListUnitsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::CreateObjectionRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ResolveObjectionRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListObjectionsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::CreateSpotCheckFindingRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListSpotCheckFindingsRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListAuditEntriesRequest, false)
SGS_WIRE_REQUEST_TRAITS(sgs::v1::ListDailyAggregatesRequest, false)

#undef SGS_WIRE_REQUEST_TRAITS

#endif  // SGS_COMMON_WIRE_REQUEST_PARSING_H_
