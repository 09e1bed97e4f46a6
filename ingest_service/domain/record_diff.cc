#include "ingest_service/domain/record_diff.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"

namespace sgs::ingest {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;

// Record fields set by the server, never by the sender.
const std::set<std::string>& OutputOnlyFields() {
  static const auto* fields = new std::set<std::string>{
      "name",    "receipt_time",     "receipt_date", "update_time",
      "version", "concealment_risk", "withdrawn",    "withdraw_reason"};
  return *fields;
}

void Diff(const Message& before, const Message& after,
          const std::string& prefix, bool top_level,
          std::vector<std::string>* changed) {
  const auto* descriptor = before.GetDescriptor();
  const auto* before_reflection = before.GetReflection();
  const auto* after_reflection = after.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (top_level && OutputOnlyFields().count(field->name())) continue;
    const std::string path = absl::StrCat(prefix, field->name());
    if (field->type() == FieldDescriptor::TYPE_MESSAGE &&
        !field->is_repeated()) {
      const bool had = before_reflection->HasField(before, field);
      const bool has = after_reflection->HasField(after, field);
      if (had && has) {
        Diff(before_reflection->GetMessage(before, field),
             after_reflection->GetMessage(after, field), path + ".", false,
             changed);
      } else if (had != has) {
        changed->push_back(path);
      }
      continue;
    }
    MessageDifferencer differencer;
    std::vector<const FieldDescriptor*> only = {field};
    differencer.set_scope(MessageDifferencer::FULL);
    if (!differencer.CompareWithFields(before, after, only, only)) {
      changed->push_back(path);
    }
  }
}

}  // namespace

std::vector<std::string> ChangedFields(const sgs::v1::Record& before,
                                       const sgs::v1::Record& after) {
  std::vector<std::string> changed;
  Diff(before, after, "", true, &changed);
  return changed;
}

}  // namespace sgs::ingest
