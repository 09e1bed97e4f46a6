#include "common/wire/request_parsing.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/wire/unknown_fields.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "utf8proc.h"

namespace sgs::wire {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::UnknownField;
using ::google::protobuf::UnknownFieldSet;

// The largest field number: the mark of a stream message's bad fields,
// far from any field the schema will ever use.
constexpr int kMarkField = 536870911;

// `text` with every malformed UTF-8 byte replaced by U+FFFD; false when
// nothing needed replacing.
bool RepairText(const std::string& text, std::string* out) {
  bool repaired = false;
  out->clear();
  size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(
        reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
        static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (len <= 0) {
      out->append("\xEF\xBF\xBD");
      ++i;
      repaired = true;
    } else {
      out->append(text, i, static_cast<size_t>(len));
      i += static_cast<size_t>(len);
    }
  }
  return repaired;
}

// Re-encodes the wire bytes of a `type` message with every string field's
// bad UTF-8 repaired, noting each repaired field's path. False when the
// bytes are not a well-formed message at all.
bool RepairMessage(const std::string& bytes, const Descriptor& type,
                   const std::string& prefix, std::string* out,
                   std::vector<std::string>* bad, int depth) {
  if (depth > 32) return false;
  UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return false;
  std::map<int, int> seen;
  for (int i = 0; i < fields.field_count(); ++i) {
    UnknownField* field = fields.mutable_field(i);
    if (field->type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const FieldDescriptor* descriptor = type.FindFieldByNumber(field->number());
    if (descriptor == nullptr) continue;
    std::string path = absl::StrCat(prefix, descriptor->name());
    if (descriptor->is_repeated()) {
      absl::StrAppend(&path, "[", seen[field->number()]++, "]");
    }
    if (descriptor->type() == FieldDescriptor::TYPE_STRING) {
      std::string repaired;
      if (RepairText(field->length_delimited(), &repaired)) {
        bad->push_back(path);
        *field->mutable_length_delimited() = std::move(repaired);
      }
    } else if (descriptor->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string inner;
      if (!RepairMessage(field->length_delimited(), *descriptor->message_type(),
                         absl::StrCat(path, "."), &inner, bad, depth + 1)) {
        return false;
      }
      *field->mutable_length_delimited() = std::move(inner);
    }
  }
  return fields.SerializeToString(out);
}

grpc::Status InvalidArgument(const std::string& message,
                             const std::vector<std::string>& fields) {
  google::rpc::BadRequest bad_request;
  for (const std::string& field : fields) {
    google::rpc::BadRequest::FieldViolation* v =
        bad_request.add_field_violations();
    v->set_field(field);
    v->set_description("invalid_utf8: 不是有效的 UTF-8 文本");
    if (bad_request.field_violations_size() >= 10) break;
  }
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  status.set_message(message);
  if (!fields.empty()) status.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message,
                      status.SerializeAsString());
}

void Mark(google::protobuf::Message* message,
          const std::vector<std::string>& fields) {
  message->GetReflection()->MutableUnknownFields(message)->AddLengthDelimited(
      kMarkField, absl::StrJoin(fields, ","));
}

}  // namespace

grpc::Status ParseRequest(grpc::ByteBuffer* buffer,
                          google::protobuf::Message* message, bool in_stream) {
  std::vector<grpc::Slice> slices;
  const grpc::Status dumped = buffer->Dump(&slices);
  if (!dumped.ok()) return dumped;
  std::string bytes;
  bytes.reserve(buffer->Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  slices.clear();
  buffer->Clear();
  if (message->ParseFromString(bytes)) {
    DiscardUnknownFieldsDeep(message);
    return grpc::Status::OK;
  }
  std::vector<std::string> bad;
  std::string repaired;
  if (RepairMessage(bytes, *message->GetDescriptor(), "", &repaired, &bad, 0) &&
      !bad.empty() && message->ParseFromString(repaired)) {
    DiscardUnknownFieldsDeep(message);
    if (in_stream) {
      Mark(message, bad);
      return grpc::Status::OK;
    }
    return InvalidArgument(
        absl::StrCat("请求不是有效的 UTF-8：字段 ", absl::StrJoin(bad, "、"),
                     " 含有无效的 UTF-8 字节 (request is not valid UTF-8)"),
        bad);
  }
  message->Clear();
  if (in_stream) {
    Mark(message, {"record"});
    return grpc::Status::OK;
  }
  return InvalidArgument(
      "请求无法解析：不是有效的 protobuf 消息 (request is not a valid "
      "protobuf message)",
      {});
}

std::vector<std::string> InvalidUtf8Fields(
    const google::protobuf::Message& request) {
  const UnknownFieldSet& unknown =
      request.GetReflection()->GetUnknownFields(request);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const UnknownField& field = unknown.field(i);
    if (field.number() == kMarkField &&
        field.type() == UnknownField::TYPE_LENGTH_DELIMITED) {
      return absl::StrSplit(field.length_delimited(), ',');
    }
  }
  return {};
}

}  // namespace sgs::wire
