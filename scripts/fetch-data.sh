#!/usr/bin/env bash
# Fetches the SemEval-2017 Task 4A files from a mirror into ../shared/data/semeval2017-task4a
# (where the pipeline, the tests and the benchmarks read them), verifying each against the
# SHA-256 pinned in examples/sentiment-pipeline/params.yaml (prepare.sha256). For machines
# that do not already have the data, such as CI runners; the data is never committed here.
#
#   scripts/fetch-data.sh BASE_URL [DEST_DIR]
#
# A file already present with the pinned checksum is not fetched again. A checksum mismatch
# removes the download and exits 1; a failed download exits 3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
url=${1:?usage: scripts/fetch-data.sh BASE_URL [DEST_DIR]}
url=${url%/}
dest=${2:-$root/../shared/data/semeval2017-task4a}
params=$root/examples/sentiment-pipeline/params.yaml
mkdir -p "$dest"

pins=$(sed -n 's/^    \(twitter-[A-Za-z0-9-]*\.tsv\): \([0-9a-f]\{64\}\)$/\2  \1/p' "$params")
if [[ -z $pins ]]; then
  echo "fetch-data.sh: no pinned files found in $params (prepare.sha256)" >&2
  exit 2
fi
while read -r sha name; do
  if [[ -f $dest/$name ]] && echo "$sha  $dest/$name" | sha256sum --quiet -c - 2>/dev/null; then
    continue
  fi
  echo "fetching $name"
  if ! curl -fsSL --retry 3 "$url/$name" -o "$dest/$name.part"; then
    rm -f "$dest/$name.part"
    echo "fetch-data.sh: download of $url/$name failed" >&2
    exit 3
  fi
  if ! echo "$sha  $dest/$name.part" | sha256sum --quiet -c - 2>/dev/null; then
    rm -f "$dest/$name.part"
    echo "fetch-data.sh: $name does not match its pinned SHA-256 $sha" >&2
    exit 1
  fi
  mv "$dest/$name.part" "$dest/$name"
done <<<"$pins"
echo "data ready in $dest"
