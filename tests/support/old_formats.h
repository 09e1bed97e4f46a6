// Older store formats, made from a current one, for the tests of the
// migrations (ingest_service/storage/format_migration.h): the aggregates
// as formats 2 and 3 held them, written into a closed store of the current
// format. gtest-free; the store must not be open elsewhere.
#ifndef SGS_TESTS_SUPPORT_OLD_FORMATS_H_
#define SGS_TESTS_SUPPORT_OLD_FORMATS_H_

#include <string>

#include "absl/status/status.h"

namespace sgs::testing {

// Format 3: every agg_by_date entry also in its unit-first table
// (agg_by_receipt / agg_by_decision), format version "3".
absl::Status RewindToFormatThree(const std::string& path);

// Format 2: the unit-first tables as above and agg_by_date emptied, except
// every `keep_by_date_every`-th entry (0: none) — what a 2 → 3 migration
// interrupted after some of its batches leaves; format version "2".
absl::Status RewindToFormatTwo(const std::string& path,
                               int keep_by_date_every = 0);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_OLD_FORMATS_H_
