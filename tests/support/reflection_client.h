// ReflectionClient: a test client that, like grpcurl, knows no compiled
// service schema. It reads the server reflection protocol
// (grpc.reflection.v1alpha, the version gRPC 1.51 serves) from a .proto file
// at run time, asks the server for its services and their descriptors, and
// calls methods with dynamic messages built from JSON over
// grpc::GenericStub. It proves that users without our .proto files (grpcurl,
// Postman, scripts) can discover and call the service.
//
// Two private descriptor pools keep it honest: one holds the reflection
// protocol parsed from text, the other only what the server sent. Neither
// falls back to the generated pool, so nothing compiled into the test binary
// can fill a gap in what the server describes.
//
// Not thread-safe; one reflection stream per client, opened on first use.
#ifndef SGS_TESTS_SUPPORT_REFLECTION_CLIENT_H_
#define SGS_TESTS_SUPPORT_REFLECTION_CLIENT_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/status.h"

namespace sgs::testing {

// The outcome of one dynamic call.
struct DynamicCallResult {
  grpc::Status status;
  // The response, from the schema pool; null unless status is OK.
  std::unique_ptr<google::protobuf::Message> response;
};

// Parses a .proto file's text (no imports are resolved: type names stay
// as written) into a FileDescriptorProto named `name`.
absl::StatusOr<google::protobuf::FileDescriptorProto> ParseProtoFile(
    const std::string& path, const std::string& name);

// What a failed call carried besides its code and message.
struct ErrorDetails {
  // google.rpc.Status, from the schema pool.
  std::unique_ptr<google::protobuf::Message> status;
  // Its `details`, each unpacked from google.protobuf.Any to its own type
  // (google.rpc.BadRequest ...).
  std::vector<std::unique_ptr<google::protobuf::Message>> details;
};

class ReflectionClient {
 public:
  // `address` is "host:port"; `reflection_proto_path` a copy of
  // grpc/reflection/v1alpha/reflection.proto.
  static absl::StatusOr<std::unique_ptr<ReflectionClient>> Create(
      const std::string& address, const std::string& reflection_proto_path);
  ~ReflectionClient();
  ReflectionClient(const ReflectionClient&) = delete;
  ReflectionClient& operator=(const ReflectionClient&) = delete;

  // Fully-qualified names of the services the server exposes.
  absl::StatusOr<std::vector<std::string>> ListServices();

  // Asks for the file defining `symbol` (file_containing_symbol) and builds
  // it into the schema pool with its dependencies, dependencies first;
  // dependencies the server did not send are fetched by file_by_filename.
  absl::StatusOr<const google::protobuf::FileDescriptor*>
  LoadFileContainingSymbol(const std::string& symbol);

  // LoadFileContainingSymbol, then the service's descriptor.
  absl::StatusOr<const google::protobuf::ServiceDescriptor*> DescribeService(
      const std::string& service);

  // Calls the unary method `method` ("pkg.Service/Method"), describing the
  // service first if needed, with a request parsed from `request_json`
  // (proto3 JSON mapping). Local failures (unknown method, bad JSON,
  // streaming method) are errors; the RPC's own status is in the result.
  absl::StatusOr<DynamicCallResult> CallUnary(const std::string& method,
                                              const std::string& request_json);

  // The google.rpc.Status a failed call carried (grpc-status-details-bin)
  // with each of its `details` unpacked to its own type. The schema pool
  // must already hold those types (load a service whose file imports them).
  absl::StatusOr<ErrorDetails> UnpackErrorDetails(const grpc::Status& status);

  // The message in proto3 JSON (field names as in the .proto).
  absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message);

  const google::protobuf::DescriptorPool& schema_pool() const {
    return schema_pool_;
  }
  // How many files had to be fetched by file_by_filename.
  int files_fetched_by_name() const { return files_fetched_by_name_; }

  // Per-call (and per reflection round trip) deadline.
  void set_timeout(absl::Duration timeout) { timeout_ = timeout; }

 private:
  explicit ReflectionClient(const std::string& address);
  absl::Status LoadReflectionProto(const std::string& path);

  // One request on the reflection stream (`field` is the request's oneof
  // member, e.g. "list_services"), one response back. An error_response
  // becomes an error status.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Reflect(
      const std::string& field, const std::string& value);
  absl::Status OpenReflectionStream();
  // Waits for the one outstanding operation on `cq`; false when it failed.
  absl::StatusOr<bool> Await(grpc::CompletionQueue* cq,
                             grpc::ClientContext* context);
  void CloseReflectionStream();

  // Keeps every FileDescriptorProto of a file_descriptor_response.
  absl::Status StoreFiles(const google::protobuf::Message& response);
  absl::StatusOr<const google::protobuf::FileDescriptor*> BuildFile(
      const std::string& name, std::set<std::string>* in_progress);

  std::unique_ptr<google::protobuf::Message> NewMessage(
      const google::protobuf::Descriptor* type);

  absl::Duration timeout_ = absl::Seconds(10);
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::GenericStub> stub_;

  // The reflection protocol, parsed from its .proto text.
  google::protobuf::DescriptorPool reflection_pool_;
  // The server's schemas, exactly as reflection described them.
  google::protobuf::DescriptorPool schema_pool_;
  // Declared after the pools: destroyed first, as their prototypes point
  // into the pools.
  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::Descriptor* request_type_ = nullptr;
  const google::protobuf::Descriptor* response_type_ = nullptr;

  // Files received but not yet built, by name.
  std::map<std::string, google::protobuf::FileDescriptorProto> received_;
  int files_fetched_by_name_ = 0;

  // The reflection stream.
  grpc::CompletionQueue stream_cq_;
  std::unique_ptr<grpc::ClientContext> stream_context_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> stream_;
  bool stream_broken_ = false;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_REFLECTION_CLIENT_H_
