#!/bin/sh
# System package the benchmarks need beyond scripts/sysdeps.sh: nginx (Debian's package) serves the
# generated site of bench/watch.py on 127.0.0.1. Only the benchmark uses it; the product never does.
# The benchmark starts its own nginx process with a generated config (the system service is not used).
set -u
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && exit 0

echo "gongkai: installing system package for the benchmarks: nginx"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "gongkai: cannot install nginx: this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "         Install nginx with your package manager and run the benchmark again." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "gongkai: cannot install nginx: not root and no sudo. Ask an administrator to run:" >&2
    echo "         apt-get install -y nginx" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq >/dev/null && \
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null || {
  echo "gongkai: apt-get could not install nginx" >&2
  exit 1
}
