// Accessors every layer needs on a Record's oneof decision: its kind, its
// 文书号 and its decision date. One definition, used by resource names, the
// store, the importer and the stats service.
#ifndef SGS_COMMON_RECORD_ACCESSORS_H_
#define SGS_COMMON_RECORD_ACCESSORS_H_

#include <string>

#include "sgs/v1/record.pb.h"

namespace sgs {

// LICENSING or PENALTY from the set decision; UNSPECIFIED without one.
sgs::v1::RecordKind KindOf(const sgs::v1::Record& record);
// The decision's 文书号 ("" without a decision).
const std::string& DocumentNumberOf(const sgs::v1::Record& record);
// The decision's date text, YYYY-MM-DD ("" without a decision).
const std::string& DecisionDateOf(const sgs::v1::Record& record);

}  // namespace sgs

#endif  // SGS_COMMON_RECORD_ACCESSORS_H_
