#include "stats_service/bulletin_text_writer.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace sgs::stats {
namespace {

std::string TabSeparated(const Table& table) {
  std::string out = absl::StrJoin(table.column_headings, "\t");
  for (const auto& row : table.rows) {
    out += "\n";
    out += absl::StrJoin(row, "\t", [](std::string* o, const TableCell& c) {
      o->append(c.text);
    });
  }
  return out;
}

// 版记: "抄送：…" then "印发机关　　印发日期印发".
std::vector<std::string> Closing(const BulletinDocument& doc) {
  std::vector<std::string> lines;
  if (!doc.copy_to.empty()) lines.push_back(doc.copy_to);
  if (!doc.printer.empty()) {
    lines.push_back(
        absl::StrCat(doc.printer, "　　", doc.print_date_text, "印发"));
  }
  return lines;
}

// Backslash-escapes what Markdown would otherwise read as markup.
std::string EscapeMarkdown(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::StrContains("\\`*_[]<>|#", c)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string MarkdownTable(const Table& table) {
  std::vector<std::string> lines;
  auto line = [](const std::vector<std::string>& cells) {
    return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |");
  };
  std::vector<std::string> header;
  for (const std::string& h : table.column_headings) {
    header.push_back(EscapeMarkdown(h));
  }
  lines.push_back(line(header));
  // Numbers right-aligned, names left, as a spreadsheet shows them.
  std::vector<std::string> align;
  for (size_t i = 0; i < table.column_headings.size(); ++i) {
    align.emplace_back(i == 1 ? ":---" : "---:");
  }
  lines.push_back(line(align));
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const TableCell& cell : row) {
      cells.push_back(EscapeMarkdown(cell.text));
    }
    lines.push_back(line(cells));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace

std::string WriteBulletinText(const BulletinDocument& doc) {
  std::vector<std::string> blocks;
  if (!doc.draft_mark.empty()) blocks.push_back(doc.draft_mark);
  blocks.push_back(doc.issuer_mark);
  if (!doc.document_number.empty()) blocks.push_back(doc.document_number);
  blocks.push_back(doc.title);
  blocks.push_back(doc.addressee);
  for (const Paragraph& p : doc.body) blocks.push_back(p.text);
  if (!doc.attachment_notes.empty()) {
    blocks.push_back(absl::StrJoin(doc.attachment_notes, "\n"));
  }
  if (!doc.signature.empty()) blocks.push_back(doc.signature);
  blocks.push_back(doc.date_text);
  const std::vector<std::string> closing = Closing(doc);
  if (!closing.empty()) blocks.push_back(absl::StrJoin(closing, "\n"));
  for (const Attachment& a : doc.attachments) {
    blocks.push_back(a.label);
    blocks.push_back(a.title);
    blocks.push_back(TabSeparated(a.table));
  }
  return absl::StrCat(absl::StrJoin(blocks, "\n\n"), "\n");
}

std::string WriteBulletinMarkdown(const BulletinDocument& doc) {
  std::vector<std::string> blocks;
  if (!doc.draft_mark.empty()) {
    blocks.push_back(
        absl::StrCat("> **", EscapeMarkdown(doc.draft_mark), "**"));
  }
  blocks.push_back(absl::StrCat("**", EscapeMarkdown(doc.issuer_mark), "**"));
  if (!doc.document_number.empty()) {
    blocks.push_back(EscapeMarkdown(doc.document_number));
  }
  blocks.push_back(absl::StrCat("# ", EscapeMarkdown(doc.title)));
  blocks.push_back(EscapeMarkdown(doc.addressee));
  for (const Paragraph& p : doc.body) {
    const std::string text = EscapeMarkdown(p.text);
    switch (p.style) {
      case ParagraphStyle::kHeading1:
        blocks.push_back(absl::StrCat("## ", text));
        break;
      case ParagraphStyle::kHeading2:
        blocks.push_back(absl::StrCat("### ", text));
        break;
      case ParagraphStyle::kHeading3:
      case ParagraphStyle::kHeading4:
        blocks.push_back(absl::StrCat("#### ", text));
        break;
      case ParagraphStyle::kBody:
        blocks.push_back(text);
        break;
    }
  }
  if (!doc.attachment_notes.empty()) {
    std::vector<std::string> notes;
    for (const std::string& n : doc.attachment_notes) {
      notes.push_back(EscapeMarkdown(n));
    }
    // Two trailing spaces: a Markdown line break inside the block.
    blocks.push_back(absl::StrJoin(notes, "  \n"));
  }
  std::vector<std::string> signature;
  if (!doc.signature.empty()) {
    signature.push_back(EscapeMarkdown(doc.signature));
  }
  signature.push_back(EscapeMarkdown(doc.date_text));
  blocks.push_back(absl::StrJoin(signature, "  \n"));
  const std::vector<std::string> closing = Closing(doc);
  if (!closing.empty()) {
    std::vector<std::string> lines;
    lines.reserve(closing.size());
    for (const std::string& l : closing) lines.push_back(EscapeMarkdown(l));
    blocks.push_back(absl::StrCat("---\n\n", absl::StrJoin(lines, "  \n")));
  }
  for (const Attachment& a : doc.attachments) {
    blocks.push_back(absl::StrCat("## ", EscapeMarkdown(a.label)));
    blocks.push_back(absl::StrCat("**", EscapeMarkdown(a.title), "**"));
    blocks.push_back(MarkdownTable(a.table));
  }
  return absl::StrCat(absl::StrJoin(blocks, "\n\n"), "\n");
}

}  // namespace sgs::stats
