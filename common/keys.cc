#include "common/keys.h"

#include "absl/status/status.h"
#include "common/dates.h"

namespace sgs::keys {
namespace {

template <typename T>
void AppendBigEndian(std::string* out, T value) {
  for (int shift = (sizeof(T) - 1) * 8; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

template <typename T>
bool ConsumeBigEndian(absl::string_view* in, T* value) {
  if (in->size() < sizeof(T)) return false;
  T result = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    result = static_cast<T>((result << 8) | static_cast<uint8_t>((*in)[i]));
  }
  in->remove_prefix(sizeof(T));
  *value = result;
  return true;
}

void AppendKind(std::string* out, sgs::v1::RecordKind kind) {
  AppendU8(out, static_cast<uint8_t>(kind));
}

bool ConsumeKind(absl::string_view* in, sgs::v1::RecordKind* kind) {
  uint8_t value;
  if (!ConsumeU8(in, &value) || !sgs::v1::RecordKind_IsValid(value)) {
    return false;
  }
  *kind = static_cast<sgs::v1::RecordKind>(value);
  return true;
}

void AppendIdentity(std::string* out, sgs::v1::RecordKind kind,
                    absl::string_view document_number) {
  AppendKind(out, kind);
  AppendU16(out, static_cast<uint16_t>(document_number.size()));
  out->append(document_number.data(), document_number.size());
}

}  // namespace

void AppendU8(std::string* out, uint8_t value) { AppendBigEndian(out, value); }
void AppendU16(std::string* out, uint16_t value) {
  AppendBigEndian(out, value);
}
void AppendU32(std::string* out, uint32_t value) {
  AppendBigEndian(out, value);
}
void AppendU64(std::string* out, uint64_t value) {
  AppendBigEndian(out, value);
}
bool ConsumeU8(absl::string_view* in, uint8_t* value) {
  return ConsumeBigEndian(in, value);
}
bool ConsumeU16(absl::string_view* in, uint16_t* value) {
  return ConsumeBigEndian(in, value);
}
bool ConsumeU32(absl::string_view* in, uint32_t* value) {
  return ConsumeBigEndian(in, value);
}
bool ConsumeU64(absl::string_view* in, uint64_t* value) {
  return ConsumeBigEndian(in, value);
}

std::string UnitPrefix(absl::string_view unit_code) {
  std::string out;
  AppendU8(&out, static_cast<uint8_t>(unit_code.size()));
  out.append(unit_code.data(), unit_code.size());
  return out;
}

bool ConsumeUnit(absl::string_view* in, std::string* unit_code) {
  uint8_t length;
  if (!ConsumeU8(in, &length) || in->size() < length) return false;
  unit_code->assign(in->data(), length);
  in->remove_prefix(length);
  return true;
}

void AppendDate(std::string* out, absl::CivilDay day) {
  AppendU32(out, DateNumber(day));
}

bool ConsumeDate(absl::string_view* in, absl::CivilDay* day) {
  absl::string_view rest = *in;
  uint32_t number;
  if (!ConsumeU32(&rest, &number)) return false;
  // Only real dates: 20240230 must not decode as 2024-03-01, or two keys
  // would name one record.
  const absl::CivilDay decoded = DateFromNumber(number);
  if (DateNumber(decoded) != number) return false;
  *day = decoded;
  *in = rest;
  return true;
}

std::string RecordKey(absl::string_view unit_code, absl::CivilDay receipt_date,
                      sgs::v1::RecordKind kind,
                      absl::string_view document_number) {
  std::string key = UnitPrefix(unit_code);
  AppendDate(&key, receipt_date);
  AppendKind(&key, kind);
  key.append(document_number.data(), document_number.size());
  return key;
}

absl::StatusOr<RecordKeyParts> DecodeRecordKey(absl::string_view key) {
  RecordKeyParts parts;
  if (!ConsumeUnit(&key, &parts.unit_code) ||
      !ConsumeDate(&key, &parts.receipt_date) ||
      !ConsumeKind(&key, &parts.kind)) {
    return absl::DataLossError("malformed record key");
  }
  parts.document_number.assign(key.data(), key.size());
  return parts;
}

std::string IdentityKey(absl::string_view unit_code, sgs::v1::RecordKind kind,
                        absl::string_view document_number) {
  std::string key = UnitPrefix(unit_code);
  AppendIdentity(&key, kind, document_number);
  return key;
}

std::string VersionKey(absl::string_view unit_code, sgs::v1::RecordKind kind,
                       absl::string_view document_number, uint32_t version) {
  std::string key = IdentityKey(unit_code, kind, document_number);
  AppendU32(&key, version);
  return key;
}

std::string RejectedKey(absl::string_view unit_code, int64_t reject_micros,
                        uint64_t sequence) {
  std::string key = UnitPrefix(unit_code);
  // Inverted so that a forward scan lists the newest rejection first.
  AppendU64(&key, ~static_cast<uint64_t>(reject_micros));
  AppendU64(&key, sequence);
  return key;
}

std::string ObjectionKey(absl::string_view unit_code, uint64_t id) {
  std::string key = UnitPrefix(unit_code);
  AppendU64(&key, id);
  return key;
}

std::string AuditKey(absl::string_view unit_code, uint64_t id) {
  std::string key = UnitPrefix(unit_code);
  AppendU64(&key, id);
  return key;
}

std::string FindingKey(absl::string_view unit_code, absl::CivilDay found_date,
                       uint64_t id) {
  std::string key = UnitPrefix(unit_code);
  AppendDate(&key, found_date);
  AppendU64(&key, id);
  return key;
}

std::string AggregateKey(absl::string_view unit_code, absl::CivilDay first,
                         sgs::v1::RecordKind kind, absl::CivilDay second) {
  std::string key = UnitPrefix(unit_code);
  AppendDate(&key, first);
  AppendKind(&key, kind);
  AppendDate(&key, second);
  return key;
}

absl::StatusOr<AggregateKeyParts> DecodeAggregateKey(absl::string_view key) {
  AggregateKeyParts parts;
  if (!ConsumeUnit(&key, &parts.unit_code) ||
      !ConsumeDate(&key, &parts.first) || !ConsumeKind(&key, &parts.kind) ||
      !ConsumeDate(&key, &parts.second) || !key.empty()) {
    return absl::DataLossError("malformed aggregate key");
  }
  return parts;
}

std::string EncodeAggregateValue(int64_t record_count, int64_t risk_count) {
  std::string value;
  AppendU64(&value, static_cast<uint64_t>(record_count));
  AppendU64(&value, static_cast<uint64_t>(risk_count));
  return value;
}

bool DecodeAggregateValue(absl::string_view value, int64_t* record_count,
                          int64_t* risk_count) {
  uint64_t count, risk;
  if (value.size() != 16 || !ConsumeU64(&value, &count) ||
      !ConsumeU64(&value, &risk)) {
    return false;
  }
  *record_count = static_cast<int64_t>(count);
  *risk_count = static_cast<int64_t>(risk);
  return true;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string result(prefix);
  while (!result.empty()) {
    unsigned char last = static_cast<unsigned char>(result.back());
    if (last != 0xff) {
      result.back() = static_cast<char>(last + 1);
      return result;
    }
    result.pop_back();
  }
  return result;  // Empty: no upper bound.
}

}  // namespace sgs::keys
