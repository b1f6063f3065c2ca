#!/usr/bin/env bash
# Builds the API reference with Doxygen from the public headers in lib/mlflow (Doxyfile) into
# build-docs/html/ and fails when Doxygen prints any warning.
#
#   scripts/docs.sh          then open build-docs/html/index.html
#
# Exit codes: 0 built without warnings; 1 Doxygen warned (the warnings are printed) or
# failed; 2 doxygen or python3 is not installed (Debian packages doxygen, python3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for tool in doxygen:doxygen python3:python3; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "docs.sh: ${tool%%:*} is not installed: install the Debian package '${tool#*:}'" >&2
    exit 2
  fi
done

out=build-docs
log=$out/doxygen-warnings.log
rm -rf "$out/html"
mkdir -p "$out"
: >"$log"
version=$(tr -d '[:space:]' <VERSION)

# The Doxyfile plus the version; WARN_LOGFILE collects every warning.
if ! { cat Doxyfile; echo "PROJECT_NUMBER = $version"; echo "WARN_LOGFILE = $log"; } |
    nice -n 19 doxygen - >"$out/doxygen.out" 2>&1; then
  cat "$out/doxygen.out" >&2
  echo "docs.sh: doxygen failed" >&2
  exit 1
fi
# Warnings end up in the log; anything doxygen printed on its own outputs is checked too.
if [[ -s $log ]] || grep -qi 'warning' "$out/doxygen.out"; then
  cat "$log" "$out/doxygen.out" >&2
  echo "docs.sh: doxygen reported $(grep -ci 'warning' "$log" "$out/doxygen.out" | awk -F: '{s += $NF} END {print s}') warning(s)" >&2
  exit 1
fi
echo "docs.sh: API reference (mlflow-cpp $version) in $out/html/index.html, no warnings"
