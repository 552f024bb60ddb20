# shellcheck shell=bash
# Shared helpers for the Headroom local scripts (up.sh, down.sh, test.sh).
# Source it, do not run it:   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# What it provides:
#   log_info / log_ok / log_warn / log_error / die   - uniform, prefixed output
#   ensure_servers    - PostgreSQL 5432, Redis 6379, RabbitMQ 5672 answering on 127.0.0.1;
#                       starts installed-but-stopped servers, installs missing ones (root only),
#                       records the servers it started in deploy/local/.run/started-servers.
#   ensure_databases  - creates the service databases and their _test twins if missing.
#   mail_sink_running_pid - the local SMTP sink (mail_sink.py) that up.sh starts, if running.
#   sms_sink_running_pid  - the local SMS gateway stand-in (sms_sink.py) that up.sh starts, if running.
#
# Rule: a server this code did not start is never stopped, restarted or reconfigured.

# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------
HEADROOM_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HEADROOM_REPO_ROOT="$(cd "${HEADROOM_LOCAL_DIR}/../.." && pwd)"
HEADROOM_RUN_DIR="${HEADROOM_LOCAL_DIR}/.run"
HEADROOM_STARTED_SERVERS="${HEADROOM_RUN_DIR}/started-servers"

# Databases: one per service, plus a _test twin used by `./mvnw verify`.
HEADROOM_DATABASES=(headroom_quota headroom_notification headroom_distribution)

# How long to wait for a server to answer after starting it (seconds).
HEADROOM_SERVER_WAIT_SECONDS="${HEADROOM_SERVER_WAIT_SECONDS:-60}"

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
RABBIT_HOST=127.0.0.1
RABBIT_PORT=5672
# Where notification-service sends its e-mails (application.properties: HEADROOM_SMTP_HOST/PORT).
# shellcheck disable=SC2034  # used by up.sh and the benchmarks
SMTP_HOST="${HEADROOM_SMTP_HOST:-127.0.0.1}"
# shellcheck disable=SC2034  # used by up.sh and the benchmarks
SMTP_PORT="${HEADROOM_SMTP_PORT:-2525}"
# Where distribution-service sends its SMS (HEADROOM_SMS_GATEWAY_URL): up.sh's SMS sink on
# 127.0.0.1:HEADROOM_SMS_PORT (default 2526), unless HEADROOM_SMS_GATEWAY_URL names another gateway.
SMS_PORT="${HEADROOM_SMS_PORT:-2526}"
# shellcheck disable=SC2034  # used by up.sh and the benchmarks
SMS_GATEWAY_URL="${HEADROOM_SMS_GATEWAY_URL:-http://127.0.0.1:${SMS_PORT}/sms}"

# Server tools may live in /usr/sbin (RabbitMQ), which a non-root PATH often lacks.
case ":${PATH}:" in *":/usr/sbin:"*) ;; *) PATH="${PATH}:/usr/sbin:/sbin" ;; esac

# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _c_reset=$'\e[0m' _c_blue=$'\e[34m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_red=$'\e[31m'
else
  _c_reset='' _c_blue='' _c_green='' _c_yellow='' _c_red=''
fi

log_info()  { printf '%s[headroom]%s %s\n' "${_c_blue}" "${_c_reset}" "$*"; }
log_ok()    { printf '%s[headroom] ok%s %s\n' "${_c_green}" "${_c_reset}" "$*"; }
log_warn()  { printf '%s[headroom] warning:%s %s\n' "${_c_yellow}" "${_c_reset}" "$*" >&2; }
log_error() { printf '%s[headroom] error:%s %s\n' "${_c_red}" "${_c_reset}" "$*" >&2; }
die()       { log_error "$*"; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------
# Probes: does the server answer on its port? (never prompt, never hang: short timeouts)
# ---------------------------------------------------------------------------------------------

# tcp_open HOST PORT -> success if a TCP connection can be opened.
tcp_open() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "${PG_HOST}" -p "${PG_PORT}" -t 3
  else
    tcp_open "${PG_HOST}" "${PG_PORT}"
  fi
}

# redis_answers [PORT] (default 6379)
redis_answers() {
  local reply port="${1:-${REDIS_PORT}}"
  if command -v redis-cli >/dev/null 2>&1; then
    reply="$(timeout 3 redis-cli -h "${REDIS_HOST}" -p "${port}" ping 2>/dev/null || true)"
  else
    # Inline-command PING over a raw socket; Redis replies "+PONG".
    reply="$(timeout 3 bash -c "exec 3<>/dev/tcp/${REDIS_HOST}/${port}; printf 'PING\r\n' >&3; head -c 5 <&3" 2>/dev/null || true)"
  fi
  [[ "${reply}" == *PONG* ]]
}

# RabbitMQ: send the AMQP 0-9-1 protocol header; a ready broker answers with a method frame
# (first byte 0x01, Connection.Start). A bare open port is not enough while the node boots.
rabbit_answers() {
  local first
  first="$(timeout 3 bash -c "exec 3<>/dev/tcp/${RABBIT_HOST}/${RABBIT_PORT}; printf 'AMQP\x00\x00\x09\x01' >&3; head -c 1 <&3 | od -An -tx1" 2>/dev/null || true)"
  [[ "${first// /}" == "01" ]]
}

# wait_until NAME PROBE_FUNCTION [SECONDS] -> polls once a second, bounded.
wait_until() {
  local name="$1" probe="$2" limit="${3:-${HEADROOM_SERVER_WAIT_SECONDS}}" waited=0
  until "${probe}"; do
    if (( waited >= limit )); then
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
    if (( waited % 10 == 0 )); then
      log_info "  still waiting for ${name} (${waited}s / ${limit}s)"
    fi
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# Installed? (binaries present on this machine)
# ---------------------------------------------------------------------------------------------
pg_installed()     { command -v pg_ctlcluster >/dev/null 2>&1 && [[ -n "$(pg_version)" ]]; }
redis_installed()  { command -v redis-server  >/dev/null 2>&1; }
rabbit_installed() { command -v rabbitmq-server >/dev/null 2>&1; }

# Highest installed PostgreSQL major version with a config directory, e.g. "15".
pg_version() {
  [[ -d /etc/postgresql ]] || return 0
  # shellcheck disable=SC2012  # plain version directory names
  ls /etc/postgresql 2>/dev/null | sort -V | tail -1
}

# ---------------------------------------------------------------------------------------------
# Record of servers started by these scripts (read by down.sh)
#   one line per server: "postgresql <version> main" | "redis 6379" | "rabbitmq"
# ---------------------------------------------------------------------------------------------
record_started_server() {
  mkdir -p "${HEADROOM_RUN_DIR}"
  touch "${HEADROOM_STARTED_SERVERS}"
  grep -qxF -- "$1" "${HEADROOM_STARTED_SERVERS}" || printf '%s\n' "$1" >>"${HEADROOM_STARTED_SERVERS}"
}

# ---------------------------------------------------------------------------------------------
# Starting servers
# ---------------------------------------------------------------------------------------------

# On a PostgreSQL this script has just installed, make loopback TCP connections "trust" so
# the services and tests can connect as user postgres without a password (the convention of
# these machines). Never called for a server that was already installed.
pg_trust_loopback() {
  local ver="$1" hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f "${hba}" ]] || return 0
  if grep -q 'headroom-local: trust loopback' "${hba}"; then
    return 0
  fi
  local tmp
  tmp="$(mktemp)"
  {
    echo '# headroom-local: trust loopback (added by deploy/local/lib.sh on a fresh install; development only)'
    echo 'host    all    all    127.0.0.1/32    trust'
    echo 'host    all    all    ::1/128         trust'
    cat "${hba}"
  } >"${tmp}"
  cat "${tmp}" >"${hba}"   # keep the file's owner and mode
  rm -f "${tmp}"
  log_info "PostgreSQL ${ver}: freshly installed, set loopback TCP to trust auth in ${hba} (development only)"
}

start_postgres() {
  local ver
  ver="$(pg_version)"
  [[ -n "${ver}" ]] || die "PostgreSQL: no version directory under /etc/postgresql"
  if [[ ! -d "/etc/postgresql/${ver}/main" ]]; then
    is_root || die "PostgreSQL ${ver}: cluster 'main' does not exist; create it as root: pg_createcluster ${ver} main"
    log_info "PostgreSQL ${ver}: creating cluster 'main' (pg_createcluster ${ver} main)"
    pg_createcluster "${ver}" main >/dev/null
  fi
  log_info "PostgreSQL ${ver}: not answering on ${PG_HOST}:${PG_PORT}, starting it: pg_ctlcluster --skip-systemctl-redirect ${ver} main start"
  if ! pg_ctlcluster --skip-systemctl-redirect "${ver}" main start; then
    is_root || die "PostgreSQL ${ver}: could not start it as user $(id -un); start it as root or postgres: pg_ctlcluster --skip-systemctl-redirect ${ver} main start"
    die "PostgreSQL ${ver}: pg_ctlcluster failed (see /var/log/postgresql/postgresql-${ver}-main.log)"
  fi
  record_started_server "postgresql ${ver} main"
}

start_redis() {
  # The machine's usual layout; a non-root user who cannot write there gets .run instead.
  local dir=/var/lib/redis logdir=/var/log/redis
  mkdir -p "${dir}" "${logdir}" 2>/dev/null || true
  if [[ ! -w "${dir}" || ! -w "${logdir}" ]]; then
    dir="${HEADROOM_RUN_DIR}/redis" logdir="${HEADROOM_RUN_DIR}/redis"
    mkdir -p "${dir}" "${logdir}"
  fi
  log_info "Redis: not answering on ${REDIS_HOST}:${REDIS_PORT}, starting it (no persistence, log ${logdir}/ci.log)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "${REDIS_PORT}" \
    --save "" --appendonly no --dir "${dir}" --logfile "${logdir}/ci.log" \
    || die "Redis: redis-server failed to start (see ${logdir}/ci.log)"
  record_started_server "redis ${REDIS_PORT}"
}

start_rabbit() {
  log_info "RabbitMQ: not answering on ${RABBIT_HOST}:${RABBIT_PORT}, starting it: rabbitmq-server -detached"
  if ! rabbitmq-server -detached; then
    is_root || die "RabbitMQ: could not start it as user $(id -un); start it as root: rabbitmq-server -detached"
    die "RabbitMQ: rabbitmq-server -detached failed (see /var/log/rabbitmq/)"
  fi
  record_started_server "rabbitmq"
}

# ---------------------------------------------------------------------------------------------
# ensure_servers: every server answering, or a clear error
# ---------------------------------------------------------------------------------------------
ensure_servers() {
  log_info "Checking servers: PostgreSQL ${PG_HOST}:${PG_PORT}, Redis ${REDIS_HOST}:${REDIS_PORT}, RabbitMQ ${RABBIT_HOST}:${RABBIT_PORT}"

  local to_start=() missing_pkgs=() name
  # name|probe|installed-check|package|start-function|label
  local specs=(
    "postgresql|pg_answers|pg_installed|postgresql|start_postgres|PostgreSQL"
    "redis|redis_answers|redis_installed|redis-server|start_redis|Redis"
    "rabbitmq|rabbit_answers|rabbit_installed|rabbitmq-server|start_rabbit|RabbitMQ"
  )
  local spec probe installed pkg starter label
  for spec in "${specs[@]}"; do
    IFS='|' read -r name probe installed pkg starter label <<<"${spec}"
    if "${probe}"; then
      log_ok "${label} is already running (left as it is)"
    elif "${installed}"; then
      to_start+=("${spec}")
    else
      missing_pkgs+=("${pkg}")
      to_start+=("${spec}")
    fi
  done

  # Install what is missing (root only), with a single apt-get update.
  local fresh_pg=false
  if (( ${#missing_pkgs[@]} > 0 )); then
    if ! is_root; then
      die "not installed and not running: ${missing_pkgs[*]}. Install as root: apt-get update && apt-get install -y ${missing_pkgs[*]} (or start your own servers on the ports above)"
    fi
    log_info "Not installed: ${missing_pkgs[*]} -> apt-get update; apt-get install -y ${missing_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing_pkgs[@]}" || die "apt-get install -y ${missing_pkgs[*]} failed"
    log_ok "installed: ${missing_pkgs[*]}"
    if [[ " ${missing_pkgs[*]} " == *" postgresql "* ]]; then
      fresh_pg=true
    fi
  fi

  # Start each stopped server, then wait (bounded) until it answers.
  for spec in ${to_start[@]+"${to_start[@]}"}; do
    IFS='|' read -r name probe installed pkg starter label <<<"${spec}"
    if [[ "${name}" == postgresql && "${fresh_pg}" == true ]]; then
      pg_trust_loopback "$(pg_version)"
      # The package's own init script may already have started it: reload to read pg_hba.
      if pg_answers; then
        pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload || true
      fi
    fi
    if "${probe}"; then
      # Started by the package installation itself: it is ours, record it.
      log_ok "${label} is running (started by its package installation)"
      case "${name}" in
        postgresql) record_started_server "postgresql $(pg_version) main" ;;
        redis) record_started_server "redis ${REDIS_PORT}" ;;
        rabbitmq) record_started_server "rabbitmq" ;;
      esac
      continue
    fi
    "${starter}"
    log_info "Waiting up to ${HEADROOM_SERVER_WAIT_SECONDS}s for ${label} to answer..."
    wait_until "${label}" "${probe}" || die "${label} did not answer within ${HEADROOM_SERVER_WAIT_SECONDS}s after starting it"
    log_ok "${label} started and answering (recorded in ${HEADROOM_STARTED_SERVERS#"${HEADROOM_REPO_ROOT}/"})"
  done
}

# ---------------------------------------------------------------------------------------------
# ensure_databases: headroom_* and headroom_*_test, created if missing
# ---------------------------------------------------------------------------------------------

# How psql reaches the server: "tcp" (psql -h 127.0.0.1 -U postgres) or "socket" (su postgres).
_HEADROOM_PSQL_MODE=""

# run_psql SQL -> runs one statement against database postgres, prints unaligned output.
run_psql() {
  if [[ "${_HEADROOM_PSQL_MODE}" == tcp ]]; then
    PGCONNECT_TIMEOUT=5 psql -X -w -q -At -v ON_ERROR_STOP=1 \
      -h "${PG_HOST}" -p "${PG_PORT}" -U postgres -d postgres -c "$1"
  else
    # SQL on stdin: no quoting through su -c. cd / so psql does not complain about the cwd.
    printf '%s\n' "$1" | (cd / && su postgres -s /bin/sh -c \
      "psql -X -q -At -v ON_ERROR_STOP=1 -p ${PG_PORT} -d postgres")
  fi
}

_pick_psql_mode() {
  command -v psql >/dev/null 2>&1 || die "psql not found (Debian package postgresql-client)"
  if PGCONNECT_TIMEOUT=5 psql -X -w -q -At -h "${PG_HOST}" -p "${PG_PORT}" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
    _HEADROOM_PSQL_MODE=tcp
    log_info "PostgreSQL: connecting as postgres over TCP (${PG_HOST}:${PG_PORT})"
  elif is_root && (cd / && su postgres -s /bin/sh -c "psql -X -q -At -p ${PG_PORT} -d postgres -c 'select 1'") >/dev/null 2>&1; then
    _HEADROOM_PSQL_MODE=socket
    log_warn "PostgreSQL: TCP login as postgres failed, using the local socket as the postgres OS user;" \
      "the services connect over TCP as postgres and need trust (or a password) for 127.0.0.1 in pg_hba.conf"
  else
    die "PostgreSQL: cannot connect as user postgres (tried TCP ${PG_HOST}:${PG_PORT} and, as root, the socket via su postgres)"
  fi
}

ensure_databases() {
  _pick_psql_mode
  local base db exists created=() present=()
  for base in "${HEADROOM_DATABASES[@]}"; do
    for db in "${base}" "${base}_test"; do
      exists="$(run_psql "SELECT 1 FROM pg_database WHERE datname = '${db}'")" \
        || die "PostgreSQL: could not query pg_database"
      if [[ "${exists}" == 1 ]]; then
        present+=("${db}")
      else
        run_psql "CREATE DATABASE ${db}" >/dev/null || die "PostgreSQL: CREATE DATABASE ${db} failed"
        created+=("${db}")
        log_ok "created database ${db}"
      fi
    done
  done
  if (( ${#present[@]} > 0 )); then
    log_ok "databases already present: ${present[*]}"
  fi
  if (( ${#created[@]} == 0 )); then
    log_ok "no database had to be created"
  fi
}

# ---------------------------------------------------------------------------------------------
# Services (used by up.sh / down.sh / test.sh)
# ---------------------------------------------------------------------------------------------
# name:port
# shellcheck disable=SC2034  # used by up.sh, down.sh and test.sh
HEADROOM_SERVICES=(quota-service:8081 notification-service:8082 distribution-service:8083)

service_pid_file() { printf '%s/%s.pid\n' "${HEADROOM_RUN_DIR}" "$1"; }
service_jar()      { printf '%s/%s/target/quarkus-app/quarkus-run.jar\n' "${HEADROOM_REPO_ROOT}" "$1"; }

# pid_file_running_pid PIDFILE ARG -> prints the pid if PIDFILE names a live process whose command
# line contains ARG (guards against a recycled pid); fails otherwise.
pid_file_running_pid() {
  local pid args
  [[ -f "$1" ]] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null || return 1
  args="$(ps -p "${pid}" -o args= 2>/dev/null || true)"
  [[ "${args}" == *"$2"* ]] || return 1
  printf '%s\n' "${pid}"
}

# service_running_pid NAME -> prints the pid if the pid file names a live process that is
# this service's jar; fails otherwise.
service_running_pid() { pid_file_running_pid "$(service_pid_file "$1")" "$(service_jar "$1")"; }

# ---------------------------------------------------------------------------------------------
# The mail sink (used by up.sh / down.sh): a minimal SMTP server on 127.0.0.1:${SMTP_PORT} that
# writes every e-mail it accepts to ${HEADROOM_MAIL_DIR} as an .eml file (mail_sink.py).
# ---------------------------------------------------------------------------------------------
HEADROOM_MAIL_SINK="${HEADROOM_LOCAL_DIR}/mail_sink.py"
# shellcheck disable=SC2034  # used by up.sh and the benchmarks
HEADROOM_MAIL_DIR="${HEADROOM_RUN_DIR}/mail"

mail_sink_pid_file() { printf '%s/mail-sink.pid\n' "${HEADROOM_RUN_DIR}"; }

# mail_sink_running_pid -> prints the pid if the pid file names a live process running
# mail_sink.py; fails otherwise.
mail_sink_running_pid() { pid_file_running_pid "$(mail_sink_pid_file)" "${HEADROOM_MAIL_SINK}"; }

# ---------------------------------------------------------------------------------------------
# The SMS sink (used by up.sh / down.sh): a minimal HTTP SMS gateway on 127.0.0.1:${SMS_PORT}
# that appends every SMS it accepts to ${HEADROOM_SMS_FILE} as a JSON line (sms_sink.py).
# ---------------------------------------------------------------------------------------------
HEADROOM_SMS_SINK="${HEADROOM_LOCAL_DIR}/sms_sink.py"
HEADROOM_SMS_DIR="${HEADROOM_RUN_DIR}/sms"
# shellcheck disable=SC2034  # used by up.sh and the benchmarks
HEADROOM_SMS_FILE="${HEADROOM_SMS_DIR}/messages.jsonl"

sms_sink_pid_file() { printf '%s/sms-sink.pid\n' "${HEADROOM_RUN_DIR}"; }

# sms_sink_running_pid -> prints the pid if the pid file names a live process running
# sms_sink.py; fails otherwise.
sms_sink_running_pid() { pid_file_running_pid "$(sms_sink_pid_file)" "${HEADROOM_SMS_SINK}"; }
