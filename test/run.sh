#!/usr/bin/env bash
# What `npm test` runs: make sure the Debian packages the suite needs are installed,
# then type-check and run vitest (extra arguments go to vitest).
set -uo pipefail

# Debian packages the test suite needs. Add new ones here (space separated).
REQUIRED_DEBS="mosquitto mosquitto-clients chromium socat zbar-tools libusb-1.0-0 udev systemd cage sqlite3 openssl rabbitmq-server"

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "test/run.sh: $*" >&2; }

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# PIDs of running broker daemons a package install may start (empty if none): mosquitto,
# and RabbitMQ's Erlang VM (beam.smp) with its port mapper (epmd). The tests start their own.
daemon_pids() { { pgrep -x mosquitto; pgrep -x beam.smp; pgrep -x epmd; } 2>/dev/null | sort || true; }

install_debs() {
  local missing=("$@")
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}"
    log "not running as root, cannot install them. Run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing Debian packages: ${missing[*]} (and no apt-get to install them)"
    return 1
  fi
  log "installing missing Debian packages: ${missing[*]}"

  # Keep package maintainer scripts from starting services (e.g. a system
  # mosquitto on 1883, a rabbitmq-server node on 5672): invoke-rc.d / deb-systemd-invoke honour policy-rc.d.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT # also if interrupted
  fi
  local before status=0
  before="$(daemon_pids)"

  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update </dev/null; then
    log "apt-get update failed"
    status=1
  elif ! apt-get install -y --no-install-recommends "${missing[@]}" </dev/null; then
    log "apt-get install failed"
    status=1
  fi

  if [ "$created_policy" -eq 1 ]; then
    rm -f "$policy"
    trap - EXIT
  fi

  # If a daemon appeared during the install anyway, it was ours: stop it.
  local pid
  for pid in $(comm -13 <(echo "$before") <(daemon_pids)); do
    log "stopping $(cat "/proc/$pid/comm" 2>/dev/null) daemon (pid $pid) started by the package install"
    kill "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    log "could not install Debian packages: ${missing[*]}"
    return 1
  fi
  return 0
}

missing=()
for pkg in $REQUIRED_DEBS; do
  is_installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  install_debs "${missing[@]}" || exit 1
  still=()
  for pkg in "${missing[@]}"; do
    is_installed "$pkg" || still+=("$pkg")
  done
  if [ "${#still[@]}" -gt 0 ]; then
    log "Debian packages still missing after install: ${still[*]}"
    exit 1
  fi
fi

# Every project of tsconfig.json: the Node side, the tests, web-lib and each browser app (nothing is emitted).
log "type check (tsc -b)"
npx --no-install tsc -b
tsc_status=$?
[ "$tsc_status" -ne 0 ] && log "type check FAILED (exit $tsc_status); running the tests anyway"

log "vitest run $*"
results=test/artifacts/vitest-results.json
mkdir -p test/artifacts && rm -f "$results"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
vitest_status=$?
# One plain closing line that any CI can read.
if [ -f "$results" ]; then
  node -e 'const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));' "$PWD/$results"
fi

if [ "$tsc_status" -ne 0 ]; then
  log "FAILED: type check exit $tsc_status, vitest exit $vitest_status"
  exit "$tsc_status"
fi
exit "$vitest_status"
