#!/usr/bin/env bash
# The Linux kernel pktgen (/proc/net/pktgen) as a source for the r = 0 (plain IPv4) share of a router test.
# It builds IPv4 or IPv6 headers only: it cannot emit IPv8 frames (no version-8 header, no 0x8080 EtherType),
# so use it next to an IPv8 source (ipv8-pktgen, trafgen with perf/recipes/trafgen, or a replayed pcap) when
# the mix needs IPv4 traffic from an independent generator.
#   perf/recipes/kernel-pktgen/ipv4-share.sh DEV DST_MAC [COUNT] [PPS] [SIZE]
# e.g. ipv4-share.sh eth1 02:00:00:00:0a:01 10000000 100000 64
# Needs root and the pktgen module (modprobe pktgen). SIZE counts the FCS like ipv8-pktgen (64 = pkt_size 60).
set -euo pipefail
DEV="${1:?usage: ipv4-share.sh DEV DST_MAC [COUNT] [PPS] [SIZE]}"
DST_MAC="${2:?destination MAC (the router port)}"
COUNT="${3:-1000000}"
PPS="${4:-100000}"
SIZE="${5:-64}"
[ -d /proc/net/pktgen ] || modprobe pktgen || { echo "no /proc/net/pktgen: load the pktgen module" >&2; exit 3; }
pg() { echo "$2" > "$1" || { echo "pktgen refused '$2' in $1: $(grep -i result "$1" 2>/dev/null)" >&2; exit 1; }; }

THREAD=/proc/net/pktgen/kpktgend_0
pg "$THREAD" "rem_device_all"
pg "$THREAD" "add_device $DEV"
PGDEV="/proc/net/pktgen/$DEV"
pg "$PGDEV" "count $COUNT"
pg "$PGDEV" "clone_skb 0"
pg "$PGDEV" "pkt_size $((SIZE - 4))"        # without FCS, as in ipv8-pktgen's frames
pg "$PGDEV" "ratep $PPS"                    # packets per second (0 = as fast as possible: use 'delay 0')
pg "$PGDEV" "dst_mac $DST_MAC"
pg "$PGDEV" "src_min 10.0.0.1"              # sources walk 10.0.0.1-10.0.0.254 (sequentially:
pg "$PGDEV" "src_max 10.0.0.254"            #  no IPSRC_RND flag)
pg "$PGDEV" "dst_min 10.1.0.1"
pg "$PGDEV" "dst_max 10.1.0.254"
pg "$PGDEV" "udp_src_min 1024"
pg "$PGDEV" "udp_src_max 1024"
pg "$PGDEV" "udp_dst_min 9"
pg "$PGDEV" "udp_dst_max 9"
pg /proc/net/pktgen/pgctrl "start"          # blocks until COUNT packets are sent
cat "$PGDEV"
