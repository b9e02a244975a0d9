#!/usr/bin/env bash
# Warden vs Apache ZooKeeper, standalone, side by side: builds bench (and the cli it launches), then runs
#   warden-bench side-by-side [options]     (see --help; e.g. -w getData,setData -r 3 -d 6)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -o -q -B -pl bench -am package -DskipTests) >&2
exec java ${BENCH_JVM_OPTS:--Xmx1g} -cp "$here/bench/target/warden-bench.jar:$here/bench/target/lib/*" \
  io.warden.bench.Bench side-by-side "$@"
