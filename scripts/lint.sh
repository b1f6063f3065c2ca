#!/usr/bin/env bash
# Formatting (clang-format, .clang-format) and static analysis (clang-tidy, .clang-tidy).
#
#   scripts/lint.sh                   check the C++ files changed since $LINT_BASE (default HEAD:
#                                     uncommitted and untracked files)
#   scripts/lint.sh --all             check every C++ file of the project
#   scripts/lint.sh FILE...           check these files
#   options: --format-only | --tidy-only, --fix (rewrite formatting in place instead of
#            checking it), --build-dir DIR (default build; clang-tidy reads
#            DIR/compile_commands.json), -j N (clang-tidy jobs, default nproc)
#
# Exit codes: 0 clean; 1 a file is not formatted or clang-tidy reported something; 2 usage
# error or a missing tool / compile_commands.json.
#
# Formatting covers *.h and *.cc under lib/ cli/ tests/ bench/ examples/ bindings/.
# clang-tidy runs on the .cc files of lib/ cli/ examples/ bench/ that are in the compilation
# database (headers are checked through them, see HeaderFilterRegex in .clang-tidy); add
# tests/ with LINT_TIDY_TESTS=1. Every file is formatted; scripts/test.sh runs
# `--all --format-only` in CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode_all=0 do_format=1 do_tidy=1 fix=0
build_dir=${MLFLOWCPP_BUILD_DIR:-build}
jobs=$(nproc)
files=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --all) mode_all=1 ;;
    --format-only) do_tidy=0 ;;
    --tidy-only) do_format=0 ;;
    --fix) fix=1 ;;
    --build-dir) build_dir=$2; shift ;;
    -j) jobs=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "lint.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1") ;;
  esac
  shift
done

need() {  # binary debian-package
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "lint.sh: $1 is not installed: install the Debian package '$2' (apt-get install $2)" >&2
    exit 2
  fi
}

dirs=(lib cli tests bench examples bindings)
is_cxx() { [[ $1 == *.h || $1 == *.cc ]]; }
in_dirs() {
  local d
  for d in "${dirs[@]}"; do [[ $1 == "$d"/* ]] && return 0; done
  return 1
}

# The file set: explicit, every tracked/untracked project file, or the changed ones.
if [[ ${#files[@]} -eq 0 ]]; then
  if [[ $mode_all -eq 1 ]]; then
    mapfile -t candidates < <(git ls-files -co --exclude-standard -- "${dirs[@]}")
  else
    base=${LINT_BASE:-HEAD}
    mapfile -t candidates < <({ git diff --name-only --diff-filter=d "$base" -- "${dirs[@]}"
                                git ls-files -o --exclude-standard -- "${dirs[@]}"; } | sort -u)
  fi
  for f in "${candidates[@]}"; do
    if is_cxx "$f" && in_dirs "$f" && [[ -f $f ]]; then files+=("$f"); fi
  done
fi
if [[ ${#files[@]} -eq 0 ]]; then
  echo "lint.sh: no C++ files to check (use --all for every file)"
  exit 0
fi

status=0

if [[ $do_format -eq 1 ]]; then
  need clang-format clang-format
  if [[ $fix -eq 1 ]]; then
    clang-format -i --style=file "${files[@]}"
    echo "lint.sh: formatted ${#files[@]} file(s)"
  else
    bad=()
    for f in "${files[@]}"; do
      clang-format --dry-run -Werror --style=file "$f" >/dev/null 2>&1 || bad+=("$f")
    done
    if [[ ${#bad[@]} -gt 0 ]]; then
      echo "lint.sh: ${#bad[@]} of ${#files[@]} file(s) are not formatted (clang-format -i FILE, or scripts/lint.sh --fix):" >&2
      printf '  %s\n' "${bad[@]}" >&2
      # The first differences, to show what is wrong.
      clang-format --dry-run --style=file "${bad[0]}" 2>&1 | head -n 20 >&2 || true
      status=1
    else
      echo "lint.sh: clang-format: ${#files[@]} file(s) formatted"
    fi
  fi
fi

if [[ $do_tidy -eq 1 ]]; then
  need clang-tidy clang-tidy
  db=$build_dir/compile_commands.json
  if [[ ! -f $db ]]; then
    echo "lint.sh: $db is missing: configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON" >&2
    echo "         (cmake -S . -B $build_dir -DCMAKE_EXPORT_COMPILE_COMMANDS=ON), or skip with --format-only" >&2
    exit 2
  fi
  tidy_dirs=(lib cli examples bench)
  [[ ${LINT_TIDY_TESTS:-0} == 1 ]] && tidy_dirs+=(tests)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # A copy of the database without precompiled-header flags: GCC's .gch files are not
  # readable by clang, and clang-tidy should see each file's own includes anyway.
  python3 - "$db" "$work/compile_commands.json" "$root" "${tidy_dirs[*]}" "${files[@]}" >"$work/sources" <<'PY'
import json, os, shlex, sys

src, dst, root, tidy_dirs, *wanted = sys.argv[1:]
tidy_dirs = tidy_dirs.split()
wanted = {os.path.normpath(os.path.join(root, f)) for f in wanted}
entries = json.load(open(src))

def clean(args):
    out, skip = [], 0
    for i, a in enumerate(args):
        if skip:
            skip -= 1
            continue
        if a == "-include" and i + 1 < len(args) and "cmake_pch" in args[i + 1]:
            skip = 1
            continue
        if a == "-Xclang" and i + 3 < len(args) and args[i + 1] in ("-include-pch", "-include") \
                and "cmake_pch" in args[i + 3]:
            skip = 3
            continue
        if a in ("-Winvalid-pch", "-fpch-preprocess", "-fpch-instantiate-templates"):
            continue
        out.append(a)
    return out

kept, sources = [], []
for e in entries:
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    e.pop("command", None)
    e["arguments"] = clean(args)
    kept.append(e)
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    rel = os.path.relpath(path, root)
    if not rel.endswith(".cc") or rel.split(os.sep)[0] not in tidy_dirs:
        continue
    # Changed headers are checked through the .cc file of the same name.
    stem = os.path.splitext(path)[0]
    if wanted and path not in wanted and stem + ".h" not in wanted:
        continue
    if rel not in sources:
        sources.append(rel)
json.dump(kept, open(dst, "w"), indent=1)
print("\n".join(sources))
PY
  mapfile -t sources < <(grep -v '^$' "$work/sources" || true)
  if [[ ${#sources[@]} -eq 0 ]]; then
    echo "lint.sh: clang-tidy: no compiled source among the files to check"
  else
    echo "lint.sh: clang-tidy on ${#sources[@]} file(s), $jobs job(s)"
    fix_args=()
    [[ $fix -eq 1 ]] && fix_args=(--fix)
    tidy_status=0
    printf '%s\0' "${sources[@]}" |
      xargs -0 -P "$jobs" -n 1 clang-tidy -p "$work" --quiet --extra-arg=-Wno-unknown-warning-option \
        "${fix_args[@]}" >"$work/tidy.log" 2>&1 || tidy_status=$?
    # Drop clang-tidy's per-file chatter ("N warnings generated."), keep the findings.
    grep -v -E '^[0-9]+ warnings?( and [0-9]+ errors?)? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' \
      "$work/tidy.log" || true
    if [[ $tidy_status -ne 0 ]]; then
      echo "lint.sh: clang-tidy reported findings (see above)" >&2
      status=1
    else
      echo "lint.sh: clang-tidy: clean"
    fi
  fi
fi

exit $status
