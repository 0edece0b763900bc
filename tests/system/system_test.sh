#!/usr/bin/env bash
# System tests for the service install (CTest label "system"):
#   system_test.sh verify|security|security-net|install|deb
# Environment (from tests/system/CMakeLists.txt): AW_SOURCE_DIR, AW_BINARY_DIR, AW_AEROWATCHD,
# AW_AEROWATCH, AW_CMAKE, AW_CPACK. Missing tools are failures, never skips.
set -uo pipefail

mode=${1:?mode}
fail() { echo "FAIL: $*" >&2; exit 1; }
need() {
  command -v "$1" >/dev/null 2>&1 ||
    fail "$1 not found (package $2; scripts/setup installs it)"
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aerowatch-system.XXXXXX") || fail "mktemp"
daemon_pid=
cleanup() {
  if [ -n "$daemon_pid" ]; then kill -KILL "$daemon_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

unit=$AW_BINARY_DIR/systemd/aerowatchd.service
policy=$AW_SOURCE_DIR/systemd/net-client-policy.json

# systemd-analyze verify --man=no: rc 0 AND empty stderr (bad keys and values are only warnings).
verify_unit() {
  local file=$1 err=$tmp/verify.err rc
  systemd-analyze verify --man=no "$file" 2>"$err"; rc=$?
  if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
    cat "$err" >&2
    fail "systemd-analyze verify $file: rc=$rc, stderr above"
  fi
  echo "ok: systemd-analyze verify --man=no $(basename "$file"): rc 0, no stderr"
}

# A packaged unit names /usr/bin/aerowatchd; verify needs the binary to exist, so point the
# unit at the copy inside ROOT (the only change), as reliability.md 1.6 does.
verify_rooted_unit() {
  local root=$1 file=$2
  mkdir -p "$tmp/rooted"
  sed "s#/usr/bin/aerowatchd#$root/usr/bin/aerowatchd#g" "$file" > "$tmp/rooted/aerowatchd.service"
  verify_unit "$tmp/rooted/aerowatchd.service"
}

# The settings the issue asks for, present in a unit.
check_unit_settings() {
  local file=$1 key
  for key in 'Type=notify' 'WatchdogSec=' 'ExecReload=.* --check-config --config ' \
             'ExecReload=/bin/kill -HUP \$MAINPID' 'Restart=on-failure' 'RestartPreventExitStatus=78' \
             'StartLimitIntervalSec=' 'StartLimitBurst=' 'DynamicUser=yes' 'StateDirectory=aerowatch' \
             'LogsDirectory=aerowatch' 'ConfigurationDirectory=aerowatch' 'LoadCredential=' \
             'SystemCallFilter=@system-service' 'ProtectSystem=strict' 'PrivateUsers=yes'; do
    grep -Eq "^$key" "$file" || fail "$file has no line matching ^$key"
  done
  # The reload check must come before the signal.
  grep '^ExecReload=' "$file" | head -1 | grep -q -- '--check-config' ||
    fail "$file: the first ExecReload= must validate the config"
  echo "ok: $(basename "$file") has the required settings"
}

score() { # print the overall exposure, run with the given extra arguments
  local out rc
  out=$(systemd-analyze security --offline=true --no-pager "$@" 2>&1); rc=$?
  echo "$out" | grep 'Overall exposure level'
  return $rc
}

check_installed_tree() { # ROOT UNITFILE: layout, unit, binaries
  local root=$1 unitfile=$2 f
  for f in usr/bin/aerowatchd usr/bin/aerowatch; do
    [ -x "$root/$f" ] || fail "$f missing or not executable"
  done
  for f in "$unitfile" etc/aerowatch/aerowatch.toml etc/logrotate.d/aerowatch \
           usr/share/aerowatch/airports.dat usr/share/aerowatch/airlines.dat \
           usr/share/aerowatch/VATSpy.dat usr/share/aerowatch/Boundaries.geojson \
           usr/share/doc/aerowatch/README.md usr/share/doc/aerowatch/aerowatch.example.toml; do
    [ -f "$root/$f" ] || fail "$f missing from the installed tree"
  done
  grep -qx 'ExecStart=/usr/bin/aerowatchd --config /etc/aerowatch/aerowatch.toml' "$root/$unitfile" ||
    fail "$unitfile: ExecStart is not '/usr/bin/aerowatchd --config /etc/aerowatch/aerowatch.toml'"
  grep -qx 'ExecReload=/usr/bin/aerowatchd --check-config --config /etc/aerowatch/aerowatch.toml' "$root/$unitfile" ||
    fail "$unitfile: ExecReload does not validate /etc/aerowatch/aerowatch.toml"
  check_unit_settings "$root/$unitfile"
  verify_rooted_unit "$root" "$root/$unitfile"

  "$root/usr/bin/aerowatchd" --version || fail "aerowatchd --version"
  "$root/usr/bin/aerowatch" --version >/dev/null || fail "aerowatch --version"
  # The packaged config must load with no secrets at all: a fresh install starts with it.
  env -u CREDENTIALS_DIRECTORY "$root/usr/bin/aerowatchd" --check-config \
      --config "$root/etc/aerowatch/aerowatch.toml" || fail "installed /etc config does not validate"
  # The full example loads once its secrets exist: env vars and LoadCredential= files.
  mkdir -p "$tmp/creds"
  echo "whsec_$(printf '%032d' 0 | base64)" > "$tmp/creds/webhook-ops.secret"
  echo "nms-client-secret" > "$tmp/creds/nms.secret"
  CREDENTIALS_DIRECTORY=$tmp/creds FAA_CLIENT_ID=id FAA_CLIENT_SECRET=s NMS_CLIENT_ID=id \
    AEROAPI_KEY=k AVIATIONSTACK_KEY=k SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T/B/x \
    "$root/usr/bin/aerowatchd" --check-config \
      --config "$root/usr/share/doc/aerowatch/aerowatch.example.toml" ||
    fail "the installed example config does not validate with its secrets"
  # The reference data is found next to the installed binary, as default_data_directory() says.
  local airport
  airport=$(env -u AEROWATCH_DATA_DIR "$root/usr/bin/aerowatch" airport SVMI 2>&1) ||
    fail "installed aerowatch airport SVMI: $airport"
  echo "$airport" | grep -q 'SVMI' || fail "installed aerowatch airport SVMI: $airport"
}

# Run the installed daemon on the installed config (state and log moved into $tmp, sources
# disabled so no feed is polled) until it says it is ready, then stop it: exit 0.
start_installed_daemon() {
  local root=$1 conf=$tmp/start.toml log=$tmp/start.log port i
  port=$((20000 + $$ % 20000))
  sed -e "s#\"/var/lib/aerowatch\"#\"$tmp/state\"#" \
      -e "s#\"/var/log/aerowatch/alerts.jsonl\"#\"$tmp/log/alerts.jsonl\"#" \
      -e 's#^enabled = true#enabled = false#' \
      -e "s#127.0.0.1:8787#127.0.0.1:$port#" \
      "$root/etc/aerowatch/aerowatch.toml" > "$conf"
  env -u AEROWATCH_DATA_DIR -u NOTIFY_SOCKET "$root/usr/bin/aerowatchd" --config "$conf" >"$log" 2>&1 &
  daemon_pid=$!
  for i in $(seq 1 100); do
    grep -q 'aerowatchd ready' "$log" && break
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q 'aerowatchd ready' "$log" || { cat "$log" >&2; fail "the installed daemon did not get ready"; }
  grep -q "reference data from $root/usr/share/aerowatch" "$log" ||
    { cat "$log" >&2; fail "the installed daemon did not take its reference data from usr/share/aerowatch"; }
  # Its health endpoint answers on the configured port (bash's /dev/tcp: no curl needed).
  local health
  health=$(exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3) ||
    fail "cannot reach 127.0.0.1:$port/healthz"
  echo "$health" | head -1 | grep -q '^HTTP/1.1 200' || fail "/healthz answered: $health"
  echo "$health" | grep -q '"status": "ok"' || fail "/healthz answered: $health"
  kill -TERM "$daemon_pid"
  local rc=0
  wait "$daemon_pid" || rc=$?
  daemon_pid=
  [ "$rc" -eq 0 ] || { cat "$log" >&2; fail "the installed daemon exited $rc on SIGTERM"; }
  [ -f "$tmp/state/aerowatch.db" ] || fail "no database in the state directory"
  sed 's/^/  | /' "$log"
  echo "ok: the installed daemon started on the installed config, answered /healthz and stopped cleanly"
}

case $mode in
  verify)
    need systemd-analyze systemd
    [ -f "$unit" ] || fail "$unit not generated (configure the build)"
    [ -x "$AW_AEROWATCHD" ] || fail "$AW_AEROWATCHD not built"
    grep -q "^ExecStart=$AW_AEROWATCHD " "$unit" || fail "$unit does not run $AW_AEROWATCHD"
    check_unit_settings "$unit"
    verify_unit "$unit"
    ;;
  security)
    need systemd-analyze systemd
    score --threshold=15 "$unit" || fail "exposure above 1.5 under the default policy"
    echo "ok: exposure <= 1.5 (default policy)"
    ;;
  security-net)
    need systemd-analyze systemd
    [ -f "$policy" ] || fail "$policy missing"
    score --security-policy="$policy" --threshold=5 "$unit" ||
      fail "exposure above 0.5 under the network-client policy"
    echo "ok: exposure <= 0.5 (network-client policy)"
    ;;
  install)
    need systemd-analyze systemd
    root=$tmp/root
    DESTDIR=$root "$AW_CMAKE" --install "$AW_BINARY_DIR" --prefix /usr >"$tmp/install.log" 2>&1 ||
      { cat "$tmp/install.log" >&2; fail "cmake --install"; }
    check_installed_tree "$root" lib/systemd/system/aerowatchd.service
    start_installed_daemon "$root"
    echo "ok: cmake --install --prefix /usr gives the service layout"
    ;;
  deb)
    need systemd-analyze systemd
    need dpkg-deb dpkg
    need dpkg-shlibdeps dpkg-dev
    (cd "$AW_BINARY_DIR" && "$AW_CPACK" -G DEB -B "$tmp/pkg") >"$tmp/cpack.log" 2>&1 ||
      { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; }
    grep -i 'warning' -A4 "$tmp/cpack.log" || true
    deb=$(ls "$tmp"/pkg/aerowatch_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { cat "$tmp/cpack.log" >&2; fail "no aerowatch_*.deb in $tmp/pkg"; }
    echo "package: $(basename "$deb"), $(du -h "$deb" | cut -f1)"
    dpkg-deb -c "$deb" > "$tmp/contents"
    for f in ./usr/bin/aerowatchd ./usr/bin/aerowatch ./lib/systemd/system/aerowatchd.service \
             ./etc/aerowatch/aerowatch.toml ./etc/logrotate.d/aerowatch ./usr/share/aerowatch/airports.dat; do
      grep -q " $f\$" "$tmp/contents" || { cat "$tmp/contents" >&2; fail "dpkg-deb -c: $f missing"; }
    done
    dpkg-deb -I "$deb" > "$tmp/info"
    sed 's/^/  /' "$tmp/info"
    depends=$(dpkg-deb -f "$deb" Depends)
    for p in libc6 libcurl4 libsqlite3-0 libpugixml1v5 libsimdjson14 "libspdlog1\.10[-a-z0-9]*" libfmt9 \
             "libcpp-httplib0\.11" libsystemd0 libssl3 zlib1g tzdata; do
      echo "$depends" | grep -Eq "(^|, )$p( |,|$)" || fail "Depends lacks $p: $depends"
    done
    for s in conffiles postinst prerm postrm; do
      dpkg-deb -I "$deb" "$s" >/dev/null 2>&1 || fail "control member $s missing"
    done
    dpkg-deb -I "$deb" conffiles | grep -qx /etc/aerowatch/aerowatch.toml ||
      fail "/etc/aerowatch/aerowatch.toml is not a conffile"
    root=$tmp/root
    dpkg -x "$deb" "$root" || fail "dpkg -x"
    check_installed_tree "$root" lib/systemd/system/aerowatchd.service
    start_installed_daemon "$root"
    echo "ok: the .deb installs a verified unit, its config and a daemon that starts"
    ;;
  *) fail "unknown mode $mode" ;;
esac
