// Early returns for absl::Status and absl::StatusOr, so a function reads as
// its happy path:
//
//   RETURN_IF_ERROR(batch.status());
//   ASSIGN_OR_RETURN(absl::CivilDay day, ParseDate(text));
//
// Both evaluate their expression once and return its status unchanged.
// They are for code below the RPC layer, which speaks absl::Status; each
// RPC converts once, at its edge (common/grpc_status.h).
#ifndef SGS_COMMON_STATUS_MACROS_H_
#define SGS_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SGS_STATUS_MACROS_CONCAT_INNER(a, b) a##b
#define SGS_STATUS_MACROS_CONCAT(a, b) SGS_STATUS_MACROS_CONCAT_INNER(a, b)

// Returns the status of `expr` (an absl::Status) when it is not OK.
#define RETURN_IF_ERROR(expr)                               \
  do {                                                      \
    const absl::Status sgs_return_if_error_status = (expr); \
    if (!sgs_return_if_error_status.ok()) {                 \
      return sgs_return_if_error_status;                    \
    }                                                       \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>); returns its status when not OK,
// else assigns (or declares) `lhs` from its value.
#define ASSIGN_OR_RETURN(lhs, expr) \
  SGS_ASSIGN_OR_RETURN_IMPL(        \
      SGS_STATUS_MACROS_CONCAT(sgs_assign_or_return_, __LINE__), lhs, expr)

#define SGS_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)     \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // SGS_COMMON_STATUS_MACROS_H_
