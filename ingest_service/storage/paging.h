// Paging over a key range (Google AIP-158): the page token codec and the
// ONE range scan every listing uses. A page token is the web-safe base64 of
// the key the next page starts at; a token outside the query's key range is
// refused (kInvalidArgument naming page_token), so a token cannot be
// replayed against other query conditions to read outside them.
#ifndef SGS_INGEST_SERVICE_STORAGE_PAGING_H_
#define SGS_INGEST_SERVICE_STORAGE_PAGING_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/status_macros.h"
#include "ingest_service/storage/engine.h"

namespace sgs::ingest::storage {

// A page of results with the AIP-158 token for the next one.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

// [lower, upper); an empty upper is unbounded.
struct KeyRange {
  std::string lower;
  std::string upper;
};

// The keys of one unit, or every key when `unit_code` is empty.
KeyRange UnitRange(const std::string& unit_code);

std::string EncodePageToken(absl::string_view key);
// Where a listing starts: `range.lower` for the first page (empty token),
// else the key the token stands for, which must lie inside `range`.
absl::StatusOr<std::string> DecodePageToken(const std::string& page_token,
                                            const KeyRange& range);

// `requested` when positive, at most `max_size`; `default_size` when not.
int ClampPageSize(int requested, int default_size, int max_size);

// What a scan does with one entry: keep it as an item of the page, skip it,
// or seek forward to another key (a skip scan); `seek` must sort after the
// current key.
template <typename T>
struct ScanStep {
  absl::optional<T> item;
  std::string seek;

  static ScanStep Keep(T value) { return ScanStep{std::move(value), {}}; }
  static ScanStep Skip() { return ScanStep{absl::nullopt, {}}; }
  static ScanStep SeekTo(std::string key) {
    return ScanStep{absl::nullopt, std::move(key)};
  }
};

template <typename T>
using ScanVisitor = std::function<absl::StatusOr<ScanStep<T>>(
    absl::string_view key, absl::string_view value)>;

// The most stored bytes one page carries (whatever page_size says): a
// page of large items stops early, with a next_page_token, so every page
// fits in a message a default client can read (4 MiB).
inline constexpr size_t kMaxPageBytes = 1 << 20;

// Lists up to `page_size` kept items of `cf` within `range` (and at most
// kMaxPageBytes of their stored values, at least one item), in key order,
// from where `page_token` says. The next page's token is the key of the
// first item that did not fit; none when the range is exhausted.
template <typename T>
absl::StatusOr<Page<T>> ScanPage(const Engine& engine, ColumnFamily cf,
                                 const KeyRange& range, int page_size,
                                 const std::string& page_token,
                                 const ScanVisitor<T>& visit) {
  ASSIGN_OR_RETURN(const std::string start, DecodePageToken(page_token, range));
  Page<T> page;
  size_t page_bytes = 0;
  std::unique_ptr<rocksdb::Iterator> it = engine.NewIterator(cf);
  it->Seek(start);
  while (it->Valid() &&
         (range.upper.empty() || it->key().compare(range.upper) < 0)) {
    const absl::string_view key(it->key().data(), it->key().size());
    ASSIGN_OR_RETURN(
        ScanStep<T> step,
        visit(key, absl::string_view(it->value().data(), it->value().size())));
    if (!step.seek.empty()) {
      it->Seek(step.seek);
      continue;
    }
    if (step.item.has_value()) {
      if (static_cast<int>(page.items.size()) >= page_size ||
          (!page.items.empty() &&
           page_bytes + it->value().size() > kMaxPageBytes)) {
        page.next_page_token = EncodePageToken(key);
        break;
      }
      page_bytes += it->value().size();
      page.items.push_back(*std::move(step.item));
    }
    it->Next();
  }
  RETURN_IF_ERROR(
      FromRocks(it->status(), absl::StrCat("list ", ColumnFamilyName(cf))));
  return page;
}

// A visitor for values that are serialized `Message`s; `keep`, when given,
// filters them.
template <typename Message>
ScanVisitor<Message> MessageVisitor(
    std::function<absl::StatusOr<bool>(const Message&)> keep = nullptr) {
  return [keep = std::move(keep)](
             absl::string_view /*key*/,
             absl::string_view value) -> absl::StatusOr<ScanStep<Message>> {
    Message message;
    RETURN_IF_ERROR(ParseStored(value, &message));
    if (keep) {
      ASSIGN_OR_RETURN(const bool kept, keep(message));
      if (!kept) return ScanStep<Message>::Skip();
    }
    return ScanStep<Message>::Keep(std::move(message));
  };
}

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_PAGING_H_
