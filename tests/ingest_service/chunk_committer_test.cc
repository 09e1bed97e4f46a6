// ChunkCommitter runs a stream's writes on a second thread, one at a time,
// in order, and a job's status only through Wait().
#include "ingest_service/chunk_committer.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace sgs::ingest {
namespace {

TEST(ChunkCommitterTest, WaitWithoutAJobIsOk) {
  ChunkCommitter committer;
  EXPECT_TRUE(committer.Wait().ok());
}

TEST(ChunkCommitterTest, RunsJobsInOrderOnAnotherThread) {
  ChunkCommitter committer;
  std::vector<int> order;
  std::thread::id ran_on;
  for (int i = 0; i < 5; ++i) {
    committer.Start([&order, &ran_on, i] {
      order.push_back(i);
      ran_on = std::this_thread::get_id();
      return absl::OkStatus();
    });
    ASSERT_TRUE(committer.Wait().ok());
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(ChunkCommitterTest, WaitReturnsTheJobsErrorUntilTheNextJobStarts) {
  ChunkCommitter committer;
  committer.Start([] { return absl::InternalError("存储错误: disk"); });
  const absl::Status failed = committer.Wait();
  EXPECT_EQ(failed.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(failed.message(), "存储错误: disk");
  EXPECT_EQ(committer.Wait().code(), absl::StatusCode::kInternal);
  committer.Start([] { return absl::OkStatus(); });
  EXPECT_TRUE(committer.Wait().ok());
}

TEST(ChunkCommitterTest,
     TheCallerWorksWhileTheJobRunsAndWaitBlocksUntilItEnds) {
  ChunkCommitter committer;
  absl::Notification release;
  std::atomic<bool> finished{false};
  committer.Start([&release, &finished] {
    release.WaitForNotification();
    finished = true;
    return absl::OkStatus();
  });
  // Start returned while the job is still blocked: the caller goes on.
  EXPECT_FALSE(finished.load());
  release.Notify();
  EXPECT_TRUE(committer.Wait().ok());
  EXPECT_TRUE(finished.load());
}

TEST(ChunkCommitterTest, DestructorWaitsForTheJobInFlight) {
  std::atomic<bool> finished{false};
  absl::Notification started;
  {
    ChunkCommitter committer;
    committer.Start([&finished, &started] {
      started.Notify();
      absl::SleepFor(absl::Milliseconds(50));
      finished = true;
      return absl::OkStatus();
    });
    started.WaitForNotification();
  }
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace sgs::ingest
