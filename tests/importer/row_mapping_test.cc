#include "importer/row_mapping.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace sgs::importer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Cells = std::vector<std::pair<std::string, std::string>>;

sgs::v1::Record ParseRecord(const std::string& text) {
  sgs::v1::Record record;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &record))
      << text;
  return record;
}

void ExpectRecord(const sgs::v1::Record& actual, const std::string& expected) {
  google::protobuf::util::MessageDifferencer diff;
  std::string report;
  diff.ReportDifferencesToString(&report);
  EXPECT_TRUE(diff.Compare(ParseRecord(expected), actual)) << report;
}

std::vector<std::string> Columns(const std::vector<CellError>& errors) {
  std::vector<std::string> columns;
  for (const CellError& e : errors) columns.push_back(e.column);
  return columns;
}

Cells LicensingRow() {
  return {
      {"XK_XDR_MC", "安阳市殷都区示例幼儿园"},
      {"XK_XDR_LB", "法人及非法人组织"},
      {"XK_XDR_SHXYM", "91350100M000100Y43"},
      {"XK_FRDB", "张三"},
      {"XK_XDR_ZJLX", ""},
      {"XK_XDR_ZJHM", ""},
      {"XK_XKWS", "民办学校办学许可决定书"},
      {"XK_WSH", "殷教许〔2024〕001号"},
      {"XK_XKLB", "普通"},
      {"XK_XKZS", "民办学校办学许可证"},
      {"XK_XKBH", "教民141050270000011号"},
      {"XK_NR", "准予设立民办幼儿园"},
      {"XK_JDRQ", "2024/7/1"},
      {"XK_YXQZ", "2024-07-01"},
      {"XK_YXQZI", "2099/12/31"},
      {"XK_XKJG", "安阳市殷都区教育局"},
      {"XK_XKJGDM", "11230500001755309F"},
      {"XK_ZT", "有效"},
      {"XK_LYDW", "安阳市殷都区教育局"},
      {"XK_LYDWDM", "11230500001755309F"},
      {"DWDM", "yd-jyj"},
      {"GKFW", "社会公开"},
      {"BZ", " 备注 "},
  };
}

TEST(RowMappingTest, LicensingRowWithChineseTexts) {
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow(LicensingRow(), {}, &row, &errors))
      << errors[0].column << " " << errors[0].message;
  EXPECT_FALSE(row.receipt_time.has_value());
  ExpectRecord(row.record, R"pb(
    unit_code: "yd-jyj"
    disclosure_scope: PUBLIC
    subject {
      name: "安阳市殷都区示例幼儿园"
      subject_class: LEGAL_ENTITY
      credit_code: "91350100M000100Y43"
      legal_representative: "张三"
    }
    licensing {
      decision_document_name: "民办学校办学许可决定书"
      document_number: "殷教许〔2024〕001号"
      category: ORDINARY
      certificate_name: "民办学校办学许可证"
      license_number: "教民141050270000011号"
      content: "准予设立民办幼儿园"
      decision_date: "2024-07-01"
      valid_from: "2024-07-01"
      valid_to: "2099-12-31"
      authority_name: "安阳市殷都区教育局"
      authority_code: "11230500001755309F"
      status: LICENSE_VALID
      source_unit_name: "安阳市殷都区教育局"
      source_unit_code: "11230500001755309F"
      remarks: "备注"
    }
  )pb");
}

TEST(RowMappingTest, PenaltyRowWithCategoryListAndNaturalPerson) {
  Cells cells = {
      {"CF_XDR_MC", "李四"},
      {"CF_XDR_LB", "自然人"},
      {"CF_XDR_ZJLX", "身份证"},
      {"CF_XDR_ZJHM", "11010519491231002X"},
      {"CF_WSH", "殷公（治）决字〔2024〕0101号"},
      {"CF_WFXW", "违反治安管理"},
      {"CF_SY", "在公共场所滋事"},
      {"CF_YJ", "《中华人民共和国治安管理处罚法》第二十六条"},
      {"CF_CFLB", "警告；罚款、没收违法所得,罚款"},
      {"CF_NR", "警告并处罚款二千元，没收违法所得"},
      {"CF_NR_FK", "0.2"},
      {"CF_NR_WFFF", "0.05"},
      {"CF_JDRQ", "2024-07-02"},
      {"CF_YXQ", "2025/1/2"},
      {"CF_CFJG", "安阳市公安局殷都分局"},
      {"CF_CFJGDM", "11230500001755309F"},
      {"CF_SJLY", "安阳市公安局殷都分局"},
      {"CF_SJLYDM", "11230500001755309F"},
      {"GKFW", "政务共享"},
      {"GKYJ", "《中华人民共和国个人信息保护法》"},
  };
  MappingOptions options;
  options.unit_code = "yd-gaj";
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow(cells, options, &row, &errors)) << errors[0].message;
  ExpectRecord(row.record, R"pb(
    unit_code: "yd-gaj"
    disclosure_scope: GOVERNMENT_SHARING
    scope_legal_basis: "《中华人民共和国个人信息保护法》"
    subject {
      name: "李四"
      subject_class: NATURAL_PERSON
      id_type: RESIDENT_ID_CARD
      id_number: "11010519491231002X"
    }
    penalty {
      # NFKC (common/identity_normalizer.h): full-width （） are ( ).
      document_number: "殷公(治)决字〔2024〕0101号"
      violation_type: "违反治安管理"
      violation_facts: "在公共场所滋事"
      legal_basis: "《中华人民共和国治安管理处罚法》第二十六条"
      categories: [ WARNING, FINE, CONFISCATE_ILLEGAL_GAINS ]
      content: "警告并处罚款二千元，没收违法所得"
      fine_amount: "0.2"
      confiscated_amount: "0.05"
      decision_date: "2024-07-02"
      valid_until: "2025-01-02"
      authority_name: "安阳市公安局殷都分局"
      authority_code: "11230500001755309F"
      source_unit_name: "安阳市公安局殷都分局"
      source_unit_code: "11230500001755309F"
    }
  )pb");
}

TEST(RowMappingTest, AcceptsProtoEnumNames) {
  Cells cells = LicensingRow();
  for (auto& [code, value] : cells) {
    if (code == "XK_XDR_LB") value = "legal_entity";
    if (code == "XK_XKLB") value = "APPROVAL";
    if (code == "XK_ZT") value = "2";
    if (code == "GKFW") value = "AUTHORIZED_QUERY";
  }
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow(cells, {}, &row, &errors));
  EXPECT_EQ(row.record.subject().subject_class(), sgs::v1::LEGAL_ENTITY);
  EXPECT_EQ(row.record.licensing().category(), sgs::v1::APPROVAL);
  EXPECT_EQ(row.record.licensing().status(), sgs::v1::LICENSE_INVALID);
  EXPECT_EQ(row.record.disclosure_scope(), sgs::v1::AUTHORIZED_QUERY);
}

TEST(RowMappingTest, BadCellsNameTheirColumns) {
  Cells cells = LicensingRow();
  for (auto& [code, value] : cells) {
    if (code == "XK_XDR_LB") value = "企业";
    if (code == "XK_XKLB") value = "UNSPECIFIED";
    if (code == "XK_JDRQ") value = "2024/02/30";
    if (code == "XK_YXQZ") value = "20240701";
    if (code == "XK_ZT") value = "3";
    if (code == "GKFW") value = "内部";
  }
  MappedRow row;
  std::vector<CellError> errors;
  EXPECT_FALSE(MapRow(cells, {}, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("XK_XDR_LB", "XK_XKLB", "XK_JDRQ",
                                           "XK_YXQZ", "XK_ZT", "GKFW"));
  EXPECT_THAT(errors[0].message, HasSubstr("企业"));
  EXPECT_THAT(errors[0].message, HasSubstr("法人及非法人组织"));
  EXPECT_THAT(errors[2].message, HasSubstr("2024/02/30"));
  // What could be mapped is kept for the report.
  EXPECT_EQ(row.record.unit_code(), "yd-jyj");
  EXPECT_EQ(DocumentNumberOf(row.record), "殷教许〔2024〕001号");
}

TEST(RowMappingTest, BadPenaltyCategoryListsTheUnknownOnes) {
  Cells cells = {
      {"CF_WSH", "X-1"}, {"CF_CFLB", "警告、拘役、停业"}, {"DWDM", "yd-gaj"}};
  MappedRow row;
  std::vector<CellError> errors;
  EXPECT_FALSE(MapRow(cells, {}, &row, &errors));
  ASSERT_THAT(Columns(errors), ElementsAre("CF_CFLB"));
  EXPECT_THAT(errors[0].message, HasSubstr("“拘役”、“停业”"));
}

TEST(RowMappingTest, KindColumnDecidesAndOtherPrefixIsAnError) {
  Cells cells = {{"KIND", "CF"},
                 {"CF_WSH", "罚-1"},
                 {"XK_WSH", "许-1"},
                 {"DWDM", "yd-gaj"}};
  MappedRow row;
  std::vector<CellError> errors;
  EXPECT_FALSE(MapRow(cells, {}, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("XK_WSH"));
  EXPECT_TRUE(row.record.has_penalty());

  // Empty cells of the other kind are fine (a mixed file's other half).
  cells[2].second = "";
  errors.clear();
  EXPECT_TRUE(MapRow(cells, {}, &row, &errors));
  EXPECT_EQ(KindOf(row.record), sgs::v1::PENALTY);
  EXPECT_EQ(row.record.penalty().document_number(), "罚-1");

  cells[0].second = "行政许可";
  cells[1].second = "";
  cells[2].second = "许-1";
  errors.clear();
  EXPECT_TRUE(MapRow(cells, {}, &row, &errors));
  EXPECT_EQ(KindOf(row.record), sgs::v1::LICENSING);
}

TEST(RowMappingTest, KindWithoutKindColumn) {
  MappedRow row;
  std::vector<CellError> errors;
  EXPECT_FALSE(MapRow({{"XK_WSH", "a"}, {"CF_WSH", "b"}, {"DWDM", "u"}}, {},
                      &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("KIND"));
  errors.clear();
  EXPECT_FALSE(MapRow({{"KIND", "XX"}, {"XK_WSH", "a"}, {"DWDM", "u"}}, {},
                      &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("KIND"));
  errors.clear();
  EXPECT_FALSE(MapRow({{"DWDM", "u"}, {"BZ", "x"}}, {}, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("KIND"));
}

TEST(RowMappingTest, UnitFromFlagOrColumn) {
  MappedRow row;
  std::vector<CellError> errors;
  MappingOptions options;
  EXPECT_FALSE(MapRow({{"XK_WSH", "a"}}, options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("DWDM"));

  options.unit_code = "yd-jyj";
  errors.clear();
  EXPECT_TRUE(MapRow({{"XK_WSH", "a"}}, options, &row, &errors));
  EXPECT_EQ(row.record.unit_code(), "yd-jyj");
  EXPECT_TRUE(
      MapRow({{"XK_WSH", "a"}, {"DWDM", "yd-jyj"}}, options, &row, &errors));
  EXPECT_FALSE(
      MapRow({{"XK_WSH", "a"}, {"DWDM", "yd-gaj"}}, options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("DWDM"));
  EXPECT_THAT(errors[0].message, HasSubstr("yd-gaj"));
}

TEST(RowMappingTest, OlderScopeColumnIsTheSameAsGkfw) {
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow({{"CF_WSH", "a"}, {"CF_SYFW", "授权查询"}, {"DWDM", "u"}},
                     {}, &row, &errors));
  EXPECT_EQ(row.record.disclosure_scope(), sgs::v1::AUTHORIZED_QUERY);
}

TEST(RowMappingTest, ReceiptTimeOnlyInBackfill) {
  MappingOptions options;
  options.unit_code = "yd-jyj";
  options.backfill = true;
  MappedRow row;
  std::vector<CellError> errors;
  // 23:30 Beijing time on 31 July is 15:30 UTC.
  ASSERT_TRUE(MapRow({{"XK_WSH", "a"}, {"GJSJ", "2024-07-31 23:30:00"}},
                     options, &row, &errors));
  ASSERT_TRUE(row.receipt_time.has_value());
  EXPECT_EQ(*row.receipt_time,
            absl::FromCivil(absl::CivilSecond(2024, 7, 31, 15, 30, 0),
                            absl::UTCTimeZone()));
  ASSERT_TRUE(MapRow({{"XK_WSH", "a"}, {"GJSJ", "2024-07-31T15:30:00Z"}},
                     options, &row, &errors));
  EXPECT_EQ(*row.receipt_time,
            absl::FromCivil(absl::CivilSecond(2024, 7, 31, 15, 30, 0),
                            absl::UTCTimeZone()));
  ASSERT_TRUE(MapRow({{"XK_WSH", "a"}, {"GJSJ", "2024-08-01T00:30:00+08:00"}},
                     options, &row, &errors));
  EXPECT_EQ(*row.receipt_time,
            absl::FromCivil(absl::CivilSecond(2024, 7, 31, 16, 30, 0),
                            absl::UTCTimeZone()));

  EXPECT_FALSE(MapRow({{"XK_WSH", "a"}, {"GJSJ", ""}}, options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("GJSJ"));
  errors.clear();
  EXPECT_FALSE(
      MapRow({{"XK_WSH", "a"}, {"GJSJ", "昨天"}}, options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("GJSJ"));

  options.backfill = false;
  errors.clear();
  EXPECT_FALSE(MapRow({{"XK_WSH", "a"}, {"GJSJ", "2024-07-31 23:30:00"}},
                      options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("GJSJ"));
}

TEST(RowMappingTest, HeaderChecks) {
  MappingOptions options;
  EXPECT_TRUE(CheckHeader({"XK_WSH", "XK_XDR_MC", "DWDM", "BZ"}, options).ok());
  absl::Status unknown =
      CheckHeader({"XK_WSH", "XK_FOO", "备注列", "CF_WSH"}, options);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  // Each unknown header is listed with the nearest known name.
  EXPECT_THAT(std::string(unknown.message()),
              HasSubstr("“XK_FOO”（最接近的是“"));
  EXPECT_THAT(std::string(unknown.message()),
              HasSubstr("“备注列”（最接近的是“备注”）"));
  options.ignore_unknown_columns = true;
  EXPECT_TRUE(CheckHeader({"XK_WSH", "XK_FOO"}, options).ok());
  EXPECT_FALSE(CheckHeader({"XK_WSH", "XK_WSH"}, options).ok());
  EXPECT_FALSE(CheckHeader({"DWDM", "BZ"}, options).ok());
  EXPECT_FALSE(CheckHeader({"XK_WSH", "GJSJ"}, options).ok());
  options.backfill = true;
  EXPECT_FALSE(CheckHeader({"XK_WSH"}, options).ok());
  EXPECT_TRUE(CheckHeader({"XK_WSH", "GJSJ"}, options).ok());
  EXPECT_EQ(NormalizeColumnName(" xk_wsh\t"), "XK_WSH");
}

TEST(RowMappingTest, UnknownColumnsInRows) {
  MappingOptions options;
  options.unit_code = "u";
  MappedRow row;
  std::vector<CellError> errors;
  EXPECT_FALSE(
      MapRow({{"XK_WSH", "a"}, {"XK_FOO", "b"}}, options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("XK_FOO"));
  options.ignore_unknown_columns = true;
  errors.clear();
  EXPECT_TRUE(
      MapRow({{"XK_WSH", "a"}, {"XK_FOO", "b"}}, options, &row, &errors));
}

TEST(RowMappingTest, JsonFlatObject) {
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapJsonLine(
      R"({"CF_WSH":"罚-9","CF_CFLB":["警告","罚款"],"CF_NR_FK":0.2,)"
      R"("CF_JDRQ":"2024/07/03","dwdm":"yd-gaj","CF_XDR_ZJLX":null})",
      {}, &row, &errors))
      << errors[0].message;
  ExpectRecord(row.record, R"pb(
    unit_code: "yd-gaj"
    penalty {
      document_number: "罚-9"
      categories: [ WARNING, FINE ]
      fine_amount: "0.2"
      decision_date: "2024-07-03"
    }
  )pb");

  errors.clear();
  EXPECT_FALSE(
      MapJsonLine(R"({"XK_WSH":"a","XK_ZT":{"x":1}})", {}, &row, &errors));
  EXPECT_THAT(Columns(errors), ::testing::Contains("XK_ZT"));
  errors.clear();
  EXPECT_FALSE(MapJsonLine("{not json", {}, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre(""));
}

TEST(RowMappingTest, JsonProtoRecord) {
  MappingOptions options;
  options.unit_code = "yd-jyj";
  options.backfill = true;
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapJsonLine(
      R"({"subject":{"name":"甲","subjectClass":"LEGAL_ENTITY"},)"
      R"("licensing":{"documentNumber":"许-7","decisionDate":"2024/07/05"},)"
      R"("receiptTime":"2024-07-08T02:00:00Z","version":3,"name":"x"})",
      options, &row, &errors))
      << errors[0].message;
  ExpectRecord(row.record, R"pb(
    unit_code: "yd-jyj"
    subject { name: "甲" subject_class: LEGAL_ENTITY }
    licensing { document_number: "许-7" decision_date: "2024-07-05" }
  )pb");
  ASSERT_TRUE(row.receipt_time.has_value());
  EXPECT_EQ(*row.receipt_time, absl::FromUnixSeconds(1720404000));

  errors.clear();
  EXPECT_FALSE(MapJsonLine(R"({"penalty":{"documentNumber":"x"}})", options,
                           &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre("receipt_time"));
  errors.clear();
  EXPECT_FALSE(
      MapJsonLine(R"({"penalty":{"bogus":1}})", options, &row, &errors));
  EXPECT_THAT(Columns(errors), ElementsAre(""));
}

TEST(RowMappingTest, ColumnForFieldPath) {
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "subject.credit_code"),
            "CF_XDR_SHXYM");
  EXPECT_EQ(
      ColumnForFieldPath(sgs::v1::LICENSING, "subject.legalRepresentative"),
      "XK_FRDB");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "penalty.categories[1]"),
            "CF_CFLB");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::LICENSING, "record.licensing.valid_to"),
            "XK_YXQZI");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "penalty.remarks"), "BZ");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "unit_code"), "DWDM");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "disclosure_scope"), "GKFW");
  EXPECT_EQ(ColumnForFieldPath(sgs::v1::PENALTY, "decision"), "decision");
}

}  // namespace
}  // namespace sgs::importer

namespace sgs::importer {
namespace {

// Headers in Chinese, as an Excel template has them, mapped through the
// same normalisation the CSV reader applies.
Cells ChineseHeaders(const Cells& by_code) {
  Cells out;
  for (const auto& [code, text] : by_code) out.emplace_back(code, text);
  return out;
}

TEST(RowMappingTest, ChineseHeadersInAnyOrderWithSpaces) {
  EXPECT_EQ(NormalizeColumnName(" 行政许可决定文书号 "), "XK_WSH");
  EXPECT_EQ(NormalizeColumnName("\xE3\x80\x80处罚决定日期"), "CF_JDRQ");
  // Shared by both kinds: a kind-neutral column of that name.
  EXPECT_EQ(NormalizeColumnName("行政相对人名称"), "行政相对人名称");
  EXPECT_EQ(NormalizeColumnName("数据来源单位"), "数据来源单位");
  EXPECT_EQ(NormalizeColumnName("报送单位代码"), "DWDM");
  EXPECT_TRUE(IsKnownColumn("行政相对人名称"));

  MappingOptions options;
  options.unit_code = "yd-scjdj";
  MappedRow row;
  std::vector<CellError> errors;
  const Cells cells = ChineseHeaders({
      {NormalizeColumnName("处罚决定日期"), "2024年7月3日"},
      {NormalizeColumnName("行政处罚决定书文号"), "殷市监罚〔2024〕1号"},
      {NormalizeColumnName("行政相对人名称"), "某商店"},
      {NormalizeColumnName("数据来源单位"), "安阳市殷都区市场监督管理局"},
      {NormalizeColumnName("处罚有效期"), "2024.7.10"},
      {NormalizeColumnName("处罚类别"), "警告、罚款"},
  });
  ASSERT_TRUE(MapRow(cells, options, &row, &errors))
      << (errors.empty() ? "" : errors[0].column + errors[0].message);
  EXPECT_EQ(row.record.penalty().decision_date(), "2024-07-03");
  EXPECT_EQ(row.record.penalty().valid_until(), "2024-07-10");
  EXPECT_EQ(row.record.subject().name(), "某商店");
  EXPECT_EQ(row.record.penalty().source_unit_name(),
            "安阳市殷都区市场监督管理局");
  EXPECT_EQ(row.record.penalty().categories_size(), 2);
}

TEST(RowMappingTest, UnitByNameOrAliasThroughTheDirectory) {
  UnitDirectory units;
  units.Add("yd-scjdj", "区市场监管局", {"市场监管局", "区市监局"});
  units.Add("yd-jyj", "区教育局", {});
  MappingOptions options;
  options.units = &units;
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow({{"CF_WSH", "a"}, {"DWDM", " 区市监局 "}}, options, &row,
                     &errors));
  EXPECT_EQ(row.record.unit_code(), "yd-scjdj");
  // An unknown name goes to the server as written (it refuses it with the
  // record's other problems); the nearest names are at hand for the report.
  errors.clear();
  EXPECT_TRUE(MapRow({{"CF_WSH", "a"}, {"DWDM", "市场监督局"}}, options, &row,
                     &errors));
  EXPECT_EQ(row.record.unit_code(), "市场监督局");
  EXPECT_THAT(units.NearestNames("市场监督局", 1),
              ElementsAre("市场监管局（yd-scjdj）"));
}

TEST(RowMappingTest, DatesAsExcelUsersWriteThem) {
  MappingOptions options;
  options.unit_code = "u";
  MappedRow row;
  std::vector<CellError> errors;
  for (const char* text :
       {"2024年7月3日", "2024.7.3", "2024/07/03", "2024-7-3"}) {
    errors.clear();
    ASSERT_TRUE(
        MapRow({{"CF_WSH", "a"}, {"CF_JDRQ", text}}, options, &row, &errors))
        << text;
    EXPECT_EQ(row.record.penalty().decision_date(), "2024-07-03") << text;
  }
  errors.clear();
  EXPECT_FALSE(MapRow({{"CF_WSH", "a"}, {"CF_JDRQ", "2024年2月30日"}}, options,
                      &row, &errors));
  ASSERT_THAT(Columns(errors), ElementsAre("CF_JDRQ"));
  EXPECT_THAT(errors[0].message, HasSubstr("处罚决定日期"));
}

}  // namespace
}  // namespace sgs::importer

namespace sgs::importer {
namespace {

// Issue 10, finding 12: the importer applies the API's normalisation
// (common/identity_normalizer.h), so a file and a direct call name the
// same record, and refuses invisible characters in the same way.
TEST(RowMappingIdentityTest, IdentityFieldsAreNormalisedLikeTheApi) {
  Cells cells = LicensingRow();
  for (auto& [code, value] : cells) {
    if (code == "XK_WSH") value = "\u3000殷教许〔２０２４〕００１号\u3000";
  }
  MappedRow row;
  std::vector<CellError> errors;
  ASSERT_TRUE(MapRow(cells, {}, &row, &errors)) << errors[0].message;
  EXPECT_EQ(DocumentNumberOf(row.record), "殷教许〔2024〕001号");

  for (auto& [code, value] : cells) {
    if (code == "XK_WSH") value = "殷教许〔2024〕001\u200B号";
  }
  errors.clear();
  EXPECT_FALSE(MapRow(cells, {}, &row, &errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].column, "XK_WSH");
  EXPECT_THAT(errors[0].message, HasSubstr("U+200B"));
}

}  // namespace
}  // namespace sgs::importer
