// The ingest service as a client without our .proto files sees it (grpcurl,
// Postman, scripts): everything here goes through server reflection and
// dynamic messages built from JSON (tests/support/reflection_client.h);
// no compiled sgs.v1 type is used to talk to the server.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "common/registry.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/reflection_client.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Pair;

constexpr char kUnit[] = "yd-jyj";

// The value at a dotted field path ("record.licensing.document_number") as
// text: strings as they are, enums by name, numbers and bools printed.
std::string FieldText(const Message& message, absl::string_view path) {
  const Message* current = &message;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field =
        current->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr || field->is_repeated()) {
      ADD_FAILURE() << current->GetDescriptor()->full_name()
                    << " has no singular field " << parts[i];
      return "";
    }
    if (i + 1 < parts.size()) {
      current = &current->GetReflection()->GetMessage(*current, field);
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      return current->GetReflection()->GetString(*current, field);
    }
    std::string text;
    google::protobuf::TextFormat::PrintFieldValueToString(*current, field, -1,
                                                          &text);
    return text;
  }
  return "";
}

// The elements of a repeated message field.
std::vector<const Message*> Elements(const Message& message,
                                     const std::string& field_name) {
  std::vector<const Message*> out;
  const FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName(field_name);
  if (field == nullptr || !field->is_repeated()) {
    ADD_FAILURE() << message.GetDescriptor()->full_name()
                  << " has no repeated field " << field_name;
    return out;
  }
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
    out.push_back(&reflection->GetRepeatedMessage(message, field, i));
  }
  return out;
}

// A licensing record as a reporting unit would type it for grpcurl: the
// values of ValidLicensingRecord (tests/support/test_env.cc) in proto3
// JSON. $0 is the 文书号, $1 the 许可内容, $2 the credit code.
constexpr char kLicensingRecordJson[] = R"json({
  "record": {
    "unit_code": "yd-jyj",
    "disclosure_scope": "PUBLIC",
    "subject": {
      "name": "安阳市殷都区示例科技有限公司",
      "subject_class": "LEGAL_ENTITY",
      "credit_code": "$2",
      "legal_representative": "张三"
    },
    "licensing": {
      "decision_document_name": "准予行政许可决定书",
      "document_number": "$0",
      "category": "ORDINARY",
      "content": "$1",
      "decision_date": "2024-07-01",
      "valid_from": "2024-07-01",
      "valid_to": "2099-12-31",
      "authority_name": "安阳市殷都区教育局",
      "authority_code": "11230500001755309F",
      "status": "LICENSE_VALID",
      "source_unit_name": "安阳市殷都区教育局",
      "source_unit_code": "11230500001755309F"
    }
  }
})json";
constexpr char kValidCreditCode[] = "91350100M000100Y43";

std::string LicensingRequestJson(const std::string& document_number,
                                 const std::string& content,
                                 const std::string& credit_code) {
  return absl::Substitute(kLicensingRecordJson, document_number, content,
                          credit_code);
}

class ReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestIngestServer>(data_dir_.path());
    absl::StatusOr<std::unique_ptr<ReflectionClient>> client =
        ReflectionClient::Create(
            server_->address(),
            SourcePath(
                "tests/ingest_service/testdata/reflection_v1alpha.proto"));
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
  }

  // Calls a unary method and expects OK; the response, or null.
  std::unique_ptr<Message> CallOk(const std::string& method,
                                  const std::string& json) {
    absl::StatusOr<DynamicCallResult> result = client_->CallUnary(method, json);
    if (!result.ok()) {
      ADD_FAILURE() << method << ": " << result.status();
      return nullptr;
    }
    if (!result->status.ok()) {
      ADD_FAILURE() << method << ": " << result->status.error_code() << " "
                    << result->status.error_message();
      return nullptr;
    }
    return std::move(result->response);
  }

  TempDir data_dir_;
  std::unique_ptr<TestIngestServer> server_;
  std::unique_ptr<ReflectionClient> client_;
};

TEST_F(ReflectionTest, ListsIngestHealthAndReflectionServices) {
  absl::StatusOr<std::vector<std::string>> services = client_->ListServices();
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services,
              IsSupersetOf({"sgs.v1.IngestService", "grpc.health.v1.Health",
                            "grpc.reflection.v1alpha.ServerReflection"}));
}

TEST_F(ReflectionTest, DescribesIngestServiceExactlyAsTheSourceProto) {
  absl::StatusOr<const google::protobuf::ServiceDescriptor*> service =
      client_->DescribeService("sgs.v1.IngestService");
  ASSERT_TRUE(service.ok()) << service.status();
  // The file and its imports (record.proto, google/rpc/*, timestamp.proto)
  // all came from the server: the schema pool has no other source.
  EXPECT_EQ((*service)->file()->name(), "sgs/v1/ingest_service.proto");
  EXPECT_EQ((*service)->file()->pool(), &client_->schema_pool());
  EXPECT_NE(client_->schema_pool().FindFileByName("sgs/v1/record.proto"),
            nullptr);
  EXPECT_NE(
      client_->schema_pool().FindFileByName("google/protobuf/timestamp.proto"),
      nullptr);

  // The expectation is the source file itself, parsed the same way.
  absl::StatusOr<google::protobuf::FileDescriptorProto> source =
      ParseProtoFile(SourcePath("protos/sgs/v1/ingest_service.proto"),
                     "sgs/v1/ingest_service.proto");
  ASSERT_TRUE(source.ok()) << source.status();
  const google::protobuf::ServiceDescriptorProto* source_service = nullptr;
  for (const auto& candidate : source->service()) {
    if (candidate.name() == "IngestService") source_service = &candidate;
  }
  ASSERT_NE(source_service, nullptr);
  ASSERT_GT(source_service->method_size(), 0);
  EXPECT_EQ((*service)->method_count(), source_service->method_size());
  // Unqualified type names in the source are relative to its package.
  auto qualified = [&source](const std::string& type) {
    return absl::StartsWith(type, ".")
               ? type.substr(1)
               : absl::StrCat(source->package(), ".", type);
  };
  for (const auto& method : source_service->method()) {
    SCOPED_TRACE(method.name());
    const google::protobuf::MethodDescriptor* served =
        (*service)->FindMethodByName(method.name());
    ASSERT_NE(served, nullptr);
    EXPECT_EQ(served->input_type()->full_name(),
              qualified(method.input_type()));
    EXPECT_EQ(served->output_type()->full_name(),
              qualified(method.output_type()));
    EXPECT_EQ(served->client_streaming(), method.client_streaming());
    EXPECT_EQ(served->server_streaming(), method.server_streaming());
  }
  // Every message of the file is served with the same fields.
  for (const auto& message : source->message_type()) {
    SCOPED_TRACE(message.name());
    const google::protobuf::Descriptor* served =
        client_->schema_pool().FindMessageTypeByName(qualified(message.name()));
    ASSERT_NE(served, nullptr);
    EXPECT_EQ(served->field_count(), message.field_size());
    for (const auto& field : message.field()) {
      const FieldDescriptor* served_field =
          served->FindFieldByName(field.name());
      ASSERT_NE(served_field, nullptr) << field.name();
      EXPECT_EQ(served_field->number(), field.number()) << field.name();
    }
  }
}

TEST_F(ReflectionTest, UnknownSymbolIsNotFound) {
  absl::StatusOr<const google::protobuf::FileDescriptor*> file =
      client_->LoadFileContainingSymbol("sgs.v1.NoSuchService");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kNotFound) << file.status();
  // The stream stays usable after an error response.
  EXPECT_TRUE(client_->ListServices().ok());
}

TEST_F(ReflectionTest, ListUnitsReturnsTheRegistry) {
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::LoadFromFile(SourcePath("config/registry.textproto"));
  ASSERT_TRUE(registry.ok()) << registry.status();
  const config::v1::UnitEntry* expected_unit = registry->FindByCode(kUnit);
  ASSERT_NE(expected_unit, nullptr);

  std::unique_ptr<Message> response =
      CallOk("sgs.v1.IngestService/ListUnits", "{}");
  ASSERT_NE(response, nullptr);
  std::vector<const Message*> units = Elements(*response, "units");
  ASSERT_EQ(units.size(), registry->units().size());
  for (size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(FieldText(*units[i], "code"), registry->units()[i].code());
  }
  bool found = false;
  for (const Message* unit : units) {
    if (FieldText(*unit, "code") != kUnit) continue;
    found = true;
    EXPECT_EQ(FieldText(*unit, "name"), absl::StrCat("units/", kUnit));
    EXPECT_EQ(FieldText(*unit, "official_name"),
              expected_unit->official_name());
    EXPECT_EQ(FieldText(*unit, "kind"), "DEPARTMENT");
  }
  EXPECT_TRUE(found);

  // The enum filter works from JSON too.
  std::unique_ptr<Message> townships =
      CallOk("sgs.v1.IngestService/ListUnits", R"({"kind": "TOWNSHIP"})");
  ASSERT_NE(townships, nullptr);
  EXPECT_EQ(Elements(*townships, "units").size(),
            registry->UnitsOfKind(config::v1::TOWNSHIP).size());
}

TEST_F(ReflectionTest, SubmitRecordFromJsonThenGetRecordByName) {
  const std::string document_number = "殷教许〔2024〕反射1号";
  std::unique_ptr<Message> submitted = CallOk(
      "sgs.v1.IngestService/SubmitRecord",
      LicensingRequestJson(document_number, "食品经营许可", kValidCreditCode));
  ASSERT_NE(submitted, nullptr);
  EXPECT_EQ(FieldText(*submitted, "created"), "true");
  const std::string name = FieldText(*submitted, "record.name");
  ASSERT_TRUE(
      absl::StartsWith(name, absl::StrCat("units/", kUnit, "/records/xk/")))
      << name;

  std::unique_ptr<Message> by_name =
      CallOk("sgs.v1.IngestService/GetRecord",
             absl::StrCat(R"({"name": ")", name, R"("})"));
  ASSERT_NE(by_name, nullptr);
  EXPECT_EQ(FieldText(*by_name, "name"), name);
  EXPECT_EQ(FieldText(*by_name, "unit_code"), kUnit);
  EXPECT_EQ(FieldText(*by_name, "licensing.document_number"), document_number);
  EXPECT_EQ(FieldText(*by_name, "subject.name"),
            "安阳市殷都区示例科技有限公司");
  EXPECT_EQ(FieldText(*by_name, "licensing.status"), "LICENSE_VALID");
  EXPECT_EQ(FieldText(*by_name, "version"), "1");
  EXPECT_FALSE(FieldText(*by_name, "receipt_date").empty());
  absl::StatusOr<std::string> json = client_->ToJson(*by_name);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, ::testing::HasSubstr("\"receipt_time\""));

  // The identity lookup finds the same record.
  std::unique_ptr<Message> by_identity = CallOk(
      "sgs.v1.IngestService/GetRecord",
      absl::Substitute(
          R"({"unit_code": "$0", "kind": "LICENSING", "document_number": "$1"})",
          kUnit, document_number));
  ASSERT_NE(by_identity, nullptr);
  EXPECT_EQ(FieldText(*by_identity, "name"), name);
}

TEST_F(ReflectionTest, InvalidRecordIsInvalidArgumentWithBadRequestDetails) {
  const std::string document_number = "殷教许〔2024〕反射2号";
  // No 许可内容, and a credit code whose check digit is wrong.
  absl::StatusOr<DynamicCallResult> result = client_->CallUnary(
      "sgs.v1.IngestService/SubmitRecord",
      LicensingRequestJson(document_number, "", "91350100M000100Y44"));
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << result->status.error_message();

  // The details decode with the types the server described.
  absl::StatusOr<ErrorDetails> details =
      client_->UnpackErrorDetails(result->status);
  ASSERT_TRUE(details.ok()) << details.status();
  EXPECT_EQ(FieldText(*details->status, "code"), "3");
  // field path -> rule id (the description's prefix before ":").
  std::map<std::string, std::string> violated;
  for (const auto& detail : details->details) {
    if (detail->GetDescriptor()->full_name() != "google.rpc.BadRequest") {
      continue;
    }
    for (const Message* violation : Elements(*detail, "field_violations")) {
      std::vector<std::string> rule_and_text = absl::StrSplit(
          FieldText(*violation, "description"), absl::MaxSplits(':', 1));
      violated[FieldText(*violation, "field")] = rule_and_text.front();
    }
  }
  EXPECT_THAT(violated, Contains(Pair("licensing.content", "required")));
  EXPECT_THAT(violated, Contains(Pair("subject.credit_code", "check_digit")));

  // Nothing was stored; the submission is in the unit's rejected queue.
  absl::StatusOr<DynamicCallResult> get = client_->CallUnary(
      "sgs.v1.IngestService/GetRecord",
      absl::Substitute(
          R"({"unit_code": "$0", "kind": "LICENSING", "document_number": "$1"})",
          kUnit, document_number));
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->status.error_code(), grpc::StatusCode::NOT_FOUND);
  std::unique_ptr<Message> rejected =
      CallOk("sgs.v1.IngestService/ListRejectedSubmissions",
             absl::StrCat(R"({"parent": "units/)", kUnit, R"("})"));
  ASSERT_NE(rejected, nullptr);
  std::vector<const Message*> queue =
      Elements(*rejected, "rejected_submissions");
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(FieldText(*queue[0], "channel"), "SubmitRecord");
  EXPECT_EQ(FieldText(*queue[0], "record.licensing.document_number"),
            document_number);
}

TEST_F(ReflectionTest, HealthCheckIsDescribedAndServing) {
  absl::StatusOr<const google::protobuf::FileDescriptor*> file =
      client_->LoadFileContainingSymbol("grpc.health.v1.Health");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_NE((*file)->FindServiceByName("Health"), nullptr);

  for (const std::string service : {"", "sgs.v1.IngestService"}) {
    SCOPED_TRACE(service);
    std::unique_ptr<Message> response =
        CallOk("grpc.health.v1.Health/Check",
               absl::StrCat(R"({"service": ")", service, R"("})"));
    ASSERT_NE(response, nullptr);
    EXPECT_EQ(FieldText(*response, "status"), "SERVING");
  }
  absl::StatusOr<DynamicCallResult> unknown = client_->CallUnary(
      "grpc.health.v1.Health/Check", R"({"service": "sgs.v1.NoSuchService"})");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace sgs::testing
