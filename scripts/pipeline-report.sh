#!/usr/bin/env bash
# Prints the last pipeline run's results as Markdown (CI writes it to the job summary):
# validation verdicts, the metrics DVC tracks, and the gate's decision per candidate.
# Reads examples/sentiment-pipeline/{reports,metrics}; prints a note when they are missing.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pipeline=$root/examples/sentiment-pipeline
dvc=$root/.venv/bin/dvc
export DVC_NO_ANALYTICS=1

echo "## Sentiment pipeline"
if [[ ! -d $pipeline/reports ]]; then
  echo "No pipeline results (the pipeline did not run)."
  exit 0
fi
echo
echo "### Data validation"
for report in "$pipeline"/reports/validate-*.json; do
  [[ -f $report ]] || continue
  verdict=$(grep -o '"passed": [a-z]*' "$report" | head -1 | cut -d' ' -f2)
  echo "- $(basename "$report" .json): passed=$verdict"
done
echo
echo "### Metrics (validation file)"
if [[ -x $dvc ]]; then
  (cd "$pipeline" && "$dvc" metrics show --md 2>/dev/null) || echo "(dvc metrics show failed)"
fi
echo
echo "### Gate"
for decision in "$pipeline"/reports/gate/*.json; do
  [[ -f $decision ]] || continue
  candidate=$(basename "$decision" .json)
  outcome=$(grep -o '"decision": "[a-z_]*"' "$decision" | head -1 | cut -d'"' -f4)
  version=$(grep -o '"candidate_version": "[0-9]*"' "$decision" | head -1 | cut -d'"' -f4)
  echo "- $candidate (version ${version:-?}): ${outcome:-unknown}"
  grep -o '"[^"]*check failed[^"]*"' "$decision" | sort -u | sed 's/^/  - /'
done
