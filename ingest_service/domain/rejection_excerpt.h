// What the rejected queue keeps of a refused submission: an excerpt, not
// the whole record. Every string field is cut to `max_field_bytes` (on a
// UTF-8 character boundary, "…" appended), every repeated field to
// `max_repeated` elements, unknown fields dropped; identity fields (unit
// code, 文书号) are short by the standard and survive whole. The
// violations are kept up to `max_violations`, each description cut like a
// field. So one queue entry costs at most a few tens of KiB, whatever was
// sent (a multi-MiB invalid record used to be stored whole), and a page of
// the queue stays readable.
#ifndef SGS_INGEST_SERVICE_DOMAIN_REJECTION_EXCERPT_H_
#define SGS_INGEST_SERVICE_DOMAIN_REJECTION_EXCERPT_H_

#include <string>

#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest {

struct ExcerptLimits {
  int max_field_bytes = 1024;
  int max_repeated = 32;
  int max_violations = 100;
};

// Cuts `rejection` (its record and violations) down in place.
void ReduceToExcerpt(const ExcerptLimits& limits,
                     sgs::v1::RejectedSubmission* rejection);

// `text` cut to at most `max_bytes` bytes on a UTF-8 boundary, with "…"
// appended when cut.
std::string TruncateUtf8(const std::string& text, int max_bytes);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_REJECTION_EXCERPT_H_
