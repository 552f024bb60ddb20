#!/usr/bin/env bash
# Stop what deploy/scale/up.sh started, and nothing else:
#   1. its nginx (pid file deploy/scale/.run/nginx/nginx.pid; graceful QUIT, then TERM),
#   2. its quota-service instances (SIGTERM: they flush their counts and finish what is in flight;
#      SIGKILL after 20 s),
#   3. its Redis nodes (SHUTDOWN NOSAVE), whose cluster state is then deleted: the next up.sh forms
#      a new, empty cluster (the instances rebuild cycle counts from PostgreSQL).
# Logs stay in deploy/scale/.run (logs/, nginx/, redis-<port>/redis.log). The database
# headroom_quota_scale is kept. PostgreSQL and RabbitMQ are left running (deploy/local/down.sh
# stops those that deploy/local scripts started).
#
# Options:
#   -h, --help   show this help
set -euo pipefail

# shellcheck source=deploy/scale/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

STOP_GRACE_SECONDS=20
case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown option: $1 (see --help)" ;;
esac

# wait_gone PID TENTHS -> success once PID has exited, within TENTHS tenths of a second
wait_gone() {
  local i
  for (( i = 0; i < $2; i++ )); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$1" 2>/dev/null
}

# --- 1. nginx --------------------------------------------------------------------------------------
if pid="$(nginx_running_pid)"; then
  log_info "nginx :${SCALE_PORT}: stopping pid ${pid} (QUIT)"
  kill -QUIT "${pid}" 2>/dev/null || true
  if ! wait_gone "${pid}" 100; then
    log_warn "nginx still running after 10 s, sending TERM"
    kill -TERM "${pid}" 2>/dev/null || true
    wait_gone "${pid}" 50 || kill -KILL "${pid}" 2>/dev/null || true
  fi
  log_ok "nginx stopped"
else
  log_info "nginx: not running (nothing started by up.sh)"
fi
rm -f "${SCALE_NGINX_PID}"

# --- 2. the instances ----------------------------------------------------------------------------
pids=()
for port in "${SCALE_SERVICE_PORTS[@]}"; do
  if pid="$(instance_running_pid "${port}")"; then
    log_info "quota-service :${port}: stopping pid ${pid} (SIGTERM)"
    kill -TERM "${pid}" 2>/dev/null || true
    pids+=("${port}:${pid}")
  fi
  [[ -n "${pid:-}" ]] || rm -f "$(instance_pid_file "${port}")"
  pid=""
done
for entry in ${pids[@]+"${pids[@]}"}; do
  port="${entry%%:*}" pid="${entry##*:}"
  if ! wait_gone "${pid}" $(( STOP_GRACE_SECONDS * 10 )); then
    log_warn "quota-service :${port} still running after ${STOP_GRACE_SECONDS}s, sending SIGKILL to pid ${pid}"
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  rm -f "$(instance_pid_file "${port}")"
  log_ok "quota-service :${port} stopped"
done
(( ${#pids[@]} > 0 )) || log_info "quota-service: no instance started by up.sh is running"

# --- 3. the Redis nodes ----------------------------------------------------------------------------
for port in "${SCALE_REDIS_PORTS[@]}"; do
  dir="$(redis_node_dir "${port}")"
  if pid="$(redis_node_running_pid "${port}")"; then
    log_info "Redis node ${port}: SHUTDOWN NOSAVE (pid ${pid})"
    scale_redis "${port}" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    if ! wait_gone "${pid}" 100; then
      log_warn "Redis node ${port} still running after 10 s, sending TERM to pid ${pid}"
      kill -TERM "${pid}" 2>/dev/null || true
      wait_gone "${pid}" 50 || die "Redis node ${port} (pid ${pid}) does not stop"
    fi
    log_ok "Redis node ${port} stopped"
  fi
  rm -f "${dir}/redis.pid" "${dir}/nodes.conf"
done
log_ok "everything ${REL_SCALE}/up.sh started is stopped (logs kept in ${REL_SCALE}/.run)"
