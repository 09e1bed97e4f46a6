#include "tests/support/ingest_process.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "tests/support/test_env.h"

namespace sgs::testing {

absl::Status IngestProcess::Start(const std::string& data_dir,
                                  const std::vector<std::string>& extra_args) {
  ServerProcessOptions options;
  options.argv = {
      BinaryPath("ingest_service"),
      "--host=127.0.0.1",
      "--port=0",
      absl::StrCat("--data_dir=", data_dir),
      absl::StrCat("--registry=", SourcePath("config/registry.textproto")),
      "--dev_no_auth",
  };
  options.argv.insert(options.argv.end(), extra_args.begin(), extra_args.end());
  options.listening_line = "ingest_service listening on port ";
  return process_.Start(options);
}

std::unique_ptr<sgs::v1::IngestService::Stub> IngestProcess::NewStub() const {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port()),
                                     grpc::InsecureChannelCredentials());
  channel->WaitForConnected(
      absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return sgs::v1::IngestService::NewStub(channel);
}

}  // namespace sgs::testing
