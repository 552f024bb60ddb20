#!/usr/bin/env bash
# Start the whole Headroom suite locally:
#   1. PostgreSQL, Redis and RabbitMQ answering (started or installed if needed),
#   2. the service databases (and their _test twins) present,
#   3. ./mvnw -B -DskipTests package,
#   4. a mail sink on 127.0.0.1:${HEADROOM_SMTP_PORT:-2525} (mail_sink.py: every e-mail becomes a
#      file in deploy/local/.run/mail), unless something already listens there,
#   5. an SMS sink on 127.0.0.1:${HEADROOM_SMS_PORT:-2526} (sms_sink.py: every SMS becomes a line of
#      deploy/local/.run/sms/messages.jsonl), unless something already listens there or
#      HEADROOM_SMS_GATEWAY_URL names another gateway; the services get
#      HEADROOM_SMS_GATEWAY_URL=http://127.0.0.1:<port>/sms (distribution-service sends SMS there),
#   6. quota-service (8081), notification-service (8082), distribution-service (8083)
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
    -h|--help)  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)          die "unknown option: $1 (see --help)" ;;
  esac
done

[[ -r "${PUBLIC_KEY}" ]] || die "development public key missing: ${PUBLIC_KEY} (see ${REL_LOCAL}/keys/README.md)"
command -v java >/dev/null 2>&1 || die "java not found on PATH (Java 17 is needed)"
command -v curl >/dev/null 2>&1 || die "curl not found on PATH (used for the readiness checks)"
if ! [[ "${SMTP_PORT}" =~ ^[1-9][0-9]{0,4}$ ]] || (( SMTP_PORT > 65535 )); then
  die "HEADROOM_SMTP_PORT must be a port number (1-65535), got '${SMTP_PORT}'"
fi
if ! [[ "${SMS_PORT}" =~ ^[1-9][0-9]{0,4}$ ]] || (( SMS_PORT > 65535 )); then
  die "HEADROOM_SMS_PORT must be a port number (1-65535), got '${SMS_PORT}'"
fi
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

# --- 4-6. start the mail sink, the SMS sink and the services --------------------------------------
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

# start_sink NAME LABEL SCRIPT PORT DIR WHAT CLIENT PROTOCOL ADDRESS WHERE -> starts up.sh's sink
# NAME (mail | sms: its pid file $(NAME_sink_pid_file), its check NAME_sink_running_pid, its log
# .run/logs/NAME-sink.log), `python3 -u SCRIPT --host 127.0.0.1 --port PORT --dir DIR`, and waits
# until it listens on 127.0.0.1:PORT; leaves alone a sink an earlier up.sh started and anything
# else already listening there. LABEL names it in the output ("mail sink"), WHAT its messages
# ("e-mails"), CLIENT the service that sends them and PROTOCOL how (for the warning without
# python3), ADDRESS where it takes them and WHERE where they end up (for the line once started).
# Sets sink_state (ours | other | none).
start_sink() {
  local name="$1" label="$2" script="$3" port="$4" dir="$5" what="$6" client="$7" protocol="$8"
  local address="$9" where="${10}" pidfile log pid waited=0
  pidfile="$("${name}_sink_pid_file")"
  log="${LOG_DIR}/${name}-sink.log"
  if pid="$("${name}_sink_running_pid")"; then
    log_ok "${label} already running (pid ${pid}, from an earlier up.sh): left as it is"
    sink_state=ours
    return
  fi
  rm -f "${pidfile}"   # stale pid file, if any
  if tcp_open 127.0.0.1 "${port}"; then
    log_ok "something up.sh did not start already listens on 127.0.0.1:${port}: ${what} go there (left as it is; no ${label} started)"
    sink_state=other
    return
  fi
  if ! command -v python3 >/dev/null 2>&1; then
    log_warn "python3 not found: no ${label} on 127.0.0.1:${port}; ${client}'s ${what}" \
      "fail and are retried with backoff until an ${protocol} server listens there"
    sink_state=none
    return
  fi
  mkdir -p "${dir}"
  (
    exec setsid nohup python3 -u "${script}" --host 127.0.0.1 --port "${port}" \
      --dir "${dir}" >"${log}" 2>&1 </dev/null
  ) &
  pid=$!
  echo "${pid}" >"${pidfile}"
  until tcp_open 127.0.0.1 "${port}"; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f "${pidfile}"
      log_error "${label}: exited at start; last lines of ${log#"${HEADROOM_REPO_ROOT}/"}:"
      tail -n 20 "${log}" >&2 || true
      exit 1
    fi
    (( waited < 50 )) || die "${label}: not listening on 127.0.0.1:${port} 10 s after its start (pid ${pid}, log ${log#"${HEADROOM_REPO_ROOT}/"})"
    sleep 0.2
    waited=$((waited + 1))
  done
  log_info "started the ${label} (pid ${pid}, ${address}, ${what} in" \
    "${where}, log ${log#"${HEADROOM_REPO_ROOT}/"})"
  sink_state=ours
}

# The mail sink: notification-service sends its e-mails to HEADROOM_SMTP_HOST:HEADROOM_SMTP_PORT
# (default 127.0.0.1:2525). On this machine, and unless some other SMTP server already listens
# there, up.sh starts mail_sink.py, which writes every e-mail to ${HEADROOM_MAIL_DIR} (an .eml file
# each, one line per e-mail in its log). Sets mail_sink (ours | other | remote | none).
case "${SMTP_HOST}" in
  127.0.0.1|localhost)
    start_sink mail "mail sink" "${HEADROOM_MAIL_SINK}" "${SMTP_PORT}" "${HEADROOM_MAIL_DIR}" \
      e-mails notification-service SMTP "127.0.0.1:${SMTP_PORT}" "${HEADROOM_MAIL_DIR#"${HEADROOM_REPO_ROOT}/"}"
    mail_sink="${sink_state}"
    ;;
  *)
    log_info "HEADROOM_SMTP_HOST=${SMTP_HOST}: e-mails go to ${SMTP_HOST}:${SMTP_PORT}; no local mail sink started"
    mail_sink=remote
    ;;
esac

# The SMS sink: distribution-service sends its SMS to HEADROOM_SMS_GATEWAY_URL. Unless that names
# another gateway, or something up.sh did not start already listens on 127.0.0.1:HEADROOM_SMS_PORT
# (default 2526), up.sh starts sms_sink.py there, which appends every SMS to ${HEADROOM_SMS_FILE}
# (one JSON line each, one line per SMS in its log). Sets sms_sink (ours | other | remote | none).
if [[ -n "${HEADROOM_SMS_GATEWAY_URL:-}" ]]; then
  log_info "HEADROOM_SMS_GATEWAY_URL=${SMS_GATEWAY_URL}: SMS go there; no local SMS sink started"
  sms_sink=remote
else
  start_sink sms "SMS sink" "${HEADROOM_SMS_SINK}" "${SMS_PORT}" "${HEADROOM_SMS_DIR}" \
    SMS distribution-service HTTP "${SMS_GATEWAY_URL}" "${HEADROOM_SMS_FILE#"${HEADROOM_REPO_ROOT}/"}"
  sms_sink="${sink_state}"
fi

for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  pidfile="$(service_pid_file "${name}")"
  jar="$(service_jar "${name}")"
  log="${LOG_DIR}/${name}.log"

  if pid="$(service_running_pid "${name}")"; then
    log_ok "${name} already running (pid ${pid}, from an earlier up.sh): left as it is"
    # Started by an up.sh before the SMS sink existed: its sms channel answers 503.
    if [[ "${name}" == distribution-service && -r "/proc/${pid}/environ" ]] \
        && ! grep -qz '^HEADROOM_SMS_GATEWAY_URL=' "/proc/${pid}/environ"; then
      log_warn "${name} runs without HEADROOM_SMS_GATEWAY_URL (sms distributions answer 503);" \
        "restart it: ${REL_LOCAL}/down.sh --keep-servers && ${REL_LOCAL}/up.sh --no-build"
    fi
    continue
  fi
  rm -f "${pidfile}"   # stale pid file, if any

  # setsid + nohup: the service survives this shell and its terminal; it runs from its module
  # directory (Quarkus reads an optional .env / config/application.properties from there).
  # A local suite calls local webhook targets, so private addresses are allowed here (as in the
  # dev profile); export HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=false to try the production rule.
  # E-mails go to the SMTP server above (the mail sink unless HEADROOM_SMTP_HOST/PORT say otherwise),
  # SMS to the SMS sink above (unless HEADROOM_SMS_GATEWAY_URL names another gateway).
  (
    cd "${HEADROOM_REPO_ROOT}/${name}"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="${PUBLIC_KEY}" \
    MP_JWT_VERIFY_ISSUER="${ISSUER}" \
    HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES="${HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES:-true}" \
    HEADROOM_SMTP_HOST="${SMTP_HOST}" \
    HEADROOM_SMTP_PORT="${SMTP_PORT}" \
    HEADROOM_SMS_GATEWAY_URL="${SMS_GATEWAY_URL}" \
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
case "${mail_sink}" in
  ours)
    printf '\n e-mails: %s\n' "${REL_LOCAL}/.run/mail"
    printf '   one .eml file per e-mail; mail sink on 127.0.0.1:%s (SMTP), pid %s, log %s (a line per e-mail)\n' \
      "${SMTP_PORT}" "$(mail_sink_running_pid || echo '?')" "${REL_LOCAL}/.run/logs/mail-sink.log"
    ;;
  other)  printf '\n e-mails: to the SMTP server already listening on 127.0.0.1:%s (not started by up.sh)\n' "${SMTP_PORT}" ;;
  remote) printf '\n e-mails: to the SMTP server at %s:%s (HEADROOM_SMTP_HOST)\n' "${SMTP_HOST}" "${SMTP_PORT}" ;;
  *)      printf '\n e-mails: not delivered: nothing listens on 127.0.0.1:%s (python3 missing for the mail sink)\n' "${SMTP_PORT}" ;;
esac
case "${sms_sink}" in
  ours)
    printf ' SMS: %s\n' "${HEADROOM_SMS_FILE#"${HEADROOM_REPO_ROOT}/"}"
    printf '   one JSON line per SMS; SMS sink at %s, pid %s, log %s (a line per SMS)\n' \
      "${SMS_GATEWAY_URL}" "$(sms_sink_running_pid || echo '?')" "${REL_LOCAL}/.run/logs/sms-sink.log"
    ;;
  other)  printf ' SMS: to %s (an HTTP server up.sh did not start listens on 127.0.0.1:%s)\n' "${SMS_GATEWAY_URL}" "${SMS_PORT}" ;;
  remote) printf ' SMS: to the gateway at %s (HEADROOM_SMS_GATEWAY_URL)\n' "${SMS_GATEWAY_URL}" ;;
  *)      printf ' SMS: not delivered: nothing listens on 127.0.0.1:%s (python3 missing for the SMS sink)\n' "${SMS_PORT}" ;;
esac
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
