#!/usr/bin/env bash
# JMH micro-benchmarks of the codec and the state machine; arguments go to JMH (e.g. CodecBench -f 1 -wi 2 -i 3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -o -q -B -pl bench -am package -DskipTests) >&2
exec java -cp "$here/bench/target/warden-bench.jar:$here/bench/target/lib/*" org.openjdk.jmh.Main "$@"
