// sgs_bulletin: renders the 双公示 bulletin of a month or a quarter to files
// by calling StatsService.RenderBulletin, for people who do not use grpcurl.
//
//   sgs_bulletin --year=2024 --month=7 --document_number='殷信用办〔2024〕14号'
//   sgs_bulletin --year=2024 --quarter=3 --formats=text,xlsx --out_dir=out
//   sgs_bulletin --year=2024 --month=7 --formats=docx,pdf,chart,escalations
//   sgs_bulletin --year=2024 --month=12 --draft   (征求意见稿 of this month)
//
// Prints the path of each file written; "all" and "csv" skip an attachment
// the bulletin does not have (no 乡镇 table: no 附件2). Exits 0 on success,
// 1 when the service refuses (e.g. an unfinished month without --draft) or
// cannot be reached, 2 for bad flags.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/program_flags.h"
#include "common/tls.h"
#include "grpcpp/grpcpp.h"
#include "sgs/v1/stats_service.grpc.pb.h"
#include "stats_service/unit_detail_export.h"

ABSL_FLAG(std::string, target, "localhost:50052",
          "StatsService address (host:port)");
ABSL_FLAG(int32_t, year, 0, "Year of the bulletin, e.g. 2024");
ABSL_FLAG(int32_t, month, 0, "Month 1-12 (monthly bulletin, 月通报)");
ABSL_FLAG(int32_t, quarter, 0, "Quarter 1-4 (quarterly bulletin, 季通报)");
ABSL_FLAG(std::string, document_number, "",
          "文号, e.g. 殷信用办〔2024〕14号 (left out of the text when empty)");
ABSL_FLAG(std::string, formats, "all",
          "Comma-separated: text, md, csv (both attachments), csv1, csv2, "
          "xlsx, docx, pdf, chart (PNG), svg (chart), escalations (督办清单 "
          "CSV); all = every one of them");
ABSL_FLAG(std::string, out_dir, ".", "Directory to write the files to");
ABSL_FLAG(bool, unit_details, true,
          "Also write one CSV per unit with late or missed records "
          "(本单位迟报、漏报明细) next to the bulletin.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA to verify the server with (enables TLS; else plaintext).");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate (mTLS).");
ABSL_FLAG(std::string, tls_key, "", "PEM client private key (mTLS).");
ABSL_FLAG(std::string, token, "",
          "Bearer token, sent as \"authorization: Bearer <token>\"");
ABSL_FLAG(int32_t, timeout_seconds, 60, "Deadline of each call, in seconds");
ABSL_FLAG(bool, draft, false,
          "征求意见稿: render a period that has not ended or has no records "
          "yet (refused without it, exit 1)");

namespace {

using ::sgs::v1::BulletinFormat;

// A format to write; `if_present`: an attachment CSV asked for by "csv" or
// "all", skipped when the bulletin has no such attachment (a region
// without townships has no 附件2), while "csv2" asks for it outright.
struct WantedFormat {
  BulletinFormat format;
  bool if_present = false;
};

// Flag value → formats, in the order the files are written.
bool ParseFormats(const std::string& flag, std::vector<WantedFormat>* out,
                  std::string* error) {
  for (absl::string_view raw : absl::StrSplit(flag, ',', absl::SkipEmpty())) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
    if (name == "text" || name == "txt") {
      out->push_back({sgs::v1::TEXT});
    } else if (name == "md" || name == "markdown") {
      out->push_back({sgs::v1::MARKDOWN});
    } else if (name == "csv") {
      out->push_back({sgs::v1::ATTACHMENT_1_CSV, true});
      out->push_back({sgs::v1::ATTACHMENT_2_CSV, true});
    } else if (name == "csv1") {
      out->push_back({sgs::v1::ATTACHMENT_1_CSV});
    } else if (name == "csv2") {
      out->push_back({sgs::v1::ATTACHMENT_2_CSV});
    } else if (name == "xlsx") {
      out->push_back({sgs::v1::ATTACHMENTS_XLSX});
    } else if (name == "docx") {
      out->push_back({sgs::v1::DOCX});
    } else if (name == "pdf") {
      out->push_back({sgs::v1::PDF});
    } else if (name == "chart" || name == "png") {
      out->push_back({sgs::v1::TREND_CHART_PNG});
    } else if (name == "svg") {
      out->push_back({sgs::v1::TREND_CHART_SVG});
    } else if (name == "escalations") {
      out->push_back({sgs::v1::ESCALATIONS_CSV});
    } else if (name == "all") {
      for (BulletinFormat f :
           {sgs::v1::TEXT, sgs::v1::MARKDOWN, sgs::v1::ATTACHMENT_1_CSV,
            sgs::v1::ATTACHMENT_2_CSV, sgs::v1::ATTACHMENTS_XLSX, sgs::v1::DOCX,
            sgs::v1::PDF, sgs::v1::TREND_CHART_PNG, sgs::v1::ESCALATIONS_CSV}) {
        out->push_back({f, f == sgs::v1::ATTACHMENT_1_CSV ||
                               f == sgs::v1::ATTACHMENT_2_CSV});
      }
    } else {
      *error = absl::StrCat("未知格式 (unknown format): ", name);
      return false;
    }
  }
  if (out->empty()) {
    *error = "--formats 为空 (no format given)";
    return false;
  }
  return true;
}

bool BuildPeriod(sgs::v1::Period* period, std::string* error) {
  const int32_t year = absl::GetFlag(FLAGS_year);
  const int32_t month = absl::GetFlag(FLAGS_month);
  const int32_t quarter = absl::GetFlag(FLAGS_quarter);
  if (year < 1900 || year > 9999) {
    *error = "需要 --year (e.g. --year=2024)";
    return false;
  }
  if ((month != 0) == (quarter != 0)) {
    *error = "需要 --month 或 --quarter 之一 (exactly one of them)";
    return false;
  }
  period->set_year(year);
  if (month != 0) {
    if (month < 1 || month > 12) {
      *error = "--month 应为 1-12";
      return false;
    }
    period->set_type(sgs::v1::Period::MONTH);
    period->set_month(month);
  } else {
    if (quarter < 1 || quarter > 4) {
      *error = "--quarter 应为 1-4";
      return false;
    }
    period->set_type(sgs::v1::Period::QUARTER);
    period->set_quarter(quarter);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  sgs::ParseProgramFlags(
      argc, argv, "sgs_bulletin",
      "生成双公示通报 (render the 双公示 bulletin to files).\n"
      "  sgs_bulletin --year=2024 --month=7 [--quarter=N] "
      "[--document_number=...] [--formats=all|docx,pdf,...] [--out_dir=.]");

  sgs::v1::Period period;
  std::vector<WantedFormat> formats;
  std::string error;
  if (!BuildPeriod(&period, &error) ||
      !ParseFormats(absl::GetFlag(FLAGS_formats), &formats, &error)) {
    std::cerr << "sgs_bulletin: " << error << "\n";
    return 2;
  }

  const std::filesystem::path out_dir(absl::GetFlag(FLAGS_out_dir));
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "sgs_bulletin: 无法创建输出目录 " << out_dir.string() << ": "
              << ec.message() << "\n";
    return 1;
  }

  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      sgs::ChannelCredentials({absl::GetFlag(FLAGS_tls_ca),
                               absl::GetFlag(FLAGS_tls_cert),
                               absl::GetFlag(FLAGS_tls_key)});
  if (!credentials.ok()) {
    std::cerr << "sgs_bulletin: TLS 配置错误: " << credentials.status() << "\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target), *credentials);
  std::unique_ptr<sgs::v1::StatsService::Stub> stub =
      sgs::v1::StatsService::NewStub(channel);
  const std::string token = absl::GetFlag(FLAGS_token);

  for (const WantedFormat& wanted : formats) {
    const BulletinFormat format = wanted.format;
    sgs::v1::RenderBulletinRequest request;
    *request.mutable_period() = period;
    request.set_document_number(absl::GetFlag(FLAGS_document_number));
    request.set_format(format);
    request.set_draft(absl::GetFlag(FLAGS_draft));

    grpc::ClientContext context;
    context.set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_seconds)));
    if (!token.empty()) {
      context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    }
    sgs::v1::RenderBulletinResponse response;
    const grpc::Status status =
        stub->RenderBulletin(&context, request, &response);
    if (wanted.if_present && status.error_code() == grpc::NOT_FOUND) {
      std::cerr << "sgs_bulletin: " << BulletinFormat_Name(format)
                << " 跳过 (skipped): " << status.error_message() << "\n";
      continue;
    }
    if (!status.ok()) {
      std::cerr << "sgs_bulletin: RenderBulletin("
                << BulletinFormat_Name(format) << ") 失败: code "
                << status.error_code() << ": " << status.error_message()
                << "\n";
      return 1;
    }
    // Only the last path component of the suggested name is used, so a
    // server cannot make the client write outside --out_dir.
    std::filesystem::path name =
        std::filesystem::path(response.filename()).filename();
    if (name.empty() || name == "." || name == "..") {
      name = absl::StrCat("bulletin-", BulletinFormat_Name(format));
    }
    const std::filesystem::path path = out_dir / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(response.content().data(),
              static_cast<std::streamsize>(response.content().size()));
    out.close();
    if (!out) {
      std::cerr << "sgs_bulletin: 写入失败 (cannot write) " << path.string()
                << "\n";
      return 1;
    }
    std::cout << path.string() << "\n";
  }
  if (absl::GetFlag(FLAGS_unit_details)) {
    sgs::stats::UnitDetailOptions options;
    options.out_dir = out_dir.string();
    options.token = token;
    options.timeout = absl::Seconds(absl::GetFlag(FLAGS_timeout_seconds));
    absl::StatusOr<std::vector<std::string>> details =
        sgs::stats::WriteUnitDetails(stub.get(), period, options);
    if (!details.ok()) {
      std::cerr << "sgs_bulletin: 各单位迟报、漏报明细生成失败: "
                << details.status() << "\n";
      return 1;
    }
    for (const std::string& path : *details) std::cout << path << "\n";
  }
  return 0;
}
