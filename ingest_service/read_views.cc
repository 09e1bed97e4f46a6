#include "ingest_service/read_views.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/field_error.h"
#include "common/identity_normalizer.h"

namespace sgs::ingest {

absl::Status NormalizeLookup(RecordIdentity* identity) {
  for (auto [value, field] :
       {std::pair<std::string*, const char*>{&identity->unit_code, "unit_code"},
        std::pair<std::string*, const char*>{&identity->document_number,
                                             "document_number"}}) {
    if (value->empty()) continue;
    absl::StatusOr<std::string> normal = NormalizeIdentityValue(*value);
    if (!normal.ok()) {
      return FieldError(field, kInvisibleCharacterRule,
                        normal.status().message());
    }
    *value = *std::move(normal);
  }
  return absl::OkStatus();
}

bool ResolvedWithin(const sgs::v1::Objection& objection,
                    const absl::optional<absl::CivilDay>& start,
                    const absl::optional<absl::CivilDay>& end) {
  if (!start.has_value() && !end.has_value()) return true;
  if (!objection.has_resolve_time()) return false;
  const absl::CivilDay day =
      ChinaDate(absl::FromUnixSeconds(objection.resolve_time().seconds()));
  return (!start.has_value() || day >= *start) &&
         (!end.has_value() || day <= *end);
}

void StripObjectionText(sgs::v1::Objection* objection) {
  objection->clear_description();
  objection->clear_resolution_note();
}

void StripFindingText(sgs::v1::SpotCheckFinding* finding) {
  finding->clear_description();
}

}  // namespace sgs::ingest
