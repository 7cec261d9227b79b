#!/bin/sh
# Builds libipv8shim.so from ipv8shim.c against the system DPDK (pkg-config libdpdk).
# Called by Maven (native-shim/pom.xml, compile phase) as: build.sh <target dir> [<classes dir> [<skip>]]
# Skip it on machines without DPDK with -Dipv8.native.skip=true (the DPDK tests then skip and say why).
set -eu
src_dir=$(cd "$(dirname "$0")" && pwd)
out_dir=${1:?usage: build.sh <output dir> [<classes dir>]}
classes_dir=${2:-}
skip=${3:-false}
lib="$out_dir/libipv8shim.so"
install_hint="install the DPDK 22.11 development packages: apt-get install -y dpdk libdpdk-dev dpdk-dev pkg-config gcc libpcap-dev (./run-tests does this), or skip the native build with -Dipv8.native.skip=true"

die() { echo "[native-shim] ERROR: $*" >&2; exit 1; }

if [ "$skip" = "true" ]; then
  echo "[native-shim] WARNING: native build SKIPPED (-Dipv8.native.skip=true): $lib is not built and the DPDK tests will skip" >&2
  exit 0
fi

command -v gcc >/dev/null 2>&1 || die "gcc not found; $install_hint"
command -v pkg-config >/dev/null 2>&1 || die "pkg-config not found; $install_hint"
pkg-config --exists libdpdk || die "pkg-config cannot find libdpdk (DPDK headers and libraries are missing); $install_hint"
dpdk_version=$(pkg-config --modversion libdpdk)
case "$dpdk_version" in
  22.11*) ;;
  *) echo "[native-shim] WARNING: DPDK $dpdk_version found; the shim is written and tested for 22.11 (mbuf offsets are checked at run time)" >&2 ;;
esac

mkdir -p "$out_dir"
if [ -f "$lib" ] && [ "$lib" -nt "$src_dir/ipv8shim.c" ] && [ "$lib" -nt "$src_dir/ipv8shim.h" ] && [ "$lib" -nt "$0" ]; then
  echo "[native-shim] $lib is up to date (DPDK $dpdk_version)"
else
  echo "[native-shim] building $lib against DPDK $dpdk_version"
  # rte_vdev_init lives in the vdev bus driver, which pkg-config's --libs does not list.
  # shellcheck disable=SC2046
  gcc -O2 -g -fPIC -shared -Wall -Wextra -Werror -Wno-unused-parameter -std=gnu11 \
      -o "$lib.tmp" "$src_dir/ipv8shim.c" \
      $(pkg-config --cflags libdpdk) \
      -Wl,-z,defs $(pkg-config --libs libdpdk) -lrte_bus_vdev -lrte_net_ring \
    || die "gcc failed to build $lib (see the compiler output above)"
  mv -f "$lib.tmp" "$lib"
fi
if [ -n "$classes_dir" ]; then
  mkdir -p "$classes_dir/native"
  cp -f "$lib" "$classes_dir/native/libipv8shim.so"
fi
