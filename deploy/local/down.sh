#!/usr/bin/env bash
# Stop what deploy/local/up.sh (and test.sh) started, and nothing else:
#   1. the services whose pid files are in deploy/local/.run/<service>.pid
#      (SIGTERM, then SIGKILL after 20 s),
#   2. the mail sink whose pid file is deploy/local/.run/mail-sink.pid (its e-mails stay in
#      deploy/local/.run/mail) and the SMS sink whose pid file is deploy/local/.run/sms-sink.pid
#      (its messages stay in deploy/local/.run/sms/messages.jsonl),
#   3. the servers listed in deploy/local/.run/started-servers, i.e. only the ones these
#      scripts started themselves. Servers that were already running are left alone.
#
# Options:
#   --keep-servers   stop the services and the two sinks only, leave every server running
#   -h, --help       show this help
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STOP_GRACE_SECONDS=20
keep_servers=false
while (( $# > 0 )); do
  case "$1" in
    --keep-servers) keep_servers=true; shift ;;
    -h|--help)      sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)              die "unknown option: $1 (see --help)" ;;
  esac
done

# --- 1. services -------------------------------------------------------------------------------
stopped_any=false
for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}"
  pidfile="$(service_pid_file "${name}")"
  [[ -f "${pidfile}" ]] || continue
  if ! pid="$(service_running_pid "${name}")"; then
    log_info "${name}: not running (removing stale pid file)"
    rm -f "${pidfile}"
    continue
  fi
  log_info "${name}: stopping pid ${pid} (SIGTERM)"
  kill -TERM "${pid}" 2>/dev/null || true
  waited=0
  while kill -0 "${pid}" 2>/dev/null && (( waited < STOP_GRACE_SECONDS )); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "${pid}" 2>/dev/null; then
    log_warn "${name}: still running after ${STOP_GRACE_SECONDS}s, sending SIGKILL to pid ${pid}"
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  rm -f "${pidfile}"
  log_ok "${name} stopped"
  stopped_any=true
done
[[ "${stopped_any}" == true ]] || log_info "No service started by up.sh is running"

# --- 2. the mail sink and the SMS sink -----------------------------------------------------------
# stop_sink LABEL PIDFILE RUNNING_PID_FUNCTION KEPT -> SIGTERM, SIGKILL after 5 s; KEPT says where
# its messages stay
stop_sink() {
  local label="$1" pidfile="$2" running="$3" kept="$4" pid waited=0
  [[ -f "${pidfile}" ]] || return 0
  if pid="$("${running}")"; then
    log_info "${label}: stopping pid ${pid} (SIGTERM)"
    kill -TERM "${pid}" 2>/dev/null || true
    while kill -0 "${pid}" 2>/dev/null && (( waited < 50 )); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log_warn "${label}: still running after 5 s, sending SIGKILL to pid ${pid}"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    log_ok "${label} stopped (${kept})"
  else
    log_info "${label}: not running (removing stale pid file)"
  fi
  rm -f "${pidfile}"
}
stop_sink "mail sink" "$(mail_sink_pid_file)" mail_sink_running_pid \
  "its e-mails stay in ${HEADROOM_MAIL_DIR#"${HEADROOM_REPO_ROOT}/"}"
stop_sink "SMS sink" "$(sms_sink_pid_file)" sms_sink_running_pid \
  "its messages stay in ${HEADROOM_SMS_FILE#"${HEADROOM_REPO_ROOT}/"}"

# --- 3. servers started by these scripts -------------------------------------------------------
if [[ "${keep_servers}" == true ]]; then
  log_info "--keep-servers: leaving all servers running"
  exit 0
fi
if [[ ! -s "${HEADROOM_STARTED_SERVERS}" ]]; then
  log_info "No server was started by these scripts: PostgreSQL, Redis and RabbitMQ left as they are"
  exit 0
fi

# Read the list first: the stop commands below must not consume the loop's stdin.
mapfile -t entries <"${HEADROOM_STARTED_SERVERS}"

redis_port=""
redis_stopped() { ! redis_answers "${redis_port}"; }

failed=()
for line in "${entries[@]}"; do
  read -r kind arg1 arg2 <<<"${line}" || true
  [[ -n "${kind:-}" ]] || continue
  case "${kind}" in
    postgresql)
      log_info "PostgreSQL ${arg1}: stopping (started by these scripts): pg_ctlcluster --skip-systemctl-redirect ${arg1} ${arg2:-main} stop"
      if pg_ctlcluster --skip-systemctl-redirect "${arg1}" "${arg2:-main}" stop; then
        log_ok "PostgreSQL ${arg1} stopped"
      else
        failed+=("postgresql ${arg1} ${arg2:-main}")
      fi
      ;;
    redis)
      log_info "Redis ${arg1}: stopping (started by these scripts): redis-cli -p ${arg1} shutdown nosave"
      redis_port="${arg1:-6379}"
      if ! redis_answers "${redis_port}"; then
        log_ok "Redis already stopped"
      else
        # redis-cli may report the dropped connection as an error: judge by the port instead.
        redis-cli -h 127.0.0.1 -p "${redis_port}" shutdown nosave >/dev/null 2>&1 || true
        if wait_until "Redis shutdown" redis_stopped 10; then
          log_ok "Redis stopped"
        else
          failed+=("redis ${arg1}")
        fi
      fi
      ;;
    rabbitmq)
      log_info "RabbitMQ: stopping (started by these scripts): rabbitmqctl stop"
      if rabbitmqctl stop >/dev/null </dev/null; then
        log_ok "RabbitMQ stopped"
      else
        failed+=("rabbitmq")
      fi
      ;;
    *)
      log_warn "unknown entry in ${HEADROOM_STARTED_SERVERS}: '${kind} ${arg1} ${arg2}' (ignored)"
      ;;
  esac
done

if (( ${#failed[@]} > 0 )); then
  # Keep only what failed, so a second down.sh retries exactly those.
  printf '%s\n' "${failed[@]}" >"${HEADROOM_STARTED_SERVERS}"
  die "could not stop: ${failed[*]} (still listed in ${HEADROOM_STARTED_SERVERS#"${HEADROOM_REPO_ROOT}/"})"
fi
rm -f "${HEADROOM_STARTED_SERVERS}"
log_ok "all servers started by these scripts are stopped"
