// The bulletin's tables as CSV for Excel/WPS: RFC 4180 (CRLF line ends,
// fields quoted when they hold a comma, quote or line break, quotes
// doubled), UTF-8 with a byte order mark so Excel reads it as UTF-8.
//
// Contract: a final document's CSV is the table itself, header row first
// (ReconcileTable reads it as published). A draft's CSV opens with one line
// holding only the draft mark (征求意见稿（数据截至X月X日）), the first thing
// a clerk sees in cell A1; ReconcileTable skips it as a title line.
#ifndef SGS_STATS_SERVICE_FORMATS_CSV_WRITER_H_
#define SGS_STATS_SERVICE_FORMATS_CSV_WRITER_H_

#include <string>

#include "stats_service/document/bulletin_document.h"

namespace sgs::stats {

// `draft_mark` empty: no mark line.
std::string WriteTableCsv(const Table& table, const std::string& draft_mark);

// An attachment (附件N) of the document as CSV, with its draft mark.
std::string WriteAttachmentCsv(const BulletinDocument& doc,
                               const Attachment& attachment);

// The escalation list (督办清单) as CSV, with the document's draft mark.
std::string WriteEscalationCsv(const BulletinDocument& doc);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_CSV_WRITER_H_
