#include "common/registry.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/config_loader.h"

namespace sgs {
namespace {

using ::sgs::config::v1::RegistryFile;
using ::sgs::config::v1::UnitEntry;
using ::sgs::config::v1::UnitKind;

constexpr size_t kMaxCodeLength = 32;

bool IsValidCode(absl::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return false;
  for (char c : code) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Strips ASCII whitespace and the ideographic space U+3000 ("　") from both
// ends: names are pasted from Chinese documents and spreadsheets, where a
// full-width space is as common as an ASCII one.
absl::string_view TrimName(absl::string_view name) {
  constexpr absl::string_view kIdeographicSpace = "\xE3\x80\x80";
  bool changed = true;
  while (changed && !name.empty()) {
    changed = false;
    const char front = name.front();
    const char back = name.back();
    if (front == ' ' || front == '\t' || front == '\n' || front == '\r') {
      name.remove_prefix(1);
      changed = true;
    } else if (back == ' ' || back == '\t' || back == '\n' || back == '\r') {
      name.remove_suffix(1);
      changed = true;
    } else if (absl::StartsWith(name, kIdeographicSpace)) {
      name.remove_prefix(kIdeographicSpace.size());
      changed = true;
    } else if (absl::EndsWith(name, kIdeographicSpace)) {
      name.remove_suffix(kIdeographicSpace.size());
      changed = true;
    }
  }
  return name;
}

int KindRank(UnitKind kind) {
  return kind == sgs::config::v1::DEPARTMENT ? 0 : 1;
}

}  // namespace

absl::StatusOr<UnitRegistry> UnitRegistry::FromProto(const RegistryFile& file) {
  UnitRegistry registry;
  registry.district_name_ = std::string(TrimName(file.district_name()));
  registry.issuing_office_ = std::string(TrimName(file.issuing_office()));
  if (registry.district_name_.empty()) {
    return absl::InvalidArgumentError(
        "单位名录缺少行政区划名称 (registry: district_name is empty)");
  }

  std::set<std::pair<int, int>> orders;  // (kind, display_order)
  for (const UnitEntry& unit : file.units()) {
    if (!IsValidCode(unit.code())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "单位编码不合法: \"", unit.code(),
          "\" (registry: a code is 1-32 characters of a-z, 0-9 and '-')"));
    }
    if (TrimName(unit.official_name()).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("单位缺少官方名称: ", unit.code(),
                       " (registry: official_name is empty)"));
    }
    if (unit.kind() != sgs::config::v1::DEPARTMENT &&
        unit.kind() != sgs::config::v1::TOWNSHIP) {
      return absl::InvalidArgumentError(
          absl::StrCat("单位类型未指定: ", unit.code(),
                       " (registry: kind must be DEPARTMENT or TOWNSHIP)"));
    }
    // The bulletin's tables list units in this order (and break ties in
    // record counts by it), so it must be unambiguous.
    if (unit.display_order() <= 0 ||
        !orders.emplace(unit.kind(), unit.display_order()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "单位排序号重复或非正数: ", unit.code(), " display_order ",
          unit.display_order(),
          " (registry: display_order must be positive and unique per kind)"));
    }
    registry.units_.push_back(unit);
  }

  std::stable_sort(registry.units_.begin(), registry.units_.end(),
                   [](const UnitEntry& a, const UnitEntry& b) {
                     if (KindRank(a.kind()) != KindRank(b.kind())) {
                       return KindRank(a.kind()) < KindRank(b.kind());
                     }
                     return a.display_order() < b.display_order();
                   });

  for (size_t i = 0; i < registry.units_.size(); ++i) {
    UnitEntry& unit = registry.units_[i];
    if (!registry.by_code_.emplace(unit.code(), i).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "单位编码重复: ", unit.code(), " (registry: duplicate unit code)"));
    }
    // Store names trimmed so lookups and output agree.
    unit.set_official_name(std::string(TrimName(unit.official_name())));
    std::vector<std::string> names = {unit.official_name()};
    for (std::string& alias : *unit.mutable_aliases()) {
      alias = std::string(TrimName(alias));
      if (alias.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "单位别称为空: ", unit.code(), " (registry: empty alias)"));
      }
      names.push_back(alias);
    }
    for (const std::string& name : names) {
      auto [it, inserted] = registry.by_name_.emplace(name, i);
      // The same name twice on one unit is harmless; on two units a lookup
      // by that name would be ambiguous.
      if (!inserted && it->second != i) {
        return absl::InvalidArgumentError(absl::StrCat(
            "单位名称或别称重复: \"", name, "\" 同时属于 ",
            registry.units_[it->second].code(), " 和 ", unit.code(),
            " (registry: a name or alias names two units)"));
      }
    }
  }
  return registry;
}

absl::StatusOr<UnitRegistry> UnitRegistry::LoadFromFile(
    const std::string& path) {
  RegistryFile file;
  absl::Status status = LoadTextProtoFile(path, &file);
  if (!status.ok()) return status;
  absl::StatusOr<UnitRegistry> registry = FromProto(file);
  if (!registry.ok()) {
    return absl::Status(registry.status().code(),
                        absl::StrCat(path, ": ", registry.status().message()));
  }
  return registry;
}

const UnitEntry* UnitRegistry::FindByCode(absl::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &units_[it->second];
}

const UnitEntry* UnitRegistry::FindByName(absl::string_view name) const {
  auto it = by_name_.find(TrimName(name));
  return it == by_name_.end() ? nullptr : &units_[it->second];
}

std::vector<UnitEntry> UnitRegistry::UnitsOfKind(UnitKind kind) const {
  std::vector<UnitEntry> result;
  for (const UnitEntry& unit : units_) {
    if (unit.kind() == kind) result.push_back(unit);
  }
  return result;
}

}  // namespace sgs
