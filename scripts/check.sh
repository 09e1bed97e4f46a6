#!/usr/bin/env bash
# Static checks that keep the tree clean; CI runs them, and so does the
# optional pre-commit hook (scripts/hooks/pre-commit).
#   ./scripts/check.sh            format check of every project file, the
#                                 layering check, clang-tidy on the changed
#                                 .cc files: those changed since the branch
#                                 left $SGS_CHECK_BASE (default: main), or,
#                                 on $SGS_CHECK_BASE itself (CI's clean
#                                 checkout), those of the last commit (a
#                                 merge: everything it brought in)
#   ./scripts/check.sh FILE ...   the same, for these files only
#   ./scripts/check.sh --all-tidy the same, with clang-tidy on every project
#                                 .cc file (fuzz/ aside: it builds only
#                                 under clang, in build-fuzz); 1-6 min per
#                                 file measured on a loaded 2-core machine,
#                                 hours for the ~190 files: CI does not run it
#   SGS_TIDY=0 ./scripts/check.sh skip clang-tidy (e.g. no build tree yet)
#   SGS_TIDY_JOBS=N               clang-tidy runs at once (default: nproc)
# Exits 1 on any difference, layering violation, cited file that does not
# exist (scripts/check_docs.py) or tidy finding.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

project_files() {
  git ls-files -- '*.cc' '*.h' | grep -E '^(admin|common|ingest_service|importer|stats_service|tools|bench|fuzz|tests)/'
}

if [ "${1:-}" = "--all-tidy" ]; then
  mapfile -t files < <(project_files)
  mapfile -t tidy_files < <(printf '%s\n' "${files[@]}" | grep '\.cc$' | grep -v '^fuzz/')
  shift
elif [ $# -gt 0 ]; then
  files=()
  for f in "$@"; do
    case "$f" in *.cc|*.h) [ -f "$f" ] && files+=("$f") ;; esac
  done
  tidy_files=("${files[@]}")
else
  mapfile -t files < <(project_files)
  base=${SGS_CHECK_BASE:-main}
  # What "changed" is compared with. On the base branch itself (or a
  # checkout without it) the merge base is HEAD and nothing would differ,
  # so tidy would check nothing: compare with the last commit's first
  # parent instead. Uncommitted changes count too (diff against the tree).
  since=""
  if git rev-parse --verify -q "$base" >/dev/null; then
    since=$(git merge-base HEAD "$base")
  fi
  if [ -z "$since" ] || [ "$since" = "$(git rev-parse HEAD)" ]; then
    since=$(git rev-parse --verify -q HEAD~1 || true)
    echo "check: tidy compares with the last commit's parent (${since:0:12})"
  fi
  if [ -n "$since" ]; then
    mapfile -t tidy_files < <(git diff --name-only --diff-filter=ACMR \
      "$since" -- '*.cc' | grep -E '^(admin|common|ingest_service|importer|stats_service|tools|bench|tests)/')
  elif [ -f "$(git rev-parse --git-dir)/shallow" ]; then
    # A shallow clone (depth 1) has no parent to compare with, and tidying
    # every source takes hours on 2 cores: say so, and tidy nothing.
    echo "check: shallow clone without the last commit's parent: tidy skipped (fetch with depth 2 to tidy the last commit)"
    tidy_files=()
  else
    # A repository with one commit: every source.
    mapfile -t tidy_files < <(printf '%s\n' "${files[@]}" | grep '\.cc$' | grep -v '^fuzz/')
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

# 3. Docs and comments cite only files the repository has.
if [ $# -eq 0 ] && ! python3 scripts/check_docs.py; then
  status=1
fi

# 4. clang-tidy on the changed sources, with the build's compile commands.
if [ "${SGS_TIDY:-1}" != "0" ] && [ ${#tidy_files[@]} -eq 0 ]; then
  echo "check: clang-tidy: no changed .cc file"
elif [ "${SGS_TIDY:-1}" != "0" ]; then
  if [ ! -f build/compile_commands.json ]; then
    echo "check: no build/compile_commands.json; run ./scripts/build.sh first (or SGS_TIDY=0)"
    status=1
  else
    echo "check: clang-tidy on ${#tidy_files[@]} file(s)"
    # Two files per run, as many runs as cores; any finding fails xargs.
    if ! printf '%s\n' "${tidy_files[@]}" |
        xargs -d '\n' -n 2 -P "${SGS_TIDY_JOBS:-$(nproc)}" clang-tidy -p build --quiet 2>/dev/null; then
      echo "check: clang-tidy found problems"
      status=1
    fi
  fi
fi
exit $status
