#!/usr/bin/env bash
# Static checks that keep the tree clean; CI runs them, and so does the
# optional pre-commit hook (scripts/hooks/pre-commit).
#   ./scripts/check.sh            format check of every project file, the
#                                 layering check, clang-tidy on files changed
#                                 against $SGS_CHECK_BASE (default: main)
#   ./scripts/check.sh FILE ...   the same, for these files only
#   SGS_TIDY=0 ./scripts/check.sh skip clang-tidy (e.g. no build tree yet)
# Exits 1 on any difference, layering violation or tidy finding.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

project_files() {
  git ls-files -- '*.cc' '*.h' | grep -E '^(admin|common|ingest_service|importer|stats_service|tools|bench|fuzz|tests)/'
}

if [ $# -gt 0 ]; then
  files=()
  for f in "$@"; do
    case "$f" in *.cc|*.h) [ -f "$f" ] && files+=("$f") ;; esac
  done
  tidy_files=("${files[@]}")
else
  mapfile -t files < <(project_files)
  base=${SGS_CHECK_BASE:-main}
  if git rev-parse --verify -q "$base" >/dev/null; then
    mapfile -t tidy_files < <(git diff --name-only --diff-filter=ACMR \
      "$(git merge-base HEAD "$base")" -- '*.cc' | grep -E '^(admin|common|ingest_service|importer|stats_service|tools|bench|tests)/')
  else
    mapfile -t tidy_files < <(printf '%s\n' "${files[@]}" | grep '\.cc$')
  fi
fi

# 1. Format: the repo's own .clang-format, no differences allowed.
if [ ${#files[@]} -gt 0 ]; then
  unformatted=()
  for f in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
      unformatted+=("$f")
    fi
  done
  if [ ${#unformatted[@]} -gt 0 ]; then
    echo "check: ${#unformatted[@]} file(s) differ from .clang-format (run clang-format -i):"
    printf '  %s\n' "${unformatted[@]}"
    status=1
  else
    echo "check: format OK (${#files[@]} files)"
  fi
fi

# 2. Layering: storage and domain code never include gRPC headers; storage
#    never includes the domain or rpc layers.
grpc_in_lower=$(grep -lE '#include "(grpcpp/|grpc/|[^"]*\.grpc\.pb\.h|common/grpc_status\.h)' \
  ingest_service/storage/* ingest_service/domain/* ingest_service/validator.* \
  ingest_service/resource_names.* 2>/dev/null)
upward=$(grep -lE '#include "ingest_service/(domain/|ingest_service_impl|server)' \
  ingest_service/storage/* 2>/dev/null)
if [ -n "$grpc_in_lower$upward" ]; then
  echo "check: layering violated (storage ← domain ← rpc; no gRPC below rpc):"
  printf '  %s\n' $grpc_in_lower $upward
  status=1
else
  echo "check: layering OK"
fi

# 3. clang-tidy on the changed sources, with the build's compile commands.
if [ "${SGS_TIDY:-1}" != "0" ] && [ ${#tidy_files[@]} -gt 0 ]; then
  if [ ! -f build/compile_commands.json ]; then
    echo "check: no build/compile_commands.json; run ./scripts/build.sh first (or SGS_TIDY=0)"
    status=1
  else
    echo "check: clang-tidy on ${#tidy_files[@]} file(s)"
    if ! clang-tidy -p build --quiet "${tidy_files[@]}" 2>/dev/null; then
      echo "check: clang-tidy found problems"
      status=1
    fi
  fi
fi
exit $status
