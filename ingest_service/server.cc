#include "ingest_service/server.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/health_service.h"
#include "common/logging.h"
#include "common/registry.h"
#include "common/server_limits.h"
#include "common/service_observability.h"
#include "common/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "ingest_service/admin_service_impl.h"
#include "ingest_service/backup.h"
#include "ingest_service/domain/record_store.h"
#include "ingest_service/ingest_metrics.h"
#include "ingest_service/ingest_service_impl.h"

namespace sgs::ingest {
namespace {

// INVALID_ARGUMENT naming the flag of a stream limit out of range.
absl::Status CheckIngestLimits(const IngestLimits& limits) {
  struct Bound {
    int64_t value;
    int64_t least;
    const char* flag;
  };
  for (const Bound& bound : {
           Bound{limits.max_concurrent_streams, 1, "max_concurrent_streams"},
           Bound{limits.max_streams_per_caller, 1, "max_streams_per_caller"},
           Bound{absl::ToInt64Seconds(limits.stream_idle_timeout), 1,
                 "stream_idle_timeout_seconds"},
           Bound{limits.max_stream_buffer_bytes, 64 << 10,
                 "max_stream_buffer_bytes"},
           Bound{limits.max_buffered_bytes, limits.max_stream_buffer_bytes,
                 "max_buffered_bytes (不小于 --max_stream_buffer_bytes)"},
           Bound{limits.max_open_rejections_per_unit, 1,
                 "max_open_rejections_per_unit"},
       }) {
    if (bound.value < bound.least) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", bound.flag, " 至少为 ", bound.least, "，收到 ", bound.value));
    }
  }
  return absl::OkStatus();
}

class IngestServerImpl final : public IngestServer {
 public:
  ~IngestServerImpl() override { Shutdown(absl::Seconds(5)); }

  absl::Status Init(const IngestServerOptions& options) {
    absl::StatusOr<UnitRegistry> registry =
        UnitRegistry::LoadFromFile(options.registry_path);
    if (!registry.ok()) return registry.status();
    registry_ = std::make_unique<UnitRegistry>(*std::move(registry));

    absl::StatusOr<Authenticator> auth = MakeServerAuthenticator(
        options.tokens_path, options.development_no_auth, "ingest_service");
    if (!auth.ok()) return auth.status();
    auth_ = std::make_unique<Authenticator>(*std::move(auth));
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        ServerCredentials(options.tls);
    if (!credentials.ok()) return credentials.status();

    StoreOptions store_options;
    store_options.sync_writes = options.sync_writes;
    store_options.memory_budget_bytes =
        static_cast<size_t>(options.rocksdb_memory_budget_mb) << 20;
    store_options.block_cache_bytes =
        static_cast<size_t>(options.rocksdb_block_cache_mb) << 20;
    store_options.write_buffer_total_bytes =
        static_cast<size_t>(options.rocksdb_write_buffer_mb) << 20;
    store_options.max_wal_bytes =
        static_cast<uint64_t>(options.rocksdb_max_wal_mb) << 20;
    if (options.min_free_disk_mb < 0) {
      return absl::InvalidArgumentError("--min_free_disk_mb 不能为负数");
    }
    store_options.min_free_disk_bytes =
        static_cast<uint64_t>(options.min_free_disk_mb) << 20;
    store_options.accept_wal_point_in_time_recovery =
        options.accept_wal_point_in_time_recovery;
    absl::StatusOr<std::unique_ptr<RecordStore>> store =
        RecordStore::Open(options.data_dir, store_options);
    if (!store.ok()) return store.status();
    store_ = *std::move(store);

    IngestLimits limits;
    limits.max_batch_size = options.max_batch_size;
    limits.max_backfill_batch = options.max_backfill_batch;
    limits.stream_chunk_size = std::max(1, options.stream_chunk_records);
    limits.max_concurrent_streams = options.max_concurrent_streams;
    limits.max_stream_records = options.max_stream_records;
    limits.max_streams_per_caller = options.max_streams_per_caller;
    limits.stream_idle_timeout =
        absl::Seconds(options.stream_idle_timeout_seconds);
    limits.max_stream_buffer_bytes = options.max_stream_buffer_bytes;
    limits.max_buffered_bytes = options.max_buffered_bytes;
    limits.max_open_rejections_per_unit = options.max_open_rejections_per_unit;
    RETURN_IF_ERROR(CheckIngestLimits(limits));
    RETURN_IF_ERROR(CheckServerLimits(options.server_limits));
    limits.validation = options.validation_limits;
    service_ = std::make_unique<IngestServiceImpl>(
        store_.get(), registry_.get(), auth_.get(), limits, options.clock);
    record_metrics_ =
        std::make_unique<RecordMetrics>(observability_.registry());
    service_->set_record_metrics(record_metrics_.get());
    observability_.AddCollectable(std::make_shared<RocksDbCollector>(
        [store = store_.get()] { return store->db(); }));

    if (!options.backup_dir.empty()) {
      absl::StatusOr<std::unique_ptr<BackupManager>> backups =
          BackupManager::Open(options.backup_dir);
      if (!backups.ok()) return backups.status();
      backups_ = *std::move(backups);
    }
    if (options.backup_keep < 1) {
      return absl::InvalidArgumentError("--backup_keep: 至少保留 1 个备份");
    }
    admin_ = std::make_unique<AdminServiceImpl>(
        [store = store_.get()] { return store->db(); }, backups_.get(),
        auth_.get(), options.backup_keep);

    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(options.listen_address, *credentials, &port_);
    // gRPC sets SO_REUSEPORT by default: a second instance on the same port
    // would start and silently split the traffic. Fail instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.SetMaxReceiveMessageSize(options.max_message_bytes);
    builder.SetMaxSendMessageSize(options.max_message_bytes);
    ApplyServerLimits(options.server_limits, "ingest_service", &builder);
    builder.RegisterService(service_.get());
    builder.RegisterService(admin_.get());
    builder.RegisterService(&health_);
    observability_.ObserveCalls(&builder, auth_.get());
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("无法在 ", options.listen_address, " 上监听"));
    }
    health_.SetStatus("", grpc::health::v1::HealthCheckResponse::SERVING);
    health_.SetStatus("sgs.v1.IngestService",
                      grpc::health::v1::HealthCheckResponse::SERVING);
    absl::Status ports = observability_.StartPorts(
        {options.metrics_address, options.health_address}, &health_);
    if (!ports.ok()) return ports;
    // The configuration in force, without secrets (file paths only).
    LogEvent(
        LogLevel::kInfo, "ingest_service", "start",
        LogFields()
            .Add("port", port_)
            .Add("metrics_port", observability_.metrics_port())
            .Add("health_port", observability_.health_port())
            .Add("data_dir", options.data_dir)
            .Add("registry", options.registry_path)
            .Add("tokens_file", options.tokens_path)
            .Add("dev_no_auth", options.development_no_auth)
            .Add("tls", options.tls.enabled())
            .Add("mtls", !options.tls.client_ca_path.empty())
            .Add("sync_writes", options.sync_writes)
            .Add("backup_dir", options.backup_dir)
            .Add("backup_keep", options.backup_keep)
            .Add("max_batch_size", options.max_batch_size)
            .Add("max_backfill_batch", options.max_backfill_batch)
            .Add("stream_chunk_records", options.stream_chunk_records)
            .Add("max_concurrent_streams", options.max_concurrent_streams)
            .Add("max_streams_per_caller", options.max_streams_per_caller)
            .Add("stream_idle_timeout_seconds",
                 options.stream_idle_timeout_seconds)
            .Add("max_stream_buffer_bytes", options.max_stream_buffer_bytes)
            .Add("max_buffered_bytes", options.max_buffered_bytes)
            .Add("max_message_bytes", options.max_message_bytes)
            .Add("max_streams_per_connection",
                 options.server_limits.max_streams_per_connection)
            .Add("grpc_memory_mb", options.server_limits.grpc_memory_mb)
            .Add("grpc_max_threads", options.server_limits.grpc_max_threads)
            .Add("rocksdb_memory_budget_mb", options.rocksdb_memory_budget_mb)
            .Add("rocksdb_block_cache_mb", options.rocksdb_block_cache_mb)
            .Add("rocksdb_write_buffer_mb", options.rocksdb_write_buffer_mb)
            .Add("min_free_disk_mb", options.min_free_disk_mb)
            .Add("accept_wal_point_in_time_recovery",
                 options.accept_wal_point_in_time_recovery));
    return absl::OkStatus();
  }

  int port() const override { return port_; }
  int metrics_port() const override { return observability_.metrics_port(); }
  int health_port() const override { return observability_.health_port(); }

  void Shutdown(absl::Duration grace) override {
    absl::MutexLock lock(&shutdown_mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    health_.Shutdown();
    observability_.Shutdown(absl::Seconds(1));
    if (server_ != nullptr) {
      const absl::Time end = absl::Now() + grace;
      // Streams first, while connections stay open: a stream ending within
      // the grace gets its summary; one still open stops reading a little
      // before the end, stores what it read and says where to resume.
      // Shutting the server down now would close each connection as soon
      // as its last call ends, before the client has read the answer.
      if (service_ != nullptr) {
        // Half the grace for reading, half for the answers to reach
        // clients that are still sending (they read it only once their
        // writes fail).
        const absl::Time stop_reading = end - grace / 2;
        service_->StopStreamsAt(stop_reading);
        const bool all_ended = service_->WaitForStreams(stop_reading);
        if (service_->streams_stopped() > 0 || !all_ended) {
          absl::SleepFor(end - absl::Now() - grace / 10);
        }
      }
      // In-flight calls get the rest of `grace`; then they are cancelled.
      server_->Shutdown(absl::ToChronoTime(end));
      server_->Wait();
    }
    admin_.reset();
    backups_.reset();
    service_.reset();
    store_.reset();  // Closes RocksDB cleanly.
    LogEvent(LogLevel::kInfo, "ingest_service", "stopped");
  }

  void Wait() override {
    absl::MutexLock lock(&shutdown_mutex_);
    shutdown_mutex_.Await(absl::Condition(&shut_down_));
  }

 private:
  std::unique_ptr<UnitRegistry> registry_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<RecordStore> store_;
  std::unique_ptr<IngestServiceImpl> service_;
  std::unique_ptr<RecordMetrics> record_metrics_;
  std::unique_ptr<BackupManager> backups_;
  std::unique_ptr<AdminServiceImpl> admin_;
  HealthService health_;
  // Declared after health_: its health port answers from health_.
  ServiceObservability observability_{"ingest_service"};
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Mutex shutdown_mutex_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mutex_) = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<IngestServer>> IngestServer::Start(
    const IngestServerOptions& options) {
  auto server = std::make_unique<IngestServerImpl>();
  absl::Status status = server->Init(options);
  if (!status.ok()) return status;
  return std::unique_ptr<IngestServer>(std::move(server));
}

}  // namespace sgs::ingest
