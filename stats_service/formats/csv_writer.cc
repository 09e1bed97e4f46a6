#include "stats_service/formats/csv_writer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace sgs::stats {
namespace {

std::string CsvField(absl::string_view value) {
  if (value.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(value);
  }
  return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\"", "\"\""}}), "\"");
}

void AppendRow(const std::vector<std::string>& fields, std::string* out) {
  std::vector<std::string> cells;
  cells.reserve(fields.size());
  for (const std::string& f : fields) cells.push_back(CsvField(f));
  absl::StrAppend(out, absl::StrJoin(cells, ","), "\r\n");
}

}  // namespace

std::string WriteTableCsv(const Table& table, const std::string& draft_mark) {
  std::string out = "\xEF\xBB\xBF";
  if (!draft_mark.empty()) AppendRow({draft_mark}, &out);
  AppendRow(table.column_headings, &out);
  std::vector<std::string> texts;
  for (const auto& row : table.rows) {
    texts.clear();
    for (const TableCell& cell : row) texts.push_back(cell.text);
    AppendRow(texts, &out);
  }
  return out;
}

std::string WriteAttachmentCsv(const BulletinDocument& doc,
                               const Attachment& attachment) {
  return WriteTableCsv(attachment.table, doc.draft_mark);
}

std::string WriteEscalationCsv(const BulletinDocument& doc) {
  return WriteTableCsv(doc.escalation_list, doc.draft_mark);
}

}  // namespace sgs::stats
