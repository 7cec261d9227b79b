#!/usr/bin/env bash
# One command for the side-by-side DPDK forwarding benchmark (Java IPv8 router over DpdkPort vs dpdk-testpmd mac):
#   perf/scripts/dpdk-forwarding-bench.sh [--pairs 5] [--seconds 10] [--core 0] [--main-core 1] [--idle-load 0.3]
#                                         [--pipeline ipv8|ipv8-slow|mac] [--pcap FILE] [--direct] [--no-huge]
# --pipeline ipv8 (default) runs the router's forwarding graph with the issue 3 example config (ExampleRouter) on
# 64-byte IPv8 frames it routes; --pipeline mac the MAC-rewrite stand-in. --pcap replaces the generated input, e.g.
#   ./ipv8 pkt build --src 64496.192.0.2.1 --dst 64497.198.51.100.7 --udp 40000,9 --payload 00000000000000000000 \
#       --smac 02:00:00:00:01:01 --dmac 02:00:00:00:00:10 --no-udp-checksum --pcap /tmp/in.pcap
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
