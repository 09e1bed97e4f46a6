#include "common/build_info.h"

#include "absl/strings/str_cat.h"
#include "sgs_build_info.h"

namespace sgs {

const BuildInfo& GetBuildInfo() {
  static const BuildInfo* const info =
      new BuildInfo{SGS_BUILD_VERSION, SGS_BUILD_COMMIT, SGS_BUILD_TYPE};
  return *info;
}

std::string VersionLine(absl::string_view program) {
  const BuildInfo& info = GetBuildInfo();
  return absl::StrCat(program, " ", info.version, " (commit ", info.commit,
                      ", ", info.build_type, ")");
}

}  // namespace sgs
