// Which fields a correction changed, for the audit trail: the proto paths
// ("subject.name", "licensing.content", "penalty.categories") whose values
// differ between two versions of a record. Output-only fields (receipt
// time, version, ...) are not compared.
#ifndef SGS_INGEST_SERVICE_DOMAIN_RECORD_DIFF_H_
#define SGS_INGEST_SERVICE_DOMAIN_RECORD_DIFF_H_

#include <string>
#include <vector>

#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

std::vector<std::string> ChangedFields(const sgs::v1::Record& before,
                                       const sgs::v1::Record& after);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_RECORD_DIFF_H_
