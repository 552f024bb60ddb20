# shellcheck shell=bash
# Shared by deploy/scale/up.sh, down.sh and bench.sh. Source it, do not run it.
# Sources deploy/local/lib.sh (log_*, die, tcp_open, ensure_servers, ensure_databases, run_psql, ...).
#
# The deployment: a Redis Cluster of three masters, three quota-service instances using it
# (HEADROOM_REDIS_CLIENT_TYPE=cluster) and nginx in front of them, all on 127.0.0.1, all with
# their state under deploy/scale/.run. Ports (override by environment):
#   HEADROOM_SCALE_REDIS_PORTS    "7101 7102 7103"   Redis masters (cluster bus: port + 10000)
#   HEADROOM_SCALE_SERVICE_PORTS  "8181 8182 8183"   quota-service instances
#   HEADROOM_SCALE_PORT           8180               nginx, round-robin over the instances
# and HEADROOM_SCALE_DB_NAME (headroom_quota_scale), the instances' own PostgreSQL database.

# shellcheck source=deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../local" && pwd)/lib.sh"

SCALE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCALE_RUN_DIR="${SCALE_DIR}/.run"
SCALE_LOG_DIR="${SCALE_RUN_DIR}/logs"
SCALE_NGINX_DIR="${SCALE_RUN_DIR}/nginx"
SCALE_NGINX_CONF="${SCALE_NGINX_DIR}/nginx.conf"
SCALE_NGINX_PID="${SCALE_NGINX_DIR}/nginx.pid"
# shellcheck disable=SC2034  # used by up.sh and bench.sh
SCALE_ACCESS_LOG="${SCALE_NGINX_DIR}/access.log"
REL_SCALE="${SCALE_DIR#"${HEADROOM_REPO_ROOT}/"}"   # deploy/scale

read -r -a SCALE_REDIS_PORTS <<<"${HEADROOM_SCALE_REDIS_PORTS:-7101 7102 7103}"
read -r -a SCALE_SERVICE_PORTS <<<"${HEADROOM_SCALE_SERVICE_PORTS:-8181 8182 8183}"
SCALE_PORT="${HEADROOM_SCALE_PORT:-8180}"
# shellcheck disable=SC2034  # used by up.sh
SCALE_DB_NAME="${HEADROOM_SCALE_DB_NAME:-headroom_quota_scale}"
SCALE_JAR="${HEADROOM_REPO_ROOT}/quota-service/target/quarkus-app/quarkus-run.jar"

for _p in "${SCALE_REDIS_PORTS[@]}" "${SCALE_SERVICE_PORTS[@]}" "${SCALE_PORT}"; do
  [[ "${_p}" =~ ^[1-9][0-9]{0,4}$ ]] && (( _p <= 65535 )) || die "not a port number: '${_p}' (HEADROOM_SCALE_*PORT*)"
done
for _p in "${SCALE_REDIS_PORTS[@]}"; do
  (( _p <= 55535 )) || die "Redis port ${_p}: its cluster bus port (+10000) would exceed 65535"
done
(( ${#SCALE_REDIS_PORTS[@]} >= 3 )) || die "a Redis Cluster needs at least 3 masters (HEADROOM_SCALE_REDIS_PORTS)"
unset _p

# "redis://127.0.0.1:7101,redis://127.0.0.1:7102,..." for HEADROOM_REDIS_HOSTS
scale_redis_hosts() {
  local p out=""
  for p in "${SCALE_REDIS_PORTS[@]}"; do out+="${out:+,}redis://127.0.0.1:${p}"; done
  printf '%s\n' "${out}"
}

# scale_redis PORT ARGS... -> redis-cli against one node (no redirects followed)
scale_redis() { local p="$1"; shift; redis-cli -h 127.0.0.1 -p "${p}" "$@"; }

redis_node_dir() { printf '%s/redis-%s\n' "${SCALE_RUN_DIR}" "$1"; }

# redis_node_running_pid PORT -> the pid of the redis-server this deployment started on PORT
redis_node_running_pid() {
  local pidfile pid args
  pidfile="$(redis_node_dir "$1")/redis.pid"
  [[ -f "${pidfile}" ]] || return 1
  pid="$(tr -dc '0-9' <"${pidfile}")"
  [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null || return 1
  args="$(ps -p "${pid}" -o args= 2>/dev/null || true)"
  [[ "${args}" == *redis-server*":$1"* ]] || return 1
  printf '%s\n' "${pid}"
}

instance_pid_file() { printf '%s/quota-%s.pid\n' "${SCALE_RUN_DIR}" "$1"; }
instance_log() { printf '%s/quota-%s.log\n' "${SCALE_LOG_DIR}" "$1"; }

# instance_running_pid PORT -> the pid of the quota-service instance this deployment started on PORT
instance_running_pid() {
  local pid args
  pid="$(pid_file_running_pid "$(instance_pid_file "$1")" "-Dquarkus.http.port=$1")" || return 1
  args="$(ps -p "${pid}" -o args= 2>/dev/null || true)"
  [[ "${args}" == *quarkus-run.jar* ]] || return 1
  printf '%s\n' "${pid}"
}

# nginx_running_pid -> the pid of this deployment's nginx master
nginx_running_pid() {
  local pid args
  [[ -f "${SCALE_NGINX_PID}" ]] || return 1
  pid="$(tr -dc '0-9' <"${SCALE_NGINX_PID}")"
  [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null || return 1
  args="$(ps -p "${pid}" -o args= 2>/dev/null || true)"
  [[ "${args}" == *"nginx: master process"*"${SCALE_NGINX_CONF}"* ]] || return 1
  printf '%s\n' "${pid}"
}

# ready_at PORT -> GET /q/health/ready answers 200 with status UP
ready_at() {
  local body
  body="$(curl -fsS --max-time 3 "http://127.0.0.1:$1/q/health/ready" 2>/dev/null)" || return 1
  [[ "${body}" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]
}

# cluster_masters -> "host:port slot-range..." per master, from CLUSTER NODES of the first node
cluster_masters() {
  scale_redis "${SCALE_REDIS_PORTS[0]}" CLUSTER NODES 2>/dev/null | tr -d '\r' | awk '
    $3 ~ /master/ && $3 !~ /fail/ { addr = $2; sub(/@.*/, "", addr); line = addr
      for (i = 9; i <= NF; i++) line = line " " $i; print line }' | sort
}

# slot_owner SLOT -> "host:port" of the master serving SLOT
slot_owner() {
  cluster_masters | awk -v s="$1" '{
    for (i = 2; i <= NF; i++) { n = split($i, r, "-"); lo = r[1]; hi = (n > 1 ? r[2] : r[1])
      if (s + 0 >= lo + 0 && s + 0 <= hi + 0) { print $1; exit } } }'
}
