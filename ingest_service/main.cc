// ingest_service: receives, validates and stores 双公示 records.
//   ingest_service --port=50051 --data_dir=./data/ingest
//       --registry=config/registry.textproto
#include <cstdio>
#include <iostream>

#include "absl/flags/flag.h"
#include "common/build_info.h"
#include "common/logging.h"
#include "common/program_flags.h"
#include "common/server_flags.h"
#include "common/signals.h"
#include "ingest_service/server.h"

ABSL_FLAG(int, port, 50051, "Port to listen on (0 picks a free one).");
ABSL_FLAG(std::string, data_dir, "./data/ingest",
          "RocksDB data directory (created if missing).");
ABSL_FLAG(int, max_message_bytes, 4 * 1024 * 1024,
          "Largest request or response message in bytes (a record is a few "
          "KiB).");
ABSL_FLAG(int, max_batch_size, 1000,
          "Most records in one BatchSubmitRecords call.");
ABSL_FLAG(int, max_backfill_batch, 1000,
          "Most records in one batched BackfillRecords message (records).");
ABSL_FLAG(int, stream_chunk_records, 4000,
          "Records of an UploadRecords/BackfillRecords stream written per "
          "WriteBatch (one fsync); the chunk in flight is written while the "
          "next is read. Larger chunks spread each commit's fixed cost.");
ABSL_FLAG(bool, sync_writes, true,
          "fsync the write-ahead log before acknowledging a write.");
ABSL_FLAG(int, max_concurrent_streams, 8,
          "Most UploadRecords/BackfillRecords streams open at once.");
ABSL_FLAG(int64_t, max_stream_records, 10000000, "Most records in one stream.");
ABSL_FLAG(int, max_streams_per_caller, 2,
          "Most UploadRecords/BackfillRecords streams one caller (token) has "
          "open at once.");
ABSL_FLAG(int, stream_idle_timeout_seconds, 60,
          "A stream that sends no message for this long is cancelled.");
ABSL_FLAG(int64_t, max_stream_buffer_bytes, 8 << 20,
          "Bytes one stream buffers before its chunk is written.");
ABSL_FLAG(int64_t, max_buffered_bytes, 64 << 20,
          "Bytes all streams together buffer; beyond it a stream is refused "
          "(RESOURCE_EXHAUSTED) after saving what it sent.");
ABSL_FLAG(int64_t, max_open_rejections_per_unit, 10000,
          "Open entries of one unit's rejected queue; later rejections are "
          "answered but not queued.");
ABSL_FLAG(int, max_text_chars, 2000,
          "Longest free-text field (许可内容, 违法事实 ...), characters.");
ABSL_FLAG(int, max_name_chars, 200,
          "Longest name field (行政相对人名称, 机关名称 ...), characters.");
ABSL_FLAG(int, max_code_chars, 128,
          "Longest 文书号, code or identifier field, characters.");
ABSL_FLAG(
    int64_t, max_amount_wan, 100000000,
    "Largest 罚款金额 / 没收金额 accepted, in 万元 (default 10^8 万元 = 1 "
    "万亿元); more is INVALID_ARGUMENT, rule amount_too_large.");
ABSL_FLAG(int, rocksdb_memory_budget_mb, 256,
          "RocksDB memory: one block cache (index and filter blocks "
          "included) that the memtables (a quarter) are charged to, MiB.");
ABSL_FLAG(int, rocksdb_block_cache_mb, 0,
          "RocksDB block cache, MiB (0: the memory budget).");
ABSL_FLAG(int, rocksdb_write_buffer_mb, 0,
          "RocksDB memtables of all column families together, MiB (0: a "
          "quarter of the memory budget).");
ABSL_FLAG(int, rocksdb_max_wal_mb, 64,
          "RocksDB write-ahead log size that forces flushes, MiB.");
ABSL_FLAG(int, min_free_disk_mb, 64,
          "Free disk space kept on --data_dir's filesystem, MiB: below it "
          "writes are refused (RESOURCE_EXHAUSTED, 磁盘空间不足), reads go on, "
          "and writes resume by themselves once space is freed (0 = none).");
ABSL_FLAG(bool, accept_wal_point_in_time_recovery, false,
          "Start on a damaged write-ahead log by replaying it up to the "
          "damage; what is dropped is logged and recorded in the store. "
          "Without it a damaged log stops the start (exit 1).");
ABSL_FLAG(std::string, backup_dir, "",
          "RocksDB BackupEngine directory for AdminService backups (empty = "
          "backups off; keep it on another volume than --data_dir).");
ABSL_FLAG(int, backup_keep, 7,
          "Backups kept when a CreateBackup request names no retention.");

int main(int argc, char** argv) {
  sgs::BlockTerminationSignals();
  sgs::ParseProgramFlags(
      argc, argv, "ingest_service",
      "双公示 ingest service: validates records and stores them in RocksDB.");
  const sgs::ServerFlags server_flags = sgs::ServerFlagsFromFlags();
  if (absl::Status logging = sgs::InitLogging(server_flags.log_level);
      !logging.ok()) {
    std::cerr << "ingest_service: " << logging << "\n";
    return 1;
  }
  const sgs::BuildInfo& build = sgs::GetBuildInfo();
  sgs::LogEvent(sgs::LogLevel::kInfo, "ingest_service", "version",
                sgs::LogFields()
                    .Add("version", build.version)
                    .Add("commit", build.commit)
                    .Add("build_type", build.build_type));

  sgs::ingest::IngestServerOptions options;
  sgs::ApplyServerFlags(server_flags, absl::GetFlag(FLAGS_port), &options);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.max_batch_size = absl::GetFlag(FLAGS_max_batch_size);
  options.max_backfill_batch = absl::GetFlag(FLAGS_max_backfill_batch);
  options.stream_chunk_records = absl::GetFlag(FLAGS_stream_chunk_records);
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  options.max_stream_records = absl::GetFlag(FLAGS_max_stream_records);
  options.max_streams_per_caller = absl::GetFlag(FLAGS_max_streams_per_caller);
  options.stream_idle_timeout_seconds =
      absl::GetFlag(FLAGS_stream_idle_timeout_seconds);
  options.max_stream_buffer_bytes =
      absl::GetFlag(FLAGS_max_stream_buffer_bytes);
  options.max_buffered_bytes = absl::GetFlag(FLAGS_max_buffered_bytes);
  options.max_open_rejections_per_unit =
      absl::GetFlag(FLAGS_max_open_rejections_per_unit);
  options.validation_limits.max_text_length =
      absl::GetFlag(FLAGS_max_text_chars);
  options.validation_limits.max_name_length =
      absl::GetFlag(FLAGS_max_name_chars);
  options.validation_limits.max_document_number_length =
      absl::GetFlag(FLAGS_max_code_chars);
  options.validation_limits.max_amount_wan =
      absl::GetFlag(FLAGS_max_amount_wan);
  options.rocksdb_memory_budget_mb =
      absl::GetFlag(FLAGS_rocksdb_memory_budget_mb);
  options.rocksdb_block_cache_mb = absl::GetFlag(FLAGS_rocksdb_block_cache_mb);
  options.rocksdb_write_buffer_mb =
      absl::GetFlag(FLAGS_rocksdb_write_buffer_mb);
  options.rocksdb_max_wal_mb = absl::GetFlag(FLAGS_rocksdb_max_wal_mb);
  options.min_free_disk_mb = absl::GetFlag(FLAGS_min_free_disk_mb);
  options.accept_wal_point_in_time_recovery =
      absl::GetFlag(FLAGS_accept_wal_point_in_time_recovery);
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  options.backup_keep = absl::GetFlag(FLAGS_backup_keep);

  auto server = sgs::ingest::IngestServer::Start(options);
  if (!server.ok()) {
    std::cerr << "ingest_service: 启动失败: " << server.status() << "\n";
    return 1;
  }
  std::cout << "ingest_service listening on port " << (*server)->port()
            << " (data: " << options.data_dir << ")\n"
            << "  grpcurl "
            << (options.tls.enabled() ? "-cacert <ca.pem>" : "-plaintext")
            << " localhost:" << (*server)->port()
            << " list sgs.v1.IngestService\n"
            << std::flush;
  int signal_number = sgs::WaitForTerminationSignal();
  std::cout << "ingest_service: signal " << signal_number << ", shutting down\n"
            << std::flush;
  (*server)->Shutdown(server_flags.shutdown_grace);
  std::cout << "ingest_service: stopped cleanly\n";
  return 0;
}
