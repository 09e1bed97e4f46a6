// sgs_import: imports a CSV or JSON Lines file of 双公示 records into the
// ingest service. See importer/importer.h for what a run does.
//
//   sgs_import --input=records.csv --unit=jiaoyu [--target=host:port]
//   sgs_import --input=export.csv --backfill --token=...   (credit office)
//
// Flags may be spelled with dashes or underscores (--chunk-size or
// --chunk_size).
//
// Exit code: 0 all rows accepted, 1 some rows rejected (see the report),
// 2 usage or connection error.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "common/program_flags.h"
#include "common/tls.h"
#include "grpcpp/grpcpp.h"
#include "importer/importer.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "Ingest service address, host:port.");
ABSL_FLAG(std::string, input, "", "Input file (.csv or .jsonl).");
ABSL_FLAG(std::string, format, "auto",
          "Input format: csv, jsonl, or auto (by extension).");
ABSL_FLAG(std::string, unit, "",
          "Registry unit code for rows without a DWDM column.");
ABSL_FLAG(std::string, report, "",
          "Rejected-rows report (CSV); default <input>.rejected.csv.");
ABSL_FLAG(bool, backfill, false,
          "Back-fill a platform export through BackfillRecords (credit "
          "office); every row needs its 归集时间 in column GJSJ.");
ABSL_FLAG(int32_t, chunk_size, 0,
          "Records per upload stream; each stream's summary acknowledges "
          "them. 0: 5000, or 50000 with --backfill (a stream's end waits "
          "for its last write: fewer ends, a faster back-fill).");
ABSL_FLAG(int32_t, backfill_batch, 500,
          "Records per BackfillRecords message (--backfill); 1 sends one "
          "record per message, for a server older than the batched form.");
ABSL_FLAG(int32_t, progress_interval_seconds, 5,
          "Seconds between progress lines on stderr (0: only at the end).");
ABSL_FLAG(bool, ignore_unknown_columns, false,
          "Skip columns that are not standard field codes instead of "
          "refusing the file.");
ABSL_FLAG(std::string, encoding, "auto",
          "Input encoding: auto (UTF-8 with or without BOM, or GBK/GB18030, "
          "judged from the file), utf-8, or gbk (= gb18030).");
ABSL_FLAG(std::string, summary_json, "",
          "Also write a machine-readable JSON summary (read, sent, created, "
          "corrected, rejected, concealment risks, by unit) to this file.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA to verify the server with (enables TLS; else plaintext).");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate (mTLS).");
ABSL_FLAG(std::string, tls_key, "", "PEM client private key (mTLS).");
ABSL_FLAG(std::string, token, "",
          "Bearer token sent as authorization metadata.");
ABSL_FLAG(int32_t, connect_timeout_seconds, 10,
          "How long to wait for the ingest service to be reachable.");

int main(int argc, char** argv) {
  const char* const usage =
      "导入双公示记录文件（CSV或JSON Lines）到归集服务。\n"
      "  sgs_import --input=records.csv --unit=<单位代码> "
      "[--target=host:port]\n"
      "  sgs_import --input=export.csv --backfill   (历史数据回填)";
  // The documented spellings are --chunk-size etc.; absl flag names use
  // underscores. Accept both by rewriting the name part of each flag.
  std::vector<std::string> rewritten(argv, argv + argc);
  for (size_t i = 1; i < rewritten.size(); ++i) {
    std::string& arg = rewritten[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) continue;
    const size_t end = std::min(arg.find('='), arg.size());
    for (size_t k = 2; k < end; ++k) {
      if (arg[k] == '-') arg[k] = '_';
    }
  }
  std::vector<char*> args_for_absl;
  args_for_absl.reserve(rewritten.size());
  for (std::string& arg : rewritten) args_for_absl.push_back(arg.data());
  sgs::ParseProgramFlags(static_cast<int>(args_for_absl.size()),
                         args_for_absl.data(), "sgs_import", usage);

  sgs::importer::ImportOptions options;
  options.input_path = absl::GetFlag(FLAGS_input);
  if (options.input_path.empty()) {
    std::cerr << "缺少--input参数（要导入的文件）" << std::endl;
    return 2;
  }
  absl::StatusOr<sgs::importer::InputFormat> format =
      sgs::importer::ParseInputFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) {
    std::cerr << format.status().message() << std::endl;
    return 2;
  }
  options.format = *format;
  absl::StatusOr<sgs::importer::Encoding> encoding =
      sgs::importer::ParseEncoding(absl::GetFlag(FLAGS_encoding));
  if (!encoding.ok()) {
    std::cerr << encoding.status().message() << std::endl;
    return 2;
  }
  options.encoding = *encoding;
  options.summary_json_path = absl::GetFlag(FLAGS_summary_json);
  options.report_path = absl::GetFlag(FLAGS_report);
  options.mapping.unit_code = absl::GetFlag(FLAGS_unit);
  options.mapping.backfill = absl::GetFlag(FLAGS_backfill);
  options.mapping.ignore_unknown_columns =
      absl::GetFlag(FLAGS_ignore_unknown_columns);
  if (absl::GetFlag(FLAGS_chunk_size) < 0) {
    std::cerr << "--chunk-size不能为负数（0 表示默认值）" << std::endl;
    return 2;
  }
  options.upload.chunk_size = sgs::importer::StreamRecords(
      absl::GetFlag(FLAGS_chunk_size), absl::GetFlag(FLAGS_backfill));
  if (absl::GetFlag(FLAGS_backfill_batch) < 1) {
    std::cerr << "--backfill_batch必须大于0" << std::endl;
    return 2;
  }
  options.upload.backfill_batch = absl::GetFlag(FLAGS_backfill_batch);
  options.upload.token = absl::GetFlag(FLAGS_token);
  options.progress_interval =
      absl::Seconds(absl::GetFlag(FLAGS_progress_interval_seconds));
  options.progress = &std::cerr;

  const std::string target = absl::GetFlag(FLAGS_target);
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      sgs::ChannelCredentials({absl::GetFlag(FLAGS_tls_ca),
                               absl::GetFlag(FLAGS_tls_cert),
                               absl::GetFlag(FLAGS_tls_key)});
  if (!credentials.ok()) {
    std::cerr << "sgs_import: TLS 配置错误: " << credentials.status() << "\n";
    return 2;
  }
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(target, *credentials, args);
  // Fail fast with a clear message rather than on the first stream.
  if (!channel->WaitForConnected(
          std::chrono::system_clock::now() +
          std::chrono::seconds(absl::GetFlag(FLAGS_connect_timeout_seconds)))) {
    std::cerr << "无法连接到归集服务：" << target << std::endl;
    return 2;
  }
  std::unique_ptr<sgs::v1::IngestService::Stub> stub =
      sgs::v1::IngestService::NewStub(channel);

  sgs::importer::ImportResult result =
      sgs::importer::RunImport(options, stub.get());
  if (!result.status.ok()) {
    std::cerr << "导入中止：" << result.status.message() << std::endl;
  }
  return sgs::importer::ExitCode(result);
}
