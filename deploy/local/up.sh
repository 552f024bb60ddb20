#!/usr/bin/env bash
# Start the whole Headroom suite locally:
#   1. PostgreSQL, Redis and RabbitMQ answering (started or installed if needed),
#   2. the service databases (and their _test twins) present,
#   3. ./mvnw -B -DskipTests package,
#   4. quota-service (8081), notification-service (8082), distribution-service (8083)
#      started in the background and ready (GET /q/health/ready -> 200 {"status":"UP"}).
# Stop everything it started with deploy/local/down.sh.
#
# Options:
#   --no-build   skip the Maven build (use the jars already in <module>/target/quarkus-app)
#   -h, --help   show this help
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

READY_TIMEOUT_SECONDS="${HEADROOM_READY_TIMEOUT_SECONDS:-120}"
LOG_DIR="${HEADROOM_RUN_DIR}/logs"
BUILD_LOG="${HEADROOM_RUN_DIR}/build.log"
PUBLIC_KEY="${HEADROOM_LOCAL_DIR}/keys/dev-public.pem"
ISSUER="https://headroom.local"
REL_LOCAL="${HEADROOM_LOCAL_DIR#"${HEADROOM_REPO_ROOT}/"}"   # deploy/local

build=true
while (( $# > 0 )); do
  case "$1" in
    --no-build) build=false; shift ;;
    -h|--help)  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)          die "unknown option: $1 (see --help)" ;;
  esac
done

[[ -r "${PUBLIC_KEY}" ]] || die "development public key missing: ${PUBLIC_KEY} (see ${REL_LOCAL}/keys/README.md)"
command -v java >/dev/null 2>&1 || die "java not found on PATH (Java 17 is needed)"
command -v curl >/dev/null 2>&1 || die "curl not found on PATH (used for the readiness checks)"
mkdir -p "${LOG_DIR}"

# --- 1-2. servers and databases ----------------------------------------------------------------
ensure_servers
ensure_databases

# --- 3. build ----------------------------------------------------------------------------------
already_running=()
for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}"
  if service_running_pid "${name}" >/dev/null; then
    already_running+=("${name}")
  fi
done

if [[ "${build}" == true ]]; then
  if (( ${#already_running[@]} > 0 )); then
    log_warn "already running from an earlier up.sh: ${already_running[*]}; the build rewrites their jars" \
      "and they keep running the old code - run ${REL_LOCAL}/down.sh first to restart them on the new build"
  fi
  log_info "Building: ./mvnw -B -DskipTests package (log: ${BUILD_LOG#"${HEADROOM_REPO_ROOT}/"})"
  started_at=$(date +%s)
  if ! (cd "${HEADROOM_REPO_ROOT}" && ./mvnw -B -DskipTests package) >"${BUILD_LOG}" 2>&1; then
    log_error "build failed; last 60 lines of ${BUILD_LOG}:"
    tail -n 60 "${BUILD_LOG}" >&2
    exit 1
  fi
  log_ok "build succeeded in $(( $(date +%s) - started_at ))s"
else
  log_info "Skipping the build (--no-build)"
fi

# --- 4. start the services ---------------------------------------------------------------------
# Pre-flight: every service not already ours needs its jar and a free port, checked before
# anything starts so a conflict does not leave the suite half up.
for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  service_running_pid "${name}" >/dev/null && continue
  [[ -f "$(service_jar "${name}")" ]] || die "${name}: $(service_jar "${name}") not found (build first, or drop --no-build)"
  if tcp_open 127.0.0.1 "${port}"; then
    die "${name}: port ${port} is already in use by a process up.sh did not start; free it and retry"
  fi
done

for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  pidfile="$(service_pid_file "${name}")"
  jar="$(service_jar "${name}")"
  log="${LOG_DIR}/${name}.log"

  if pid="$(service_running_pid "${name}")"; then
    log_ok "${name} already running (pid ${pid}, from an earlier up.sh): left as it is"
    continue
  fi
  rm -f "${pidfile}"   # stale pid file, if any

  # setsid + nohup: the service survives this shell and its terminal; it runs from its module
  # directory (Quarkus reads an optional .env / config/application.properties from there).
  # A local suite calls local webhook targets, so private addresses are allowed here (as in the
  # dev profile); export HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=false to try the production rule.
  (
    cd "${HEADROOM_REPO_ROOT}/${name}"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="${PUBLIC_KEY}" \
    MP_JWT_VERIFY_ISSUER="${ISSUER}" \
    HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES="${HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES:-true}" \
      exec setsid nohup java -Xmx256m -jar "${jar}" >"${log}" 2>&1 </dev/null
  ) &
  pid=$!
  echo "${pid}" >"${pidfile}"
  log_info "started ${name} (pid ${pid}, port ${port}, log ${log#"${HEADROOM_REPO_ROOT}/"})"
done

# --- wait until each answers /q/health/ready ---------------------------------------------------
# is_ready PORT -> 200 with status UP
is_ready() {
  local body
  body="$(curl -fsS --max-time 3 "http://127.0.0.1:$1/q/health/ready" 2>/dev/null)" || return 1
  [[ "${body}" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]
}

fail_service() { # NAME LOG MESSAGE
  log_error "$1: $3"
  log_error "last 60 lines of ${2#"${HEADROOM_REPO_ROOT}/"}:"
  tail -n 60 "$2" >&2 || true
  log_error "other services are left running; stop everything with ${REL_LOCAL}/down.sh"
  exit 1
}

for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  log="${LOG_DIR}/${name}.log"
  log_info "Waiting up to ${READY_TIMEOUT_SECONDS}s for ${name} at http://127.0.0.1:${port}/q/health/ready ..."
  waited=0
  until is_ready "${port}"; do
    service_running_pid "${name}" >/dev/null || fail_service "${name}" "${log}" "the process exited before it became ready"
    (( waited < READY_TIMEOUT_SECONDS )) || fail_service "${name}" "${log}" "not ready after ${READY_TIMEOUT_SECONDS}s"
    sleep 1
    waited=$((waited + 1))
  done
  log_ok "${name} is ready"
done

# --- summary -----------------------------------------------------------------------------------
cat <<EOF

================================================================================
 Headroom is up
================================================================================
EOF
for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  printf ' %-22s http://localhost:%s\n' "${name}" "${port}"
  printf ' %-22s   Swagger UI: http://localhost:%s/q/swagger-ui   OpenAPI: http://localhost:%s/q/openapi\n' "" "${port}" "${port}"
  printf ' %-22s   health:     http://localhost:%s/q/health/ready\n' "" "${port}"
  printf ' %-22s   pid %s, log %s\n' "" "$(service_running_pid "${name}" || echo '?')" "${REL_LOCAL}/.run/logs/${name}.log"
done
cat <<EOF

 Build log: ${REL_LOCAL}/.run/build.log    Stop: ${REL_LOCAL}/down.sh

 Tokens (RS256, dev key, issuer ${ISSUER}; ${REL_LOCAL}/token.sh --help):
   platform admin:  ${REL_LOCAL}/token.sh --sub admin --groups platform-admin
   account owner:   ${REL_LOCAL}/token.sh --sub owner@acme.test --groups owner --account <account-id>

 Create an account:
   curl -s -X POST localhost:8081/v1/accounts -H "Authorization: Bearer \$(${REL_LOCAL}/token.sh --sub admin --groups platform-admin)" -H 'Content-Type: application/json' -d '{"name":"Acme","ownerEmail":"owner@acme.test","plan":"business"}'

 Walk a first path through the suite:  ${REL_LOCAL}/smoke.sh
 Tests may run while the suite is up: they use their own *_test databases and test.-prefixed
 queues; the suite only shares the two cores with them.
================================================================================
EOF
