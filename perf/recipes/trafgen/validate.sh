#!/usr/bin/env bash
# Validates a trafgen config that emits IPv8 frames: sends N frames from a veth end in one network namespace,
# captures them on the peer in another (tcpdump, or Wireshark's dumpcap), and decodes the capture with the router's own receive
# validation (./ipv8 pkt decode --pcap), which exits non-zero if any frame is invalid. Needs root, trafgen
# (apt-get install -y netsniff-ng) and tcpdump or dumpcap (tshark). Everything it creates is removed on exit.
#   perf/recipes/trafgen/validate.sh [config.trafgen] [frames]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CONF="${1:-$HERE/ipv8-udp.trafgen}"
COUNT="${2:-12}"
NS_TX="ipv8tg-tx-$$"
NS_RX="ipv8tg-rx-$$"
OUT="$(mktemp -d)"
cleanup() {
  ip netns pids "$NS_RX" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$NS_TX" 2>/dev/null || true
  ip netns del "$NS_RX" 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT
command -v trafgen >/dev/null || { echo "trafgen missing: apt-get install -y netsniff-ng" >&2; exit 3; }
if command -v tcpdump >/dev/null; then
  capture() { tcpdump -i tg1 -U -w "$1" -c "$COUNT" 'ether proto 0x8080 or ip'; }
elif command -v dumpcap >/dev/null; then
  capture() { dumpcap -q -i tg1 -P -w "$1" -c "$COUNT" -f 'ether proto 0x8080 or ip'; }
else
  echo "no capture tool: apt-get install -y tcpdump (or tshark)" >&2; exit 3
fi

ip netns add "$NS_TX"
ip netns add "$NS_RX"
ip link add tg0 netns "$NS_TX" type veth peer name tg1 netns "$NS_RX"
ip -n "$NS_TX" link set tg0 up
ip -n "$NS_RX" link set tg1 up
ip netns exec "$NS_RX" bash -c "$(declare -f capture); COUNT=$COUNT; capture $OUT/capture.pcap" \
  2>"$OUT/capture.log" &
CAPTURE=$!
sleep 1
ip netns exec "$NS_TX" trafgen --cpp --dev tg0 --conf "$CONF" --num "$COUNT" --cpus 1 >"$OUT/trafgen.log" 2>&1 \
  || { cat "$OUT/trafgen.log" >&2; exit 1; }
for _ in $(seq 1 50); do kill -0 "$CAPTURE" 2>/dev/null || break; sleep 0.1; done
kill "$CAPTURE" 2>/dev/null || true
wait "$CAPTURE" 2>/dev/null || true
echo "captured $(tshark -r "$OUT/capture.pcap" 2>/dev/null | wc -l) of $COUNT frames from trafgen ($CONF)" >&2
"$ROOT/ipv8" pkt decode --pcap "$OUT/capture.pcap"
