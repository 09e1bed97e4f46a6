// Valid 双公示 records to start from, for tests, fuzz targets and
// benchmarks alike: each passes every validation rule with the shipped
// registry (config/registry.textproto), and callers change fields from
// there. No gtest, no gRPC: the library links only the protos.
#ifndef SGS_TESTS_SUPPORT_RECORDS_H_
#define SGS_TESTS_SUPPORT_RECORDS_H_

#include <string>

#include "sgs/v1/record.pb.h"

namespace sgs::testing {

// A valid licensing record of `unit_code` (decision date YYYY-MM-DD) that
// passes every validation rule; tests change fields from here.
sgs::v1::Record ValidLicensingRecord(const std::string& unit_code,
                                     const std::string& document_number,
                                     const std::string& decision_date);
// A valid penalty record (a fine of 0.2 万元).
sgs::v1::Record ValidPenaltyRecord(const std::string& unit_code,
                                   const std::string& document_number,
                                   const std::string& decision_date);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_RECORDS_H_
