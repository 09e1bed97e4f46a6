#include "common/program_flags.h"

#include <string>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/build_info.h"

namespace sgs {

bool IsProjectFlagFile(absl::string_view filename) {
  // absl's own flags (--flagfile, --fromenv, ...) are defined under absl/.
  return !absl::StrContains(filename, "absl/") &&
         !absl::StartsWith(filename, "/usr/");
}

std::vector<char*> ParseProgramFlags(int argc, char** argv,
                                     absl::string_view program,
                                     absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  absl::FlagsUsageConfig config;
  config.contains_helpshort_flags = IsProjectFlagFile;
  config.contains_help_flags = IsProjectFlagFile;
  config.contains_helppackage_flags = IsProjectFlagFile;
  config.version_string = [name = std::string(program)]() {
    return absl::StrCat(VersionLine(name), "\n");
  };
  absl::SetFlagsUsageConfig(config);
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace sgs
