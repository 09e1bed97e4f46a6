#include "stats_service/bulletin_template.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/config_loader.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::BulletinTemplate;
using ::sgs::config::v1::DayKind;
using ::sgs::config::v1::PolicyFile;

// A template text split into literal runs and placeholder names.
struct Piece {
  bool is_placeholder = false;
  absl::string_view text;  // The literal, or the name without braces.
};

absl::StatusOr<std::vector<Piece>> Split(absl::string_view text) {
  std::vector<Piece> pieces;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find_first_of("{}", pos);
    if (open == absl::string_view::npos) {
      pieces.push_back({false, text.substr(pos)});
      break;
    }
    if (text[open] == '}') {
      return absl::InvalidArgumentError(
          absl::StrCat("多余的 \"}\" (stray closing brace) at byte ", open));
    }
    if (open > pos) pieces.push_back({false, text.substr(pos, open - pos)});
    const size_t close = text.find_first_of("{}", open + 1);
    if (close == absl::string_view::npos || text[close] != '}') {
      return absl::InvalidArgumentError(absl::StrCat(
          "占位符缺少 \"}\" (unclosed placeholder) at byte ", open));
    }
    pieces.push_back({true, text.substr(open + 1, close - open - 1)});
    pos = close + 1;
  }
  return pieces;
}

bool IsKnown(absl::string_view name) {
  const std::vector<std::string>& known = KnownBulletinPlaceholders();
  return std::find(known.begin(), known.end(), name) != known.end();
}

absl::Status CheckText(absl::string_view field, absl::string_view text) {
  absl::StatusOr<std::vector<Piece>> pieces = Split(text);
  if (!pieces.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("通报模板字段 ", field, ": ", pieces.status().message()));
  }
  for (const Piece& piece : *pieces) {
    if (piece.is_placeholder && !IsKnown(piece.text)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "通报模板字段 ", field, " 含未知占位符 (unknown placeholder) {",
          piece.text, "}"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> DayKindName(DayKind kind, absl::string_view field) {
  switch (kind) {
    case sgs::config::v1::WORKING_DAYS:
      return std::string("工作日");
    case sgs::config::v1::CALENDAR_DAYS:
      return std::string("自然日");
    default:
      return absl::FailedPreconditionError(absl::StrCat(
          "通报模板引用的政策项未设置 (policy value not set): ", field));
  }
}

absl::StatusOr<std::string> Positive(double value, absl::string_view field) {
  if (!(value > 0)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "通报模板引用的政策项未设置 (policy value not set): ", field));
  }
  // StrCat prints doubles with up to six significant digits and no
  // trailing zeros: 20 → "20", 12.5 → "12.5", as the bulletin writes them.
  return absl::StrCat(value);
}

absl::StatusOr<std::string> ContextValue(absl::string_view name,
                                         const std::string& value) {
  if (value.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("占位符 {", name,
                     "} 在此处无值 (placeholder not available in this text)"));
  }
  return value;
}

absl::StatusOr<std::string> PlaceholderValue(
    absl::string_view name, const PolicyFile& policy,
    const BulletinTextContext& context) {
  const auto& t = policy.timeliness();
  const auto& e = policy.escalation();
  if (name == "district_name") return context.district_name;
  if (name == "platform_name") return context.platform_name;
  if (name == "region_scope") return ContextValue(name, context.region_scope);
  if (name == "period_name") return ContextValue(name, context.period_name);
  if (name == "year") return ContextValue(name, context.year);
  if (name == "range") return ContextValue(name, context.range);
  if (name == "response_deadline") {
    return ContextValue(name, context.response_deadline);
  }
  if (name == "as_of") return ContextValue(name, context.as_of);
  if (name == "on_time_limit") {
    return Positive(t.on_time_limit(), "timeliness.on_time_limit");
  }
  if (name == "on_time_day_kind") {
    return DayKindName(t.on_time_day_kind(), "timeliness.on_time_day_kind");
  }
  if (name == "missed_limit") {
    return Positive(t.missed_limit(), "timeliness.missed_limit");
  }
  if (name == "missed_day_kind") {
    return DayKindName(t.missed_day_kind(), "timeliness.missed_day_kind");
  }
  if (name == "late_rate_threshold") {
    return Positive(e.late_rate_threshold_percent(),
                    "escalation.late_rate_threshold_percent");
  }
  if (name == "consecutive_periods") {
    return Positive(e.consecutive_periods_for_interview(),
                    "escalation.consecutive_periods_for_interview");
  }
  if (name == "commendation_min_records") {
    return Positive(e.commendation_min_records(),
                    "escalation.commendation_min_records");
  }
  if (name == "named_below_pass_rate") {
    return Positive(e.named_below_pass_rate_percent(),
                    "escalation.named_below_pass_rate_percent");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("未知占位符 (unknown placeholder) {", name, "}"));
}

}  // namespace

const std::vector<std::string>& KnownBulletinPlaceholders() {
  static const auto* const kKnown = new std::vector<std::string>{
      "district_name",
      "platform_name",
      "on_time_limit",
      "on_time_day_kind",
      "missed_limit",
      "missed_day_kind",
      "late_rate_threshold",
      "consecutive_periods",
      "commendation_min_records",
      "named_below_pass_rate",
      "region_scope",
      "period_name",
      "year",
      "range",
      "response_deadline",
      "as_of",
  };
  return *kKnown;
}

absl::Status ValidateBulletinTemplate(const BulletinTemplate& t) {
  // The masthead, addressee and platform appear in every bulletin; an
  // empty one means the file was cut short.
  if (t.header().empty()) {
    return absl::InvalidArgumentError("通报模板缺少 header (文件头)");
  }
  if (t.addressee().empty()) {
    return absl::InvalidArgumentError("通报模板缺少 addressee (主送单位)");
  }
  if (t.platform_name().empty()) {
    return absl::InvalidArgumentError("通报模板缺少 platform_name (归集平台)");
  }
  if (t.platform_name().find_first_of("{}") != std::string::npos) {
    return absl::InvalidArgumentError(
        "通报模板字段 platform_name 不能含占位符或花括号");
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"header", &t.header()},
      {"addressee", &t.addressee()},
      {"introduction", &t.introduction()},
      {"admonition", &t.admonition()},
      {"requirements_heading", &t.requirements_heading()},
      {"contacts", &t.contacts()},
      {"signature", &t.signature()},
      {"copy_to", &t.copy_to()},
      {"printer", &t.printer()},
      {"region_scope", &t.region_scope()},
      {"title", &t.title()},
      {"draft_mark", &t.draft_mark()},
      {"escalation_list_title", &t.escalation_list_title()},
      {"accountability.explanation_heading",
       &t.accountability().explanation_heading()},
      {"accountability.interview_heading",
       &t.accountability().interview_heading()},
      {"accountability.district_heading",
       &t.accountability().district_heading()},
      {"accountability.district_text", &t.accountability().district_text()},
      {"accountability.deadline_text", &t.accountability().deadline_text()},
      {"accountability.interview_text", &t.accountability().interview_text()},
  };
  for (const auto& [name, text] : fields) {
    if (absl::Status s = CheckText(name, *text); !s.ok()) return s;
  }
  if (t.date_source() == BulletinTemplate::WORKING_DAYS_AFTER_PERIOD &&
      t.date_working_days() < 0) {
    return absl::InvalidArgumentError(
        "通报模板 date_working_days 不能为负 (must be >= 0)");
  }
  for (int i = 0; i < t.sections_size(); ++i) {
    const auto& section = t.sections(i);
    if (section.kind() == sgs::config::v1::BulletinSection::KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(
          "通报模板 sections[", i, "] 缺少 kind (section kind not set)"));
    }
    if (absl::Status s = CheckText(absl::StrCat("sections[", i, "].heading"),
                                   section.heading());
        !s.ok()) {
      return s;
    }
  }
  for (int i = 0; i < t.tables_size(); ++i) {
    const auto& table = t.tables(i);
    const std::string field = absl::StrCat("tables[", i, "]");
    if (table.unit_kind() == sgs::config::v1::UNIT_KIND_UNSPECIFIED ||
        table.layout() == sgs::config::v1::BulletinTable::LAYOUT_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("通报模板 ", field, " 须设置 unit_kind 和 layout"));
    }
    const int columns =
        table.layout() == sgs::config::v1::BulletinTable::DETAILED ? 11 : 5;
    if (table.column_headings_size() != 0 &&
        table.column_headings_size() != columns) {
      return absl::InvalidArgumentError(absl::StrCat(
          "通报模板 ", field, ".column_headings 应有 ", columns,
          " 项 (one heading per column), 实有 ", table.column_headings_size()));
    }
    if (absl::Status s = CheckText(field + ".title", table.title()); !s.ok()) {
      return s;
    }
  }
  for (int i = 0; i < t.requirements_size(); ++i) {
    if (absl::Status s =
            CheckText(absl::StrCat("requirements[", i, "]"), t.requirements(i));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<BulletinTemplate> LoadBulletinTemplate(const std::string& path) {
  BulletinTemplate t;
  if (absl::Status s = LoadTextProtoFile(path, &t); !s.ok()) return s;
  if (absl::Status s = ValidateBulletinTemplate(t); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return t;
}

absl::StatusOr<std::string> FillBulletinPlaceholders(
    absl::string_view text, const PolicyFile& policy,
    absl::string_view district_name, absl::string_view platform_name) {
  BulletinTextContext context;
  context.district_name = std::string(district_name);
  context.platform_name = std::string(platform_name);
  return FillBulletinText(text, policy, context);
}

absl::StatusOr<std::string> FillBulletinText(
    absl::string_view text, const PolicyFile& policy,
    const BulletinTextContext& context) {
  absl::StatusOr<std::vector<Piece>> pieces = Split(text);
  if (!pieces.ok()) return pieces.status();
  std::string out;
  out.reserve(text.size());
  for (const Piece& piece : *pieces) {
    if (!piece.is_placeholder) {
      out.append(piece.text.data(), piece.text.size());
      continue;
    }
    absl::StatusOr<std::string> value =
        PlaceholderValue(piece.text, policy, context);
    if (!value.ok()) return value.status();
    out += *value;
  }
  return out;
}

}  // namespace sgs::stats
