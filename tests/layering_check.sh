#!/usr/bin/env bash
# The engine knows nothing of services, YAML or metrics: sim/engine/*.cpp and
# include/faultline/engine/*.hpp include only engine headers and the standard library.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
bad=$(grep -nE '^#include' "$root"/sim/engine/*.cpp "$root"/include/faultline/engine/*.hpp |
      grep -vE '#include <[a-z_0-9]+>' | grep -v '"faultline/engine/' || true)
if [ -n "$bad" ]; then
  echo "engine files include something outside the engine or the standard library:"
  echo "$bad"
  exit 1
fi
echo "1 passed, 0 failed"
