// Plain-text and Markdown layouts of a BulletinDocument. Plain text reads
// like the paper bulletin: one block per paragraph, blank lines between,
// attachments as tab-separated tables after the 版记. Markdown uses
// headings and pipe tables. Both only lay out the document's words.
#ifndef SGS_STATS_SERVICE_BULLETIN_TEXT_WRITER_H_
#define SGS_STATS_SERVICE_BULLETIN_TEXT_WRITER_H_

#include <string>

#include "stats_service/document/bulletin_document.h"

namespace sgs::stats {

std::string WriteBulletinText(const BulletinDocument& doc);
std::string WriteBulletinMarkdown(const BulletinDocument& doc);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_BULLETIN_TEXT_WRITER_H_
