#!/usr/bin/env bash
# A faultline sweep as a Slurm job array: each array task runs one shard, then
# one `faultline merge` joins the parts into the same runs.csv and summary.csv
# one machine would write.
#
#   sbatch --array=0-15 tools/cluster/slurm-sweep.sh scenarios/retry-storm.yaml out/ \
#          --param services.ledger.workers=8,16,32 --param 'faults[0].add=100ms,300ms' --seeds 20
#   # when every task has finished:
#   build/faultline merge out/ --out out/
#
#SBATCH --job-name=faultline-sweep
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=faultline-sweep-%A_%a.log
set -euo pipefail
scenario=$1 out=$2
shift 2
shards=${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=0-N}
shard=${SLURM_ARRAY_TASK_ID:?run with sbatch --array=0-N}
# Every task builds (or reuses) the same binary; the checkout is shared.
"$(dirname "$0")/../faultline" sweep "$scenario" "$@" --shard "$shard/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$out" --quiet > /dev/null
