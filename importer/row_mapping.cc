#include "importer/row_mapping.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/identity_normalizer.h"
#include "common/record_accessors.h"
#include "common/standard_schema.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "importer/csv_reader.h"

namespace sgs::importer {
namespace {

using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::sgs::StandardColumn;
using ::sgs::v1::Record;
using ::sgs::v1::RecordKind;

// Where a column's value goes.
enum class Target {
  kSubject,   // Record.subject.<field>
  kDecision,  // Record.licensing.<field> or Record.penalty.<field>
  kRecord,    // Record.<field>
  kKind,      // KIND
  kReceipt,   // GJSJ
};

// A column this mapping reads: a standard column (common/standard_schema.h)
// or one of the importer's own (KIND, the older XK_SYFW/CF_SYFW).
struct Column {
  Target target;
  // LICENSING or PENALTY for a column only that kind has (XK_WSH, 许可类别);
  // unspecified for columns both kinds share (BZ, 行政相对人名称).
  RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  std::string field;  // proto field name in the target message
  // That field (of the message the column's kind puts it in): SetCell uses
  // it when the target is that message, and looks `field` up otherwise.
  const FieldDescriptor* descriptor = nullptr;
  sgs::v1::ValueType type = sgs::v1::VALUE_TEXT;
  // The code list of a CODE or CODE_LIST column.
  const EnumDescriptor* codes = nullptr;
  std::string name;  // 中文名称, for messages
};

constexpr absl::string_view kKindColumn = "KIND";
constexpr absl::string_view kReceiptColumn = "GJSJ";
constexpr absl::string_view kUnitColumn = "DWDM";

Target TargetOf(absl::string_view path) {
  if (absl::StartsWith(path, "subject.")) return Target::kSubject;
  if (absl::StartsWith(path, "licensing.") ||
      absl::StartsWith(path, "penalty.")) {
    return Target::kDecision;
  }
  if (path == "receipt_time") return Target::kReceipt;
  return Target::kRecord;
}

Column ColumnOf(const StandardColumn& std_column, RecordKind kind) {
  Column column;
  column.target = TargetOf(std_column.path);
  const absl::string_view code = std_column.code;
  column.kind = absl::StartsWith(code, "XK_") || absl::StartsWith(code, "CF_")
                    ? kind
                    : sgs::v1::RECORD_KIND_UNSPECIFIED;
  column.field = std_column.field->name();
  column.descriptor = std_column.field;
  column.type = std_column.spec->type();
  column.codes = std_column.field->enum_type();
  column.name = std_column.name;
  return column;
}

// Every header this mapping accepts: column codes, Chinese names and the
// importer's aliases, each to its column. A Chinese name both kinds share
// (行政相对人名称 is XK_XDR_MC and CF_XDR_MC) is its own kind-neutral column,
// keyed by the name, when both kinds store it in the same field.
struct ColumnIndex {
  std::map<std::string, Column, std::less<>> by_code;
  // Chinese name or alias -> key in by_code.
  std::map<std::string, std::string, std::less<>> aliases;
};

const ColumnIndex& Index() {
  static const ColumnIndex* const kIndex = [] {
    auto* index = new ColumnIndex;
    std::map<std::string, std::vector<std::string>> codes_by_name;
    for (RecordKind kind : {sgs::v1::LICENSING, sgs::v1::PENALTY}) {
      for (const StandardColumn& c : StandardColumns(kind)) {
        index->by_code.emplace(c.code, ColumnOf(c, kind));
        std::vector<std::string>& codes = codes_by_name[c.name];
        if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) {
          codes.push_back(c.code);
        }
      }
    }
    for (const auto& [name, codes] : codes_by_name) {
      if (codes.size() == 1) {
        index->aliases.emplace(name, codes.front());
        continue;
      }
      Column shared = index->by_code.at(codes.front());
      bool same_field = true;
      for (const std::string& code : codes) {
        const Column& other = index->by_code.at(code);
        same_field = same_field && other.target == shared.target &&
                     other.field == shared.field;
      }
      if (!same_field) continue;  // ambiguous: only the codes are accepted
      shared.kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
      index->by_code.emplace(name, shared);
    }
    // The importer's own column and the older standard's names.
    Column kind_column;
    kind_column.target = Target::kKind;
    kind_column.name = "记录种类";
    index->by_code.emplace(std::string(kKindColumn), kind_column);
    index->aliases.emplace("记录种类", std::string(kKindColumn));
    Column scope = index->by_code.at("GKFW");
    for (RecordKind kind : {sgs::v1::LICENSING, sgs::v1::PENALTY}) {
      scope.kind = kind;
      index->by_code.emplace(kind == sgs::v1::LICENSING ? "XK_SYFW" : "CF_SYFW",
                             scope);
    }
    index->aliases.emplace("信息使用范围", "GKFW");
    index->aliases.emplace("报送单位代码", std::string(kUnitColumn));
    return index;
  }();
  return *kIndex;
}

// The column a header names (the index lives as long as the process; no
// copy per cell), or null.
const Column* ResolveColumn(absl::string_view code) {
  const ColumnIndex& index = Index();
  auto it = index.by_code.find(code);
  if (it == index.by_code.end()) return nullptr;
  return &it->second;
}

// ResolveColumn for the header at `position` of a row: a file's rows name
// the same columns in the same order, so the column found for the row
// before is reused when the header is the same (one string comparison
// instead of a search of the index per cell). Per thread, no locking.
const Column* ResolveColumnCached(size_t position, absl::string_view code) {
  thread_local std::vector<std::pair<std::string, const Column*>> cache;
  if (position >= cache.size()) cache.resize(position + 1);
  std::pair<std::string, const Column*>& entry = cache[position];
  if (entry.first != code) {
    entry.first = std::string(code);
    entry.second = ResolveColumn(code);
  }
  return entry.second;
}

// Edit distance in code points (headers mix Chinese and ASCII).
size_t EditDistance(absl::string_view a, absl::string_view b) {
  auto code_points = [](absl::string_view s) {
    std::vector<absl::string_view> out;
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0xF0) {
        len = 4;
      } else if (c >= 0xE0) {
        len = 3;
      } else if (c >= 0xC0) {
        len = 2;
      }
      len = std::min(len, s.size() - i);
      out.push_back(s.substr(i, len));
      i += len;
    }
    return out;
  };
  const std::vector<absl::string_view> x = code_points(a);
  const std::vector<absl::string_view> y = code_points(b);
  std::vector<size_t> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

// The accepted header closest to `header` ("" when nothing is close).
std::string NearestKnownName(absl::string_view header) {
  std::string best;
  size_t best_distance = std::numeric_limits<size_t>::max();
  auto consider = [&](const std::string& name) {
    const size_t d = EditDistance(header, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  };
  for (const auto& [code, column] : Index().by_code) consider(code);
  for (const auto& [name, code] : Index().aliases) consider(name);
  // Far from everything: a guess would mislead more than help.
  if (best_distance * 2 > std::max<size_t>(EditDistance(header, ""), 2)) {
    return "";
  }
  return best;
}

// 处罚类别 lists are separated by ; ； , ， or 、 (Excel users write all).
std::vector<std::string> SplitCategoryList(absl::string_view text) {
  const std::string unified =
      absl::StrReplaceAll(text, {{"；", ";"}, {"，", ";"}, {"、", ";"}});
  std::vector<std::string> parts;
  for (absl::string_view part :
       absl::StrSplit(unified, absl::ByAnyChar(";,"))) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

// Dates as Excel users write them — "2024/7/1", "2024.7.1", "2024年7月1日"
// — rewritten as YYYY-MM-DD with zero-padded month and day so
// ParseImportDate can judge the date. Other shapes pass through unchanged
// to be refused.
std::string NormalizeDateText(absl::string_view text) {
  std::string unified(text);
  if (absl::EndsWith(unified, "日")) {
    unified = absl::StrReplaceAll(
        unified.substr(0, unified.size() - std::string("日").size()),
        {{"年", "-"}, {"月", "-"}});
  }
  if (unified.size() < 8 || unified.size() > 10) return std::string(text);
  const char sep = unified[4];
  if (sep != '-' && sep != '/' && sep != '.') return std::string(text);
  std::vector<absl::string_view> parts = absl::StrSplit(unified, sep);
  if (parts.size() != 3 || parts[0].size() != 4) return std::string(text);
  std::string out(parts[0]);
  for (int i = 1; i <= 2; ++i) {
    const absl::string_view part = parts[i];
    if (part.empty() || part.size() > 2) return std::string(text);
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return std::string(text);
      }
    }
    absl::StrAppend(&out, "-", part.size() == 1 ? "0" : "", part);
  }
  return out;
}

absl::StatusOr<absl::CivilDay> ParseCellDate(absl::string_view text) {
  return ParseImportDate(NormalizeDateText(text));
}

constexpr absl::string_view kDateShapes =
    "应为YYYY-MM-DD、YYYY/M/D、YYYY.M.D或YYYY年M月D日格式的真实日期";

// Sets one cell into `target` (the message the column belongs to).
// Returns an error message, or "" when the cell was stored.
std::string SetCell(Message* target, const Column& column,
                    absl::string_view text) {
  const FieldDescriptor* field =
      column.descriptor != nullptr &&
              column.descriptor->containing_type() == target->GetDescriptor()
          ? column.descriptor
          : target->GetDescriptor()->FindFieldByName(column.field);
  const Reflection* reflection = target->GetReflection();
  if (column.codes != nullptr && column.type == sgs::v1::VALUE_CODE_LIST) {
    std::vector<std::string> parts = SplitCategoryList(text);
    if (parts.empty()) return absl::StrCat(column.name, "为空");
    std::set<int> seen;
    std::vector<std::string> bad;
    for (const std::string& part : parts) {
      absl::optional<int> value = ParseCodeText(column.codes, part);
      if (!value.has_value()) {
        bad.push_back(absl::StrCat("“", part, "”"));
        continue;
      }
      // A value listed twice is the same penalty: keep it once.
      if (seen.insert(*value).second) {
        reflection->AddEnumValue(target, field, *value);
      }
    }
    if (!bad.empty()) {
      return absl::StrCat(column.name, "无法识别：", absl::StrJoin(bad, "、"),
                          "，应为", CodeListText(column.codes),
                          "中的一项或多项（以；或、分隔）");
    }
    return "";
  }
  if (column.codes != nullptr) {
    absl::optional<int> value = ParseCodeText(column.codes, text);
    if (!value.has_value()) {
      return absl::StrCat(column.name, "无法识别：“", text, "”，应为",
                          CodeListText(column.codes), "之一");
    }
    reflection->SetEnumValue(target, field, *value);
    return "";
  }
  if (column.type == sgs::v1::VALUE_DATE) {
    absl::StatusOr<absl::CivilDay> day = ParseCellDate(text);
    if (!day.ok()) {
      return absl::StrCat(column.name, "日期无法识别：“", text, "”，",
                          kDateShapes);
    }
    reflection->SetString(target, field, FormatDate(*day));
    return "";
  }
  reflection->SetString(target, field, std::string(text));
  return "";
}

absl::optional<RecordKind> ParseKindCell(absl::string_view text) {
  absl::optional<int> kind =
      ParseCodeText(sgs::v1::RecordKind_descriptor(), text);
  if (!kind.has_value()) return absl::nullopt;
  return static_cast<RecordKind>(*kind);
}

// 归集时间: "YYYY-MM-DD HH:MM:SS" (or with /) in UTC+8, or RFC 3339.
absl::optional<absl::Time> ParseReceiptTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  const std::string s(text);
  for (const char* format : {"%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S"}) {
    if (absl::ParseTime(format, s, ChinaStandardTime(), &t, &err)) return t;
  }
  if (absl::ParseTime(absl::RFC3339_full, s, &t, &err)) return t;
  return absl::nullopt;
}

// The API's normalisation of identity fields (common/identity_normalizer.h),
// so a file and a direct call name the same record; a refused value is
// the error of its column.
void NormalizeIdentity(Record* record, std::vector<CellError>* errors) {
  const RecordKind kind =
      record->has_penalty() ? sgs::v1::PENALTY : sgs::v1::LICENSING;
  for (const auto& violation : NormalizeIdentityFields(record)) {
    errors->push_back(
        {ColumnForFieldPath(kind, violation.field()), violation.description()});
  }
}

// Applies --unit and the unit directory to the record's unit code; "" when
// fine, else the error.
std::string ApplyUnit(const MappingOptions& options, Record* record) {
  if (record->unit_code().empty()) {
    if (options.unit_code.empty()) {
      return "未指定报送单位：请填写DWDM列（报送单位代码）或使用--unit参数";
    }
    record->set_unit_code(options.unit_code);
    return "";
  }
  if (options.units != nullptr) {
    // A name the directory does not know is sent as written: the server
    // refuses it (unknown_unit) together with the record's other problems,
    // and the importer adds the nearest names to that message.
    const std::string cell(absl::StripAsciiWhitespace(record->unit_code()));
    auto it = options.units->by_name.find(cell);
    if (it != options.units->by_name.end()) record->set_unit_code(it->second);
  }
  if (!options.unit_code.empty() && record->unit_code() != options.unit_code) {
    return absl::StrCat("报送单位代码“", record->unit_code(),
                        "”与--unit指定的“", options.unit_code, "”不一致");
  }
  return "";
}

std::string ShortestNumber(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// Converts a camelCase identifier to snake_case.
std::string ToSnakeCase(absl::string_view name) {
  std::string out;
  for (char c : name) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      out.push_back('_');
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool MapProtoJsonRecord(absl::string_view line, const MappingOptions& options,
                        MappedRow* out, std::vector<CellError>* errors) {
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &out->record,
      parse_options);
  if (!status.ok()) {
    errors->push_back(
        {"", absl::StrCat("JSON记录无法解析为Record：", status.ToString())});
    return false;
  }
  Record& record = out->record;
  const size_t errors_before = errors->size();
  NormalizeIdentity(&record, errors);
  if (std::string e = ApplyUnit(options, &record); !e.empty()) {
    errors->push_back({"unit_code", std::move(e)});
  }
  // Dates: the same leniency as the CSV columns.
  auto normalise = [&](std::string* date, absl::string_view path) {
    if (date->empty()) return;
    absl::StatusOr<absl::CivilDay> day = ParseCellDate(*date);
    if (!day.ok()) {
      errors->push_back(
          {std::string(path),
           absl::StrCat("日期无法识别：“", *date, "”，", kDateShapes)});
      return;
    }
    *date = FormatDate(*day);
  };
  if (record.has_licensing()) {
    auto* l = record.mutable_licensing();
    normalise(l->mutable_decision_date(), "licensing.decision_date");
    normalise(l->mutable_valid_from(), "licensing.valid_from");
    normalise(l->mutable_valid_to(), "licensing.valid_to");
  } else {
    auto* p = record.mutable_penalty();
    normalise(p->mutable_decision_date(), "penalty.decision_date");
    normalise(p->mutable_valid_until(), "penalty.valid_until");
    normalise(p->mutable_publicity_deadline(), "penalty.publicity_deadline");
  }
  if (options.backfill) {
    if (record.has_receipt_time()) {
      out->receipt_time =
          absl::FromUnixSeconds(record.receipt_time().seconds()) +
          absl::Nanoseconds(record.receipt_time().nanos());
    } else {
      errors->push_back(
          {"receipt_time", "回填模式下必须提供归集时间（receiptTime）"});
    }
  }
  // Output-only fields are the server's to set; an exported record may
  // carry them, and a re-import must not look like it sets them.
  record.clear_name();
  record.clear_receipt_time();
  record.clear_receipt_date();
  record.clear_update_time();
  record.clear_version();
  record.clear_concealment_risk();
  record.clear_withdrawn();
  record.clear_withdraw_reason();
  return errors->size() == errors_before;
}

}  // namespace

void UnitDirectory::Add(const std::string& code,
                        const std::string& official_name,
                        const std::vector<std::string>& aliases) {
  by_name[code] = code;
  if (!official_name.empty()) by_name[official_name] = code;
  for (const std::string& alias : aliases) by_name[alias] = code;
  names.push_back(absl::StrCat(official_name, "（", code, "）"));
}

std::vector<std::string> UnitDirectory::NearestNames(absl::string_view name,
                                                     size_t n) const {
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [known, code] : by_name) {
    ranked.emplace_back(EditDistance(name, known), known);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (const auto& [distance, known] : ranked) {
    if (out.size() >= n) break;
    const std::string& code = by_name.at(known);
    if (known == code) continue;  // name the unit, not its code
    out.push_back(absl::StrCat(known, "（", code, "）"));
  }
  return out;
}

std::string NormalizeColumnName(absl::string_view name) {
  // Spaces typed around a header in Excel: ASCII, ideographic (U+3000) and
  // no-break (U+00A0).
  for (bool stripped = true; stripped;) {
    stripped = false;
    name = absl::StripAsciiWhitespace(name);
    for (absl::string_view space : {"\xE3\x80\x80", "\xC2\xA0"}) {
      stripped |= absl::ConsumePrefix(&name, space);
      stripped |= absl::ConsumeSuffix(&name, space);
    }
  }
  const std::string upper = absl::AsciiStrToUpper(name);
  const ColumnIndex& index = Index();
  if (index.by_code.count(upper) > 0) return upper;
  auto alias = index.aliases.find(upper);
  if (alias != index.aliases.end()) return alias->second;
  return upper;
}

bool IsKnownColumn(absl::string_view code) {
  return ResolveColumn(code) != nullptr;
}

absl::Status CheckHeader(const std::vector<std::string>& columns,
                         const MappingOptions& options) {
  std::set<std::string> seen;
  std::vector<std::string> duplicates;
  std::vector<std::string> unknown;
  bool has_receipt = false;
  bool has_xk = false;
  bool has_cf = false;
  for (const std::string& column : columns) {
    if (column.empty()) continue;
    if (!seen.insert(column).second) duplicates.push_back(column);
    const Column* resolved = ResolveColumn(column);
    if (resolved == nullptr) {
      unknown.push_back(column);
      continue;
    }
    if (resolved->target == Target::kReceipt) has_receipt = true;
    if (resolved->kind == sgs::v1::LICENSING) has_xk = true;
    if (resolved->kind == sgs::v1::PENALTY) has_cf = true;
  }
  if (!duplicates.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("表头有重复的列：", absl::StrJoin(duplicates, "、")));
  }
  if (!unknown.empty() && !options.ignore_unknown_columns) {
    std::vector<std::string> listed;
    for (const std::string& column : unknown) {
      const std::string nearest = NearestKnownName(column);
      listed.push_back(
          nearest.empty()
              ? absl::StrCat("“", column, "”")
              : absl::StrCat("“", column, "”（最接近的是“", nearest, "”）"));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "表头有无法识别的列：", absl::StrJoin(listed, "、"),
        "（列名应为国家双公示数据标准的字段代码或中文名称，如XK_XDR_MC或"
        "行政相对人名称，见docs/field-reference.md；如需忽略这些列，请使用"
        "--ignore-unknown-columns）"));
  }
  if (!has_xk && !has_cf) {
    return absl::InvalidArgumentError(
        "表头没有XK_或CF_开头的列，无法识别为行政许可或行政处罚数据");
  }
  if (options.backfill && !has_receipt) {
    return absl::InvalidArgumentError(
        "回填模式（--backfill）要求有归集时间列GJSJ");
  }
  if (!options.backfill && has_receipt) {
    return absl::InvalidArgumentError(
        "归集时间列GJSJ只能在回填模式（--backfill）下使用；普通报送的归集"
        "时间由平台在收到时记录");
  }
  return absl::OkStatus();
}

bool MapRow(const std::vector<std::pair<std::string, std::string>>& cells,
            const MappingOptions& options, MappedRow* out,
            std::vector<CellError>* errors) {
  out->record.Clear();
  out->receipt_time.reset();
  const size_t errors_before = errors->size();

  struct Cell {
    absl::string_view code;
    const Column* column;
    absl::string_view text;
  };
  std::vector<Cell> present;
  absl::optional<RecordKind> declared_kind;
  bool bad_kind = false;
  bool has_xk = false;
  bool has_cf = false;
  absl::string_view receipt_text;
  size_t position = 0;
  for (const auto& [code, raw] : cells) {
    ++position;
    if (code.empty()) {
      if (!absl::StripAsciiWhitespace(raw).empty()) {
        errors->push_back(
            {"", absl::StrCat("没有列名的列中有内容：“", raw, "”")});
      }
      continue;
    }
    const Column* column = ResolveColumnCached(position - 1, code);
    if (column == nullptr) {
      if (!options.ignore_unknown_columns) {
        errors->push_back({code, "无法识别的列"});
      }
      continue;
    }
    absl::string_view text = absl::StripAsciiWhitespace(raw);
    if (text.empty()) continue;
    if (column->target == Target::kKind) {
      declared_kind = ParseKindCell(text);
      if (!declared_kind.has_value()) {
        errors->push_back({code, absl::StrCat("记录种类无法识别：“", text,
                                              "”，应为XK（行政许可）或CF（"
                                              "行政处罚）")});
        bad_kind = true;
      }
      continue;
    }
    if (column->target == Target::kReceipt) {
      receipt_text = text;
      continue;
    }
    if (column->kind == sgs::v1::LICENSING) has_xk = true;
    if (column->kind == sgs::v1::PENALTY) has_cf = true;
    present.push_back({code, column, text});
  }

  RecordKind kind;
  if (declared_kind.has_value()) {
    kind = *declared_kind;
  } else if (has_xk && !has_cf) {
    kind = sgs::v1::LICENSING;
  } else if (has_cf && !has_xk) {
    kind = sgs::v1::PENALTY;
  } else {
    if (!bad_kind) {
      errors->push_back(
          {std::string(kKindColumn),
           has_xk
               ? "本行同时填写了XK_和CF_字段，请用KIND列注明XK或CF"
               : "本行没有XK_或CF_字段的内容，无法判断是行政许可还是行政处罚"});
    }
    // Still pick up the 文书号s for the report.
    for (const Cell& cell : present) {
      if (cell.code == "XK_WSH" || cell.code == "CF_WSH") {
        *out->record.mutable_licensing()->mutable_document_number() =
            std::string(cell.text);
      }
    }
    kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  }

  Record& record = out->record;
  if (kind != sgs::v1::RECORD_KIND_UNSPECIFIED) {
    Message* decision = kind == sgs::v1::LICENSING
                            ? static_cast<Message*>(record.mutable_licensing())
                            : static_cast<Message*>(record.mutable_penalty());
    const absl::string_view kind_label =
        kind == sgs::v1::LICENSING ? "行政许可" : "行政处罚";
    for (const Cell& cell : present) {
      if (cell.column->kind != sgs::v1::RECORD_KIND_UNSPECIFIED &&
          cell.column->kind != kind) {
        errors->push_back(
            {std::string(cell.code),
             absl::StrCat("本行是", kind_label, "记录，不应填写该列")});
        continue;
      }
      Message* target = nullptr;
      switch (cell.column->target) {
        case Target::kSubject:
          target = record.mutable_subject();
          break;
        case Target::kDecision:
          target = decision;
          break;
        case Target::kRecord:
          target = &record;
          break;
        default:
          continue;
      }
      std::string error = SetCell(target, *cell.column, cell.text);
      if (!error.empty()) errors->push_back({std::string(cell.code), error});
    }
  } else {
    for (const Cell& cell : present) {
      if (cell.code == kUnitColumn) {
        record.set_unit_code(std::string(cell.text));
      }
    }
  }

  NormalizeIdentity(&record, errors);
  if (std::string e = ApplyUnit(options, &record); !e.empty()) {
    errors->push_back({std::string(kUnitColumn), std::move(e)});
  }

  if (options.backfill) {
    if (receipt_text.empty()) {
      errors->push_back(
          {std::string(kReceiptColumn), "回填模式下必须填写归集时间"});
    } else {
      out->receipt_time = ParseReceiptTime(receipt_text);
      if (!out->receipt_time.has_value()) {
        errors->push_back(
            {std::string(kReceiptColumn),
             absl::StrCat("归集时间无法识别：“", receipt_text,
                          "”，应为“YYYY-MM-DD HH:MM:SS”（北京时间）或"
                          "RFC 3339格式")});
      }
    }
  } else if (!receipt_text.empty()) {
    errors->push_back({std::string(kReceiptColumn),
                       "归集时间只能在回填模式（--backfill）下填写"});
  }
  return errors->size() == errors_before;
}

bool MapJsonLine(absl::string_view line, const MappingOptions& options,
                 MappedRow* out, std::vector<CellError>* errors) {
  out->record.Clear();
  out->receipt_time.reset();
  if (!IsValidUtf8(line)) {
    errors->push_back(
        {"", "该行不是有效的UTF-8编码（文件可能是GBK编码，请另存为UTF-8）"});
    return false;
  }
  google::protobuf::Struct object;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &object);
  if (!status.ok()) {
    errors->push_back(
        {"", absl::StrCat("不是有效的JSON对象：", status.ToString())});
    return false;
  }
  if (object.fields().count("licensing") > 0 ||
      object.fields().count("penalty") > 0) {
    return MapProtoJsonRecord(line, options, out, errors);
  }
  // A flat object keyed by column codes. Map order is unspecified; sort by
  // key so errors come out in a stable order.
  std::vector<std::pair<std::string, std::string>> cells;
  bool ok = true;
  for (const auto& [key, value] : object.fields()) {
    const std::string code = NormalizeColumnName(key);
    switch (value.kind_case()) {
      case google::protobuf::Value::kStringValue:
        cells.emplace_back(code, value.string_value());
        break;
      case google::protobuf::Value::kNumberValue:
        cells.emplace_back(code, ShortestNumber(value.number_value()));
        break;
      case google::protobuf::Value::kNullValue:
        cells.emplace_back(code, "");
        break;
      case google::protobuf::Value::kListValue: {
        // Lists are natural for 处罚类别; join them as the CSV would.
        std::vector<std::string> items;
        bool scalar = true;
        for (const auto& item : value.list_value().values()) {
          if (item.kind_case() == google::protobuf::Value::kStringValue) {
            items.push_back(item.string_value());
          } else {
            scalar = false;
          }
        }
        if (!scalar) {
          errors->push_back({code, "数组中只能是字符串"});
          ok = false;
        } else {
          cells.emplace_back(code, absl::StrJoin(items, ";"));
        }
        break;
      }
      default:
        errors->push_back({code, "值应为字符串或数字"});
        ok = false;
        break;
    }
  }
  std::sort(cells.begin(), cells.end());
  const bool mapped = MapRow(cells, options, out, errors);
  return ok && mapped;
}

std::string ColumnForFieldPath(RecordKind kind, absl::string_view path) {
  std::string snake = ToSnakeCase(path);
  absl::string_view p = snake;
  absl::ConsumePrefix(&p, "record.");
  // Drop list indices: "penalty.categories[1]" is the CF_CFLB column.
  std::string clean;
  for (absl::string_view part : absl::StrSplit(p, '.')) {
    const size_t bracket = part.find('[');
    if (bracket != absl::string_view::npos) part = part.substr(0, bracket);
    if (!clean.empty()) clean.push_back('.');
    absl::StrAppend(&clean, part);
  }
  // Record-level columns are the same for both kinds; subject columns need
  // the kind for their prefix.
  RecordKind lookup_kind = kind;
  if (lookup_kind == sgs::v1::RECORD_KIND_UNSPECIFIED) {
    if (absl::StartsWith(clean, "subject.")) return std::string(path);
    lookup_kind = absl::StartsWith(clean, "penalty.") ? sgs::v1::PENALTY
                                                      : sgs::v1::LICENSING;
  }
  const StandardColumn* column = FindStandardColumn(lookup_kind, clean);
  return column == nullptr ? std::string(path) : column->code;
}

}  // namespace sgs::importer
