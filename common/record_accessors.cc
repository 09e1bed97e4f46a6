#include "common/record_accessors.h"

namespace sgs {

sgs::v1::RecordKind KindOf(const sgs::v1::Record& record) {
  switch (record.decision_case()) {
    case sgs::v1::Record::kLicensing:
      return sgs::v1::LICENSING;
    case sgs::v1::Record::kPenalty:
      return sgs::v1::PENALTY;
    default:
      return sgs::v1::RECORD_KIND_UNSPECIFIED;
  }
}

const std::string& DocumentNumberOf(const sgs::v1::Record& record) {
  return record.has_penalty() ? record.penalty().document_number()
                              : record.licensing().document_number();
}

const std::string& DecisionDateOf(const sgs::v1::Record& record) {
  return record.has_penalty() ? record.penalty().decision_date()
                              : record.licensing().decision_date();
}

}  // namespace sgs
