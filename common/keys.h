// RocksDB key encoding. Every key starts with the unit code, length-prefixed
// (one byte, codes are 1..32 ASCII characters) so one unit's keys are one
// contiguous range; dates are big-endian fixed-width yyyymmdd numbers and
// times big-endian microseconds, so byte order is numeric order and a range
// of dates is a range of keys (tests/common/keys_test.cc asserts this).
//
//   records         unit | receipt date u32 | kind u8 | document number
//   record_ids      unit | kind u8 | doc len u16 | document number
//   record_versions unit | kind u8 | doc len u16 | document number | version
//   u32
//                   (superseded versions; the current one is in records)
//   rejected        unit | ~reject micros u64 | sequence u64   (newest first)
//   rejected_open   unit | kind u8 | doc len u16 | document number |
//                   ~reject micros u64 | sequence u64   (open ones only;
//                   built in ingest_service/storage/side_tables.cc)
//   objections      unit | id u64
//   audit           unit | id u64                          (oldest first)
//   findings        unit | found date u32 | id u64
//   agg_by_receipt  unit | receipt date u32 | kind u8 | decision date u32
//   agg_by_decision unit | decision date u32 | kind u8 | receipt date u32
//                   (formats 1-3; since format 4 the aggregates are only in
//                   agg_by_date, basis u8 first: ingest_service/storage/
//                   aggregate_by_date.h)
#ifndef SGS_COMMON_KEYS_H_
#define SGS_COMMON_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "sgs/v1/record.pb.h"

namespace sgs::keys {

// Fixed-width big-endian integers.
void AppendU8(std::string* out, uint8_t value);
void AppendU16(std::string* out, uint16_t value);
void AppendU32(std::string* out, uint32_t value);
void AppendU64(std::string* out, uint64_t value);

// Reads from the front of *in and advances it; false when too short.
bool ConsumeU8(absl::string_view* in, uint8_t* value);
bool ConsumeU16(absl::string_view* in, uint16_t* value);
bool ConsumeU32(absl::string_view* in, uint32_t* value);
bool ConsumeU64(absl::string_view* in, uint64_t* value);

// The length-prefixed unit component; the prefix of all of a unit's keys.
std::string UnitPrefix(absl::string_view unit_code);
bool ConsumeUnit(absl::string_view* in, std::string* unit_code);

void AppendDate(std::string* out, absl::CivilDay day);
bool ConsumeDate(absl::string_view* in, absl::CivilDay* day);

// records: a unit's records in receipt-date order.
std::string RecordKey(absl::string_view unit_code, absl::CivilDay receipt_date,
                      sgs::v1::RecordKind kind,
                      absl::string_view document_number);
struct RecordKeyParts {
  std::string unit_code;
  absl::CivilDay receipt_date;
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  std::string document_number;
};
absl::StatusOr<RecordKeyParts> DecodeRecordKey(absl::string_view key);

// record_ids / record_versions.
std::string IdentityKey(absl::string_view unit_code, sgs::v1::RecordKind kind,
                        absl::string_view document_number);
std::string VersionKey(absl::string_view unit_code, sgs::v1::RecordKind kind,
                       absl::string_view document_number, uint32_t version);

std::string RejectedKey(absl::string_view unit_code, int64_t reject_micros,
                        uint64_t sequence);
std::string ObjectionKey(absl::string_view unit_code, uint64_t id);
// audit: unit | id u64 (ids increase, so a unit's trail is in time order).
std::string AuditKey(absl::string_view unit_code, uint64_t id);
std::string FindingKey(absl::string_view unit_code, absl::CivilDay found_date,
                       uint64_t id);

// Unit-first aggregates (formats 1-3, read by the 2 → 3 migration). `first`
// is the date the table is ordered by (receipt date in agg_by_receipt,
// decision date in agg_by_decision), `second` the other.
std::string AggregateKey(absl::string_view unit_code, absl::CivilDay first,
                         sgs::v1::RecordKind kind, absl::CivilDay second);
struct AggregateKeyParts {
  std::string unit_code;
  absl::CivilDay first;
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  absl::CivilDay second;
};
absl::StatusOr<AggregateKeyParts> DecodeAggregateKey(absl::string_view key);

// Aggregate values: record count and concealment-risk count, as two
// big-endian two's-complement int64 (deltas may be negative).
std::string EncodeAggregateValue(int64_t record_count, int64_t risk_count);
bool DecodeAggregateValue(absl::string_view value, int64_t* record_count,
                          int64_t* risk_count);

// The smallest key greater than every key starting with `prefix`.
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace sgs::keys

#endif  // SGS_COMMON_KEYS_H_
