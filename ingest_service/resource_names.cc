#include "ingest_service/resource_names.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/field_error.h"

namespace sgs::ingest {
namespace {

std::string EncodeSegment(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"%", "%25"}, {"/", "%2F"}});
}

std::string DecodeSegment(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"%2F", "/"}, {"%2f", "/"}, {"%25", "%"}});
}

absl::Status BadName(absl::string_view field, absl::string_view expected,
                     absl::string_view name) {
  return FieldError(
      field, "resource_name",
      absl::StrCat("资源名称格式应为 ", expected, "，收到 \"", name, "\""));
}

}  // namespace

RecordIdentity IdentityOf(const sgs::v1::Record& record) {
  RecordIdentity identity;
  identity.unit_code = record.unit_code();
  identity.kind = KindOf(record);
  if (identity.kind != sgs::v1::RECORD_KIND_UNSPECIFIED) {
    identity.document_number = DocumentNumberOf(record);
  }
  return identity;
}

std::string UnitName(absl::string_view unit_code) {
  return absl::StrCat("units/", unit_code);
}

std::string RecordName(const RecordIdentity& identity) {
  return absl::StrCat("units/", identity.unit_code, "/records/",
                      identity.kind == sgs::v1::PENALTY ? "cf" : "xk", "/",
                      EncodeSegment(identity.document_number));
}

absl::StatusOr<std::string> ParseUnitName(absl::string_view name,
                                          absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "units" || parts[1].empty()) {
    return BadName(field, "units/{单位代码}", name);
  }
  return std::string(parts[1]);
}

absl::StatusOr<RecordIdentity> ParseRecordName(absl::string_view name,
                                               absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  RecordIdentity identity;
  if (parts.size() != 5 || parts[0] != "units" || parts[1].empty() ||
      parts[2] != "records" || parts[4].empty()) {
    return BadName(field, "units/{单位代码}/records/{xk|cf}/{文书号}", name);
  }
  if (parts[3] == "xk") {
    identity.kind = sgs::v1::LICENSING;
  } else if (parts[3] == "cf") {
    identity.kind = sgs::v1::PENALTY;
  } else {
    return BadName(field, "units/{单位代码}/records/{xk|cf}/{文书号}", name);
  }
  identity.unit_code = std::string(parts[1]);
  identity.document_number = DecodeSegment(parts[4]);
  return identity;
}

absl::StatusOr<std::pair<std::string, uint64_t>> ParseChildName(
    absl::string_view name, absl::string_view collection,
    absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  uint64_t id = 0;
  if (parts.size() != 4 || parts[0] != "units" || parts[1].empty() ||
      parts[2] != collection || !absl::SimpleAtoi(parts[3], &id)) {
    return BadName(
        field, absl::StrCat("units/{单位代码}/", collection, "/{编号}"), name);
  }
  return std::make_pair(std::string(parts[1]), id);
}

std::string ChildName(absl::string_view unit_code, absl::string_view collection,
                      uint64_t id) {
  return absl::StrCat("units/", unit_code, "/", collection, "/", id);
}

}  // namespace sgs::ingest
