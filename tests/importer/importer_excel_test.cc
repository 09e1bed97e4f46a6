// End to end, as a department's Excel user imports: a CSV saved by Excel in
// a Chinese locale (GBK), with Chinese column headers in its own order and
// padded with spaces, dates written 2024年7月3日 and 2024.7.3, and the unit
// named by its alias — against a real ingest server on a real port. The
// machine-readable summary (--summary_json) is parsed back.
#include <iconv.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "importer/encoding.h"
#include "importer/importer.h"
#include "tests/support/test_env.h"

namespace sgs::importer {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// UTF-8 → GBK with iconv, as Excel would have saved the file.
std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &out_ptr, &out_left),
            static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Chinese headers, not in the standard's order, with spaces around some.
constexpr char kHeader[] =
    " 行政处罚决定书文号 ,报送单位, 行政相对人名称,行政相对人类别,证件类型,"
    "证件号码,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,"
    "罚款金额（万元）,处罚决定日期,处罚有效期,处罚机关,"
    "处罚机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码,"
    "公开范围\r\n";

std::string Row(const std::string& number, const std::string& unit,
                const std::string& decided, const std::string& scope) {
  return absl::StrCat(
      number, ",", unit,
      ",李四,自然人,居民身份证,11010519491231002X,未按规定办理,"
      "经查，当事人未按规定办理相关手续。,《中华人民共和国行政处罚法》第九条,"
      "罚款,罚款人民币贰仟元整,0.2,",
      decided,
      ",2099年12月31日,安阳市殷都区市场监督管理局,"
      "11230500001755309F,安阳市殷都区市场监督管理局,11230500001755309F,",
      scope, "\r\n");
}

class ImporterExcelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<sgs::testing::TestIngestServer>(
        absl::StrCat(dir_.path(), "/db"));
    stub_ = server_->NewStub();
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<sgs::testing::TestIngestServer> server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
  std::ostringstream progress_;
};

TEST_F(ImporterExcelTest, GbkFileWithChineseHeadersDatesAndAliasesImports) {
  const std::string input = absl::StrCat(dir_.path(), "/市场监管局.csv");
  std::string csv = kHeader;
  csv += Row("殷市监罚〔2024〕101号", "市场监管局", "2024年7月3日", "社会公开");
  csv +=
      Row("殷市监罚〔2024〕102号", "殷都区市场监督局", "2024.7.4", "社会公开");
  csv += Row("殷市监罚〔2024〕103号", "yd-scjdj", "2024/7/5", "社会公开");
  // Accepted, but a non-public scope without a legal basis: 瞒报风险.
  csv += Row("殷市监罚〔2024〕104号", "市场监管局", "2024年7月8日", "政务共享");
  WriteFile(input, ToGbk(csv));

  ImportOptions options;
  options.input_path = input;
  options.progress = &progress_;
  options.progress_interval = absl::ZeroDuration();
  options.summary_json_path = absl::StrCat(dir_.path(), "/summary.json");
  ImportResult result = RunImport(options, stub_.get());

  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.encoding, Encoding::kGb18030);
  EXPECT_EQ(result.rows_read, 4);
  EXPECT_EQ(result.parse_failed, 0) << progress_.str();
  EXPECT_EQ(result.created, 4);
  EXPECT_EQ(result.rejected, 0);
  EXPECT_EQ(result.concealment_risks, 1);
  EXPECT_EQ(ExitCode(result), 0);

  // Stored under the registry code, with the dates normalised.
  grpc::ClientContext context;
  sgs::v1::GetRecordRequest request;
  request.set_unit_code("yd-scjdj");
  request.set_kind(sgs::v1::PENALTY);
  request.set_document_number("殷市监罚〔2024〕101号");
  sgs::v1::Record record;
  ASSERT_TRUE(stub_->GetRecord(&context, request, &record).ok());
  EXPECT_EQ(record.penalty().decision_date(), "2024-07-03");
  EXPECT_EQ(record.penalty().valid_until(), "2099-12-31");
  EXPECT_EQ(record.subject().name(), "李四");

  // The Chinese summary names what was refused, never "已确认" for it.
  EXPECT_THAT(progress_.str(), HasSubstr("文件编码：GB18030"));
  EXPECT_THAT(progress_.str(), HasSubstr("已接收 4 条"));
  EXPECT_THAT(progress_.str(), Not(HasSubstr("已确认")));
  EXPECT_THAT(progress_.str(),
              HasSubstr("瞒报风险：第5行 殷市监罚〔2024〕104号"));

  std::ifstream in(options.summary_json_path);
  std::stringstream text;
  text << in.rdbuf();
  google::protobuf::Struct summary;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(text.str(), &summary).ok())
      << text.str();
  const auto& f = summary.fields();
  EXPECT_EQ(f.at("encoding").string_value(), "GB18030");
  EXPECT_EQ(f.at("read").number_value(), 4);
  EXPECT_EQ(f.at("sent").number_value(), 4);
  EXPECT_EQ(f.at("created").number_value(), 4);
  EXPECT_EQ(f.at("corrected").number_value(), 0);
  EXPECT_EQ(f.at("rejected").number_value(), 0);
  EXPECT_EQ(f.at("concealment_risks").number_value(), 1);
  const auto& units = f.at("by_unit").list_value().values();
  ASSERT_EQ(units.size(), 1);
  const auto& unit = units[0].struct_value().fields();
  EXPECT_EQ(unit.at("unit_code").string_value(), "yd-scjdj");
  EXPECT_EQ(unit.at("accepted").number_value(), 4);
  EXPECT_EQ(unit.at("concealment_risks").number_value(), 1);
  const auto& risks = f.at("concealment_risk_records").list_value().values();
  ASSERT_EQ(risks.size(), 1);
  EXPECT_EQ(risks[0].struct_value().fields().at("line").number_value(), 5);
  EXPECT_THAT(risks[0].struct_value().fields().at("reason").string_value(),
              HasSubstr("法律依据"));
}

TEST_F(ImporterExcelTest, UnknownUnitNameIsRefusedWithTheNearestNames) {
  const std::string input = absl::StrCat(dir_.path(), "/bad-unit.csv");
  std::string csv = kHeader;
  csv += Row("殷市监罚〔2024〕201号", "市场监督管理局", "2024年7月3日",
             "社会公开");
  WriteFile(input, "\xEF\xBB\xBF" + csv);  // UTF-8 with a BOM this time
  ImportOptions options;
  options.input_path = input;
  options.summary_json_path = absl::StrCat(dir_.path(), "/summary.json");
  ImportResult result = RunImport(options, stub_.get());
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.encoding, Encoding::kUtf8);
  EXPECT_EQ(result.rejected, 1);
  std::ifstream report(result.report_path);
  std::stringstream text;
  text << report.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("不在单位名录中"));
  EXPECT_THAT(text.str(), HasSubstr("（yd-scjdj）"));
}

TEST_F(ImporterExcelTest, GivenEncodingThatDoesNotFitStopsWithWhere) {
  const std::string input = absl::StrCat(dir_.path(), "/utf8.csv");
  // "\x80" alone is not GBK (nor UTF-8).
  WriteFile(input, "CF_WSH,DWDM\r\n\x80\xFF,yd-scjdj\r\n");
  ImportOptions options;
  options.input_path = input;
  options.encoding = Encoding::kGb18030;
  ImportResult result = RunImport(options, stub_.get());
  EXPECT_FALSE(result.status.ok());
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("GBK/GB18030"));
  EXPECT_EQ(ExitCode(result), 2);
}

}  // namespace
}  // namespace sgs::importer
