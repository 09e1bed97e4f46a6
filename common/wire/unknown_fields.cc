#include "common/wire/unknown_fields.h"

#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/node_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"

namespace sgs::wire {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

// The fields of `type` that hold messages (maps included), computed once.
class MessageFieldIndex {
 public:
  const std::vector<const FieldDescriptor*>& Of(const Descriptor* type) {
    {
      absl::ReaderMutexLock lock(&mutex_);
      auto it = fields_.find(type);
      if (it != fields_.end()) return it->second;
    }
    std::vector<const FieldDescriptor*> fields;
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        fields.push_back(field);
      }
    }
    absl::MutexLock lock(&mutex_);
    // Node-based: the vector stays where it is when others are added.
    return fields_.try_emplace(type, std::move(fields)).first->second;
  }

 private:
  absl::Mutex mutex_;
  absl::node_hash_map<const Descriptor*, std::vector<const FieldDescriptor*>>
      fields_ ABSL_GUARDED_BY(mutex_);
};

MessageFieldIndex& Index() {
  static MessageFieldIndex* const index = new MessageFieldIndex;
  return *index;
}

}  // namespace

void DiscardUnknownFieldsDeep(Message* message) {
  const Reflection* reflection = message->GetReflection();
  // Only touched when there is something: the mutable set is allocated on
  // first use.
  if (!reflection->GetUnknownFields(*message).empty()) {
    reflection->MutableUnknownFields(message)->Clear();
  }
  for (const FieldDescriptor* field : Index().Of(message->GetDescriptor())) {
    if (field->is_repeated()) {
      const int count = reflection->FieldSize(*message, field);
      for (int i = 0; i < count; ++i) {
        DiscardUnknownFieldsDeep(
            reflection->MutableRepeatedMessage(message, field, i));
      }
    } else if (reflection->HasField(*message, field)) {
      DiscardUnknownFieldsDeep(reflection->MutableMessage(message, field));
    }
  }
}

}  // namespace sgs::wire
