// Loads a protobuf text-format configuration file into a message, with an
// error that names the file, line and column of the problem.
#ifndef SGS_COMMON_CONFIG_LOADER_H_
#define SGS_COMMON_CONFIG_LOADER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace sgs {

absl::Status LoadTextProtoFile(const std::string& path,
                               google::protobuf::Message* message);

// Reads a whole file (kNotFound / kInternal naming the path on failure).
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace sgs

#endif  // SGS_COMMON_CONFIG_LOADER_H_
