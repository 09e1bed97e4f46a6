// TempDir: a fresh directory under $TMPDIR (default /tmp), removed with its
// contents on destruction, so tests stay hermetic. No gtest: the layer
// tests, fuzz targets and benchmarks use it too.
#ifndef SGS_TESTS_SUPPORT_TEMP_DIR_H_
#define SGS_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

namespace sgs::testing {

class TempDir {
 public:
  // Aborts, naming the pattern, when no directory can be made: a test
  // without its directory would only fail later and less clearly.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_TEMP_DIR_H_
