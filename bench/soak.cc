// Soak test: many concurrent clients against the real ingest_service
// binary on loopback for a bounded time; no unexpected errors, and server
// memory that stops growing.
//
//   soak [--seconds=60] [--clients=16] [--deadline_ms=10000]
//        [--server_args=--flag1=x,--flag2=y]
//
// The server runs as a child process (so its memory is measured alone, from
// /proc/<pid>/status) on 127.0.0.1 with a fresh data directory and a token
// file written for the run: each client holds one unit's SUBMITTER token,
// so the authentication path is part of every call. Each client has its own
// connection and loops, every call under a deadline, over:
//   SubmitRecord (valid)                       -> OK, created
//   BatchSubmitRecords (9 valid + 1 invalid)   -> OK, 9 accepted, 1 rejected
//   UploadRecords (a short stream, 1 invalid)  -> OK, counts in the summary
//   GetRecord (one this client stored)         -> OK, the same 文书号
//   ListRecords (the unit, today)              -> OK
//   SubmitRecord (invalid)                     -> INVALID_ARGUMENT
// Valid records have unique document numbers, so every write is a create.
// Any other status or a wrong answer is an error.
//
// Every --report_seconds: calls, errors, p50/p99 latency, server RSS,
// threads and open files. At the end a summary, and the memory verdict: the
// largest RSS of the run's last third against that of its middle third
// (the first third is warm-up: RocksDB memtables, caches, gRPC pools); growth
// under --rss_growth_limit is "stable". After the clients stop, the server
// gets SIGTERM and must exit cleanly.
// Exit status: 0 when there was no unexpected error, memory was stable and
// the server stopped cleanly; 1 otherwise; 2 when the server did not start.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/dates.h"
#include "common/registry.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/grpcpp.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "tests/support/server_process.h"

ABSL_FLAG(int, seconds, 60, "How long the clients run.");
ABSL_FLAG(int, clients, 16,
          "Concurrent clients (threads, one connection each).");
ABSL_FLAG(int, deadline_ms, 10000, "Deadline of every call.");
ABSL_FLAG(int, report_seconds, 5, "Interval of the progress lines.");
ABSL_FLAG(int, batch_size, 10, "Records per BatchSubmitRecords call.");
ABSL_FLAG(int, stream_records, 20, "Records per UploadRecords stream.");
ABSL_FLAG(double, rss_growth_limit, 0.10,
          "Largest allowed growth of the last third's max RSS over the "
          "middle third's.");
ABSL_FLAG(std::string, server, SGS_SOAK_SERVER, "The ingest_service binary.");
ABSL_FLAG(std::string, registry, SGS_SOAK_REGISTRY, "Unit registry file.");
ABSL_FLAG(bool, sync_writes, true,
          "Server --sync_writes (fsync before acknowledging; its default).");
ABSL_FLAG(bool, dev_no_auth, false,
          "Run the server with --dev_no_auth instead of a token file.");
ABSL_FLAG(bool, keep_data, false, "Keep the temporary data directory.");
ABSL_FLAG(std::vector<std::string>, server_args, {},
          "More ingest_service flags, comma-separated (e.g. smaller caches "
          "so that a short run reaches steady state).");

namespace {

constexpr char kListeningLine[] = "ingest_service listening on port ";
constexpr char kAuthorityCode[] = "11230500001755309F";

// The server process is tests/support/server_process.h, shared with the
// tests that run the real binaries.
using ::sgs::testing::ServerProcess;
using ::sgs::testing::ServerProcessOptions;

// VmRSS and Threads of /proc/<pid>/status, open files from /proc/<pid>/fd.
struct ProcessSample {
  double seconds = 0;  // since the clients started
  int64_t rss_kb = 0;
  int threads = 0;
  int open_files = 0;
};

ProcessSample SampleProcess(int pid) {
  ProcessSample sample;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view view = line;
    if (absl::ConsumePrefix(&view, "VmRSS:")) {
      view = absl::StripAsciiWhitespace(view);
      absl::ConsumeSuffix(&view, "kB");
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(view), &sample.rss_kb);
    } else if (absl::ConsumePrefix(&view, "Threads:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(view), &sample.threads);
    }
  }
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/fd"), error);
       !error && it != std::filesystem::directory_iterator();
       it.increment(error)) {
    ++sample.open_files;
  }
  return sample;
}

// ---------------------------------------------------------------------------
// Records.
// ---------------------------------------------------------------------------

struct RecordFactory {
  std::string unit_code;
  std::string run_id;
  int client = 0;
  int64_t sequence = 0;

  std::string NextDocumentNumber(bool penalty) {
    return absl::StrCat("殷soak", penalty ? "罚" : "许", "〔", run_id, "〕",
                        client, "-", ++sequence, "号");
  }

  // Decided three days ago (UTC+8), so never in the future or after the
  // receipt, whatever the hour.
  static std::string DecisionDate() {
    return sgs::FormatDate(sgs::ChinaDate(absl::Now()) - 3);
  }

  sgs::v1::Record Valid(bool penalty) {
    sgs::v1::Record r;
    r.set_unit_code(unit_code);
    r.set_disclosure_scope(sgs::v1::PUBLIC);
    auto* s = r.mutable_subject();
    const std::string date = DecisionDate();
    if (!penalty) {
      s->set_name(
          absl::StrCat("安阳市殷都区浸泡测试企业", sequence, "有限公司"));
      s->set_subject_class(sgs::v1::LEGAL_ENTITY);
      s->set_credit_code("91350100M000100Y43");
      s->set_legal_representative("王五");
      auto* l = r.mutable_licensing();
      l->set_decision_document_name("准予行政许可决定书");
      l->set_document_number(NextDocumentNumber(false));
      l->set_category(sgs::v1::ORDINARY);
      l->set_content("准予许可");
      l->set_decision_date(date);
      l->set_valid_from(date);
      l->set_valid_to("2099-12-31");
      l->set_authority_name("安阳市殷都区人民政府");
      l->set_authority_code(kAuthorityCode);
      l->set_status(sgs::v1::LICENSE_VALID);
      l->set_source_unit_name("安阳市殷都区人民政府");
      l->set_source_unit_code(kAuthorityCode);
    } else {
      s->set_name("李四");
      s->set_subject_class(sgs::v1::NATURAL_PERSON);
      s->set_id_type(sgs::v1::RESIDENT_ID_CARD);
      s->set_id_number("11010519491231002X");
      auto* p = r.mutable_penalty();
      p->set_document_number(NextDocumentNumber(true));
      p->set_violation_type("违反治安管理");
      p->set_violation_facts("酒后滋事，扰乱公共秩序");
      p->set_legal_basis("《中华人民共和国治安管理处罚法》第二十三条");
      p->add_categories(sgs::v1::WARNING);
      p->add_categories(sgs::v1::FINE);
      p->set_content("警告，罚款人民币贰仟元");
      p->set_fine_amount("0.2");
      p->set_decision_date(date);
      p->set_valid_until("2099-12-31");
      p->set_authority_name("安阳市殷都区人民政府");
      p->set_authority_code(kAuthorityCode);
      p->set_source_unit_name("安阳市殷都区人民政府");
      p->set_source_unit_code(kAuthorityCode);
    }
    return r;
  }

  // A wrong check digit and a validity that ends before it starts.
  sgs::v1::Record Invalid() {
    sgs::v1::Record r = Valid(false);
    r.mutable_subject()->set_credit_code("91350100M000100Y44");
    r.mutable_licensing()->set_valid_to("2000-01-01");
    return r;
  }
};

// ---------------------------------------------------------------------------
// Statistics.
// ---------------------------------------------------------------------------

class Stats {
 public:
  void Call(int64_t micros) {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    window_.push_back(micros);
    all_.push_back(micros);
  }
  void Expected() {
    std::lock_guard<std::mutex> lock(mu_);
    ++expected_invalid_;
  }
  void Stored(int64_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    stored_ += n;
  }
  void Error(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    ++errors_;
    if (samples_.size() < 10) samples_.push_back(what);
  }

  struct Snapshot {
    int64_t calls = 0, errors = 0, expected_invalid = 0, stored = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
  };
  // The counters, and the percentiles of the window since the last call
  // (`whole`: of the whole run).
  Snapshot Take(bool whole) {
    std::lock_guard<std::mutex> lock(mu_);
    Snapshot s;
    s.calls = calls_;
    s.errors = errors_;
    s.expected_invalid = expected_invalid_;
    s.stored = stored_;
    std::vector<int64_t>& v = whole ? all_ : window_;
    if (!v.empty()) {
      std::sort(v.begin(), v.end());
      s.p50_ms = v[v.size() / 2] / 1000.0;
      s.p99_ms = v[std::min(v.size() - 1, v.size() * 99 / 100)] / 1000.0;
      s.max_ms = v.back() / 1000.0;
    }
    window_.clear();
    return s;
  }
  std::vector<std::string> samples() {
    std::lock_guard<std::mutex> lock(mu_);
    return samples_;
  }

 private:
  std::mutex mu_;
  int64_t calls_ = 0, errors_ = 0, expected_invalid_ = 0, stored_ = 0;
  std::vector<int64_t> window_, all_;
  std::vector<std::string> samples_;
};

// ---------------------------------------------------------------------------
// One client.
// ---------------------------------------------------------------------------

class Client {
 public:
  Client(int id, const std::string& target, std::string token,
         RecordFactory factory, Stats* stats)
      : id_(id),
        token_(std::move(token)),
        factory_(std::move(factory)),
        stats_(stats) {
    // A connection of its own: gRPC shares subchannels between channels
    // with equal arguments unless told not to.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channel_ = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
    stub_ = sgs::v1::IngestService::NewStub(channel_);
  }

  bool Connect() {
    return channel_->WaitForConnected(
        absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  }

  void Run(const std::atomic<bool>* stop) {
    for (int64_t step = id_; !stop->load(); ++step) {
      switch (step % 6) {
        case 0:
          Submit();
          break;
        case 1:
          Batch();
          break;
        case 2:
          Upload();
          break;
        case 3:
          Get();
          break;
        case 4:
          List();
          break;
        default:
          SubmitInvalid();
          break;
      }
    }
  }

 private:
  void Prepare(grpc::ClientContext* context) {
    context->set_deadline(absl::ToChronoTime(
        absl::Now() + absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms))));
    if (!token_.empty()) {
      context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    }
  }

  // Times the call; a status other than `expected` is an error.
  template <typename Call>
  bool Timed(const char* method, grpc::StatusCode expected, Call call) {
    const absl::Time start = absl::Now();
    const grpc::Status status = call();
    stats_->Call(absl::ToInt64Microseconds(absl::Now() - start));
    if (status.error_code() != expected) {
      stats_->Error(absl::StrCat(method, ": status ", status.error_code(),
                                 " (expected ", expected,
                                 "): ", status.error_message()));
      return false;
    }
    return true;
  }

  void Wrong(const char* method, const std::string& what) {
    stats_->Error(absl::StrCat(method, ": ", what));
  }

  // Keeps up to 10000 of the client's records for GetRecord (a random
  // sample once full, so a long soak does not grow the client).
  void Remember(const sgs::v1::Record& record) {
    const bool penalty = record.has_penalty();
    std::pair<sgs::v1::RecordKind, std::string> entry = {
        penalty ? sgs::v1::PENALTY : sgs::v1::LICENSING,
        penalty ? record.penalty().document_number()
                : record.licensing().document_number()};
    if (stored_.size() < 10000) {
      stored_.push_back(std::move(entry));
    } else {
      stored_[rng_() % stored_.size()] = std::move(entry);
    }
  }

  void Submit() {
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = factory_.Valid(stored_.size() % 2 == 1);
    sgs::v1::SubmitRecordResponse response;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Timed("SubmitRecord", grpc::StatusCode::OK, [&] {
          return stub_->SubmitRecord(&context, request, &response);
        })) {
      return;
    }
    if (!response.created()) Wrong("SubmitRecord", "a new record not created");
    stats_->Stored(1);
    Remember(request.record());
  }

  void SubmitInvalid() {
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = factory_.Invalid();
    sgs::v1::SubmitRecordResponse response;
    grpc::ClientContext context;
    Prepare(&context);
    if (Timed("SubmitRecord(invalid)", grpc::StatusCode::INVALID_ARGUMENT, [&] {
          return stub_->SubmitRecord(&context, request, &response);
        })) {
      stats_->Expected();
    }
  }

  void Batch() {
    const int size = std::max(2, absl::GetFlag(FLAGS_batch_size));
    sgs::v1::BatchSubmitRecordsRequest request;
    const int invalid_at = static_cast<int>(factory_.sequence % size);
    for (int i = 0; i < size; ++i) {
      *request.add_records() =
          i == invalid_at ? factory_.Invalid() : factory_.Valid(i % 2 == 1);
    }
    sgs::v1::BatchSubmitRecordsResponse response;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Timed("BatchSubmitRecords", grpc::StatusCode::OK, [&] {
          return stub_->BatchSubmitRecords(&context, request, &response);
        })) {
      return;
    }
    if (response.accepted_count() != size - 1 ||
        response.rejected_count() != 1 || response.results_size() != size) {
      Wrong("BatchSubmitRecords",
            absl::StrCat("accepted ", response.accepted_count(), " rejected ",
                         response.rejected_count(), " results ",
                         response.results_size(), ", expected ", size - 1,
                         "/1/", size));
      return;
    }
    const auto& bad = response.results(invalid_at);
    if (bad.status().code() != grpc::StatusCode::INVALID_ARGUMENT) {
      Wrong("BatchSubmitRecords",
            absl::StrCat("invalid record's status ", bad.status().code()));
    } else {
      stats_->Expected();
    }
    stats_->Stored(size - 1);
    for (int i = 0; i < size; ++i) {
      if (i != invalid_at) Remember(request.records(i));
    }
  }

  void Upload() {
    const int n = std::max(2, absl::GetFlag(FLAGS_stream_records));
    std::vector<sgs::v1::Record> sent;
    for (int i = 0; i < n; ++i) sent.push_back(factory_.Valid(i % 2 == 1));
    sgs::v1::UploadSummary summary;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Timed("UploadRecords", grpc::StatusCode::OK, [&] {
          auto writer = stub_->UploadRecords(&context, &summary);
          sgs::v1::UploadRecordsRequest request;
          for (int i = 0; i <= n; ++i) {
            // One invalid record in the middle of the stream.
            *request.mutable_record() =
                i == n / 2 ? factory_.Invalid() : sent[i < n / 2 ? i : i - 1];
            if (!writer->Write(request)) break;
          }
          writer->WritesDone();
          return writer->Finish();
        })) {
      return;
    }
    if (summary.received_count() != n + 1 || summary.created_count() != n ||
        summary.rejected_count() != 1 || summary.corrected_count() != 0) {
      Wrong("UploadRecords",
            absl::StrCat("summary received ", summary.received_count(),
                         " created ", summary.created_count(), " corrected ",
                         summary.corrected_count(), " rejected ",
                         summary.rejected_count(), ", expected ", n + 1, "/", n,
                         "/0/1"));
      return;
    }
    stats_->Expected();
    stats_->Stored(n);
    for (const auto& record : sent) Remember(record);
  }

  void Get() {
    if (stored_.empty()) return Submit();
    const auto& [kind, document] = stored_[rng_() % stored_.size()];
    sgs::v1::GetRecordRequest request;
    request.set_unit_code(factory_.unit_code);
    request.set_kind(kind);
    request.set_document_number(document);
    sgs::v1::Record response;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Timed("GetRecord", grpc::StatusCode::OK, [&] {
          return stub_->GetRecord(&context, request, &response);
        })) {
      return;
    }
    const std::string& got = response.has_penalty()
                                 ? response.penalty().document_number()
                                 : response.licensing().document_number();
    if (got != document || response.unit_code() != factory_.unit_code) {
      Wrong("GetRecord", absl::StrCat("asked for ", document, ", got ", got));
    }
  }

  void List() {
    sgs::v1::ListRecordsRequest request;
    request.set_parent(absl::StrCat("units/", factory_.unit_code));
    const std::string today = sgs::FormatDate(sgs::ChinaDate(absl::Now()));
    request.set_start_date(today);
    request.set_end_date(today);
    request.set_page_size(20);
    sgs::v1::ListRecordsResponse response;
    grpc::ClientContext context;
    Prepare(&context);
    if (!Timed("ListRecords", grpc::StatusCode::OK, [&] {
          return stub_->ListRecords(&context, request, &response);
        })) {
      return;
    }
    for (const auto& record : response.records()) {
      if (record.unit_code() != factory_.unit_code) {
        Wrong("ListRecords",
              absl::StrCat("record of unit ", record.unit_code()));
        return;
      }
    }
  }

  int id_;
  std::string token_;
  RecordFactory factory_;
  Stats* stats_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
  std::vector<std::pair<sgs::v1::RecordKind, std::string>> stored_;
  std::minstd_rand rng_{static_cast<unsigned>(id_ + 1)};
};

std::string RandomToken(std::mt19937_64& rng) {
  return absl::StrFormat("soak-%016x%016x", rng(), rng());
}

double Mib(int64_t kb) { return kb / 1024.0; }

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int seconds = std::max(3, absl::GetFlag(FLAGS_seconds));
  const int clients = std::max(1, absl::GetFlag(FLAGS_clients));
  const int report_every = std::max(1, absl::GetFlag(FLAGS_report_seconds));

  absl::StatusOr<sgs::UnitRegistry> registry =
      sgs::UnitRegistry::LoadFromFile(absl::GetFlag(FLAGS_registry));
  if (!registry.ok() || registry->units().empty()) {
    std::cerr << "soak: registry: " << registry.status() << "\n";
    return 2;
  }

  std::string base_template =
      (std::filesystem::temp_directory_path() / "sgs-soak-XXXXXX").string();
  if (mkdtemp(base_template.data()) == nullptr) {
    std::cerr << "soak: mkdtemp failed\n";
    return 2;
  }
  const std::filesystem::path base = base_template;

  // One SUBMITTER token per client, for the unit the client reports for.
  std::mt19937_64 rng(std::random_device{}());
  std::vector<std::string> tokens(clients);
  std::vector<std::string> units(clients);
  sgs::config::v1::TokenFile token_file;
  for (int i = 0; i < clients; ++i) {
    units[i] = registry->units()[i % registry->units().size()].code();
    if (absl::GetFlag(FLAGS_dev_no_auth)) continue;
    tokens[i] = RandomToken(rng);
    auto* entry = token_file.add_tokens();
    entry->set_name(absl::StrCat("浸泡测试客户端", i));
    entry->set_sha256_hex(sgs::Sha256Hex(tokens[i]));
    entry->set_role(sgs::config::v1::SUBMITTER);
    entry->set_unit_code(units[i]);
  }
  std::vector<std::string> args = {
      absl::GetFlag(FLAGS_server),
      "--host=127.0.0.1",
      "--port=0",
      absl::StrCat("--data_dir=", (base / "data").string()),
      absl::StrCat("--registry=", absl::GetFlag(FLAGS_registry)),
      absl::StrCat("--sync_writes=", absl::GetFlag(FLAGS_sync_writes)),
      // Every client may have a stream open at once: the soak measures
      // load within the configured bounds, not the bounds themselves.
      absl::StrCat("--max_concurrent_streams=", clients * 2),
      "--shutdown_grace_seconds=10",
      // A small RocksDB budget, so the cache and memtables reach their
      // bound in the warm-up third of even a short run: growth after that
      // is a leak, not a cache still filling (the default 256 MiB fills
      // only after that much data). --server_args may override it.
      "--rocksdb_memory_budget_mb=32",
  };
  for (const std::string& arg : absl::GetFlag(FLAGS_server_args)) {
    args.push_back(arg);
  }
  if (absl::GetFlag(FLAGS_dev_no_auth)) {
    args.push_back("--dev_no_auth");
  } else {
    std::string text;
    google::protobuf::TextFormat::PrintToString(token_file, &text);
    const std::string path = (base / "tokens.textproto").string();
    std::ofstream(path) << text;
    args.push_back(absl::StrCat("--tokens=", path));
  }

  const std::string server_log = (base / "server.stderr").string();
  auto server = std::make_unique<ServerProcess>();
  ServerProcessOptions server_options;
  server_options.argv = args;
  server_options.listening_line = kListeningLine;
  server_options.stderr_path = server_log;
  server_options.start_timeout = absl::Seconds(60);
  if (absl::Status started = server->Start(server_options); !started.ok()) {
    std::ifstream log(server_log);
    std::cerr << "soak: ingest_service did not start: " << started.message()
              << "\nstderr:\n"
              << log.rdbuf() << "\n";
    return 2;
  }
  const std::string target = absl::StrCat("127.0.0.1:", server->port());
  std::cout << absl::StrFormat(
      "soak: %d clients for %d s against %s (pid %d, %s, sync_writes=%s)\n",
      clients, seconds, target, server->pid(),
      absl::GetFlag(FLAGS_dev_no_auth) ? "no auth" : "token auth",
      absl::GetFlag(FLAGS_sync_writes) ? "true" : "false");

  Stats stats;
  const std::string run_id =
      absl::StrFormat("%x", absl::ToUnixMicros(absl::Now()));
  std::vector<std::unique_ptr<Client>> client_list;
  for (int i = 0; i < clients; ++i) {
    RecordFactory factory;
    factory.unit_code = units[i];
    factory.run_id = run_id;
    factory.client = i;
    client_list.push_back(
        std::make_unique<Client>(i, target, tokens[i], factory, &stats));
    if (!client_list.back()->Connect()) {
      std::cerr << "soak: client " << i << " cannot connect to " << target
                << "\n";
      return 2;
    }
  }

  std::vector<ProcessSample> samples;
  const absl::Time start = absl::Now();
  {
    ProcessSample first = SampleProcess(server->pid());
    samples.push_back(first);
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (auto& client : client_list) {
    threads.emplace_back([&client, &stop] { client->Run(&stop); });
  }

  // Sample the server every second; report every report_every seconds.
  int64_t last_calls = 0;
  for (int second = 1; second <= seconds; ++second) {
    absl::SleepFor(start + absl::Seconds(second) - absl::Now());
    ProcessSample sample = SampleProcess(server->pid());
    sample.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    samples.push_back(sample);
    if (second % report_every == 0 || second == seconds) {
      const Stats::Snapshot s = stats.Take(false);
      const double interval =
          second % report_every == 0 ? report_every : second % report_every;
      std::cout << absl::StrFormat(
          "[%4ds] calls %8d (%6.0f/s)  errors %d  expected-invalid %d  "
          "p50 %7.2f ms  p99 %7.2f ms  server RSS %7.1f MiB  threads %d  "
          "fds %d\n",
          second, s.calls, (s.calls - last_calls) / interval, s.errors,
          s.expected_invalid, s.p50_ms, s.p99_ms, Mib(sample.rss_kb),
          sample.threads, sample.open_files);
      std::cout.flush();
      last_calls = s.calls;
    }
  }
  stop = true;
  for (auto& thread : threads) thread.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const ProcessSample end_sample = SampleProcess(server->pid());
  client_list.clear();

  const bool clean = server->Terminate(absl::Seconds(30)) == 0;
  const Stats::Snapshot total = stats.Take(true);

  // Memory verdict over the sampled seconds.
  int64_t max_middle = 0, max_last = 0, max_all = 0;
  for (const ProcessSample& s : samples) {
    max_all = std::max(max_all, s.rss_kb);
    if (s.seconds >= seconds / 3.0 && s.seconds < 2.0 * seconds / 3.0) {
      max_middle = std::max(max_middle, s.rss_kb);
    } else if (s.seconds >= 2.0 * seconds / 3.0) {
      max_last = std::max(max_last, s.rss_kb);
    }
  }
  const double growth =
      max_middle > 0 ? static_cast<double>(max_last - max_middle) / max_middle
                     : 1.0;
  const bool stable = growth < absl::GetFlag(FLAGS_rss_growth_limit);

  std::cout << absl::StrFormat(
      "soak summary: %d clients, %.1f s\n"
      "  calls              %d (%.0f/s); records stored %d\n"
      "  unexpected errors  %d\n"
      "  expected rejects   %d (INVALID_ARGUMENT / rejected in batch or "
      "stream)\n"
      "  latency            p50 %.2f ms  p99 %.2f ms  max %.2f ms\n"
      "  server RSS         start %.1f MiB  end %.1f MiB  max %.1f MiB; "
      "max middle third %.1f MiB, last third %.1f MiB: %+.1f%% -> %s\n"
      "  server threads     start %d  end %d; open files start %d  end %d\n"
      "  server shutdown    %s\n",
      clients, elapsed, total.calls, total.calls / elapsed, total.stored,
      total.errors, total.expected_invalid, total.p50_ms, total.p99_ms,
      total.max_ms, Mib(samples.front().rss_kb), Mib(end_sample.rss_kb),
      Mib(max_all), Mib(max_middle), Mib(max_last), growth * 100,
      stable ? "stable" : "STILL GROWING", samples.front().threads,
      end_sample.threads, samples.front().open_files, end_sample.open_files,
      clean ? "clean (SIGTERM, exit 0)" : "NOT CLEAN");
  for (const std::string& sample : stats.samples()) {
    std::cout << "  error: " << sample << "\n";
  }
  const bool ok = total.errors == 0 && stable && clean;
  if (!ok || absl::GetFlag(FLAGS_keep_data)) {
    std::cout << "  data and server log kept in " << base.string() << "\n";
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(base, ignored);
  }
  std::cout << (ok ? "soak: PASS\n" : "soak: FAIL\n");
  return ok ? 0 : 1;
}
