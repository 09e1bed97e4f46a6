#include "tests/support/http2_flood.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/clock.h"

namespace sgs::testing {
namespace {

constexpr uint8_t kHeaders = 1, kRstStream = 3, kSettings = 4, kPing = 6,
                  kGoaway = 7;
constexpr uint8_t kAck = 0x1, kEndHeaders = 0x4;

void AppendFrameHeader(std::string* out, uint32_t length, uint8_t type,
                       uint8_t flags, uint32_t stream) {
  out->push_back(static_cast<char>((length >> 16) & 0xff));
  out->push_back(static_cast<char>((length >> 8) & 0xff));
  out->push_back(static_cast<char>(length & 0xff));
  out->push_back(static_cast<char>(type));
  out->push_back(static_cast<char>(flags));
  out->push_back(static_cast<char>((stream >> 24) & 0x7f));
  out->push_back(static_cast<char>((stream >> 16) & 0xff));
  out->push_back(static_cast<char>((stream >> 8) & 0xff));
  out->push_back(static_cast<char>(stream & 0xff));
}

// HPACK string literal, no Huffman; short strings only (< 127 bytes).
void AppendString(std::string* out, const std::string& text) {
  out->push_back(static_cast<char>(text.size()));
  out->append(text);
}

// The header block of a gRPC call to `path`: static-table indices and
// literals without indexing, so every frame is independent of the others.
std::string HeaderBlock(const std::string& path) {
  std::string block;
  block.push_back(static_cast<char>(0x83));  // :method POST
  block.push_back(static_cast<char>(0x86));  // :scheme http
  block.push_back(0x04);                     // :path (static name 4)
  AppendString(&block, path);
  block.push_back(0x01);  // :authority (static name 1)
  AppendString(&block, "localhost");
  block.push_back(0x0f);  // content-type (static name 31 = 15 + 16)
  block.push_back(0x10);
  AppendString(&block, "application/grpc");
  block.push_back(0x00);  // te: trailers (new name)
  AppendString(&block, "te");
  AppendString(&block, "trailers");
  return block;
}

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool WriteAll(int fd, std::mutex* mutex, const std::string& bytes) {
  std::lock_guard<std::mutex> lock(*mutex);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// One connection's reader: acknowledges SETTINGS and PING (as any HTTP/2
// library would), counts resets and GOAWAYs, ends when the server closes.
void ReadFrames(int fd, std::mutex* write_mutex, std::atomic<bool>* settled,
                std::atomic<bool>* closed, FloodStats* stats,
                std::mutex* stats_mutex) {
  std::string buffer;
  char chunk[65536];
  for (;;) {
    const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t at = 0;
    while (buffer.size() - at >= 9) {
      const auto* h = reinterpret_cast<const uint8_t*>(buffer.data() + at);
      const uint32_t length = (h[0] << 16) | (h[1] << 8) | h[2];
      if (buffer.size() - at < 9 + length) break;
      const uint8_t type = h[3], flags = h[4];
      if (type == kSettings && !(flags & kAck)) {
        std::string ack;
        AppendFrameHeader(&ack, 0, kSettings, kAck, 0);
        (void)WriteAll(fd, write_mutex, ack);
        settled->store(true);
      } else if (type == kPing && !(flags & kAck) && length == 8) {
        std::string pong;
        AppendFrameHeader(&pong, 8, kPing, kAck, 0);
        pong.append(buffer, at + 9, 8);
        (void)WriteAll(fd, write_mutex, pong);
      } else if (type == kRstStream || type == kGoaway) {
        std::lock_guard<std::mutex> lock(*stats_mutex);
        ++(type == kRstStream ? stats->resets : stats->goaways);
      }
      at += 9 + length;
    }
    buffer.erase(0, at);
  }
  closed->store(true);
}

}  // namespace

FloodStats Http2HeaderFlood(int port, const std::string& path, int connections,
                            int streams_per_connection,
                            absl::Duration duration) {
  FloodStats stats;
  std::mutex stats_mutex;
  const absl::Time end = absl::Now() + duration;
  const std::string block = HeaderBlock(path);
  std::vector<std::thread> attackers;
  for (int c = 0; c < connections; ++c) {
    attackers.emplace_back([&] {
      while (absl::Now() < end) {
        const int fd = Connect(port);
        if (fd < 0) {
          absl::SleepFor(absl::Milliseconds(50));
          continue;
        }
        {
          std::lock_guard<std::mutex> lock(stats_mutex);
          ++stats.connections;
        }
        std::mutex write_mutex;
        std::atomic<bool> settled{false}, closed{false};
        std::thread reader(ReadFrames, fd, &write_mutex, &settled, &closed,
                           &stats, &stats_mutex);
        std::string hello = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        AppendFrameHeader(&hello, 0, kSettings, 0, 0);
        bool ok = WriteAll(fd, &write_mutex, hello);
        const absl::Time settle_by = absl::Now() + absl::Seconds(2);
        while (ok && !settled.load() && !closed.load() &&
               absl::Now() < settle_by) {
          absl::SleepFor(absl::Milliseconds(5));
        }
        uint32_t stream = 1;
        int sent = 0;
        while (ok && !closed.load() && sent < streams_per_connection &&
               absl::Now() < end) {
          std::string frames;
          int batch = 0;
          for (; batch < 200 && sent < streams_per_connection; ++batch) {
            AppendFrameHeader(&frames, static_cast<uint32_t>(block.size()),
                              kHeaders, kEndHeaders, stream);
            frames.append(block);
            stream += 2;
            ++sent;
          }
          ok = WriteAll(fd, &write_mutex, frames);
          if (ok) {
            std::lock_guard<std::mutex> lock(stats_mutex);
            stats.streams_sent += batch;
          }
        }
        // Hold the open streams until the end (or until the server drops
        // the connection), as an attacker would.
        while (!closed.load() && absl::Now() < end) {
          absl::SleepFor(absl::Milliseconds(20));
        }
        shutdown(fd, SHUT_RDWR);
        reader.join();
        close(fd);
        // The attack is many streams on few connections (what HTTP/2's
        // limits are for), not a connection-rate flood: that is the
        // ingress's to limit.
        absl::SleepFor(absl::Milliseconds(100));
      }
    });
  }
  for (std::thread& attacker : attackers) attacker.join();
  return stats;
}

}  // namespace sgs::testing
