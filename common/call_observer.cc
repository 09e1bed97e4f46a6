#include "common/call_observer.h"

#include <cstdint>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/logging.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"

namespace sgs {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

const char* const kCodeNames[] = {"OK",
                                  "CANCELLED",
                                  "UNKNOWN",
                                  "INVALID_ARGUMENT",
                                  "DEADLINE_EXCEEDED",
                                  "NOT_FOUND",
                                  "ALREADY_EXISTS",
                                  "PERMISSION_DENIED",
                                  "RESOURCE_EXHAUSTED",
                                  "FAILED_PRECONDITION",
                                  "ABORTED",
                                  "OUT_OF_RANGE",
                                  "UNIMPLEMENTED",
                                  "INTERNAL",
                                  "UNAVAILABLE",
                                  "DATA_LOSS",
                                  "UNAUTHENTICATED"};

std::string CodeName(grpc::StatusCode code) {
  const int index = static_cast<int>(code);
  if (index >= 0 && index < 17) return kCodeNames[index];
  return absl::StrCat(index);
}

// "/sgs.v1.IngestService/SubmitRecord" -> {"sgs.v1.IngestService",
// "SubmitRecord"}.
std::pair<std::string, std::string> SplitMethod(absl::string_view full) {
  if (absl::StartsWith(full, "/")) full.remove_prefix(1);
  std::vector<std::string> parts =
      absl::StrSplit(full, absl::MaxSplits('/', 1));
  if (parts.size() < 2) return {"", std::string(full)};
  return {parts[0], parts[1]};
}

std::string StringField(const Message& message, absl::string_view name) {
  const FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// "units/{code}..." -> code.
std::string UnitOfResourceName(const std::string& name) {
  if (!absl::StartsWith(name, "units/")) return "";
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() < 2 || parts[1] == "-") return "";
  return parts[1];
}

std::string UnitOfRequest(const Message& request) {
  std::string unit = StringField(request, "unit_code");
  if (!unit.empty()) return unit;
  for (const char* name : {"parent", "name"}) {
    unit = UnitOfResourceName(StringField(request, name));
    if (!unit.empty()) return unit;
  }
  const FieldDescriptor* record =
      request.GetDescriptor()->FindFieldByName("record");
  if (record != nullptr && !record->is_repeated() &&
      record->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      request.GetReflection()->HasField(request, record)) {
    return StringField(request.GetReflection()->GetMessage(request, record),
                       "unit_code");
  }
  return "";
}

struct Rejection {
  std::string unit_code;
  std::string document_number;
  int64_t index = -1;
  std::vector<std::string> rules;
};

std::vector<std::string> RulesOf(
    const google::protobuf::RepeatedPtrField<
        google::rpc::BadRequest::FieldViolation>& violations) {
  std::vector<std::string> rules;
  for (const auto& violation : violations) {
    rules.push_back(RuleIdOf(violation.description()));
  }
  return rules;
}

// Rejected records in a response: elements of `results` / `rejections`
// that carry violations (sgs.v1.RecordResult).
std::vector<Rejection> RejectionsOfResponse(const Message& response) {
  std::vector<Rejection> out;
  const Reflection* reflection = response.GetReflection();
  for (const char* list : {"results", "rejections"}) {
    const FieldDescriptor* field =
        response.GetDescriptor()->FindFieldByName(list);
    if (field == nullptr || !field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(response, field); ++i) {
      const Message& result =
          reflection->GetRepeatedMessage(response, field, i);
      const FieldDescriptor* violations =
          result.GetDescriptor()->FindFieldByName("violations");
      if (violations == nullptr || !violations->is_repeated() ||
          violations->message_type() !=
              google::rpc::BadRequest::FieldViolation::descriptor()) {
        continue;
      }
      const int count = result.GetReflection()->FieldSize(result, violations);
      if (count == 0) continue;
      Rejection rejection;
      rejection.unit_code = StringField(result, "unit_code");
      rejection.document_number = StringField(result, "document_number");
      const FieldDescriptor* index =
          result.GetDescriptor()->FindFieldByName("index");
      if (index != nullptr &&
          index->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
        rejection.index = result.GetReflection()->GetInt64(result, index);
      }
      for (int j = 0; j < count; ++j) {
        const auto& violation =
            static_cast<const google::rpc::BadRequest::FieldViolation&>(
                result.GetReflection()->GetRepeatedMessage(result, violations,
                                                           j));
        rejection.rules.push_back(RuleIdOf(violation.description()));
      }
      out.push_back(std::move(rejection));
    }
  }
  return out;
}

// The *_count fields of a response (BatchSubmitRecordsResponse,
// UploadSummary).
void AddCounts(const Message& response, LogFields* fields) {
  const google::protobuf::Descriptor* descriptor = response.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() || !absl::EndsWith(field->name(), "_count")) {
      continue;
    }
    const Reflection* reflection = response.GetReflection();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      fields->Add(field->name(), reflection->GetInt64(response, field));
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
      fields->Add(field->name(),
                  static_cast<int64_t>(reflection->GetInt32(response, field)));
    }
  }
}

struct CallMetrics {
  prometheus::Family<prometheus::Counter>* calls = nullptr;
  prometheus::Family<prometheus::Histogram>* latency = nullptr;
  prometheus::Family<prometheus::Gauge>* active_streams = nullptr;
};

class CallObserver final : public grpc::experimental::Interceptor {
 public:
  CallObserver(ServerRpcInfo* info, const CallObserverOptions* options,
               const CallMetrics* metrics)
      : info_(info),
        options_(options),
        metrics_(metrics),
        start_(absl::Now()),
        streaming_(info->type() != ServerRpcInfo::Type::UNARY) {
    std::tie(grpc_service_, method_) = SplitMethod(info->method());
    quiet_ = absl::StartsWith(grpc_service_, "grpc.");
    if (streaming_ && metrics_->active_streams != nullptr) {
      active_ = &metrics_->active_streams->Add(
          {{"service", options_->service}, {"method", method_}});
      active_->Increment();
    }
  }
  ~CallObserver() override {
    if (active_ != nullptr) active_->Decrement();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Identify(methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Every generated request type derives from protobuf's Message, and
      // the sync server hands the interceptor that very object.
      void* message = methods->GetRecvMessage();
      if (message != nullptr && unit_.empty()) {
        unit_ = UnitOfRequest(*static_cast<const Message*>(message));
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        info_->type() != ServerRpcInfo::Type::SERVER_STREAMING &&
        info_->type() != ServerRpcInfo::Type::BIDI_STREAMING) {
      const void* message = methods->GetSendMessage();
      if (message != nullptr) {
        const Message& response = *static_cast<const Message*>(message);
        AddCounts(response, &counts_);
        rejections_ = RejectionsOfResponse(response);
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Identify(std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
    if (options_->auth == nullptr || metadata == nullptr) return;
    auto it = metadata->find("authorization");
    if (it == metadata->end()) {
      if (options_->auth->development_mode()) caller_ = "开发模式";
      return;
    }
    absl::string_view value(it->second.data(), it->second.size());
    if (!absl::ConsumePrefix(&value, "Bearer ")) return;
    absl::StatusOr<Principal> principal =
        options_->auth->AuthenticateToken(value);
    if (!principal.ok()) return;
    caller_ = principal->name;
    role_ = sgs::config::v1::Role_Name(principal->role);
    if (unit_.empty()) unit_ = principal->unit_code;
  }

  void Finish(const grpc::Status& status) {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const std::string code = CodeName(status.error_code());
    if (metrics_->calls != nullptr) {
      metrics_->calls
          ->Add({{"service", options_->service},
                 {"method", method_},
                 {"code", code}})
          .Increment();
      metrics_->latency
          ->Add({{"service", options_->service}, {"method", method_}},
                prometheus::Histogram::BucketBoundaries{
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                    2.5, 5, 10, 30, 60, 300})
          .Observe(seconds);
    }
    const std::string peer = info_->server_context()->peer();
    LogFields fields;
    fields.Add("grpc_service", grpc_service_)
        .Add("method", method_)
        .Add("peer", peer)
        .Add("caller", caller_)
        .Add("role", role_)
        .Add("unit", unit_)
        .Add("code", code)
        .Add("duration_ms", seconds * 1000.0);
    LogFields call_fields = fields;
    if (!status.ok()) call_fields.Add("message", status.error_message());
    call_fields.Append(counts_);  // the response's record counts
    LogEvent(quiet_ ? LogLevel::kDebug : LogLevel::kInfo, options_->service,
             "call", call_fields);

    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
        status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      LogEvent(LogLevel::kWarning, options_->service,
               status.error_code() == grpc::StatusCode::UNAUTHENTICATED
                   ? "auth_refused"
                   : "permission_denied",
               LogFields(fields).Add("message", status.error_message()));
    }
    // A single record refused with INVALID_ARGUMENT carries its
    // violations in the error's details (SubmitRecord).
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
        !status.error_details().empty()) {
      google::rpc::Status details;
      if (details.ParseFromString(status.error_details())) {
        for (const auto& any : details.details()) {
          google::rpc::BadRequest bad_request;
          if (any.UnpackTo(&bad_request) &&
              bad_request.field_violations_size() > 0) {
            Rejection rejection;
            rejection.unit_code = unit_;
            rejection.rules = RulesOf(bad_request.field_violations());
            rejections_.push_back(std::move(rejection));
          }
        }
      }
    }
    for (const Rejection& rejection : rejections_) {
      LogFields rejected;
      rejected.Add("grpc_service", grpc_service_)
          .Add("method", method_)
          .Add("caller", caller_)
          .Add("unit",
               rejection.unit_code.empty() ? unit_ : rejection.unit_code)
          .Add("document_number", rejection.document_number)
          .Add("index", rejection.index)
          .Add("rules", absl::StrJoin(rejection.rules, ","));
      LogEvent(LogLevel::kInfo, options_->service, "record_rejected", rejected);
    }
  }

  ServerRpcInfo* info_;
  const CallObserverOptions* options_;
  const CallMetrics* metrics_;
  absl::Time start_;
  bool streaming_;
  bool quiet_ = false;
  std::string grpc_service_;
  std::string method_;
  std::string caller_;
  std::string role_;
  std::string unit_;
  LogFields counts_;
  std::vector<Rejection> rejections_;
  prometheus::Gauge* active_ = nullptr;
};

class CallObserverFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallObserverFactory(const CallObserverOptions& options)
      : options_(options) {
    if (options_.registry != nullptr) {
      metrics_.calls =
          &prometheus::BuildCounter()
               .Name("sgs_grpc_calls_total")
               .Help("gRPC calls served, by method and status code.")
               .Register(*options_.registry);
      metrics_.latency = &prometheus::BuildHistogram()
                              .Name("sgs_grpc_call_duration_seconds")
                              .Help(
                                  "gRPC call duration (GetPeriodReport: report "
                                  "computation, RenderBulletin: rendering).")
                              .Register(*options_.registry);
      metrics_.active_streams = &prometheus::BuildGauge()
                                     .Name("sgs_grpc_active_streams")
                                     .Help("Streaming calls open now.")
                                     .Register(*options_.registry);
    }
  }
  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    return new CallObserver(info, &options_, &metrics_);
  }

 private:
  CallObserverOptions options_;
  CallMetrics metrics_;
};

}  // namespace

std::string RuleIdOf(const std::string& description) {
  const size_t colon = description.find(": ");
  if (colon == std::string::npos) return description;
  return description.substr(0, colon);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeCallObserverFactory(const CallObserverOptions& options) {
  return std::make_unique<CallObserverFactory>(options);
}

}  // namespace sgs
