// A zip package (OOXML) held in memory, read and written with libzip: the
// entries in their original order, so a template's parts are copied through
// unchanged except those a writer replaces.
//
// Contract: ReadZipPackage rejects archives over `max_bytes` uncompressed
// in total (bounded memory); WriteZipPackage deflates every entry.
#ifndef SGS_STATS_SERVICE_FORMATS_ZIP_PACKAGE_H_
#define SGS_STATS_SERVICE_FORMATS_ZIP_PACKAGE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace sgs::stats {

struct ZipPackage {
  std::vector<std::pair<std::string, std::string>> entries;  // name, bytes

  // nullptr when absent.
  std::string* Find(const std::string& name);
  // Replaces or appends.
  void Put(const std::string& name, std::string bytes);
};

absl::StatusOr<ZipPackage> ReadZipPackage(const std::string& bytes,
                                          size_t max_bytes);
absl::StatusOr<std::string> WriteZipPackage(const ZipPackage& package);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_ZIP_PACKAGE_H_
