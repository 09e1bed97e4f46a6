// How the read RPCs shape what they return: a record looked up by unit and
// 文书号 is looked up normalised (as it was stored, identity_normalizer.h);
// objections can be filtered by the UTC+8 date of their resolution (the
// date that places an upheld objection in a period); and the BASIC view
// (LIST_VIEW_BASIC) leaves out the free texts, so the stats service reads
// counts and dates only, whatever anyone once pasted into a description.
#ifndef SGS_INGEST_SERVICE_READ_VIEWS_H_
#define SGS_INGEST_SERVICE_READ_VIEWS_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "ingest_service/resource_names.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest {

// Normalises the unit code and 文书号 of a lookup; kInvalidArgument naming
// the field when one holds an invisible character.
absl::Status NormalizeLookup(RecordIdentity* identity);

// True when no bound is given, or the objection was resolved on a date
// (UTC+8) within [start, end] (either bound may be absent).
bool ResolvedWithin(const sgs::v1::Objection& objection,
                    const absl::optional<absl::CivilDay>& start,
                    const absl::optional<absl::CivilDay>& end);

// BASIC view: description and resolution note left out.
void StripObjectionText(sgs::v1::Objection* objection);
// BASIC view: description left out.
void StripFindingText(sgs::v1::SpotCheckFinding* finding);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_READ_VIEWS_H_
