#!/usr/bin/env python3
"""Checks that the docs and comments cite only files the repository has.

Scans the Markdown files (README, CONTRIBUTING, docs/, k8s/, tests/...) for
repository paths such as `stats_service/escalations.cc` or
`domain/record_lifecycle.h` (a path relative to a service directory), and
every source, proto, config and script file for the docs/*.md it cites.
CHANGELOG.md is history and may name files that are gone. Prints each
missing path with where it is cited; exit 1 if there is one.
Run by scripts/check.sh.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = ("admin common ingest_service importer stats_service tools bench fuzz "
       "tests docs scripts config protos k8s samples cmake").split()
# Where a path relative to a source directory ("domain/x.h") may live.
BASES = ["", "ingest_service/", "stats_service/", "common/", "tests/",
         "tests/support/", "protos/"]
EXT = (r"cc|h|md|sh|py|proto|textproto|yaml|mjs|json|csv|tsv|docx|xml|"
       r"conf|png|cmake")
PATH = re.compile(r"(?<![\w/.<{$-])((?:[\w.-]+/)+[\w.-]+\.(?:" + EXT + r"))\b")
# Files the tools write (the importer's report next to its input).
WRITTEN = (".rejected.csv",)
DOC = re.compile(r"(?<![\w/.-])(docs/[\w/.-]+\.md)\b")


def tracked():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return out.split("\n")


def exists(path):
    return any(os.path.exists(os.path.join(ROOT, base + path))
               for base in BASES)


def main():
    files = [f for f in tracked() if f]
    missing = []
    for f in files:
        if f.startswith("fuzz/corpus/") or f == "CHANGELOG.md":
            continue
        if f.endswith(".md"):
            pattern = PATH
        elif re.search(r"\.(cc|h|proto|textproto|sh|py|yaml|txt)$", f) or \
                f in ("CMakeLists.txt", "Dockerfile", ".ci/run"):
            pattern = DOC
        else:
            continue
        with open(os.path.join(ROOT, f), encoding="utf-8",
                  errors="replace") as text:
            for number, line in enumerate(text, 1):
                for match in pattern.finditer(line):
                    path = match.group(1)
                    first = path.split("/")[0]
                    # Build outputs, URLs and placeholders are not files here.
                    if first in ("build", "build-asan", "build-fuzz", "gen",
                                 "data", "tmp", "etc", "opt", "usr", "run"):
                        continue
                    if path.endswith(WRITTEN):
                        continue
                    if "://" in line[max(0, match.start() - 40):match.start()]:
                        continue
                    if f.endswith(".md") and first not in TOP and \
                            not exists(path):
                        # A relative name: only known source directories.
                        if first not in ("domain", "storage", "formats",
                                         "support", "wire", "adr", "cli",
                                         "document", "sgs", "testdata"):
                            continue
                    if not exists(path):
                        missing.append(f"{f}:{number}: {path}")
    if missing:
        print("check: docs cite files the repo does not have:")
        for entry in missing:
            print("  " + entry)
        return 1
    print(f"check: doc references OK ({len(files)} files scanned)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
