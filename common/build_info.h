// What was built: the project version (the VERSION file), the git commit it
// was built from ("-dirty" with uncommitted changes, "unknown" outside git)
// and the CMake build type. Printed by --version, logged at start and
// exported as the sgs_build_info metric.
#ifndef SGS_COMMON_BUILD_INFO_H_
#define SGS_COMMON_BUILD_INFO_H_

#include <string>

#include "absl/strings/string_view.h"

namespace sgs {

struct BuildInfo {
  std::string version;
  std::string commit;
  std::string build_type;
};

const BuildInfo& GetBuildInfo();

// "<program> <version> (commit <commit>, <build type>)".
std::string VersionLine(absl::string_view program);

}  // namespace sgs

#endif  // SGS_COMMON_BUILD_INFO_H_
