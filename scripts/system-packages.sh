#!/usr/bin/env bash
# Install the system packages `make test` needs, only those that are missing, on Debian or Ubuntu.
#
# What the suite needs besides Python: PostgreSQL's server binaries, redis-server, Chromium (with
# fonts), Java (for the W3C Nu HTML checker), ClamAV's clamd, Node with npm (GOV.UK Frontend), and for
# the plan's PDF: Pango (WeasyPrint lays text out with it), the Liberation fonts the PDF uses, and
# poppler-utils (pdfinfo and pdftotext, with which the tests read the PDF back); and wrk, the load
# client of `make bench`.
# Run as root, or as a user with sudo. Prints what it installs; exits non-zero naming the packages
# when it cannot install them.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have chromium || [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
have redis-server || missing+=(redis-server)
have java || missing+=(default-jre-headless)
have clamd || [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon clamav clamdscan)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
have node || missing+=(nodejs)
have npm || missing+=(npm)
have runuser || missing+=(util-linux)
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
have pdftotext || missing+=(poppler-utils)
have wrk || missing+=(wrk)  # make bench's HTTP load client (bench/bench_floor_ratio.py)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing the system packages the tests need: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif have sudo && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
elif have sudo; then
  sudo=(sudo)
else
  echo "Cannot install ${missing[*]}: run as root or install sudo, or install them yourself:" >&2
  echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
if ! have apt-get; then
  echo "Cannot install ${missing[*]}: this is not a Debian or Ubuntu machine (no apt-get). Install them yourself." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
  echo "Could not install the system packages: ${missing[*]}" >&2
  echo "Install them yourself (apt-get install --no-install-recommends ${missing[*]}) and run make test again." >&2
  exit 1
fi
echo "Installed: ${missing[*]}"
