#!/usr/bin/env bash
# The engine at scale with a zero-latency in-memory handler (no emulator, no network): full apply,
# no-op plan, 1% change and destroy of N resources, bytes written and peak heap. Prints a Markdown
# table (docs/benchmarks.md).
#
#   bench/engine.sh                  N = 1,000 10,000 30,000
#   bench/engine.sh 3000 10000
#   HEAP=1g bench/engine.sh 30000    maximum heap of the benchmark JVM (default 1g)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
mvn -B -ntp -q -pl deployer-core test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="deployer-core/target/classes:deployer-core/target/test-classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
echo "load: $(uptime | sed 's/.*load average/load average/'), $(nproc) cores"
exec java -Xmx"${HEAP:-1g}" -cp "$CP" dev.deployer.core.bench.EngineBench "$@"
