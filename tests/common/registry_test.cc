#include "common/registry.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace sgs {
namespace {

using ::sgs::config::v1::RegistryFile;
using ::sgs::config::v1::UnitEntry;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::string ShippedRegistryPath() {
  return std::string(SGS_SOURCE_DIR) + "/config/registry.textproto";
}

// The tables of the July 2024 bulletin (殷信用办〔2024〕14号).
const std::vector<std::string>& BulletinDepartments() {
  static const auto* names =
      new std::vector<std::string>{"殷都区教育局",
                                   "殷都区公安局",
                                   "殷都区交通运输局",
                                   "殷都区发改委",
                                   "殷都区卫生健康委",
                                   "殷都区市场监督局",
                                   "殷都区生态环境分局",
                                   "殷都区应急局",
                                   "殷都区林业局",
                                   "殷都区水利局",
                                   "殷都区文化广电体育旅游局",
                                   "殷都区农业农村局",
                                   "殷都区城管局",
                                   "殷都区住房城乡建设局",
                                   "殷都区财政局",
                                   "殷都区人力资源社会保障局",
                                   "殷都区统计局",
                                   "殷都区工业和信息化局",
                                   "殷都区编办",
                                   "殷都区司法局",
                                   "殷都区审计局",
                                   "殷都区医保局",
                                   "殷都区自然资源局",
                                   "殷都区民政局",
                                   "殷都区商务局"};
  return *names;
}

const std::vector<std::string>& BulletinTownships() {
  static const auto* names = new std::vector<std::string>{
      "伦掌镇", "安丰乡", "水冶镇", "西郊乡", "许家沟乡",
      "铜冶镇", "曲沟镇", "都里镇", "磊口乡", "洪河屯乡"};
  return *names;
}

std::vector<std::string> Names(const std::vector<UnitEntry>& units) {
  std::vector<std::string> names;
  for (const UnitEntry& unit : units) names.push_back(unit.official_name());
  return names;
}

class ShippedRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<UnitRegistry> loaded =
        UnitRegistry::LoadFromFile(ShippedRegistryPath());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    registry_ = std::move(*loaded);
  }
  UnitRegistry registry_;
};

TEST_F(ShippedRegistryTest, NamesTheDistrictAndOffice) {
  EXPECT_EQ(registry_.district_name(), "殷都区");
  EXPECT_EQ(registry_.issuing_office(), "殷都区社会信用体系建设领导小组办公室");
}

TEST_F(ShippedRegistryTest, DepartmentsInAttachmentOneOrder) {
  const std::vector<UnitEntry> departments =
      registry_.UnitsOfKind(sgs::config::v1::DEPARTMENT);
  EXPECT_THAT(Names(departments), ElementsAreArray(BulletinDepartments()));
  for (size_t i = 0; i < departments.size(); ++i) {
    EXPECT_EQ(departments[i].display_order(), static_cast<int>(i + 1));
  }
}

TEST_F(ShippedRegistryTest, TownshipsInAttachmentTwoOrder) {
  const std::vector<UnitEntry> townships =
      registry_.UnitsOfKind(sgs::config::v1::TOWNSHIP);
  EXPECT_THAT(Names(townships), ElementsAreArray(BulletinTownships()));
  for (size_t i = 0; i < townships.size(); ++i) {
    EXPECT_EQ(townships[i].display_order(), static_cast<int>(i + 1));
  }
}

TEST_F(ShippedRegistryTest, UnitsListsDepartmentsThenTownships) {
  std::vector<std::string> expected = BulletinDepartments();
  expected.insert(expected.end(), BulletinTownships().begin(),
                  BulletinTownships().end());
  EXPECT_THAT(Names(registry_.units()), ElementsAreArray(expected));
}

TEST_F(ShippedRegistryTest, CodesAreUniqueWellFormedAndFindable) {
  std::set<std::string> codes;
  for (const UnitEntry& unit : registry_.units()) {
    EXPECT_TRUE(codes.insert(unit.code()).second) << unit.code();
    EXPECT_TRUE(absl::StartsWith(unit.code(), "yd-")) << unit.code();
    const UnitEntry* found = registry_.FindByCode(unit.code());
    ASSERT_NE(found, nullptr) << unit.code();
    EXPECT_EQ(found->official_name(), unit.official_name());
    EXPECT_EQ(registry_.FindByName(unit.official_name()), found);
  }
  EXPECT_EQ(codes.size(), 35u);
  EXPECT_EQ(registry_.FindByCode("yd-jyj")->official_name(), "殷都区教育局");
  EXPECT_EQ(registry_.FindByCode("no-such-unit"), nullptr);
  EXPECT_EQ(registry_.FindByCode(""), nullptr);
}

TEST_F(ShippedRegistryTest, BulletinBodyNamesResolveToTableNames) {
  // The body says 市场监管局 and 殷都公安 分局 where the table says
  // 殷都区市场监督局 and 殷都区公安局.
  const UnitEntry* market = registry_.FindByName("殷都区市场监督局");
  ASSERT_NE(market, nullptr);
  EXPECT_EQ(registry_.FindByName("市场监管局"), market);
  EXPECT_EQ(registry_.FindByName("殷都区市场监管局"), market);
  const UnitEntry* police = registry_.FindByName("殷都区公安局");
  ASSERT_NE(police, nullptr);
  EXPECT_EQ(registry_.FindByName("殷都公安分局"), police);
  EXPECT_NE(market, police);
}

TEST_F(ShippedRegistryTest, EveryDepartmentHasItsShortName) {
  for (const std::string& name : BulletinDepartments()) {
    const std::string short_name = name.substr(std::string("殷都区").size());
    const UnitEntry* by_short = registry_.FindByName(short_name);
    ASSERT_NE(by_short, nullptr) << short_name;
    EXPECT_EQ(by_short->official_name(), name);
  }
  EXPECT_EQ(registry_.FindByName("农业农村局")->official_name(),
            "殷都区农业农村局");
  EXPECT_EQ(registry_.FindByName("城管局")->official_name(), "殷都区城管局");
}

TEST_F(ShippedRegistryTest, FindByNameTrimsSpacesOnly) {
  const UnitEntry* education = registry_.FindByName("殷都区教育局");
  ASSERT_NE(education, nullptr);
  EXPECT_EQ(registry_.FindByName("  殷都区教育局\t"), education);
  EXPECT_EQ(registry_.FindByName("\xE3\x80\x80殷都区教育局"), education);
  EXPECT_EQ(registry_.FindByName("殷都区教育"), nullptr);
  EXPECT_EQ(registry_.FindByName("殷都区 教育局"), nullptr);
  EXPECT_EQ(registry_.FindByName(""), nullptr);
}

// --- Refused registries --------------------------------------------------

RegistryFile ParseRegistry(const std::string& text) {
  RegistryFile file;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &file));
  return file;
}

constexpr char kHeader[] =
    "district_name: '殷都区' issuing_office: '殷都区信用办' ";

TEST(RegistryValidationTest, AcceptsAMinimalRegistry) {
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a-1"
          official_name: "甲局"
          aliases: "甲"
          kind: DEPARTMENT
          display_order: 1
        }
        units {
          code: "b"
          official_name: "乙镇"
          kind: TOWNSHIP
          display_order: 1
        }
      )pb"));
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->units().size(), 2u);
  EXPECT_EQ(registry->FindByName("甲")->code(), "a-1");
}

TEST(RegistryValidationTest, SortsByKindThenDisplayOrder) {
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "t2"
          official_name: "镇二"
          kind: TOWNSHIP
          display_order: 2
        }
        units {
          code: "d2"
          official_name: "局二"
          kind: DEPARTMENT
          display_order: 2
        }
        units {
          code: "t1"
          official_name: "镇一"
          kind: TOWNSHIP
          display_order: 1
        }
        units {
          code: "d1"
          official_name: "局一"
          kind: DEPARTMENT
          display_order: 1
        }
      )pb"));
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_THAT(Names(registry->units()),
              ElementsAreArray({"局一", "局二", "镇一", "镇二"}));
  EXPECT_EQ(registry->FindByCode("t1")->official_name(), "镇一");
}

TEST(RegistryValidationTest, RefusesDuplicateCode) {
  absl::Status status =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "x"
          official_name: "甲局"
          kind: DEPARTMENT
          display_order: 1
        }
        units {
          code: "x"
          official_name: "乙局"
          kind: DEPARTMENT
          display_order: 2
        }
      )pb"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("单位编码重复"));
}

TEST(RegistryValidationTest, RefusesAliasNamingTwoUnits) {
  absl::Status status =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a"
          official_name: "甲局"
          aliases: "监管局"
          kind: DEPARTMENT
          display_order: 1
        }
        units {
          code: "b"
          official_name: "乙局"
          aliases: "监管局"
          kind: DEPARTMENT
          display_order: 2
        }
      )pb"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("监管局"));
}

TEST(RegistryValidationTest, RefusesAliasEqualToAnotherUnitsName) {
  absl::Status status =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a"
          official_name: "甲局"
          kind: DEPARTMENT
          display_order: 1
        }
        units {
          code: "b"
          official_name: "乙局"
          aliases: " 甲局 "
          kind: DEPARTMENT
          display_order: 2
        }
      )pb"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(RegistryValidationTest, RefusesBadCodes) {
  for (const char* code :
       {"", "Yd-jyj", "yd_jyj", "yd jyj", "教育局", "yd-jyj!",
        "abcdefghijabcdefghijabcdefghijabc" /* 33 chars */}) {
    RegistryFile file = ParseRegistry(kHeader);
    UnitEntry* unit = file.add_units();
    unit->set_code(code);
    unit->set_official_name("甲局");
    unit->set_kind(sgs::config::v1::DEPARTMENT);
    unit->set_display_order(1);
    EXPECT_EQ(UnitRegistry::FromProto(file).status().code(),
              absl::StatusCode::kInvalidArgument)
        << "\"" << code << "\"";
  }
  // 32 characters is the longest code allowed.
  RegistryFile file = ParseRegistry(kHeader);
  UnitEntry* unit = file.add_units();
  unit->set_code("abcdefghijabcdefghijabcdefghij-9");
  unit->set_official_name("甲局");
  unit->set_kind(sgs::config::v1::DEPARTMENT);
  unit->set_display_order(1);
  EXPECT_TRUE(UnitRegistry::FromProto(file).ok());
}

TEST(RegistryValidationTest, RefusesUnspecifiedKind) {
  absl::Status status =
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units { code: "a" official_name: "甲局" display_order: 1 }
      )pb"))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(RegistryValidationTest, RefusesDuplicateDisplayOrderWithinAKind) {
  EXPECT_FALSE(
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a"
          official_name: "甲局"
          kind: DEPARTMENT
          display_order: 1
        }
        units {
          code: "b"
          official_name: "乙局"
          kind: DEPARTMENT
          display_order: 1
        }
      )pb"))
          .ok());
  // The same number in different kinds is how the bulletin numbers them.
  EXPECT_TRUE(UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
                units {
                  code: "a"
                  official_name: "甲局"
                  kind: DEPARTMENT
                  display_order: 1
                }
                units {
                  code: "b"
                  official_name: "乙镇"
                  kind: TOWNSHIP
                  display_order: 1
                }
              )pb"))
                  .ok());
}

TEST(RegistryValidationTest, RefusesMissingNames) {
  EXPECT_FALSE(UnitRegistry::FromProto(ParseRegistry(R"pb(
                 units {
                   code: "a"
                   official_name: "甲局"
                   kind: DEPARTMENT
                   display_order: 1
                 }
               )pb"))
                   .ok());  // no district_name
  EXPECT_FALSE(
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a"
          official_name: "  "
          kind: DEPARTMENT
          display_order: 1
        }
      )pb"))
          .ok());
  EXPECT_FALSE(
      UnitRegistry::FromProto(ParseRegistry(std::string(kHeader) + R"pb(
        units {
          code: "a"
          official_name: "甲局"
          aliases: ""
          kind: DEPARTMENT
          display_order: 1
        }
      )pb"))
          .ok());
}

TEST(RegistryLoadTest, MissingFileIsNotFound) {
  absl::Status status =
      UnitRegistry::LoadFromFile("/nonexistent/registry.textproto").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/nonexistent/registry.textproto"));
}

}  // namespace
}  // namespace sgs
