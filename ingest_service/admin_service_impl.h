// AdminServiceImpl: the sgs.v1.AdminService handlers (backups of the
// ingest RocksDB), for CREDIT_OFFICE tokens only. Without a --backup_dir
// every call answers FAILED_PRECONDITION saying so.
#ifndef SGS_INGEST_SERVICE_ADMIN_SERVICE_IMPL_H_
#define SGS_INGEST_SERVICE_ADMIN_SERVICE_IMPL_H_

#include <functional>

#include "common/auth.h"
#include "ingest_service/backup.h"
#include "sgs/v1/admin_service.grpc.pb.h"

namespace rocksdb {
class DB;
}

namespace sgs::ingest {

class AdminServiceImpl final : public sgs::v1::AdminService::Service {
 public:
  // `db` gives the database open now (asked at every backup: the store may
  // reopen it, e.g. writable again after a start on a full disk);
  // `backups` (may be null) and `auth` must outlive the service;
  // `default_keep` is the retention when a request gives none.
  AdminServiceImpl(std::function<rocksdb::DB*()> db, BackupManager* backups,
                   const Authenticator* auth, int default_keep);

  grpc::Status CreateBackup(grpc::ServerContext* context,
                            const sgs::v1::CreateBackupRequest* request,
                            sgs::v1::Backup* response) override;
  grpc::Status ListBackups(grpc::ServerContext* context,
                           const sgs::v1::ListBackupsRequest* request,
                           sgs::v1::ListBackupsResponse* response) override;
  grpc::Status VerifyBackup(grpc::ServerContext* context,
                            const sgs::v1::VerifyBackupRequest* request,
                            sgs::v1::Backup* response) override;

 private:
  absl::Status Allowed(const grpc::ServerContext& context) const;

  std::function<rocksdb::DB*()> db_;
  BackupManager* backups_;
  const Authenticator* auth_;
  int default_keep_;
};

// "backups/{id}".
std::string BackupName(uint32_t id);
// The id in "backups/{id}" (INVALID_ARGUMENT naming `field` otherwise).
absl::StatusOr<uint32_t> ParseBackupName(const std::string& name,
                                         absl::string_view field);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_ADMIN_SERVICE_IMPL_H_
