// How the engine recovers RocksDB's write-ahead log at open, and what it
// says when the log is damaged (docs: README "Storage").
//
// With synced writes every acknowledged write is complete in the WAL, so
// any damage to it is damage to acknowledged data: the open uses
// kAbsoluteConsistency and a damaged log stops the start with kDataLoss
// naming the file and what was found. One damage is normal and accepted: a
// kill -9 (or power loss) in the middle of the last, not yet acknowledged
// write leaves an incomplete record at the very end of the newest log file,
// cut at a page or sector boundary (the kernel writes whole pages); that
// tail is dropped with a warning. With --accept_wal_point_in_time_recovery
// (or unsynced writes) the log is replayed up to the first damage
// (kPointInTimeRecovery); what was dropped is logged and recorded.
//
// No gRPC here.
#ifndef SGS_INGEST_SERVICE_STORAGE_WAL_RECOVERY_H_
#define SGS_INGEST_SERVICE_STORAGE_WAL_RECOVERY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rocksdb/options.h"
#include "rocksdb/status.h"

namespace sgs::ingest::storage {

// The mode of the first open attempt.
rocksdb::WALRecoveryMode FirstWalRecoveryMode(bool sync_writes,
                                              bool accept_point_in_time);

// After an open in kAbsoluteConsistency failed with `status` and RocksDB
// reported `reports` ("<file>: dropping N bytes; Corruption: ..."): true
// when the only damage is an incomplete last record of the newest log in
// `dir`, ending at a 512-byte boundary (an interrupted, unacknowledged
// write), so that kTolerateCorruptedTailRecords may open it.
bool IsTornTailOfNewestLog(const std::string& dir,
                           const rocksdb::Status& status,
                           const std::vector<std::string>& reports);

// The refusal to start: kDataLoss naming the file(s), what RocksDB found,
// and the operator's choices.
absl::Status WalDamageError(const std::string& dir,
                            const rocksdb::Status& status,
                            const std::vector<std::string>& reports);

// The file a report names (the text before ": dropping ").
std::string ReportedFile(const std::string& report);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_WAL_RECOVERY_H_
