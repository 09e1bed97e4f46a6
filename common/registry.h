// The unit registry (单位名录), loaded from config/registry.textproto: each
// reporting unit's stable code, official name, aliases, kind (department or
// township) and display order. Lookups by code, and by official name or
// alias (the bulletin calls one unit both 市场监管局 and 殷都区市场监督局).
#ifndef SGS_COMMON_REGISTRY_H_
#define SGS_COMMON_REGISTRY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs {

class UnitRegistry {
 public:
  // Refuses duplicate codes, duplicate names/aliases across units, codes
  // outside [a-z0-9-] (1..32 chars), and unspecified kinds.
  static absl::StatusOr<UnitRegistry> FromProto(
      const sgs::config::v1::RegistryFile& file);
  static absl::StatusOr<UnitRegistry> LoadFromFile(const std::string& path);

  // nullptr when unknown.
  const sgs::config::v1::UnitEntry* FindByCode(absl::string_view code) const;
  // Official name or alias, exact match after trimming spaces.
  const sgs::config::v1::UnitEntry* FindByName(absl::string_view name) const;

  // Departments first, then townships; each by display_order.
  const std::vector<sgs::config::v1::UnitEntry>& units() const {
    return units_;
  }
  std::vector<sgs::config::v1::UnitEntry> UnitsOfKind(
      sgs::config::v1::UnitKind kind) const;

  const std::string& district_name() const { return district_name_; }
  const std::string& issuing_office() const { return issuing_office_; }

 private:
  std::string district_name_;
  std::string issuing_office_;
  std::vector<sgs::config::v1::UnitEntry> units_;
  std::map<std::string, size_t, std::less<>> by_code_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

}  // namespace sgs

#endif  // SGS_COMMON_REGISTRY_H_
