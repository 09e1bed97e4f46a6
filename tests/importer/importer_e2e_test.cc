// End to end: the importer library against a real in-process ingest server
// (RocksDB in a temporary directory, the shipped registry).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "importer/csv_reader.h"
#include "importer/importer.h"
#include "tests/support/test_env.h"

namespace sgs::importer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The report's rows, header excluded, read back with the importer's own
// CSV reader (it must be valid RFC 4180 with a BOM).
std::vector<std::vector<std::string>> ReadReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::string first3(3, '\0');
  in.read(first3.data(), 3);
  EXPECT_EQ(first3, "\xEF\xBB\xBF") << "report must start with a BOM";
  in.seekg(0);
  CsvReader reader(&in);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  absl::StatusOr<bool> got = reader.Next(&fields);
  EXPECT_TRUE(got.ok() && *got);
  EXPECT_THAT(fields,
              ElementsAre("行号", "单位", "文书号", "字段", "规则与说明"));
  while ((got = reader.Next(&fields)).ok() && *got) rows.push_back(fields);
  EXPECT_TRUE(got.ok()) << got.status();
  return rows;
}

// "行号|单位|文书号|字段" of each report row, for compact comparison.
std::vector<std::string> Keys(
    const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows) {
    keys.push_back(absl::StrJoin(r.begin(), r.begin() + 4, "|"));
  }
  return keys;
}

class ImporterE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<sgs::testing::TestIngestServer>(
        absl::StrCat(dir_.path(), "/db"));
    stub_ = server_->NewStub();
  }

  absl::StatusOr<sgs::v1::Record> Get(const std::string& unit,
                                      sgs::v1::RecordKind kind,
                                      const std::string& document_number) {
    grpc::ClientContext context;
    sgs::v1::GetRecordRequest request;
    request.set_unit_code(unit);
    request.set_kind(kind);
    request.set_document_number(document_number);
    sgs::v1::Record record;
    grpc::Status status = stub_->GetRecord(&context, request, &record);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    }
    return record;
  }

  ImportOptions Options(const std::string& input) {
    ImportOptions options;
    options.input_path = input;
    options.progress = &progress_;
    options.progress_interval = absl::Milliseconds(5);
    return options;
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<sgs::testing::TestIngestServer> server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
  std::ostringstream progress_;
};

constexpr char kLicensingHeader[] =
    "\xEF\xBB\xBF"
    "DWDM,XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_FRDB,XK_XKWS,XK_WSH,XK_XKLB,"
    "XK_NR,XK_JDRQ,XK_YXQZ,XK_YXQZI,XK_XKJG,XK_XKJGDM,XK_ZT,XK_LYDW,"
    "XK_LYDWDM,GKFW\r\n";

// A licensing CSV row; `nr` and `name` are written as given (quote them).
std::string LicensingRow(const std::string& unit, const std::string& name,
                         const std::string& credit_code,
                         const std::string& document_number,
                         const std::string& content,
                         const std::string& decision_date) {
  return absl::StrCat(unit, ",", name, ",法人及非法人组织,", credit_code,
                      ",张三,准予行政许可决定书,", document_number, ",普通,",
                      content, ",", decision_date, ",", decision_date,
                      ",2099-12-31,安阳市殷都区教育局,11230500001755309F,有效,"
                      "安阳市殷都区教育局,11230500001755309F,社会公开\r\n");
}

TEST_F(ImporterE2eTest, CsvWithValidAndInvalidRows) {
  const std::string input = absl::StrCat(dir_.path(), "/licences.csv");
  std::string csv = kLicensingHeader;
  // line 2: valid.
  csv += LicensingRow("yd-jyj", "甲公司", "91350100M000100Y43", "许-A", "内容A",
                      "2024-07-01");
  // lines 3-4: valid, with a quoted comma and an embedded line break.
  csv += LicensingRow("yd-jyj", "\"乙公司,分部\"", "91110000600037341L", "许-B",
                      "\"第一行\r\n第二行\"", "2024-07-02");
  // line 5: a month 13: refused locally, never sent.
  csv += LicensingRow("yd-jyj", "丙公司", "91350100M000100Y43", "许-BAD-DATE",
                      "内容", "2024/13/01");
  // line 6: a wrong check digit: refused by the server.
  csv += LicensingRow("yd-jyj", "丁公司", "91350100M000100Y44", "许-BAD-CODE",
                      "内容", "2024-07-03");
  // line 7: an unknown unit and an empty 许可内容: two violations.
  csv += LicensingRow("yd-nonexistent", "戊公司", "91350100M000100Y43",
                      "许-BAD-UNIT", "", "2024-07-03");
  // line 8: valid, a date as Excel writes it.
  csv += LicensingRow("yd-jyj", "己公司", "91330000755918469E", "许-C", "内容C",
                      "2024/7/3");
  // line 9: a blank line, skipped.
  csv += "\r\n";
  // line 10: 许-A again: a correction.
  csv += LicensingRow("yd-jyj", "甲公司", "91350100M000100Y43", "许-A",
                      "内容A（更正）", "2024-07-01");
  WriteFile(input, csv);

  ImportOptions options = Options(input);
  options.upload.chunk_size = 2;  // several streams: indices must map back
  ImportResult result = RunImport(options, stub_.get());

  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.rows_read, 7);
  EXPECT_EQ(result.parse_failed, 1);
  EXPECT_EQ(result.sent, 6);
  EXPECT_EQ(result.acknowledged, 6);
  EXPECT_EQ(result.created, 3);
  EXPECT_EQ(result.corrected, 1);
  EXPECT_EQ(result.rejected, 2);
  EXPECT_EQ(ExitCode(result), 1);
  EXPECT_EQ(result.report_path, input + ".rejected.csv");

  std::vector<std::vector<std::string>> report = ReadReport(result.report_path);
  EXPECT_THAT(Keys(report), ElementsAre("5|yd-jyj|许-BAD-DATE|XK_JDRQ",
                                        "5|yd-jyj|许-BAD-DATE|XK_YXQZ",
                                        "6|yd-jyj|许-BAD-CODE|XK_XDR_SHXYM",
                                        "7|yd-nonexistent|许-BAD-UNIT|DWDM",
                                        "7|yd-nonexistent|许-BAD-UNIT|XK_NR"));
  ASSERT_EQ(report.size(), 5u);
  EXPECT_THAT(report[0][4], HasSubstr("2024/13/01"));
  EXPECT_THAT(report[2][4], StartsWith("check_digit"));
  EXPECT_THAT(report[3][4], StartsWith("unknown_unit"));
  EXPECT_THAT(report[4][4], StartsWith("required"));
  EXPECT_EQ(result.report_lines, 5);

  absl::StatusOr<sgs::v1::Record> a = Get("yd-jyj", sgs::v1::LICENSING, "许-A");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->licensing().content(), "内容A（更正）");
  EXPECT_EQ(a->version(), 2);
  absl::StatusOr<sgs::v1::Record> b = Get("yd-jyj", sgs::v1::LICENSING, "许-B");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->subject().name(), "乙公司,分部");
  EXPECT_EQ(b->licensing().content(), "第一行\r\n第二行");
  absl::StatusOr<sgs::v1::Record> c = Get("yd-jyj", sgs::v1::LICENSING, "许-C");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->licensing().decision_date(), "2024-07-03");
  EXPECT_EQ(Get("yd-jyj", sgs::v1::LICENSING, "许-BAD-DATE").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Get("yd-jyj", sgs::v1::LICENSING, "许-BAD-CODE").status().code(),
            absl::StatusCode::kNotFound);

  EXPECT_THAT(progress_.str(), HasSubstr("完成：已读取 7 行"));
  EXPECT_THAT(progress_.str(), HasSubstr("已发送 6 条"));
}

TEST_F(ImporterE2eTest, JsonLinesFlatAndProtoRecords) {
  const std::string input = absl::StrCat(dir_.path(), "/penalties.jsonl");
  const std::string flat_tail =
      R"("CF_WFXW":"违规","CF_SY":"事实","CF_YJ":"依据","CF_NR":"罚款二千元",)"
      R"("CF_NR_FK":0.2,"CF_JDRQ":"2024/07/05","CF_YXQ":"2025-07-04",)"
      R"("CF_CFJG":"安阳市公安局殷都分局","CF_CFJGDM":"11230500001755309F",)"
      R"("CF_SJLY":"安阳市公安局殷都分局","CF_SJLYDM":"11230500001755309F"})";
  std::string jsonl;
  // line 1: flat, valid.
  jsonl +=
      R"({"CF_XDR_MC":"李四","CF_XDR_LB":"自然人","CF_XDR_ZJLX":"身份证",)"
      R"("CF_XDR_ZJHM":"11010519491231002X","CF_WSH":"罚-1","CF_CFLB":["罚款"],)" +
      flat_tail + "\n";
  // line 2: blank.
  jsonl += "   \n";
  // line 3: a proto-JSON Record, valid.
  sgs::v1::Record record =
      sgs::testing::ValidLicensingRecord("", "许-J", "2024-07-06");
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(record, &json).ok());
  jsonl += json + "\n";
  // line 4: not JSON.
  jsonl += "{\"CF_WSH\": \n";
  // line 5: flat, a bad category.
  jsonl +=
      R"({"CF_XDR_MC":"王五","CF_XDR_LB":"自然人","CF_XDR_ZJLX":"身份证",)"
      R"("CF_XDR_ZJHM":"11010519491231002X","CF_WSH":"罚-2","CF_CFLB":"罚金",)" +
      flat_tail + "\n";
  // line 6: flat, an invalid ID number: the server refuses it.
  jsonl +=
      R"({"CF_XDR_MC":"赵六","CF_XDR_LB":"自然人","CF_XDR_ZJLX":"身份证",)"
      R"("CF_XDR_ZJHM":"11010519491231002Y","CF_WSH":"罚-3","CF_CFLB":"罚款",)" +
      flat_tail;  // no final newline
  WriteFile(input, jsonl);

  ImportOptions options = Options(input);
  options.mapping.unit_code = "yd-gaj";
  options.report_path = absl::StrCat(dir_.path(), "/report.csv");
  ImportResult result = RunImport(options, stub_.get());

  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.rows_read, 5);
  EXPECT_EQ(result.parse_failed, 2);
  EXPECT_EQ(result.sent, 3);
  EXPECT_EQ(result.created, 2);
  EXPECT_EQ(result.rejected, 1);
  EXPECT_EQ(ExitCode(result), 1);
  EXPECT_THAT(Keys(ReadReport(options.report_path)),
              ElementsAre("4|yd-gaj||", "5|yd-gaj|罚-2|CF_CFLB",
                          "6|yd-gaj|罚-3|CF_XDR_ZJHM"));

  absl::StatusOr<sgs::v1::Record> p = Get("yd-gaj", sgs::v1::PENALTY, "罚-1");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->penalty().fine_amount(), "0.2");
  EXPECT_EQ(p->penalty().decision_date(), "2024-07-05");
  absl::StatusOr<sgs::v1::Record> l = Get("yd-gaj", sgs::v1::LICENSING, "许-J");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->subject().credit_code(), "91350100M000100Y43");
}

TEST_F(ImporterE2eTest, BackfillKeepsHistoricalReceiptTimes) {
  const std::string input = absl::StrCat(dir_.path(), "/export.csv");
  std::string csv = "GJSJ,";
  csv += std::string(kLicensingHeader).substr(3);  // no BOM this time
  // 23:30 on 31 July Beijing time belongs to 31 July (UTC 15:30).
  csv += "2024-07-31 23:30:00," + LicensingRow("yd-jyj", "甲",
                                               "91350100M000100Y43", "许-H1",
                                               "内容", "2024-07-25");
  csv += "2024-08-01T01:00:00+08:00," +
         LicensingRow("yd-jyj", "乙", "91350100M000100Y43", "许-H2", "内容",
                      "2024-07-26");
  // No receipt time: refused locally.
  csv += "," + LicensingRow("yd-jyj", "丙", "91350100M000100Y43", "许-H3",
                            "内容", "2024-07-26");
  // Decided after it was received: refused by the server.
  csv += "2024-07-01 09:00:00," + LicensingRow("yd-jyj", "丁",
                                               "91350100M000100Y43", "许-H4",
                                               "内容", "2024-07-26");
  WriteFile(input, csv);

  ImportOptions options = Options(input);
  options.mapping.backfill = true;
  ImportResult result = RunImport(options, stub_.get());
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.created, 2);
  EXPECT_EQ(result.parse_failed, 1);
  EXPECT_EQ(result.rejected, 1);
  EXPECT_THAT(Keys(ReadReport(result.report_path)),
              ElementsAre("4|yd-jyj|许-H3|GJSJ", "5|yd-jyj|许-H4|XK_JDRQ"));

  absl::StatusOr<sgs::v1::Record> h1 =
      Get("yd-jyj", sgs::v1::LICENSING, "许-H1");
  ASSERT_TRUE(h1.ok()) << h1.status();
  EXPECT_EQ(h1->receipt_date(), "2024-07-31");
  EXPECT_EQ(
      h1->receipt_time().seconds(),
      absl::ToUnixSeconds(absl::FromCivil(
          absl::CivilSecond(2024, 7, 31, 15, 30, 0), absl::UTCTimeZone())));
  absl::StatusOr<sgs::v1::Record> h2 =
      Get("yd-jyj", sgs::v1::LICENSING, "许-H2");
  ASSERT_TRUE(h2.ok()) << h2.status();
  EXPECT_EQ(h2->receipt_date(), "2024-08-01");
}

// The back-fill sends batched messages (BackfillRecordsRequest.records):
// with batches of 2 in streams of 5, a record the server refuses in the
// middle of a batch is still reported on its own line, and every other row
// is stored.
TEST_F(ImporterE2eTest, BatchedBackfillReportsTheRefusedRowsLine) {
  const std::string input = absl::StrCat(dir_.path(), "/batched.csv");
  std::string csv = "GJSJ,";
  csv += std::string(kLicensingHeader).substr(3);
  for (int i = 0; i < 9; ++i) {
    // Row 5 (line 6) was received before its decision: the server refuses it.
    const std::string receipt =
        i == 4 ? "2024-07-01 09:00:00" : "2024-07-31 10:00:00";
    csv += receipt + "," +
           LicensingRow("yd-jyj", "甲", "91350100M000100Y43",
                        absl::StrCat("许-B", i), "内容", "2024-07-25");
  }
  WriteFile(input, csv);

  ImportOptions options = Options(input);
  options.mapping.backfill = true;
  options.upload.chunk_size = 5;
  options.upload.backfill_batch = 2;
  ImportResult result = RunImport(options, stub_.get());
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.sent, 9);
  EXPECT_EQ(result.acknowledged, 9);
  EXPECT_EQ(result.created, 8);
  EXPECT_EQ(result.rejected, 1);
  EXPECT_THAT(Keys(ReadReport(result.report_path)),
              ElementsAre("6|yd-jyj|许-B4|XK_JDRQ"));
  for (int i = 0; i < 9; ++i) {
    const absl::StatusOr<sgs::v1::Record> record =
        Get("yd-jyj", sgs::v1::LICENSING, absl::StrCat("许-B", i));
    EXPECT_EQ(record.ok(), i != 4) << i << " " << record.status();
  }
}

TEST_F(ImporterE2eTest, ShippedSamplesAreAccepted) {
  for (const char* sample :
       {"samples/import-example.csv", "samples/import-example.jsonl"}) {
    SCOPED_TRACE(sample);
    ImportOptions options = Options(sgs::testing::SourcePath(sample));
    options.report_path = absl::StrCat(dir_.path(), "/sample-report.csv");
    ImportResult result = RunImport(options, stub_.get());
    ASSERT_TRUE(result.status.ok()) << result.status;
    EXPECT_GE(result.rows_read, 3);
    EXPECT_EQ(result.created, result.rows_read);
    EXPECT_EQ(ExitCode(result), 0);
    std::vector<std::vector<std::string>> report =
        ReadReport(options.report_path);
    for (const auto& row : report) ADD_FAILURE() << absl::StrJoin(row, " | ");
  }
  absl::StatusOr<sgs::v1::Record> r =
      Get("yd-scjdj", sgs::v1::PENALTY, "殷市监罚〔2024〕0056号");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->penalty().fine_amount(), "5");
  EXPECT_EQ(r->penalty().decision_date(), "2024-07-18");
}

TEST_F(ImporterE2eTest, UnknownColumnsStopBeforeSending) {
  const std::string input = absl::StrCat(dir_.path(), "/bad-header.csv");
  WriteFile(input, "XK_WSH,行政相对人,XK_FOO\na,b,c\n");
  ImportOptions options = Options(input);
  options.mapping.unit_code = "yd-jyj";
  ImportResult result = RunImport(options, stub_.get());
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status.message()),
              HasSubstr("“行政相对人”（最接近的是“行政相对人名称”）"));
  EXPECT_EQ(ExitCode(result), 2);
  EXPECT_EQ(result.sent, 0);
  EXPECT_FALSE(std::ifstream(input + ".rejected.csv").good());
}

TEST_F(ImporterE2eTest, UnreachableServerIsExitCodeTwo) {
  const std::string input = absl::StrCat(dir_.path(), "/one.csv");
  WriteFile(input, std::string(kLicensingHeader) +
                       LicensingRow("yd-jyj", "甲", "91350100M000100Y43",
                                    "许-X", "内容", "2024-07-01"));
  const std::string address = server_->address();
  server_->Shutdown();
  std::unique_ptr<sgs::v1::IngestService::Stub> stub =
      sgs::v1::IngestService::NewStub(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  ImportResult result = RunImport(Options(input), stub.get());
  EXPECT_FALSE(result.status.ok());
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("第2行起"));
  EXPECT_EQ(ExitCode(result), 2);
  EXPECT_EQ(result.acknowledged, 0);
}

TEST(ImporterFormatTest, FormatByFlagOrExtension) {
  EXPECT_EQ(*ResolveInputFormat(InputFormat::kAuto, "a/B.CSV"),
            InputFormat::kCsv);
  EXPECT_EQ(*ResolveInputFormat(InputFormat::kAuto, "x.ndjson"),
            InputFormat::kJsonl);
  EXPECT_EQ(*ResolveInputFormat(InputFormat::kCsv, "x.txt"), InputFormat::kCsv);
  EXPECT_FALSE(ResolveInputFormat(InputFormat::kAuto, "x.txt").ok());
  EXPECT_EQ(*ParseInputFormat("JSONL"), InputFormat::kJsonl);
  EXPECT_FALSE(ParseInputFormat("xlsx").ok());
}

}  // namespace
}  // namespace sgs::importer
