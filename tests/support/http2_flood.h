// Hostile HTTP/2 clients for tests that attack a real server from outside
// (no gRPC client library, which would respect the server's limits):
// Http2HeaderFlood opens raw TCP connections, speaks just enough HTTP/2
// (preface, SETTINGS and PING acknowledgements, HPACK literals) and sends
// HEADERS frames that open gRPC calls but never send a message, as many as
// it can, reconnecting (after 100 ms) when the server closes the
// connection. gtest-free.
#ifndef SGS_TESTS_SUPPORT_HTTP2_FLOOD_H_
#define SGS_TESTS_SUPPORT_HTTP2_FLOOD_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace sgs::testing {

struct FloodStats {
  int64_t connections = 0;   // TCP connections opened (reconnects included)
  int64_t streams_sent = 0;  // HEADERS frames written
  int64_t resets = 0;        // RST_STREAM frames received
  int64_t goaways = 0;       // GOAWAY frames received
};

// `connections` parallel attackers on 127.0.0.1:`port` for `duration`,
// each sending up to `streams_per_connection` header-only streams for
// `path` ("/sgs.v1.IngestService/SubmitRecord") on a connection before it
// opens another.
FloodStats Http2HeaderFlood(int port, const std::string& path, int connections,
                            int streams_per_connection,
                            absl::Duration duration);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_HTTP2_FLOOD_H_
