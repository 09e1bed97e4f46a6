// Resource names of the ingest API (Google AIP-122 style):
//   units/{unit_code}
//   units/{unit_code}/records/{xk|cf}/{document number}
//   units/{unit_code}/objections/{id}
//   units/{unit_code}/spotCheckFindings/{id}
//   units/{unit_code}/rejectedSubmissions/{id}
// Document numbers are kept readable (Chinese stays as is); only '%' and
// '/' are percent-encoded so the name splits unambiguously.
#ifndef SGS_INGEST_SERVICE_RESOURCE_NAMES_H_
#define SGS_INGEST_SERVICE_RESOURCE_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/record_accessors.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

struct RecordIdentity {
  std::string unit_code;
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  std::string document_number;
};

// The unit, kind and 文书号 of a record (common/record_accessors.h).
RecordIdentity IdentityOf(const sgs::v1::Record& record);

std::string UnitName(absl::string_view unit_code);
std::string RecordName(const RecordIdentity& identity);

// `field` names the request field in errors (INVALID_ARGUMENT with a
// BadRequest violation).
absl::StatusOr<std::string> ParseUnitName(absl::string_view name,
                                          absl::string_view field);
absl::StatusOr<RecordIdentity> ParseRecordName(absl::string_view name,
                                               absl::string_view field);
// units/{unit}/{collection}/{id} with a decimal id.
absl::StatusOr<std::pair<std::string, uint64_t>> ParseChildName(
    absl::string_view name, absl::string_view collection,
    absl::string_view field);
std::string ChildName(absl::string_view unit_code, absl::string_view collection,
                      uint64_t id);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_RESOURCE_NAMES_H_
