#include "ingest_service/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/auth.h"
#include "common/health_service.h"
#include "common/registry.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "ingest_service/ingest_service_impl.h"
#include "ingest_service/domain/record_store.h"

namespace sgs::ingest {
namespace {

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
    store_options.block_cache_bytes =
        static_cast<size_t>(options.rocksdb_block_cache_mb) << 20;
    store_options.write_buffer_total_bytes =
        static_cast<size_t>(options.rocksdb_write_buffer_mb) << 20;
    store_options.max_wal_bytes =
        static_cast<uint64_t>(options.rocksdb_max_wal_mb) << 20;
    absl::StatusOr<std::unique_ptr<RecordStore>> store =
        RecordStore::Open(options.data_dir, store_options);
    if (!store.ok()) return store.status();
    store_ = *std::move(store);

    IngestLimits limits;
    limits.max_batch_size = options.max_batch_size;
    limits.max_concurrent_streams = options.max_concurrent_streams;
    limits.max_stream_records = options.max_stream_records;
    limits.validation = options.validation_limits;
    service_ = std::make_unique<IngestServiceImpl>(
        store_.get(), registry_.get(), auth_.get(), limits, options.clock);

    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(options.listen_address, *credentials, &port_);
    // gRPC sets SO_REUSEPORT by default: a second instance on the same port
    // would start and silently split the traffic. Fail instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.SetMaxReceiveMessageSize(options.max_message_bytes);
    builder.SetMaxSendMessageSize(options.max_message_bytes);
    builder.RegisterService(service_.get());
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("无法在 ", options.listen_address, " 上监听"));
    }
    health_.SetStatus("", grpc::health::v1::HealthCheckResponse::SERVING);
    health_.SetStatus("sgs.v1.IngestService",
                      grpc::health::v1::HealthCheckResponse::SERVING);
    return absl::OkStatus();
  }

  int port() const override { return port_; }

  void Shutdown(absl::Duration grace) override {
    absl::MutexLock lock(&shutdown_mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    health_.Shutdown();
    if (server_ != nullptr) {
      // In-flight calls get `grace` to finish; then they are cancelled.
      server_->Shutdown(std::chrono::system_clock::now() +
                        absl::ToChronoSeconds(grace));
      server_->Wait();
    }
    service_.reset();
    store_.reset();  // Closes RocksDB cleanly.
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
  HealthService health_;
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
