#include "stats_service/formats/zip_package.h"

#include <zip.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace sgs::stats {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct SourceFreer {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

std::string ZipErrorText(zip_error_t* error) {
  return zip_error_strerror(error);
}

}  // namespace

std::string* ZipPackage::Find(const std::string& name) {
  for (auto& [entry, bytes] : entries) {
    if (entry == name) return &bytes;
  }
  return nullptr;
}

void ZipPackage::Put(const std::string& name, std::string bytes) {
  if (std::string* existing = Find(name); existing != nullptr) {
    *existing = std::move(bytes);
    return;
  }
  entries.emplace_back(name, std::move(bytes));
}

absl::StatusOr<ZipPackage> ReadZipPackage(const std::string& bytes,
                                          size_t max_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string text = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InternalError(absl::StrCat("zip: ", text));
  }
  std::unique_ptr<zip_t, ZipCloser> archive(
      zip_open_from_source(source, ZIP_RDONLY, &error));
  if (archive == nullptr) {
    zip_source_free(source);
    std::string text = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(
        absl::StrCat("模板不是有效的 DOCX/zip 文件 (template is not a zip "
                     "package): ",
                     text));
  }
  zip_error_fini(&error);
  ZipPackage package;
  size_t total = 0;
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive.get(), i, 0, &stat) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("zip: 无法读取第 ", i, " 项"));
    }
    total += stat.size;
    if (total > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat("模板解压后超过 ",
                                                     max_bytes,
                                                     " 字节 (template too "
                                                     "large)"));
    }
    std::string content(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(archive.get(), i, 0);
    if (file == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("zip: 无法打开 ", stat.name));
    }
    const zip_int64_t read =
        stat.size == 0 ? 0 : zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      return absl::InvalidArgumentError(
          absl::StrCat("zip: 读取 ", stat.name, " 失败"));
    }
    package.entries.emplace_back(stat.name, std::move(content));
  }
  return package;
}

absl::StatusOr<std::string> WriteZipPackage(const ZipPackage& package) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFreer> buffer(
      zip_source_buffer_create(nullptr, 0, 0, &error));
  if (buffer == nullptr) {
    zip_error_fini(&error);
    return absl::InternalError("zip: 无法创建缓冲区");
  }
  // The archive takes a reference on close; keep ours to read the bytes.
  zip_source_keep(buffer.get());
  zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer.get());
    std::string text = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InternalError(absl::StrCat("zip: ", text));
  }
  zip_error_fini(&error);
  for (const auto& [name, bytes] : package.entries) {
    zip_source_t* entry =
        zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (entry == nullptr) {
      zip_discard(archive);
      return absl::InternalError(absl::StrCat("zip: 无法添加 ", name));
    }
    const zip_int64_t index =
        zip_file_add(archive, name.c_str(), entry, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(entry);
      std::string text = zip_strerror(archive);
      zip_discard(archive);
      return absl::InternalError(absl::StrCat("zip: 添加 ", name, ": ", text));
    }
    zip_set_file_compression(archive, index, ZIP_CM_DEFLATE, 6);
    // A fixed time, so the same document gives the same bytes.
    zip_file_set_mtime(archive, index, 1704067200, 0);
  }
  if (zip_close(archive) != 0) {
    std::string text = zip_strerror(archive);
    zip_discard(archive);
    return absl::InternalError(absl::StrCat("zip: 写入失败: ", text));
  }
  if (zip_source_open(buffer.get()) != 0) {
    return absl::InternalError("zip: 无法读取生成的包");
  }
  std::string out;
  char chunk[1 << 16];
  zip_int64_t n;
  while ((n = zip_source_read(buffer.get(), chunk, sizeof chunk)) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer.get());
  if (n < 0) return absl::InternalError("zip: 读取生成的包失败");
  return out;
}

}  // namespace sgs::stats
