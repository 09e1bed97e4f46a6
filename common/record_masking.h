// Who sees a natural person's 证件号码 (subject.id_number) in full: the
// credit office (it checks objections and spot-check findings against the
// person) and the reporting unit's own submitter (it wrote the number and
// corrects it). Every other caller — READER tokens, i.e. the stats service
// and other government systems — gets it masked: the first digits (the
// region) and the last ones kept, the middle (the birth date) starred,
// "110105********002X" (MaskIdNumber, common/check_digits.h). Development mode
// sees everything.
#ifndef SGS_COMMON_RECORD_MASKING_H_
#define SGS_COMMON_RECORD_MASKING_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/auth.h"
#include "sgs/v1/record.pb.h"

namespace sgs {

// Whether `caller` reads `unit_code`'s identity numbers in full.
bool SeesIdNumbers(const Principal& caller, absl::string_view unit_code);

// Masks the record's subject.id_number unless `caller` sees it in full.
void MaskRecordFor(const Principal& caller, sgs::v1::Record* record);

}  // namespace sgs

#endif  // SGS_COMMON_RECORD_MASKING_H_
