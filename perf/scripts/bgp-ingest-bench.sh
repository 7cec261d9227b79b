#!/usr/bin/env bash
# Full-table BGP ingest benchmark: GoBGP feeder -> ipv8-router bgp8 versus GoBGP feeder -> gobgpd, same run.
# Runs everything inside a private network namespace on 10.99.0.1-4 (GoBGP refuses 127/8 next hops), which is
# always deleted on exit. Needs root, gobgpd/gobgp (apt-get install -y gobgpd) and a built perf jar:
#   source testbed/scripts/lib.sh && ipv8_select_jdk && ipv8_mvn -pl perf -am package -DskipTests
# Usage: perf/scripts/bgp-ingest-bench.sh [routes=100000] [distinct-next-hop-groups=100]
# Environment (optional): BENCH_POLL_MS=500 (gobgpd poll interval once Established; its converged instant is
# estimated between polls), BENCH_START_POLL_MS=20 (poll interval before Established), BENCH_ORDER=ours-first or
# gobgpd-first, BENCH_PUSHER=process (table pusher in its own JVM) or in-jvm (the old set-up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/testbed/scripts/lib.sh"
ipv8_select_jdk
JAR="$ROOT/perf/target/ipv8-perf.jar"
[ -f "$JAR" ] || ipv8_die "missing $JAR: build it with ipv8_mvn -pl perf -am package -DskipTests"
command -v gobgpd >/dev/null || ipv8_die "gobgpd not installed: apt-get install -y gobgpd"
NS="ipv8bench$$"
cleanup() { ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
for i in 1 2 3 4; do ip -n "$NS" addr add "10.99.0.$i/32" dev lo; done
ip netns exec "$NS" "$JAVA_HOME/bin/java" -Xmx4g --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
  -Djava.util.logging.ConsoleHandler.level=WARNING \
  -Dbench.pollMs="${BENCH_POLL_MS:-500}" -Dbench.startPollMs="${BENCH_START_POLL_MS:-20}" \
  -Dbench.order="${BENCH_ORDER:-ours-first}" -Dbench.pusher="${BENCH_PUSHER:-process}" \
  -cp "$JAR" org.ipv8router.perf.BgpIngestBenchmark "${1:-100000}" "${2:-100}"
