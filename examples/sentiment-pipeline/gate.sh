#!/usr/bin/env bash
# The `gate` stage of dvc.yaml: registers each trained candidate and runs the promotion gate
# on it, in the order given (the logistic regression baseline first), so that with no
# champion yet the baseline becomes champion and each later candidate must beat the champion
# of the moment.
#
#   gate.sh --name NAME --champion-alias ALIAS --metric M [--threshold X]
#           [--min-absolute-change X] [--min-relative-change X] [--lower-is-better]
#           --data FILE --output DIR CANDIDATE...
#
# For each CANDIDATE: `mlflow-cpp register --model models/CANDIDATE` (idempotent: a model
# directory already registered returns its version) then `mlflow-cpp promote` with
# --skip-decided, so a version faces the gate once. Decisions land in DIR/CANDIDATE.json.
# Threshold values "none", "null" or "" mean "not set" (DVC interpolates params as text).
#
# Environment: GATE_MODE=promote (default) or dry-run (decide and report, change nothing in
# the registry: pull requests); GATE_STRICT=1 makes any refusal fail the stage (exit 1).
# Exit: 0 when every candidate was decided; 1 on a refusal under GATE_STRICT; the failing
# command's code (2 usage, 3 runtime) otherwise.
set -uo pipefail

name="" alias="champion" metric="" data="" output=""
threshold_args=()
candidates=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --name) name=$2; shift 2 ;;
    --champion-alias) alias=$2; shift 2 ;;
    --metric) metric=$2; shift 2 ;;
    --threshold|--min-absolute-change|--min-relative-change)
      case ${2:-} in none|None|null|"") ;; *) threshold_args+=("$1" "$2") ;; esac
      shift 2 ;;
    --lower-is-better) threshold_args+=("$1"); shift ;;
    --data) data=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    -*) echo "gate.sh: unknown option $1" >&2; exit 2 ;;
    *) candidates+=("$1"); shift ;;
  esac
done
if [[ -z $name || -z $metric || -z $data || -z $output || ${#candidates[@]} -eq 0 ]]; then
  echo "gate.sh: --name, --metric, --data, --output and at least one candidate are required" >&2
  exit 2
fi

cli=${MLFLOW_CPP:-mlflow-cpp}
mode=${GATE_MODE:-promote}
mode_args=(--skip-decided)
case $mode in
  promote) ;;
  dry-run) mode_args+=(--dry-run) ;;
  *) echo "gate.sh: GATE_MODE must be promote or dry-run, not '$mode'" >&2; exit 2 ;;
esac

mkdir -p "$output"
rm -f "$output"/*.json
refused=0
for candidate in "${candidates[@]}"; do
  model_dir=models/$candidate
  if [[ ! -f $model_dir/MLmodel ]]; then
    echo "gate.sh: $model_dir is not a model directory (is '$candidate' in params.yaml models?)" >&2
    exit 2
  fi
  version=$("$cli" register --model "$model_dir" --name "$name" --alias challenger)
  rc=$?
  [[ $rc -ne 0 ]] && exit "$rc"
  echo "== gate: $candidate is $name version $version"
  "$cli" promote --name "$name" --candidate "$version" --champion-alias "$alias" --metric "$metric" \
    "${threshold_args[@]}" --data "$data" --output "$output/$candidate.json" "${mode_args[@]}"
  rc=$?
  case $rc in
    0) ;;
    1) refused=$((refused + 1)) ;;
    *) exit "$rc" ;;
  esac
done
if [[ $refused -gt 0 ]]; then
  echo "== gate: $refused candidate(s) refused; the $alias alias stays where the gate left it"
  [[ ${GATE_STRICT:-0} == 1 ]] && exit 1
fi
exit 0
