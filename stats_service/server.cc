#include "stats_service/server.h"

#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/auth.h"
#include "common/config_loader.h"
#include "common/health_service.h"
#include "common/logging.h"
#include "common/server_limits.h"
#include "common/service_observability.h"
#include "common/tls.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "stats_service/calendar_monitor.h"
#include "stats_service/ingest_source.h"
#include "stats_service/stats_service_impl.h"

namespace sgs::stats {
namespace {

using ::grpc::health::v1::HealthCheckResponse;

constexpr char kServiceName[] = "sgs.v1.StatsService";

class StatsServerImpl final : public StatsServer {
 public:
  ~StatsServerImpl() override { Shutdown(absl::Seconds(5)); }

  absl::Status Init(const StatsServerOptions& options) {
    options_ = options;
    config_versions_ = ConfigVersions();
    absl::StatusOr<std::unique_ptr<StatsConfig>> config = LoadConfig();
    if (!config.ok()) return config.status();
    configs_ = std::make_unique<ConfigHolder>(*std::move(config));
    calendar_monitor_ = std::make_unique<CalendarMonitor>(
        options.calendar_warn_days, observability_.registry());
    calendar_monitor_->Update(configs_->Get()->calendar(),
                              TodayInChina(absl::Now()));

    if (!options.ingest_token_path.empty()) {
      absl::StatusOr<std::string> token =
          ReadFileToString(options.ingest_token_path);
      if (!token.ok()) return token.status();
      ingest_token_ = std::string(absl::StripAsciiWhitespace(*token));
      if (ingest_token_.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "令牌文件为空 (empty token file): ", options.ingest_token_path));
      }
    }
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        ChannelCredentials(options.ingest_tls);
    if (!credentials.ok()) return credentials.status();

    // Short reconnect backoff: health must notice a restarted ingest
    // service within a few seconds, not gRPC's default two minutes.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    args.SetMaxReceiveMessageSize(options.max_message_bytes);
    channel_ =
        grpc::CreateCustomChannel(options.ingest_target, *credentials, args);
    ingest_stub_ = sgs::v1::IngestService::NewStub(channel_);
    ingest_health_stub_ = grpc::health::v1::Health::NewStub(channel_);

    absl::StatusOr<Authenticator> auth = MakeServerAuthenticator(
        options.tokens_path, options.development_no_auth, "stats_service");
    if (!auth.ok()) return auth.status();
    auth_ = std::make_unique<Authenticator>(*std::move(auth));
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
        server_credentials = ServerCredentials(options.tls);
    if (!server_credentials.ok()) return server_credentials.status();

    sgs::v1::IngestService::StubInterface* stub = ingest_stub_.get();
    const absl::Duration deadline = options.rpc_deadline;
    const std::string token = ingest_token_;
    const int scans = options.report_scans;
    service_ = std::make_unique<StatsServiceImpl>(
        configs_.get(), auth_.get(),
        [stub, deadline, token, scans](absl::Time not_after) {
          auto source = std::make_unique<IngestDataSource>(stub, deadline,
                                                           not_after, token);
          source->set_concurrent_scans(scans);
          return source;
        });

    if (!options.document_style_path.empty()) {
      absl::StatusOr<DocumentAssets> assets =
          LoadDocumentAssets(options.document_style_path);
      if (!assets.ok()) return assets.status();
      service_->SetDocumentAssets(
          std::make_shared<const DocumentAssets>(*std::move(assets)));
    }
    service_->set_calendar_monitor(calendar_monitor_.get());

    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(options.listen_address, *server_credentials,
                             &port_);
    // gRPC sets SO_REUSEPORT by default: a second instance on the same port
    // would start and silently split the traffic. Fail instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.SetMaxReceiveMessageSize(options.max_message_bytes);
    builder.SetMaxSendMessageSize(options.max_message_bytes);
    if (absl::Status limits = CheckServerLimits(options.server_limits);
        !limits.ok()) {
      return limits;
    }
    ApplyServerLimits(options.server_limits, "stats_service", &builder);
    builder.RegisterService(service_.get());
    builder.RegisterService(&health_);
    observability_.ObserveCalls(&builder, auth_.get());
    SetServing(false);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(absl::StrCat(
          "无法在 ", options.listen_address, " 上监听 (cannot listen)"));
    }
    absl::Status ports = observability_.StartPorts(
        {options.metrics_address, options.health_address}, &health_);
    if (!ports.ok()) return ports;
    const CalendarCoverage coverage = calendar_monitor_->coverage();
    // The configuration in force, without secrets (file paths only).
    LogEvent(LogLevel::kInfo, "stats_service", "start",
             LogFields()
                 .Add("port", port_)
                 .Add("metrics_port", observability_.metrics_port())
                 .Add("health_port", observability_.health_port())
                 .Add("ingest_target", options.ingest_target)
                 .Add("ingest_tls", options.ingest_tls.enabled())
                 .Add("ingest_token_file", options.ingest_token_path)
                 .Add("tokens_file", options.tokens_path)
                 .Add("dev_no_auth", options.development_no_auth)
                 .Add("tls", options.tls.enabled())
                 .Add("registry", options.registry_path)
                 .Add("calendar", options.calendar_path)
                 .Add("policy", options.policy_path)
                 .Add("bulletin_template", options.bulletin_template_path)
                 .Add("calendar_last_year", coverage.last_year)
                 .Add("calendar_days_left", coverage.days_left)
                 .Add("calendar_warn_days", options.calendar_warn_days));
    checker_ = std::thread([this] { CheckIngestHealthLoop(); });
    return absl::OkStatus();
  }

  int port() const override { return port_; }
  int metrics_port() const override { return observability_.metrics_port(); }
  int health_port() const override { return observability_.health_port(); }
  int64_t config_reloads() const override { return config_reloads_.load(); }
  int64_t ingest_health_checks() const override {
    return ingest_health_checks_.load();
  }
  int64_t config_reloads_refused() const override {
    return config_reloads_refused_.load();
  }

  void Shutdown(absl::Duration grace) override {
    absl::MutexLock lock(&shutdown_mutex_);
    if (shut_down_) return;
    {
      absl::MutexLock stop_lock(&stop_mutex_);
      stopping_ = true;
    }
    if (checker_.joinable()) checker_.join();
    health_.Shutdown();
    observability_.Shutdown(absl::Seconds(1));
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::system_clock::now() +
                        absl::ToChronoSeconds(grace));
      server_->Wait();
    }
    shut_down_ = true;
    LogEvent(LogLevel::kInfo, "stats_service", "stopped");
  }

  void Wait() override {
    absl::MutexLock lock(&shutdown_mutex_);
    shutdown_mutex_.Await(absl::Condition(&shut_down_));
  }

 private:
  void SetServing(bool serving) {
    const HealthService::ServingStatus status =
        serving ? HealthCheckResponse::SERVING
                : HealthCheckResponse::NOT_SERVING;
    health_.SetStatus("", status);
    health_.SetStatus(kServiceName, status);
  }

  bool IngestIsServing() {
    grpc::ClientContext context;
    context.set_deadline(
        absl::ToChronoTime(absl::Now() + options_.health_check_timeout));
    AddBearerToken(&context, ingest_token_);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status =
        ingest_health_stub_->Check(&context, request, &response);
    return status.ok() && response.status() == HealthCheckResponse::SERVING;
  }

  absl::StatusOr<std::unique_ptr<StatsConfig>> LoadConfig() const {
    return StatsConfig::Load(options_.registry_path, options_.calendar_path,
                             options_.policy_path,
                             options_.bulletin_template_path);
  }

  // Modification time and size of each configuration file ("" when it
  // cannot be read): a change means an operator edited it.
  std::vector<std::string> ConfigVersions() const {
    std::vector<std::string> versions;
    for (const std::string* path :
         {&options_.registry_path, &options_.calendar_path,
          &options_.policy_path, &options_.bulletin_template_path}) {
      std::error_code error;
      const auto mtime = std::filesystem::last_write_time(*path, error);
      const auto size = error ? 0 : std::filesystem::file_size(*path, error);
      versions.push_back(
          error ? ""
                : absl::StrCat(mtime.time_since_epoch().count(), ":", size));
    }
    return versions;
  }

  // A new calendar or policy applies to every later request, past data
  // included. A file that no longer loads is reported and the
  // configuration in force is kept.
  void ReloadConfigIfChanged() {
    std::vector<std::string> versions = ConfigVersions();
    if (versions == config_versions_) return;
    config_versions_ = versions;
    absl::StatusOr<std::unique_ptr<StatsConfig>> config = LoadConfig();
    config_reloads_.fetch_add(1);
    if (!config.ok()) {
      config_reloads_refused_.fetch_add(1);
      LogEvent(LogLevel::kError, "stats_service", "config_refused",
               LogFields().Add(
                   "message",
                   absl::StrCat("配置文件有误，继续使用原配置 (configuration "
                                "change refused): ",
                                config.status().ToString())));
      return;
    }
    configs_->Set(*std::move(config));
    LogEvent(LogLevel::kInfo, "stats_service", "config_reloaded");
  }

  void CheckIngestHealthLoop() {
    while (true) {
      ReloadConfigIfChanged();
      // Daily warning and the metric follow the calendar in force.
      calendar_monitor_->Update(configs_->Get()->calendar(),
                                TodayInChina(absl::Now()));
      SetServing(IngestIsServing());
      ingest_health_checks_.fetch_add(1);
      absl::MutexLock lock(&stop_mutex_);
      if (stop_mutex_.AwaitWithTimeout(absl::Condition(&stopping_),
                                       options_.health_check_interval)) {
        return;
      }
    }
  }

  StatsServerOptions options_;
  std::unique_ptr<ConfigHolder> configs_;
  std::string ingest_token_;
  // Only touched by Init and then the checker thread.
  std::vector<std::string> config_versions_;
  // Read by tests (and operators' tools) from any thread.
  std::atomic<int64_t> config_reloads_{0};
  std::atomic<int64_t> config_reloads_refused_{0};
  std::atomic<int64_t> ingest_health_checks_{0};
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<sgs::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> ingest_health_stub_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<StatsServiceImpl> service_;
  HealthService health_;
  // Declared after health_: its health port answers from health_.
  ServiceObservability observability_{"stats_service"};
  std::unique_ptr<CalendarMonitor> calendar_monitor_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::thread checker_;

  absl::Mutex stop_mutex_;
  bool stopping_ ABSL_GUARDED_BY(stop_mutex_) = false;
  absl::Mutex shutdown_mutex_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mutex_) = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<StatsServer>> StatsServer::Start(
    const StatsServerOptions& options) {
  auto server = std::make_unique<StatsServerImpl>();
  absl::Status status = server->Init(options);
  if (!status.ok()) return status;
  return std::unique_ptr<StatsServer>(std::move(server));
}

}  // namespace sgs::stats
