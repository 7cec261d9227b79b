#!/usr/bin/env bash
# One command for the side-by-side DPDK forwarding benchmark (Java graph over DpdkPort vs dpdk-testpmd mac):
#   perf/scripts/dpdk-forwarding-bench.sh [--pairs 5] [--seconds 10] [--core 0] [--main-core 1] [--idle-load 0.3]
# Builds the perf jar (tests skipped), then prints a markdown table on stdout (progress on stderr).
# Needs root (hugepages, DPDK vdevs) and dpdk-testpmd (apt-get install -y dpdk).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source testbed/scripts/lib.sh
ipv8_select_jdk >/dev/null
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not found: apt-get install -y dpdk" >&2; exit 2; }
ipv8_mvn -q -pl perf -am -DskipTests package >&2
exec java --enable-native-access=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
    -cp perf/target/ipv8-perf.jar org.ipv8router.perf.dpdk.DpdkForwardingBenchmark \
    --shim "$root/native-shim/target/libipv8shim.so" "$@"
