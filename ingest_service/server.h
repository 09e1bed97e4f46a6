// IngestServer: the ingest service's gRPC server (IngestService, health,
// reflection) on top of the record store. main.cc and the tests both start
// it through this class.
#ifndef SGS_INGEST_SERVICE_SERVER_H_
#define SGS_INGEST_SERVICE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/server_limits.h"
#include "common/tls.h"
#include "ingest_service/validator.h"

namespace sgs::ingest {

struct IngestServerOptions {
  // "host:port"; port 0 picks a free port (see IngestServer::port()).
  std::string listen_address = "0.0.0.0:50051";
  // RocksDB directory (created if missing).
  std::string data_dir = "./data/ingest";
  // Unit registry (config/registry.textproto).
  std::string registry_path = "config/registry.textproto";
  // Largest request or response message, bytes: gRPC's own default, far
  // above a real record (a few KiB; every text field is limited) and a
  // bounded page, far below what one call could make the server buffer.
  int max_message_bytes = 4 * 1024 * 1024;
  // Largest BatchSubmitRecords request.
  int max_batch_size = 1000;
  // Most records in one batched BackfillRecords message.
  int max_backfill_batch = 1000;
  // Records of a stream per WriteBatch (at least 1). 4000: a 300k
  // back-fill took 5% less CPU and wall time than with 1000 (issue 11).
  int stream_chunk_records = 4000;
  // fsync the write-ahead log before acknowledging (survives power loss,
  // not only process crashes).
  bool sync_writes = true;
  // Bearer-token hashes (protobuf text TokenFile). Required unless
  // development_no_auth.
  std::string tokens_path;
  // Development only: accept every call without a token (logged loudly).
  bool development_no_auth = false;
  // TLS (and mTLS with a client CA); plaintext when empty.
  TlsServerFiles tls;
  // Concurrent UploadRecords / BackfillRecords streams; more get
  // RESOURCE_EXHAUSTED.
  int max_concurrent_streams = 8;
  // Records in one stream.
  int64_t max_stream_records = 10'000'000;
  // Streams per caller, idle timeout, byte budgets, summary and queue
  // bounds (IngestLimits in ingest_service_impl.h).
  int max_streams_per_caller = 2;
  int stream_idle_timeout_seconds = 60;
  int64_t max_stream_buffer_bytes = 8 << 20;
  int64_t max_buffered_bytes = 64 << 20;
  int64_t max_open_rejections_per_unit = 10000;
  // HTTP/2 and gRPC transport limits (common/server_limits.h).
  ServerLimits server_limits;
  // Per-field length limits and the penalty-category count.
  ValidationLimits validation_limits;
  // RocksDB memory and disk bounds (see StoreOptions).
  int rocksdb_memory_budget_mb = 256;
  int rocksdb_block_cache_mb = 0;
  int rocksdb_write_buffer_mb = 0;
  int rocksdb_max_wal_mb = 64;
  // Free disk space kept on the data directory's filesystem; below it
  // writes get RESOURCE_EXHAUSTED (磁盘空间不足) and reads go on.
  int min_free_disk_mb = 64;
  // Start on a damaged write-ahead log by replaying it up to the damage
  // (the loss is logged and recorded) instead of refusing to start.
  bool accept_wal_point_in_time_recovery = false;
  // Prometheus /metrics, "host:port" ("" = off; port 0 picks a free one).
  std::string metrics_address;
  // Plaintext health-only gRPC port for probes while the main port
  // requires TLS, "host:port" ("" = off).
  std::string health_address;
  // BackupEngine directory for AdminService backups ("" = backups off).
  std::string backup_dir;
  // Backups kept when a request names no retention.
  int backup_keep = 7;
  // The server's clock (receipt times, "today"); absl::Now when unset.
  // Tests inject one so they need not sleep for time to pass.
  Clock clock;
};

class IngestServer {
 public:
  virtual ~IngestServer() = default;
  // Opens the store and starts serving; returns once listening.
  static absl::StatusOr<std::unique_ptr<IngestServer>> Start(
      const IngestServerOptions& options);
  // The bound port.
  virtual int port() const = 0;
  // The bound /metrics and health-only ports (0 when off).
  virtual int metrics_port() const = 0;
  virtual int health_port() const = 0;
  // Health goes NOT_SERVING, in-flight calls finish (up to `grace`), the
  // store closes cleanly. Idempotent.
  virtual void Shutdown(absl::Duration grace = absl::Seconds(10)) = 0;
  // Blocks until Shutdown() completes.
  virtual void Wait() = 0;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_SERVER_H_
