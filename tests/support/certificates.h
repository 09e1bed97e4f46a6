// A throwaway CA with a server and a client certificate, made at test time
// with the openssl command line (valid for localhost and 127.0.0.1, one
// day). Files: ca.pem, server.pem/.key, client.pem/.key in `dir`.
#ifndef SGS_TESTS_SUPPORT_CERTIFICATES_H_
#define SGS_TESTS_SUPPORT_CERTIFICATES_H_

#include <string>

namespace sgs::testing {

class Certificates {
 public:
  explicit Certificates(const std::string& dir);
  // False when openssl failed (the test should stop).
  bool ok() const { return ok_; }
  std::string path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  std::string dir_;
  bool ok_ = false;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_CERTIFICATES_H_
