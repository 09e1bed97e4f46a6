// libFuzzer target: RocksDB key and value decoding (common/keys.h).
//
// The store decodes keys it reads back; a corrupt or foreign key must be
// refused, never misread. The input is used whole as a record key, an
// aggregate key and an aggregate value, and piecewise through the Consume*
// readers. Properties:
//   - decoding is exact: when DecodeRecordKey / DecodeAggregateKey /
//     DecodeAggregateValue accepts bytes, encoding what it returned gives
//     the same bytes back (encode(decode(x)) == x), so two different keys
//     never decode to the same record;
//   - the fixed-width Consume* readers advance by exactly their width, or
//     not at all when the input is too short;
//   - PrefixSuccessor(p) is greater than p and than p followed by anything,
//     and does not start with p;
// and, the other way round, keys built from fuzzed parts (unit codes of the
// registry's shape, real dates, any document number) decode to those parts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/keys.h"
#include "fuzz/fuzz_records.h"
#include "fuzzer/FuzzedDataProvider.h"

namespace {

namespace keys = sgs::keys;

std::string Hex(absl::string_view bytes) {
  return absl::BytesToHexString(bytes);
}

void DecodeWhole(absl::string_view input) {
  if (absl::StatusOr<keys::RecordKeyParts> parts = keys::DecodeRecordKey(input);
      parts.ok()) {
    const std::string again =
        keys::RecordKey(parts->unit_code, parts->receipt_date, parts->kind,
                        parts->document_number);
    SGS_FUZZ_CHECK(again == input,
                   "record key does not round-trip:\n  in  %s\n  out %s "
                   "(unit \"%s\" receipt %s kind %d)",
                   Hex(input).c_str(), Hex(again).c_str(),
                   parts->unit_code.c_str(),
                   sgs::FormatDate(parts->receipt_date).c_str(),
                   static_cast<int>(parts->kind));
  }
  if (absl::StatusOr<keys::AggregateKeyParts> parts =
          keys::DecodeAggregateKey(input);
      parts.ok()) {
    const std::string again = keys::AggregateKey(parts->unit_code, parts->first,
                                                 parts->kind, parts->second);
    SGS_FUZZ_CHECK(again == input,
                   "aggregate key does not round-trip:\n  in  %s\n  out %s",
                   Hex(input).c_str(), Hex(again).c_str());
  }
  int64_t count = 0, risk = 0;
  if (keys::DecodeAggregateValue(input, &count, &risk)) {
    SGS_FUZZ_CHECK(keys::EncodeAggregateValue(count, risk) == input,
                   "aggregate value does not round-trip: %s",
                   Hex(input).c_str());
  }

  const std::string successor = keys::PrefixSuccessor(input);
  if (!successor.empty()) {
    SGS_FUZZ_CHECK(successor > input && !absl::StartsWith(successor, input) &&
                       successor > std::string(input) + "\xff\xff\xff",
                   "bad successor of %s: %s", Hex(input).c_str(),
                   Hex(successor).c_str());
  } else {
    // Only a run of 0xff (or nothing) has no successor.
    for (char c : input) {
      SGS_FUZZ_CHECK(static_cast<unsigned char>(c) == 0xff,
                     "no successor for %s", Hex(input).c_str());
    }
  }
}

// Walks the input with the Consume* readers in an order the input picks.
void ConsumePieces(FuzzedDataProvider& fdp) {
  const std::string bytes = fdp.ConsumeRandomLengthString(64);
  absl::string_view in = bytes;
  while (!in.empty() && fdp.remaining_bytes() > 0) {
    const size_t before = in.size();
    size_t width = 0;
    bool ok = false;
    switch (fdp.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: {
        uint8_t v;
        width = 1;
        ok = keys::ConsumeU8(&in, &v);
        break;
      }
      case 1: {
        uint16_t v;
        width = 2;
        ok = keys::ConsumeU16(&in, &v);
        break;
      }
      case 2: {
        uint32_t v;
        width = 4;
        ok = keys::ConsumeU32(&in, &v);
        break;
      }
      case 3: {
        uint64_t v;
        width = 8;
        ok = keys::ConsumeU64(&in, &v);
        break;
      }
      case 4: {
        absl::CivilDay day;
        width = 4;
        ok = keys::ConsumeDate(&in, &day);
        break;
      }
      default: {
        std::string unit;
        const absl::string_view start = in;
        ok = keys::ConsumeUnit(&in, &unit);
        if (ok) {
          SGS_FUZZ_CHECK(
              keys::UnitPrefix(unit) == start.substr(0, before - in.size()),
              "unit component does not round-trip");
        }
        width = ok ? before - in.size() : 0;
        break;
      }
    }
    if (ok) {
      SGS_FUZZ_CHECK(before - in.size() == width, "consumed %zu, not %zu",
                     before - in.size(), width);
    } else {
      // Fixed-width reads fail without consuming anything. ConsumeUnit may
      // have taken its length byte (its contract does not say; every
      // caller gives up on the whole key after a false).
      SGS_FUZZ_CHECK(width == 0 || in.size() == before,
                     "a failed %zu-byte read consumed bytes", width);
      break;
    }
  }
}

// Keys built from parts decode to the same parts.
void EncodeThenDecode(FuzzedDataProvider& fdp) {
  static const char kCodeChars[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
  std::string unit(fdp.ConsumeIntegralInRange<size_t>(1, 32), 'a');
  for (char& c : unit) {
    c = kCodeChars[fdp.ConsumeIntegralInRange<size_t>(0,
                                                      sizeof(kCodeChars) - 2)];
  }
  // Years 1900..9999, as ParseDate accepts.
  const absl::CivilDay base(1900, 1, 1);
  const int span = static_cast<int>(absl::CivilDay(9999, 12, 31) - base);
  const absl::CivilDay first = base + fdp.ConsumeIntegralInRange<int>(0, span);
  const absl::CivilDay second = base + fdp.ConsumeIntegralInRange<int>(0, span);
  const auto kind =
      static_cast<sgs::v1::RecordKind>(fdp.ConsumeIntegralInRange<int>(0, 2));
  const std::string document = fdp.ConsumeRandomLengthString(300);

  absl::StatusOr<keys::RecordKeyParts> record =
      keys::DecodeRecordKey(keys::RecordKey(unit, first, kind, document));
  SGS_FUZZ_CHECK(record.ok() && record->unit_code == unit &&
                     record->receipt_date == first && record->kind == kind &&
                     record->document_number == document,
                 "record key of (%s, %s, %d) does not decode to its parts",
                 unit.c_str(), sgs::FormatDate(first).c_str(),
                 static_cast<int>(kind));
  absl::StatusOr<keys::AggregateKeyParts> aggregate =
      keys::DecodeAggregateKey(keys::AggregateKey(unit, first, kind, second));
  SGS_FUZZ_CHECK(aggregate.ok() && aggregate->unit_code == unit &&
                     aggregate->first == first && aggregate->kind == kind &&
                     aggregate->second == second,
                 "aggregate key of (%s, %s, %d, %s) does not decode",
                 unit.c_str(), sgs::FormatDate(first).c_str(),
                 static_cast<int>(kind), sgs::FormatDate(second).c_str());
  // Byte order is date order within a unit (what range scans rely on).
  const std::string a = keys::RecordKey(unit, first, kind, document);
  const std::string b = keys::RecordKey(unit, second, kind, document);
  SGS_FUZZ_CHECK((first < second) == (a < b) || first == second,
                 "key order differs from date order: %s vs %s",
                 sgs::FormatDate(first).c_str(),
                 sgs::FormatDate(second).c_str());

  const int64_t count = fdp.ConsumeIntegral<int64_t>();
  const int64_t risk = fdp.ConsumeIntegral<int64_t>();
  int64_t count_out = 0, risk_out = 0;
  SGS_FUZZ_CHECK(
      keys::DecodeAggregateValue(keys::EncodeAggregateValue(count, risk),
                                 &count_out, &risk_out) &&
          count_out == count && risk_out == risk,
      "aggregate value (%lld, %lld) does not round-trip",
      static_cast<long long>(count), static_cast<long long>(risk));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  sgs::fuzz::QuietProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  DecodeWhole(absl::string_view(reinterpret_cast<const char*>(data), size));
  FuzzedDataProvider pieces(data, size);
  ConsumePieces(pieces);
  FuzzedDataProvider parts(data, size);
  EncodeThenDecode(parts);
  return 0;
}
