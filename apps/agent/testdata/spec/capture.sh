#!/bin/sh
# Copies the files the host spec collectors read from this machine into testdata/spec/<case>/,
# plus statfs of `/` and os.networkInterfaces(), so the golden tests run anywhere.
# Usage: sh capture.sh <case>   (then write <case>/expected.json from a reviewed run)
set -eu
dest=$(dirname "$0")/$1
copy() { mkdir -p "$dest/$(dirname "$1")"; cat "/$1" > "$dest/$1"; }
for f in proc/cpuinfo proc/meminfo proc/self/mountinfo \
  proc/sys/kernel/ostype proc/sys/kernel/osrelease proc/sys/kernel/version; do copy "$f"; done
for f in os-release lsb-release debian_version redhat-release system-release alpine-release; do
  [ -e "/etc/$f" ] && copy "etc/$f"
done
for d in /sys/block/*; do
  dev=$(basename "$d")
  for f in size removable device/model device/rev device/state device/timeout device/vendor; do
    [ -e "$d/$f" ] && copy "sys/block/$dev/$f"
  done
done
for d in /sys/devices/system/cpu/cpu[0-9]*; do
  cpu=$(basename "$d")
  for f in topology/core_id cpufreq/cpuinfo_max_freq; do
    [ -e "$d/$f" ] && copy "sys/devices/system/cpu/$cpu/$f"
  done
done
for d in /sys/class/net/*; do copy "sys/class/net/$(basename "$d")/address"; done
node -e 'const s = require("fs").statfsSync("/"); console.log(JSON.stringify({ "/": { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail } }))' > "$dest/statfs.json"
node -e 'console.log(JSON.stringify(require("os").networkInterfaces(), null, 2))' > "$dest/network-interfaces.json"
