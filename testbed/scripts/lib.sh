# Shared shell helpers for ./ipv8, ./run-tests and .ci/run. Source it; do not run it.
# Every function prints what it does to stderr and fails with a message that says what to do.

IPV8_ROOT="${IPV8_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

ipv8_log() { printf '[ipv8-setup] %s\n' "$*" >&2; }
ipv8_die() { printf '[ipv8-setup] ERROR: %s\n' "$*" >&2; exit 1; }

# Major version of the java binary given as $1, or 0 when it does not run.
ipv8_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1 | grep -E '^[0-9]+$' || echo 0
}

# Exports JAVA_HOME and PATH for a JDK >= 25: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
ipv8_select_jdk() {
  local want=25 best="" best_v=0 cand v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(ipv8_java_major "$JAVA_HOME/bin/java")
    if [ "$v" -ge "$want" ]; then best="$JAVA_HOME"; best_v=$v; fi
  fi
  if [ -z "$best" ]; then
    for cand in /usr/lib/jvm/*; do
      [ -x "$cand/bin/javac" ] || continue
      v=$(ipv8_java_major "$cand/bin/java")
      if [ "$v" -ge "$want" ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v=$v; fi
    done
  fi
  [ -n "$best" ] || ipv8_die "no JDK >= $want found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. Temurin 25, or set JAVA_HOME."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; the flag is only valid on such JDKs.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}

# Runs Maven on the selected JDK, batch mode, no download progress.
ipv8_mvn() {
  command -v mvn >/dev/null 2>&1 || ipv8_apt_install maven
  (cd "$IPV8_ROOT" && mvn -B -ntp "$@")
}

# Installs the Debian packages named in $@ that are missing. Needs root (CI and these machines are root).
ipv8_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    ipv8_log "WARNING: missing packages ${missing[*]} and not root: tests that need them will skip and say so"
    return 0
  fi
  ipv8_log "installing ${missing[*]} from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || ipv8_die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || ipv8_die "apt-get install ${missing[*]} failed"
}

# Everything the test suite and the demo need from the machine.
IPV8_PACKAGES=(maven gcc make pkg-config dpdk dpdk-dev libdpdk-dev libpcap-dev iproute2 iputils-ping ethtool
               tshark tcpreplay python3-scapy bird2 gobgpd frr)

# 2 MB hugepages for DPDK: reserve $1 pages (default 512 = 1 GiB) of the 2 MB size and make sure a hugetlbfs
# with pagesize=2M is mounted (at /dev/hugepages unless one exists). Uses the per-size sysfs knob because
# /proc/sys/vm/nr_hugepages is the *default* size, which is 1 GB on hosts booted with default_hugepagesz=1G.
# Without root or when the kernel refuses, DPDK users fall back to --no-huge and say so (EalConfig AUTO).
ipv8_setup_hugepages() {
  local want="${1:-512}" knob=/sys/kernel/mm/hugepages/hugepages-2048kB have free mnt
  if [ ! -r "$knob/nr_hugepages" ]; then
    ipv8_log "WARNING: this kernel offers no 2 MB hugepages; DPDK runs with --no-huge"
    return 0
  fi
  have=$(cat "$knob/nr_hugepages")
  if [ "$have" -lt "$want" ]; then
    if [ "$(id -u)" -eq 0 ] && echo "$want" > "$knob/nr_hugepages" 2>/dev/null; then
      have=$(cat "$knob/nr_hugepages")
      if [ "$have" -lt "$want" ]; then
        ipv8_log "WARNING: asked for $want x 2 MB hugepages, the kernel reserved only $have (memory fragmented?)"
      fi
    else
      ipv8_log "WARNING: could not reserve $want x 2 MB hugepages (have $have, need root); DPDK may run with --no-huge"
    fi
  fi
  # A hugetlbfs for 2 MB pages: an explicit pagesize=2M mount, or one without pagesize= when 2 MB is the default.
  mnt=$(awk '$3 == "hugetlbfs" && ($4 ~ /pagesize=2M/ || $4 !~ /pagesize=/) { print $2; exit }' /proc/mounts)
  if [ -z "$mnt" ]; then
    mkdir -p /dev/hugepages 2>/dev/null
    if mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null; then
      mnt=/dev/hugepages
      ipv8_log "mounted hugetlbfs (pagesize=2M) on /dev/hugepages"
    else
      ipv8_log "WARNING: could not mount hugetlbfs on /dev/hugepages; DPDK runs with --no-huge"
      return 0
    fi
  fi
  free=$(cat "$knob/free_hugepages")
  ipv8_log "hugepages: $have x 2 MB reserved, $free free, hugetlbfs at $mnt"
  if [ "$free" -lt "$have" ] && ls "$mnt" 2>/dev/null | grep -q 'map_'; then
    # Left by DPDK runs without --in-memory (pitfall 11); the next primary with that prefix reclaims them.
    ipv8_log "WARNING: $((have - free)) hugepages are in use; $mnt holds DPDK map files of earlier runs without --in-memory"
  fi
}

# Full host set-up: packages, hugepages, JDK.
ipv8_setup_host() {
  ipv8_apt_install "${IPV8_PACKAGES[@]}"
  ipv8_setup_hugepages "${IPV8_HUGEPAGES:-512}"
  ipv8_select_jdk
}
