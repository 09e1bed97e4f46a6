#include "common/record_masking.h"

#include "common/check_digits.h"

namespace sgs {

bool SeesIdNumbers(const Principal& caller, absl::string_view unit_code) {
  if (caller.development) return true;
  if (caller.role == sgs::config::v1::CREDIT_OFFICE) return true;
  return caller.role == sgs::config::v1::SUBMITTER &&
         caller.unit_code == unit_code;
}

void MaskRecordFor(const Principal& caller, sgs::v1::Record* record) {
  if (!record->has_subject() || record->subject().id_number().empty()) return;
  if (SeesIdNumbers(caller, record->unit_code())) return;
  record->mutable_subject()->set_id_number(
      MaskIdNumber(record->subject().id_number()));
}

}  // namespace sgs
