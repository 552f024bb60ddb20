#!/usr/bin/env bash
# Scale-out, on one machine: three quota-service instances behind nginx against a Redis Cluster
# of three masters, the topology chosen by configuration only (HEADROOM_REDIS_CLIENT_TYPE=cluster).
#   1. nginx and redis-server installed if missing (apt-get, as root),
#   2. PostgreSQL and RabbitMQ answering, databases present (deploy/local/lib.sh), plus the
#      deployment's own database headroom_quota_scale,
#   3. three redis-server --cluster-enabled yes on 127.0.0.1:7101-7103 (no persistence, state in
#      deploy/scale/.run/redis-<port>), joined by redis-cli --cluster create (3 masters, 0 replicas),
#   4. the decision scripts of the jar loaded into every master (SCRIPT LOAD; see --no-preload),
#   5. three quota-service instances from quota-service/target/quarkus-app/quarkus-run.jar on
#      8181-8183, ready (GET /q/health/ready),
#   6. nginx on 127.0.0.1:8180 with its own configuration, pid and logs under deploy/scale/.run/nginx,
#      round-robin over the three instances; every answer names its instance (X-Headroom-Upstream).
# The system's nginx (/etc/nginx, port 80) and the servers on the standard ports are never touched.
# Stop with deploy/scale/down.sh; measure with deploy/scale/bench.sh. Ports: see lib.sh.
#
# Options:
#   --no-preload   do not SCRIPT LOAD the scripts: the instances load them themselves on NOSCRIPT
#                  (a jar built before the EVAL fallback then fails calls on the nodes that miss them)
#   -h, --help     show this help
#
# Environment: HEADROOM_QUOTA_REDIS_TIMEOUT (default here 10s, see README.md), HEADROOM_QUOTA_REDIS_FAILURE
# (open), HEADROOM_SCALE_XMX (256m), HEADROOM_READY_TIMEOUT_SECONDS (180), the ports of lib.sh.
set -euo pipefail

# shellcheck source=deploy/scale/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

PUBLIC_KEY="${HEADROOM_LOCAL_DIR}/keys/dev-public.pem"
ISSUER="https://headroom.local"
READY_TIMEOUT_SECONDS="${HEADROOM_READY_TIMEOUT_SECONDS:-180}"
# A check waits for Redis at most this long; then the failure policy answers (open: allowed, not
# enforced). 2,000 checks at once on this deployment (3 JVMs, 3 Redis, nginx and the client on one
# small machine) take several seconds to answer, so the production 50 ms would measure the failure
# policy, not the limit. bench.sh counts answers that were not enforced and fails on any.
REDIS_TIMEOUT="${HEADROOM_QUOTA_REDIS_TIMEOUT:-10s}"
REDIS_FAILURE="${HEADROOM_QUOTA_REDIS_FAILURE:-open}"
XMX="${HEADROOM_SCALE_XMX:-256m}"

preload=true
while (( $# > 0 )); do
  case "$1" in
    --no-preload) preload=false; shift ;;
    -h|--help)    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)            die "unknown option: $1 (see --help)" ;;
  esac
done

# --- 1. tools ----------------------------------------------------------------------------------
[[ -r "${PUBLIC_KEY}" ]] || die "development public key missing: ${PUBLIC_KEY}"
command -v java >/dev/null 2>&1 || die "java not found on PATH (Java 17 is needed)"
command -v curl >/dev/null 2>&1 || die "curl not found on PATH"
command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH (reads the scripts out of the jar)"
[[ -f "${SCALE_JAR}" ]] || die "${SCALE_JAR#"${HEADROOM_REPO_ROOT}/"} not found: build it first (./mvnw -B -DskipTests -pl quota-service -am package)"

missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
if (( ${#missing[@]} > 0 )); then
  is_root || die "not installed: ${missing[*]}. Install as root: apt-get update && apt-get install -y ${missing[*]}"
  system_nginx_before="$(pgrep -x nginx 2>/dev/null | tr '\n' ' ' || true)"
  log_info "Installing ${missing[*]} (apt-get update; apt-get install -y ${missing[*]})"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || die "apt-get install -y ${missing[*]} failed"
  log_ok "installed: ${missing[*]}"
  if [[ " ${missing[*]} " == *" nginx "* && -z "${system_nginx_before// /}" ]] && pgrep -x nginx >/dev/null 2>&1; then
    log_warn "the nginx package started the system's nginx (/etc/nginx, port 80) on installation; left as it is"
  fi
fi
log_ok "tools: $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(redis-server --version | cut -d' ' -f1-3)"

# --- 2. PostgreSQL, RabbitMQ, databases ----------------------------------------------------------
# Servers started here are recorded in deploy/local/.run/started-servers: deploy/local/down.sh stops them.
ensure_servers
ensure_databases
if [[ "$(run_psql "SELECT 1 FROM pg_database WHERE datname = '${SCALE_DB_NAME}'")" == 1 ]]; then
  log_ok "database ${SCALE_DB_NAME} present"
else
  run_psql "CREATE DATABASE ${SCALE_DB_NAME}" >/dev/null || die "CREATE DATABASE ${SCALE_DB_NAME} failed"
  log_ok "created database ${SCALE_DB_NAME} (the instances migrate it at start)"
fi

# --- pre-flight: every port free or already ours --------------------------------------------------
mkdir -p "${SCALE_RUN_DIR}" "${SCALE_LOG_DIR}" "${SCALE_NGINX_DIR}"
for port in "${SCALE_REDIS_PORTS[@]}"; do
  redis_node_running_pid "${port}" >/dev/null && continue
  for p in "${port}" $(( port + 10000 )); do
    ! tcp_open 127.0.0.1 "${p}" || die "port ${p} (Redis node ${port}) is in use by something this script did not start"
  done
done
for port in "${SCALE_SERVICE_PORTS[@]}"; do
  instance_running_pid "${port}" >/dev/null && continue
  ! tcp_open 127.0.0.1 "${port}" || die "port ${port} (quota-service instance) is in use by something this script did not start"
done
if ! nginx_running_pid >/dev/null; then
  ! tcp_open 127.0.0.1 "${SCALE_PORT}" || die "port ${SCALE_PORT} (nginx) is in use by something this script did not start"
fi

# --- 3. the Redis Cluster ------------------------------------------------------------------------
for port in "${SCALE_REDIS_PORTS[@]}"; do
  dir="$(redis_node_dir "${port}")"
  if pid="$(redis_node_running_pid "${port}")"; then
    log_ok "Redis node ${port} already running (pid ${pid}): left as it is"
    continue
  fi
  mkdir -p "${dir}"
  rm -f "${dir}/redis.pid" "${dir}/nodes.conf"   # a stopped node comes back as a new, empty one
  redis-server --daemonize yes --bind 127.0.0.1 --port "${port}" \
    --cluster-enabled yes --cluster-config-file "${dir}/nodes.conf" --cluster-node-timeout 5000 \
    --save "" --appendonly no --dir "${dir}" --pidfile "${dir}/redis.pid" --logfile "${dir}/redis.log" \
    || die "redis-server on ${port} failed to start (see ${dir}/redis.log)"
  waited=0
  until [[ "$(scale_redis "${port}" PING 2>/dev/null)" == PONG ]]; do
    (( waited < 50 )) || die "Redis node ${port} does not answer 10 s after its start (see ${dir}/redis.log)"
    sleep 0.2; waited=$((waited + 1))
  done
  log_info "started Redis node 127.0.0.1:${port} (cluster mode, no persistence, ${dir#"${HEADROOM_REPO_ROOT}/"})"
done

cluster_info() { scale_redis "$1" CLUSTER INFO 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }
cluster_ok() {
  local p
  for p in "${SCALE_REDIS_PORTS[@]}"; do
    [[ "$(cluster_info "${p}" cluster_state)" == ok && "$(cluster_info "${p}" cluster_slots_ok)" == 16384 \
       && "$(cluster_info "${p}" cluster_known_nodes)" == "${#SCALE_REDIS_PORTS[@]}" ]] || return 1
  done
}
if cluster_ok; then
  log_ok "Redis Cluster already formed (${#SCALE_REDIS_PORTS[@]} masters, 16384 slots)"
else
  for port in "${SCALE_REDIS_PORTS[@]}"; do
    [[ "$(cluster_info "${port}" cluster_known_nodes)" == 1 && "$(cluster_info "${port}" cluster_slots_assigned)" == 0 ]] \
      || die "Redis node ${port} is part of a cluster that is not healthy; run ${REL_SCALE}/down.sh and up.sh again"
  done
  nodes=()
  for port in "${SCALE_REDIS_PORTS[@]}"; do nodes+=("127.0.0.1:${port}"); done
  log_info "Creating the cluster: redis-cli --cluster create ${nodes[*]} --cluster-replicas 0 --cluster-yes"
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"${SCALE_LOG_DIR}/cluster-create.log" 2>&1 \
    || { cat "${SCALE_LOG_DIR}/cluster-create.log" >&2; die "redis-cli --cluster create failed"; }
  waited=0
  until cluster_ok; do
    (( waited < 100 )) || die "the cluster is not ok 20 s after its creation (see ${SCALE_LOG_DIR}/cluster-create.log)"
    sleep 0.2; waited=$((waited + 1))
  done
  log_ok "Redis Cluster formed"
fi
while read -r addr ranges; do
  log_info "  master ${addr}: slots ${ranges}"
done < <(cluster_masters)

# --- 4. the scripts into every master ------------------------------------------------------------
# A cluster node knows only the scripts loaded on it. The instances load a missing script on the
# node that needs it (EVAL after NOSCRIPT); loading the jar's own scripts everywhere up front also
# serves jars built before that fallback, whose SCRIPT LOAD went to any one node.
if [[ "${preload}" == true ]]; then
  app_jar="$(ls "$(dirname "${SCALE_JAR}")"/app/*.jar 2>/dev/null | head -1)"
  [[ -n "${app_jar}" ]] || die "no application jar under $(dirname "${SCALE_JAR}")/app"
  for script in decide pace seed; do
    source_file="${SCALE_RUN_DIR}/${script}.lua"
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
      "${app_jar}" "redis/${script}.lua" >"${source_file}" || die "redis/${script}.lua not found in ${app_jar}"
    for port in "${SCALE_REDIS_PORTS[@]}"; do
      sha="$(scale_redis "${port}" -x SCRIPT LOAD <"${source_file}")" || die "SCRIPT LOAD ${script}.lua on ${port} failed"
    done
    log_ok "redis/${script}.lua (sha ${sha:0:12}…) loaded into every master"
  done
else
  log_info "--no-preload: the instances load the scripts themselves"
fi

# --- 5. the instances ----------------------------------------------------------------------------
redis_hosts="$(scale_redis_hosts)"
# A jar without RedisGate sends as many Redis commands at once as it has checks in flight. The
# cluster client takes a pooled connection of every master per command, so past the pool size
# (48) its pools block each other for good (see deploy/scale/README.md). For such a jar only, the
# pool is made larger than the checks one instance can have in flight here.
extra_env=()
app_jar="$(ls "$(dirname "${SCALE_JAR}")"/app/*.jar 2>/dev/null | head -1)"
if ! python3 -c 'import sys, zipfile; sys.exit(0 if "io/headroom/quota/ratelimit/RedisGate.class" in zipfile.ZipFile(sys.argv[1]).namelist() else 1)' "${app_jar}"; then
  pool="${HEADROOM_SCALE_OLD_JAR_POOL:-1024}"
  # the cluster client refuses a wait queue shorter than the pool
  extra_env+=(QUARKUS_REDIS_MAX_POOL_SIZE="${pool}" QUARKUS_REDIS_MAX_POOL_WAITING="$(( pool > 1000 ? pool : 1000 ))")
  log_warn "this jar predates RedisGate (built before the in-flight cap): QUARKUS_REDIS_MAX_POOL_SIZE=${pool} for it;" \
    "rebuild quota-service to run with the normal pool of 48"
fi
for port in "${SCALE_SERVICE_PORTS[@]}"; do
  if pid="$(instance_running_pid "${port}")"; then
    log_ok "quota-service :${port} already running (pid ${pid}): left as it is"
    continue
  fi
  log="$(instance_log "${port}")"
  # As deploy/local/up.sh starts it (dev key, issuer, private webhook targets allowed), plus: the
  # cluster (HEADROOM_ for this build's application.properties, QUARKUS_ for jars built before
  # it), its own database, and webhook queue names of its own, so that a local suite running at
  # the same time never takes this deployment's deliveries (or the other way round).
  (
    cd "${HEADROOM_REPO_ROOT}/quota-service"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="${PUBLIC_KEY}" \
    MP_JWT_VERIFY_ISSUER="${ISSUER}" \
    HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES="${HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES:-true}" \
    HEADROOM_DB_NAME="${SCALE_DB_NAME}" \
    HEADROOM_REDIS_CLIENT_TYPE=cluster \
    HEADROOM_REDIS_HOSTS="${redis_hosts}" \
    QUARKUS_REDIS_CLIENT_TYPE=cluster \
    QUARKUS_REDIS_HOSTS="${redis_hosts}" \
    HEADROOM_QUOTA_REDIS_TIMEOUT="${REDIS_TIMEOUT}" \
    HEADROOM_QUOTA_REDIS_FAILURE="${REDIS_FAILURE}" \
      exec env ${extra_env[@]+"${extra_env[@]}"} setsid nohup java "-Xmx${XMX}" "-Dquarkus.http.port=${port}" -Dquarkus.http.host=127.0.0.1 \
        -Dheadroom.webhooks.routing-key=scale.quota.webhook-call \
        -Dmp.messaging.incoming.webhook-calls.queue.name=scale.quota.webhook-calls \
        -Dmp.messaging.incoming.webhook-calls.dead-letter-routing-key=scale.quota.webhook-calls \
        -Dmp.messaging.incoming.webhook-calls.dead-letter-queue-name=scale.quota.webhook-calls.dlq \
        -jar "${SCALE_JAR}" >"${log}" 2>&1 </dev/null
  ) &
  echo "$!" >"$(instance_pid_file "${port}")"
  log_info "started quota-service :${port} (pid $!, log ${log#"${HEADROOM_REPO_ROOT}/"})"
done

for port in "${SCALE_SERVICE_PORTS[@]}"; do
  waited=0
  until ready_at "${port}"; do
    if ! instance_running_pid "${port}" >/dev/null; then
      tail -n 40 "$(instance_log "${port}")" >&2 || true
      die "quota-service :${port} exited before it was ready (log above); stop the rest with ${REL_SCALE}/down.sh"
    fi
    (( waited < READY_TIMEOUT_SECONDS )) || die "quota-service :${port} not ready after ${READY_TIMEOUT_SECONDS}s (see $(instance_log "${port}"))"
    sleep 1; waited=$((waited + 1))
  done
  log_ok "quota-service :${port} is ready"
done

# --- 6. nginx ----------------------------------------------------------------------------------
if pid="$(nginx_running_pid)"; then
  log_ok "nginx :${SCALE_PORT} already running (pid ${pid}): left as it is"
else
  mkdir -p "${SCALE_NGINX_DIR}/tmp"
  {
    cat <<EOF
# Written by ${REL_SCALE}/up.sh: nginx of the scale-out deployment (own pid, logs and temp paths).
worker_processes 2;
worker_rlimit_nofile 20000;
pid ${SCALE_NGINX_PID};
error_log ${SCALE_NGINX_DIR}/error.log warn;

events {
    worker_connections 8192;
}

http {
    # one line per request: time, the instance that answered, status, times (bench.sh reads it)
    log_format scale '\$msec \$upstream_addr \$status \$request_time \$upstream_response_time';
    access_log ${SCALE_ACCESS_LOG} scale;
    client_body_temp_path ${SCALE_NGINX_DIR}/tmp/body;
    proxy_temp_path ${SCALE_NGINX_DIR}/tmp/proxy;
    fastcgi_temp_path ${SCALE_NGINX_DIR}/tmp/fastcgi;
    uwsgi_temp_path ${SCALE_NGINX_DIR}/tmp/uwsgi;
    scgi_temp_path ${SCALE_NGINX_DIR}/tmp/scgi;

    # round-robin; a POST already sent is never passed to another instance (nginx's default)
    upstream quota_service {
EOF
    for port in "${SCALE_SERVICE_PORTS[@]}"; do
      printf '        server 127.0.0.1:%s;\n' "${port}"
    done
    cat <<EOF
        keepalive 128;
    }

    server {
        listen 127.0.0.1:${SCALE_PORT} backlog=4096;
        location / {
            proxy_pass http://quota_service;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            add_header X-Headroom-Upstream \$upstream_addr always;
        }
    }
}
EOF
  } >"${SCALE_NGINX_CONF}"
  nginx_args=(-p "${SCALE_NGINX_DIR}/" -c "${SCALE_NGINX_CONF}" -e "${SCALE_NGINX_DIR}/error.log")
  nginx -t -q "${nginx_args[@]}" || die "nginx -t rejected ${SCALE_NGINX_CONF}"
  nginx "${nginx_args[@]}" || die "nginx failed to start (see ${SCALE_NGINX_DIR}/error.log)"
  waited=0
  until nginx_running_pid >/dev/null && ready_at "${SCALE_PORT}"; do
    (( waited < 50 )) || die "nginx :${SCALE_PORT} does not answer 10 s after its start (see ${SCALE_NGINX_DIR}/error.log)"
    sleep 0.2; waited=$((waited + 1))
  done
  log_ok "nginx :${SCALE_PORT} is up (pid $(nginx_running_pid), config ${SCALE_NGINX_CONF#"${HEADROOM_REPO_ROOT}/"})"
fi

# --- summary ---------------------------------------------------------------------------------------
cat <<EOF

================================================================================
 Scale-out deployment is up
================================================================================
 nginx             http://127.0.0.1:${SCALE_PORT}  (round-robin; answers carry X-Headroom-Upstream)
 quota-service     $(for p in "${SCALE_SERVICE_PORTS[@]}"; do printf ':%s(pid %s) ' "${p}" "$(instance_running_pid "${p}")"; done)
                   HEADROOM_REDIS_CLIENT_TYPE=cluster, HEADROOM_REDIS_HOSTS=${redis_hosts}
                   database ${SCALE_DB_NAME}, Redis timeout ${REDIS_TIMEOUT} (${REDIS_FAILURE}), -Xmx${XMX}
 Redis Cluster     $(for p in "${SCALE_REDIS_PORTS[@]}"; do printf ':%s(pid %s) ' "${p}" "$(redis_node_running_pid "${p}")"; done)
 state and logs    ${REL_SCALE}/.run/ (logs/, nginx/, redis-<port>/)

 Benchmark:  ${REL_SCALE}/bench.sh      Stop:  ${REL_SCALE}/down.sh
================================================================================
EOF
