#include "common/health_port.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace sgs {

// A second Health service object (a service registers with one server
// only) that answers from the main one.
class HealthPort::Forwarder final
    : public grpc::health::v1::Health::WithCallbackMethod_Watch<
          grpc::health::v1::Health::Service> {
 public:
  explicit Forwarder(HealthService* health) : health_(health) {}
  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override {
    return health_->Check(context, request, response);
  }
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override {
    return health_->Watch(context, request);
  }

 private:
  HealthService* health_;
};

absl::StatusOr<std::unique_ptr<HealthPort>> HealthPort::Start(
    const std::string& address, HealthService* health) {
  std::unique_ptr<HealthPort> port(new HealthPort());
  port->forwarder_ = std::make_unique<Forwarder>(health);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(),
                           &port->port_);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(4096);  // a HealthCheckRequest is tiny
  builder.RegisterService(port->forwarder_.get());
  port->server_ = builder.BuildAndStart();
  if (port->server_ == nullptr || port->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("--health_port: 无法在 ", address, " 上监听"));
  }
  return port;
}

void HealthPort::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
  server_.reset();
}

HealthPort::~HealthPort() { Shutdown(absl::Seconds(1)); }

}  // namespace sgs
