#include "common/config_loader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace sgs {
namespace {

// Collects every parse problem so the operator who edited the file sees
// all of them at once, each as "path:line:col: message" (1-based, as
// editors number them; the tokenizer reports 0-based positions).
class CollectingErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit CollectingErrorCollector(const std::string& path) : path_(path) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(
        absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    // Warnings (e.g. deprecated fields) do not stop loading.
    (void)line;
    (void)column;
    (void)message;
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string path_;
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::in | std::ios::binary);
  if (!in) {
    const int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(
          absl::StrCat("文件不存在 (file not found): ", path));
    }
    return absl::InternalError(absl::StrCat(
        "无法打开文件 (cannot open file): ", path, ": ", std::strerror(error)));
  }
  // An ifstream opens a directory happily and then reads nothing; say so
  // instead of returning an empty "file".
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return absl::InternalError(
        absl::StrCat("路径是目录而不是文件 (is a directory): ", path));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return absl::InternalError(
        absl::StrCat("读取文件失败 (cannot read file): ", path));
  }
  return contents.str();
}

absl::Status LoadTextProtoFile(const std::string& path,
                               google::protobuf::Message* message) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();

  CollectingErrorCollector errors(path);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  // Unknown fields stay errors (the parser's default): a misspelt field
  // name in a hand-edited file must not be silently ignored.
  message->Clear();
  if (!parser.ParseFromString(*text, message)) {
    std::string detail = errors.errors().empty()
                             ? std::string("unknown parse error")
                             : absl::StrJoin(errors.errors(), "; ");
    return absl::InvalidArgumentError(
        absl::StrCat("配置文件格式错误 (invalid config file) ", detail));
  }
  return absl::OkStatus();
}

}  // namespace sgs
