#!/usr/bin/env bash
# Regenerates docs/conformance.md and docs/conformance/*.pcap from a real run of the two-ASN fabric scenarios
# (testbed FabricScenariosTest). Needs root and DPDK, like the scenarios themselves.
#   testbed/scripts/conformance.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ipv8_select_jdk
[ "$(id -u)" -eq 0 ] || ipv8_die "the fabric scenarios need root (network namespaces, DPDK, raw sockets)"
rm -f "$IPV8_ROOT"/docs/conformance/*.pcap
ipv8_mvn -q verify -pl testbed -am -Dtest=FabricScenariosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dipv8.conformance.doc="$IPV8_ROOT/docs/conformance.md" || rc=$?
[ -f "$IPV8_ROOT/docs/conformance.md" ] || ipv8_die "no report written: see testbed/target/surefire-reports"
ipv8_log "wrote $IPV8_ROOT/docs/conformance.md and $(ls "$IPV8_ROOT"/docs/conformance/ | wc -l) capture(s) under docs/conformance/"
exit "${rc:-0}"
