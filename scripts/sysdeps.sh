#!/bin/sh
# System packages gongkai needs beyond PyPI: CJK fonts (PDF), Pango (WeasyPrint),
# Debian's chromium (browser tests, screenshots), clamav-daemon (virus-scan tests). Installed with apt-get
# when missing. freshclam never runs here: no service is started and the signature update is set to manual
# (the tests write their own signatures; a deployment's clamd and freshclam are the operator's).
# nginx: the deployment's front (deploy/nginx/gongkai.conf); the topology test and bench/watch.py run
# their own nginx process on 127.0.0.1 with a generated config (the Debian service is never started).
set -u
missing=""
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  missing=" nginx"
fi
fc-list :lang=zh 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
# clamd for the virus-scanning tests (tests/security/clamd_server.py starts its own on a tiny database)
[ -x /usr/sbin/clamd ] || command -v clamd >/dev/null 2>&1 || missing="$missing clamav-daemon"
# `sysdeps.sh bench`: wrk, the HTTP load generator of bench/platform.py (page p95 at 50 concurrent readers)
if [ "${1:-}" = bench ]; then command -v wrk >/dev/null 2>&1 || missing="$missing wrk"; fi
[ -z "$missing" ] && exit 0

echo "gongkai: installing system packages:$missing"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "gongkai: cannot install$missing: this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "         Install the equivalents with your package manager and run make again." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "gongkai: cannot install$missing: not root and no sudo. Ask an administrator to run:" >&2
    echo "         apt-get install -y$missing" >&2
    exit 1
  fi
fi
case "$missing" in *clamav-daemon*|*nginx*)
  echo "clamav-freshclam clamav-freshclam/autoupdate_freshclam select manual" | $SUDO debconf-set-selections 2>/dev/null
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # packages' postinst must not start clamd, freshclam or nginx here
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod 755 /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi;;
esac
$SUDO apt-get update -qq >/dev/null && \
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
  echo "gongkai: apt-get could not install$missing" >&2
  exit 1
}
