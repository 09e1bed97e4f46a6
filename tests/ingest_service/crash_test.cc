// Durability of the real ingest_service binary under kill -9. A pipeline
// client streams records through UploadRecords; each stream's summary is
// its acknowledgement ("everything counted as accepted is durable when the
// summary arrives"). After a random number of acknowledged streams, and
// while one more stream is in flight, the process gets SIGKILL; it is
// restarted on the same data directory and must hold every acknowledged
// record exactly once, nothing it was never sent, no torn record, and daily
// aggregates that agree with the records.
//
// Rounds: 3, or $SGS_CRASH_ROUNDS. Seed: random, or $SGS_CRASH_SEED to
// replay a failure (the seed is printed).
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/domain/record_store.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/ingest_process.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

constexpr char kUnit[] = "yd-jyj";
// More than the 1000 records per commit the server is started with
// (--stream_chunk_records): a stream's first chunk is committed on its
// second thread while the rest is read (chunk_committer.h), so kills also
// land during an overlapped commit.
constexpr int kRecordsPerStream = 1500;

// Starts the real ingest_service on 127.0.0.1 with a free port, on
// `data_dir`, fsync on (durability is the subject here, not who may write:
// IngestProcess runs it with --dev_no_auth).
absl::Status StartIngest(IngestProcess* server, const std::string& data_dir) {
  return server->Start(data_dir,
                       {"--sync_writes=true", "--shutdown_grace_seconds=2",
                        "--stream_chunk_records=1000"});
}

// Record `n` of a stream: licensing and penalty alternate, decision dates
// spread over nine days, and every fifth one is shared with government
// only without a legal basis (accepted, flagged 瞒报风险), so aggregates
// have several keys and risk counts to get right.
sgs::v1::Record MakeRecord(int round, int stream, int n) {
  const std::string date = absl::StrFormat("2024-07-%02d", 1 + n % 9);
  sgs::v1::Record record =
      n % 2 == 0
          ? ValidLicensingRecord(
                kUnit,
                absl::StrCat("殷教许〔R", round, "S", stream, "〕", n, "号"),
                date)
          : ValidPenaltyRecord(
                kUnit,
                absl::StrCat("殷教罚〔R", round, "S", stream, "〕", n, "号"),
                date);
  if (n % 5 == 0) record.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
  return record;
}

const std::string& DocumentNumber(const sgs::v1::Record& record) {
  return record.has_licensing() ? record.licensing().document_number()
                                : record.penalty().document_number();
}

struct StreamOutcome {
  grpc::Status status;
  sgs::v1::UploadSummary summary;
};

// One UploadRecords stream; `written` counts messages handed to gRPC.
StreamOutcome Upload(sgs::v1::IngestService::Stub* stub,
                     const std::vector<sgs::v1::Record>& records,
                     std::atomic<int>* written) {
  StreamOutcome outcome;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto writer = stub->UploadRecords(&context, &outcome.summary);
  for (const sgs::v1::Record& record : records) {
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() = record;
    if (!writer->Write(request)) break;  // The server is gone.
    written->fetch_add(1);
  }
  writer->WritesDone();
  outcome.status = writer->Finish();
  return outcome;
}

// What the client knows: every record it sent, by 文书号, and which of them
// were acknowledged. The rest were in flight at a kill: each may or may not
// be stored, but never twice and never torn.
struct Ledger {
  std::map<std::string, sgs::v1::Record> sent;
  std::set<std::string> acknowledged;
};

// The stored record without its output-only fields, to compare with what
// was sent.
sgs::v1::Record AsSent(sgs::v1::Record stored) {
  stored.clear_name();
  stored.clear_receipt_time();
  stored.clear_receipt_date();
  stored.clear_update_time();
  stored.clear_version();
  stored.clear_concealment_risk();
  stored.clear_withdrawn();
  stored.clear_withdraw_reason();
  return stored;
}

void ExpectIntact(const sgs::v1::Record& stored, const Ledger& ledger) {
  auto it = ledger.sent.find(DocumentNumber(stored));
  ASSERT_NE(it, ledger.sent.end())
      << "stored a record never sent: " << stored.name();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(AsSent(stored),
                                                                 it->second))
      << "torn or altered record " << stored.name();
  // Version 1: applied once, not replayed as a correction.
  EXPECT_EQ(stored.version(), 1) << stored.name();
  EXPECT_FALSE(stored.withdrawn()) << stored.name();
  EXPECT_FALSE(stored.receipt_date().empty()) << stored.name();
  EXPECT_EQ(stored.concealment_risk(),
            it->second.disclosure_scope() == sgs::v1::GOVERNMENT_SHARING)
      << stored.name();
}

// Checks the restarted server against the ledger; `stored_count` gets how many
// records the unit has.
void VerifyStore(sgs::v1::IngestService::Stub* stub, const Ledger& ledger,
                 size_t* stored_count) {
  // Every acknowledged record is there.
  for (const std::string& document_number : ledger.acknowledged) {
    const sgs::v1::Record& sent = ledger.sent.at(document_number);
    sgs::v1::GetRecordRequest request;
    request.set_unit_code(kUnit);
    request.set_kind(sent.has_licensing() ? sgs::v1::LICENSING
                                          : sgs::v1::PENALTY);
    request.set_document_number(document_number);
    grpc::ClientContext context;
    sgs::v1::Record stored;
    grpc::Status status = stub->GetRecord(&context, request, &stored);
    ASSERT_TRUE(status.ok()) << "acknowledged record lost: " << document_number
                             << ": " << status.error_message();
    ExpectIntact(stored, ledger);
  }

  // The unit's listing: acknowledged records plus at most the in-flight
  // ones, each once.
  std::set<std::string> listed;
  int64_t risky = 0;
  for (const sgs::v1::Record& record :
       sgs::testing::ListAllRecords(stub, kUnit, 1000)) {
    EXPECT_TRUE(listed.insert(record.name()).second)
        << "listed twice: " << record.name();
    ExpectIntact(record, ledger);
    if (record.concealment_risk()) ++risky;
  }
  EXPECT_GE(listed.size(), ledger.acknowledged.size());
  EXPECT_LE(listed.size(), ledger.sent.size());
  *stored_count = listed.size();

  // The aggregates count exactly the listed records, on both date bases.
  for (sgs::v1::DateBasis basis :
       {sgs::v1::RECEIPT_DATE, sgs::v1::DECISION_DATE}) {
    int64_t count = 0, risk = 0;
    std::string token;
    do {
      sgs::v1::ListDailyAggregatesRequest request;
      request.set_unit_code(kUnit);
      request.set_date_basis(basis);
      request.set_start_date("2000-01-01");
      request.set_end_date("2099-12-31");
      request.set_page_token(token);
      grpc::ClientContext context;
      sgs::v1::ListDailyAggregatesResponse response;
      grpc::Status status =
          stub->ListDailyAggregates(&context, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      for (const auto& aggregate : response.aggregates()) {
        count += aggregate.record_count();
        risk += aggregate.concealment_risk_count();
      }
      token = response.next_page_token();
    } while (!token.empty());
    EXPECT_EQ(count, static_cast<int64_t>(listed.size()))
        << sgs::v1::DateBasis_Name(basis);
    EXPECT_EQ(risk, risky) << sgs::v1::DateBasis_Name(basis);
  }
}

void ExpectAggregatesEqualRecount(const std::string& data_dir) {
  auto store = ingest::RecordStore::Open(data_dir, ingest::StoreOptions());
  ASSERT_TRUE(store.ok()) << store.status();
  absl::Status verified = (*store)->VerifyAggregates();
  EXPECT_TRUE(verified.ok()) << verified;
}

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  int value = 0;
  if (text != nullptr && absl::SimpleAtoi(text, &value) && value > 0) {
    return value;
  }
  return fallback;
}

TEST(CrashTest, AcknowledgedUploadsSurviveKillNine) {
  const int rounds = EnvInt("SGS_CRASH_ROUNDS", 3);
  const uint32_t seed = static_cast<uint32_t>(
      EnvInt("SGS_CRASH_SEED", static_cast<int>(std::random_device()() >> 1)));
  std::cout << "crash test: " << rounds << " rounds, SGS_CRASH_SEED=" << seed
            << "\n";
  std::mt19937 random(seed);
  SCOPED_TRACE(absl::StrCat("SGS_CRASH_SEED=", seed));

  TempDir data_dir;
  Ledger ledger;
  int in_flight_kept = 0;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    IngestProcess server;
    absl::Status started = StartIngest(&server, data_dir.path());
    ASSERT_TRUE(started.ok()) << started;
    std::unique_ptr<sgs::v1::IngestService::Stub> stub = server.NewStub();
    // What the previous kill left must already be right.
    size_t stored = 0;
    ASSERT_NO_FATAL_FAILURE(VerifyStore(stub.get(), ledger, &stored));

    const int acknowledged_streams =
        std::uniform_int_distribution<int>(1, 3)(random);
    for (int stream = 0; stream <= acknowledged_streams; ++stream) {
      std::vector<sgs::v1::Record> records;
      for (int n = 0; n < kRecordsPerStream; ++n) {
        records.push_back(MakeRecord(round, stream, n));
        ledger.sent[DocumentNumber(records.back())] = records.back();
      }
      std::atomic<int> written{0};
      if (stream < acknowledged_streams) {
        StreamOutcome outcome = Upload(stub.get(), records, &written);
        ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
        ASSERT_EQ(outcome.summary.created_count(), kRecordsPerStream);
        ASSERT_EQ(outcome.summary.rejected_count(), 0);
        for (const auto& record : records) {
          ledger.acknowledged.insert(DocumentNumber(record));
        }
        continue;
      }

      // The last stream is cut by the kill: somewhere while sending, or
      // just after the last record, racing the server's final write.
      StreamOutcome outcome;
      std::thread client(
          [&] { outcome = Upload(stub.get(), records, &written); });
      // Half the time after the last record, when the kill races the
      // server's write and the summary; otherwise mid-stream.
      const int kill_after = std::bernoulli_distribution(0.5)(random)
                                 ? kRecordsPerStream
                                 : std::uniform_int_distribution<int>(
                                       1, kRecordsPerStream)(random);
      const absl::Time give_up = absl::Now() + absl::Seconds(10);
      while (written.load() < kill_after && absl::Now() < give_up) {
        absl::SleepFor(absl::Microseconds(50));
      }
      absl::SleepFor(absl::Microseconds(
          std::uniform_int_distribution<int>(0, 3000)(random)));
      EXPECT_TRUE(server.Kill()) << "the server died before the kill:\n"
                                 << server.output();
      client.join();
      // With the server dead, open its RocksDB directly: every stored
      // aggregate must equal a full recount from the records, key by key.
      ExpectAggregatesEqualRecount(data_dir.path());
      if (outcome.status.ok()) {
        // The summary arrived before the kill: acknowledged after all.
        EXPECT_EQ(outcome.summary.created_count(), kRecordsPerStream);
        for (const auto& record : records) {
          ledger.acknowledged.insert(DocumentNumber(record));
        }
        ++in_flight_kept;
      }
    }
  }

  // After the last kill: a final restart and check, then a clean stop.
  IngestProcess server;
  absl::Status started = StartIngest(&server, data_dir.path());
  ASSERT_TRUE(started.ok()) << started;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub = server.NewStub();
  size_t stored = 0;
  VerifyStore(stub.get(), ledger, &stored);
  EXPECT_EQ(server.Terminate(), 0) << server.output();
  ExpectAggregatesEqualRecount(data_dir.path());
  std::cout << "crash test: sent " << ledger.sent.size() << ", acknowledged "
            << ledger.acknowledged.size() << " (" << in_flight_kept
            << " cut streams answered before the kill), stored " << stored
            << "\n";
}

}  // namespace
}  // namespace sgs::testing
