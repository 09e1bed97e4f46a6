#include "ingest_service/domain/rejection_excerpt.h"

#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace sgs::ingest {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void Reduce(const ExcerptLimits& limits, Message* message) {
  const Reflection* reflection = message->GetReflection();
  reflection->MutableUnknownFields(message)->Clear();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated()) {
      while (reflection->FieldSize(*message, field) > limits.max_repeated) {
        reflection->RemoveLast(message, field);
      }
      const int size = reflection->FieldSize(*message, field);
      for (int i = 0; i < size; ++i) {
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          reflection->SetRepeatedString(
              message, field, i,
              TruncateUtf8(reflection->GetRepeatedString(*message, field, i),
                           limits.max_field_bytes));
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          Reduce(limits, reflection->MutableRepeatedMessage(message, field, i));
        }
      }
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      reflection->SetString(message, field,
                            TruncateUtf8(reflection->GetString(*message, field),
                                         limits.max_field_bytes));
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Reduce(limits, reflection->MutableMessage(message, field));
    }
  }
}

}  // namespace

std::string TruncateUtf8(const std::string& text, int max_bytes) {
  if (static_cast<int>(text.size()) <= max_bytes) return text;
  size_t end = static_cast<size_t>(max_bytes);
  // Back up over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end) + "…";
}

void ReduceToExcerpt(const ExcerptLimits& limits,
                     sgs::v1::RejectedSubmission* rejection) {
  Reduce(limits, rejection->mutable_record());
  auto* violations = rejection->mutable_violations();
  if (violations->size() > limits.max_violations) {
    violations->DeleteSubrange(limits.max_violations,
                               violations->size() - limits.max_violations);
  }
  for (auto& violation : *violations) {
    violation.set_description(
        TruncateUtf8(violation.description(), limits.max_field_bytes));
    violation.set_field(
        TruncateUtf8(violation.field(), limits.max_field_bytes));
  }
}

}  // namespace sgs::ingest
