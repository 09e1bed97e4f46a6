#include "tests/support/reflection_client.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/compiler/parser.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/time.h"

namespace sgs::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kReflectionFile[] = "grpc/reflection/v1alpha/reflection.proto";
constexpr char kReflectionPackage[] = "grpc.reflection.v1alpha";
constexpr char kReflectionMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// Tokenizer and parser errors, "line:column: message".
class TextErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(line + 1, ":", column + 1, ": ", message));
  }
  std::string Joined() const { return absl::StrJoin(errors_, "; "); }

 private:
  std::vector<std::string> errors_;
};

// Errors building a file into a pool.
class PoolErrors : public DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(filename, " ", element_name, ": ", message));
  }
  std::string Joined() const { return absl::StrJoin(errors_, "; "); }

 private:
  std::vector<std::string> errors_;
};

grpc::ByteBuffer ToByteBuffer(const Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return message->ParseFromString(bytes);
}

absl::StatusOr<const FieldDescriptor*> FieldOf(const Descriptor* type,
                                               const std::string& name) {
  const FieldDescriptor* field = type->FindFieldByName(name);
  if (field == nullptr) {
    return absl::InternalError(
        absl::StrCat(type->full_name(), " has no field ", name,
                     ": is the vendored reflection.proto the v1alpha one?"));
  }
  return field;
}

void* Tag(int n) { return reinterpret_cast<void*>(static_cast<intptr_t>(n)); }

}  // namespace

absl::StatusOr<FileDescriptorProto> ParseProtoFile(const std::string& path,
                                                   const std::string& name) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();

  google::protobuf::io::ArrayInputStream input(
      content.data(), static_cast<int>(content.size()));
  TextErrors errors;
  google::protobuf::io::Tokenizer tokenizer(&input, &errors);
  google::protobuf::compiler::Parser parser;
  parser.RecordErrorsTo(&errors);
  FileDescriptorProto file;
  if (!parser.Parse(&tokenizer, &file)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", errors.Joined()));
  }
  file.set_name(name);
  return file;
}

ReflectionClient::ReflectionClient(const std::string& address)
    : channel_(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
      stub_(std::make_unique<grpc::GenericStub>(channel_)) {}

ReflectionClient::~ReflectionClient() {
  CloseReflectionStream();
  stream_cq_.Shutdown();
  void* tag;
  bool ok;
  while (stream_cq_.Next(&tag, &ok)) {
  }
}

absl::StatusOr<std::unique_ptr<ReflectionClient>> ReflectionClient::Create(
    const std::string& address, const std::string& reflection_proto_path) {
  std::unique_ptr<ReflectionClient> client(new ReflectionClient(address));
  absl::Status loaded = client->LoadReflectionProto(reflection_proto_path);
  if (!loaded.ok()) return loaded;
  return client;
}

absl::Status ReflectionClient::LoadReflectionProto(const std::string& path) {
  absl::StatusOr<FileDescriptorProto> parsed =
      ParseProtoFile(path, kReflectionFile);
  if (!parsed.ok()) return parsed.status();
  FileDescriptorProto& file = *parsed;
  if (file.package() != kReflectionPackage) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is package ", file.package(), ", want ", kReflectionPackage));
  }
  PoolErrors pool_errors;
  if (reflection_pool_.BuildFileCollectingErrors(file, &pool_errors) ==
      nullptr) {
    return absl::InvalidArgumentError(pool_errors.Joined());
  }
  request_type_ = reflection_pool_.FindMessageTypeByName(
      absl::StrCat(kReflectionPackage, ".ServerReflectionRequest"));
  response_type_ = reflection_pool_.FindMessageTypeByName(
      absl::StrCat(kReflectionPackage, ".ServerReflectionResponse"));
  if (request_type_ == nullptr || response_type_ == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " lacks the ServerReflection messages"));
  }
  return absl::OkStatus();
}

std::unique_ptr<Message> ReflectionClient::NewMessage(const Descriptor* type) {
  return std::unique_ptr<Message>(factory_.GetPrototype(type)->New());
}

absl::StatusOr<bool> ReflectionClient::Await(grpc::CompletionQueue* cq,
                                             grpc::ClientContext* context) {
  void* tag = nullptr;
  bool ok = false;
  switch (
      cq->AsyncNext(&tag, &ok, absl::ToChronoTime(absl::Now() + timeout_))) {
    case grpc::CompletionQueue::GOT_EVENT:
      return ok;
    case grpc::CompletionQueue::TIMEOUT:
      // Cancel, then collect the operation so the queue stays consistent.
      context->TryCancel();
      cq->Next(&tag, &ok);
      return absl::DeadlineExceededError("no answer from the server in time");
    case grpc::CompletionQueue::SHUTDOWN:
      break;
  }
  return absl::InternalError("completion queue shut down");
}

absl::Status ReflectionClient::OpenReflectionStream() {
  if (stream_broken_) {
    return absl::UnavailableError("the reflection stream failed earlier");
  }
  if (stream_ != nullptr) return absl::OkStatus();
  stream_context_ = std::make_unique<grpc::ClientContext>();
  stream_ =
      stub_->PrepareCall(stream_context_.get(), kReflectionMethod, &stream_cq_);
  if (stream_ == nullptr) {
    stream_broken_ = true;
    return absl::InternalError("could not prepare the reflection call");
  }
  stream_->StartCall(Tag(1));
  absl::StatusOr<bool> started = Await(&stream_cq_, stream_context_.get());
  if (!started.ok() || !*started) {
    stream_broken_ = true;
    return absl::UnavailableError(
        "could not start ServerReflectionInfo (server down?)");
  }
  return absl::OkStatus();
}

void ReflectionClient::CloseReflectionStream() {
  if (stream_ == nullptr) return;
  if (!stream_broken_) {
    stream_->WritesDone(Tag(4));
    (void)Await(&stream_cq_, stream_context_.get());
  }
  grpc::Status status;
  stream_->Finish(&status, Tag(5));
  (void)Await(&stream_cq_, stream_context_.get());
  stream_.reset();
  stream_context_.reset();
}

absl::StatusOr<std::unique_ptr<Message>> ReflectionClient::Reflect(
    const std::string& field, const std::string& value) {
  std::unique_ptr<Message> request = NewMessage(request_type_);
  absl::StatusOr<const FieldDescriptor*> member = FieldOf(request_type_, field);
  if (!member.ok()) return member.status();
  request->GetReflection()->SetString(request.get(), *member, value);

  absl::Status open = OpenReflectionStream();
  if (!open.ok()) return open;
  stream_->Write(ToByteBuffer(*request), Tag(2));
  absl::StatusOr<bool> written = Await(&stream_cq_, stream_context_.get());
  grpc::ByteBuffer buffer;
  absl::StatusOr<bool> read = false;
  if (written.ok() && *written) {
    stream_->Read(&buffer, Tag(3));
    read = Await(&stream_cq_, stream_context_.get());
  }
  if (!written.ok() || !*written || !read.ok() || !*read) {
    stream_broken_ = true;
    return absl::UnavailableError(
        absl::StrCat("reflection request ", field, "=", value, " failed"));
  }
  std::unique_ptr<Message> response = NewMessage(response_type_);
  if (!FromByteBuffer(buffer, response.get())) {
    return absl::DataLossError("reflection response does not parse");
  }

  // message_response is a oneof: see which member the server set.
  const Reflection* reflection = response->GetReflection();
  absl::StatusOr<const FieldDescriptor*> error_field =
      FieldOf(response_type_, "error_response");
  if (!error_field.ok()) return error_field.status();
  if (reflection->HasField(*response, *error_field)) {
    const Message& error = reflection->GetMessage(*response, *error_field);
    const Descriptor* error_type = error.GetDescriptor();
    absl::StatusOr<const FieldDescriptor*> code =
        FieldOf(error_type, "error_code");
    absl::StatusOr<const FieldDescriptor*> message =
        FieldOf(error_type, "error_message");
    if (!code.ok()) return code.status();
    if (!message.ok()) return message.status();
    return absl::Status(
        static_cast<absl::StatusCode>(
            error.GetReflection()->GetInt32(error, *code)),
        absl::StrCat(field, "=", value, ": ",
                     error.GetReflection()->GetString(error, *message)));
  }
  return response;
}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListServices() {
  absl::StatusOr<std::unique_ptr<Message>> response =
      Reflect("list_services", "*");
  if (!response.ok()) return response.status();
  absl::StatusOr<const FieldDescriptor*> list_field =
      FieldOf(response_type_, "list_services_response");
  if (!list_field.ok()) return list_field.status();
  const Message& list =
      (*response)->GetReflection()->GetMessage(**response, *list_field);
  absl::StatusOr<const FieldDescriptor*> service_field =
      FieldOf(list.GetDescriptor(), "service");
  if (!service_field.ok()) return service_field.status();
  std::vector<std::string> names;
  const Reflection* reflection = list.GetReflection();
  for (int i = 0; i < reflection->FieldSize(list, *service_field); ++i) {
    const Message& service =
        reflection->GetRepeatedMessage(list, *service_field, i);
    absl::StatusOr<const FieldDescriptor*> name_field =
        FieldOf(service.GetDescriptor(), "name");
    if (!name_field.ok()) return name_field.status();
    names.push_back(service.GetReflection()->GetString(service, *name_field));
  }
  return names;
}

absl::Status ReflectionClient::StoreFiles(const Message& response) {
  absl::StatusOr<const FieldDescriptor*> files_field =
      FieldOf(response_type_, "file_descriptor_response");
  if (!files_field.ok()) return files_field.status();
  const Reflection* reflection = response.GetReflection();
  if (!reflection->HasField(response, *files_field)) {
    return absl::DataLossError("expected a file_descriptor_response");
  }
  const Message& files = reflection->GetMessage(response, *files_field);
  absl::StatusOr<const FieldDescriptor*> protos_field =
      FieldOf(files.GetDescriptor(), "file_descriptor_proto");
  if (!protos_field.ok()) return protos_field.status();
  const Reflection* files_reflection = files.GetReflection();
  for (int i = 0; i < files_reflection->FieldSize(files, *protos_field); ++i) {
    FileDescriptorProto file;
    if (!file.ParseFromString(
            files_reflection->GetRepeatedString(files, *protos_field, i))) {
      return absl::DataLossError("a FileDescriptorProto does not parse");
    }
    std::string name = file.name();
    received_.emplace(std::move(name), std::move(file));
  }
  return absl::OkStatus();
}

absl::StatusOr<const FileDescriptor*> ReflectionClient::BuildFile(
    const std::string& name, std::set<std::string>* in_progress) {
  if (const FileDescriptor* built = schema_pool_.FindFileByName(name)) {
    return built;
  }
  if (received_.count(name) == 0) {
    absl::StatusOr<std::unique_ptr<Message>> response =
        Reflect("file_by_filename", name);
    if (!response.ok()) return response.status();
    ++files_fetched_by_name_;
    absl::Status stored = StoreFiles(**response);
    if (!stored.ok()) return stored;
    if (received_.count(name) == 0) {
      return absl::NotFoundError(
          absl::StrCat("the server did not send ", name));
    }
  }
  if (!in_progress->insert(name).second) {
    return absl::FailedPreconditionError(
        absl::StrCat("import cycle through ", name));
  }
  // A pool only accepts a file whose imports it already has.
  const FileDescriptorProto proto = received_.at(name);
  for (const std::string& dependency : proto.dependency()) {
    absl::StatusOr<const FileDescriptor*> built =
        BuildFile(dependency, in_progress);
    if (!built.ok()) return built.status();
  }
  PoolErrors errors;
  const FileDescriptor* file =
      schema_pool_.BuildFileCollectingErrors(proto, &errors);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot build ", name, ": ", errors.Joined()));
  }
  in_progress->erase(name);
  received_.erase(name);
  return file;
}

absl::StatusOr<const FileDescriptor*>
ReflectionClient::LoadFileContainingSymbol(const std::string& symbol) {
  absl::StatusOr<std::unique_ptr<Message>> response =
      Reflect("file_containing_symbol", symbol);
  if (!response.ok()) return response.status();
  // The defining file is the first one; its dependencies follow.
  absl::StatusOr<const FieldDescriptor*> files_field =
      FieldOf(response_type_, "file_descriptor_response");
  if (!files_field.ok()) return files_field.status();
  const Message& files =
      (*response)->GetReflection()->GetMessage(**response, *files_field);
  absl::StatusOr<const FieldDescriptor*> protos_field =
      FieldOf(files.GetDescriptor(), "file_descriptor_proto");
  if (!protos_field.ok()) return protos_field.status();
  if (files.GetReflection()->FieldSize(files, *protos_field) == 0) {
    return absl::NotFoundError(absl::StrCat("no file for ", symbol));
  }
  FileDescriptorProto first;
  if (!first.ParseFromString(
          files.GetReflection()->GetRepeatedString(files, *protos_field, 0))) {
    return absl::DataLossError("a FileDescriptorProto does not parse");
  }
  absl::Status stored = StoreFiles(**response);
  if (!stored.ok()) return stored;
  std::set<std::string> in_progress;
  return BuildFile(first.name(), &in_progress);
}

absl::StatusOr<const google::protobuf::ServiceDescriptor*>
ReflectionClient::DescribeService(const std::string& service) {
  if (const auto* known = schema_pool_.FindServiceByName(service)) {
    return known;
  }
  absl::StatusOr<const FileDescriptor*> file =
      LoadFileContainingSymbol(service);
  if (!file.ok()) return file.status();
  const auto* found = schema_pool_.FindServiceByName(service);
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat((*file)->name(), " does not define ", service));
  }
  return found;
}

absl::StatusOr<DynamicCallResult> ReflectionClient::CallUnary(
    const std::string& method, const std::string& request_json) {
  std::vector<std::string> parts = absl::StrSplit(method, '/');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("method must be pkg.Service/Method, got ", method));
  }
  absl::StatusOr<const google::protobuf::ServiceDescriptor*> service =
      DescribeService(parts[0]);
  if (!service.ok()) return service.status();
  const google::protobuf::MethodDescriptor* descriptor =
      (*service)->FindMethodByName(parts[1]);
  if (descriptor == nullptr) {
    return absl::NotFoundError(absl::StrCat(parts[0], " has no ", parts[1]));
  }
  if (descriptor->client_streaming() || descriptor->server_streaming()) {
    return absl::InvalidArgumentError(absl::StrCat(method, " is streaming"));
  }

  std::unique_ptr<Message> request = NewMessage(descriptor->input_type());
  auto parsed =
      google::protobuf::util::JsonStringToMessage(request_json, request.get());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("request JSON for ", method, ": ", parsed.ToString()));
  }

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  grpc::CompletionQueue cq;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      stub_->PrepareUnaryCall(&context, absl::StrCat("/", method),
                              ToByteBuffer(*request), &cq);
  if (call == nullptr) {
    return absl::InternalError(absl::StrCat("could not prepare ", method));
  }
  call->StartCall();
  grpc::ByteBuffer response_buffer;
  DynamicCallResult result;
  call->Finish(&response_buffer, &result.status, Tag(1));
  // The context's deadline bounds the call; Await's own timeout is a
  // safety net with the same length.
  absl::StatusOr<bool> done = Await(&cq, &context);
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
  if (!done.ok()) return done.status();
  if (result.status.ok()) {
    result.response = NewMessage(descriptor->output_type());
    if (!FromByteBuffer(response_buffer, result.response.get())) {
      return absl::DataLossError(
          absl::StrCat(method, ": response does not parse"));
    }
  }
  return result;
}

absl::StatusOr<ErrorDetails> ReflectionClient::UnpackErrorDetails(
    const grpc::Status& status) {
  const Descriptor* status_type =
      schema_pool_.FindMessageTypeByName("google.rpc.Status");
  if (status_type == nullptr) {
    return absl::FailedPreconditionError(
        "google.rpc.Status is not in the schema pool");
  }
  ErrorDetails out;
  out.status = NewMessage(status_type);
  if (!out.status->ParseFromString(status.error_details())) {
    return absl::DataLossError("grpc-status-details-bin does not parse");
  }
  const Message& rpc_status = *out.status;
  absl::StatusOr<const FieldDescriptor*> details_field =
      FieldOf(status_type, "details");
  if (!details_field.ok()) return details_field.status();
  const Reflection* reflection = rpc_status.GetReflection();
  for (int i = 0; i < reflection->FieldSize(rpc_status, *details_field); ++i) {
    // google.protobuf.Any: type_url names the type, value holds its bytes.
    const Message& any =
        reflection->GetRepeatedMessage(rpc_status, *details_field, i);
    const Descriptor* any_type = any.GetDescriptor();
    absl::StatusOr<const FieldDescriptor*> url_field =
        FieldOf(any_type, "type_url");
    absl::StatusOr<const FieldDescriptor*> value_field =
        FieldOf(any_type, "value");
    if (!url_field.ok()) return url_field.status();
    if (!value_field.ok()) return value_field.status();
    const std::string url = any.GetReflection()->GetString(any, *url_field);
    const std::string type_name = url.substr(url.rfind('/') + 1);
    const Descriptor* type = schema_pool_.FindMessageTypeByName(type_name);
    if (type == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("detail type ", url, " is not in the schema pool"));
    }
    std::unique_ptr<Message> detail = NewMessage(type);
    if (!detail->ParseFromString(
            any.GetReflection()->GetString(any, *value_field))) {
      return absl::DataLossError(absl::StrCat(url, " detail does not parse"));
    }
    out.details.push_back(std::move(detail));
  }
  return out;
}

absl::StatusOr<std::string> ReflectionClient::ToJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  auto printed =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(absl::StrCat("to JSON: ", printed.ToString()));
  }
  return json;
}

}  // namespace sgs::testing
