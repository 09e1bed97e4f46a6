// The per-unit cap of the rejected queue: a unit has at most `cap` open
// (not yet corrected) entries. Rejections beyond it are still answered to
// the caller (its response or stream summary lists them) but not queued,
// and a warning is logged; so a unit sending invalid records in a loop
// cannot grow the queue, or the disk, without bound. Resolved entries
// leave the open count as their records are corrected.
#ifndef SGS_INGEST_SERVICE_DOMAIN_REJECTION_CAP_H_
#define SGS_INGEST_SERVICE_DOMAIN_REJECTION_CAP_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "ingest_service/domain/record_store.h"

namespace sgs::ingest {

// Removes from `rejections` those that would take their unit past `cap`
// open entries (the later ones of the list first).
absl::Status DropOverQueueCap(
    int64_t cap, const RecordStore& store,
    std::vector<sgs::v1::RejectedSubmission>* rejections);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_REJECTION_CAP_H_
