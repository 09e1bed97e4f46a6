#include "tests/support/certificates.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace sgs::testing {

Certificates::Certificates(const std::string& dir) : dir_(dir) {
  const std::string script = absl::StrCat(
      "set -e; cd '", dir,
      "'; "
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
      "-subj '/CN=sgs-test-ca' -keyout ca.key -out ca.pem 2>/dev/null; "
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext; "
      "for who in server client; do "
      "openssl req -newkey rsa:2048 -nodes -subj \"/CN=$who\" "
      "-keyout $who.key -out $who.csr 2>/dev/null; "
      "openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -days 1 -extfile san.ext -out $who.pem 2>/dev/null; "
      "done");
  ok_ = std::system(script.c_str()) == 0;
}

}  // namespace sgs::testing
