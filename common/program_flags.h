// Command-line parsing shared by every binary of the project. absl's default
// --help shows only flags defined in a file named after the program (none
// here: flags live in <dir>/main.cc), so it printed "No flags matched". This
// configures absl's usage so that --help and --helpshort list the flags the
// project's own sources define (absl's built-in flags stay in --helpfull),
// and --version prints VersionLine(program).
#ifndef SGS_COMMON_PROGRAM_FLAGS_H_
#define SGS_COMMON_PROGRAM_FLAGS_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace sgs {

// Sets the usage message and the usage config, then parses argv (exits for
// --help, --version and bad flags, as absl does). Returns the positional
// arguments (argv[0] first).
std::vector<char*> ParseProgramFlags(int argc, char** argv,
                                     absl::string_view program,
                                     absl::string_view usage);

// True for a flag defined in the project's sources rather than in a
// library (absl, gRPC): what --help lists.
bool IsProjectFlagFile(absl::string_view filename);

}  // namespace sgs

#endif  // SGS_COMMON_PROGRAM_FLAGS_H_
