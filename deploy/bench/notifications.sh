#!/usr/bin/env bash
# Benchmark of notification-service (spec notification-service.md §2-3) against a running suite
# (deploy/local/up.sh): how fast usage.snapshot events become notifications, how soon the in-app
# stream shows them, and how fast their e-mails go out.
#   1. preconditions: notification-service ready, its database, its queues consumed, an SMTP
#      server where it sends (up.sh's mail sink on HEADROOM_SMTP_HOST:PORT, 127.0.0.1:2525),
#   2. account.changed for new accounts (acc_nb<run>_<i>, --per-account projects each) published to
#      RabbitMQ, then waits until notification-service knows all their projects,
#   3. the SSE stream GET /v1/notifications/stream of each account, with an owner token,
#   4. N usage.snapshot events (one per project, api_calls 90 of 100: the 80 % threshold),
#   5. notifications: until N rows in table notification for these accounts -> notifications/s,
#   6. the stream: delay from each notification's createdAt to its arrival, p50/p99/max,
#   7. e-mails: until their N rows of email_delivery are sent -> e-mails/s; files at the sink,
#   8. notification-service's RSS before and after, a summary and the verdicts.
# See deploy/bench/README.md ("notifications.sh") for how to read the output.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/lib.sh
source "${BENCH_DIR}/../local/lib.sh"
# shellcheck source=deploy/bench/common.sh
source "${BENCH_DIR}/common.sh"   # ratio, section, check_service, mint, rss_mib, service_pid, target, ...

LOAD_PY="${BENCH_DIR}/notification_load.py"
SERVICE_LOG="${HEADROOM_RUN_DIR}/logs/notification-service.log"
QUEUES=(notification.account-changed notification.usage-snapshot
        notification.account-changed.dlq notification.usage-snapshot.dlq)

# --- options -----------------------------------------------------------------------------------
base_url="http://127.0.0.1:8082"
notifications=5000
per_account=1000
amqp_url="amqp://guest:guest@${RABBIT_HOST}:${RABBIT_PORT}/%2F"
exchange=headroom.events
database=headroom_notification
timeout=300
mail_timeout=900
stall=120
sse_wait=30
mail_dir="${HEADROOM_MAIL_DIR}"
smtp_host="${SMTP_HOST}"
smtp_port="${SMTP_PORT}"
strict=false

usage() {
  cat <<EOF
Usage: deploy/bench/notifications.sh [options]

Publishes usage.snapshot events that each cross a threshold, for new projects of new accounts, into
RabbitMQ and measures how fast a running notification-service (deploy/local/up.sh) turns them into
notifications, streams them (SSE) and sends their e-mails (to up.sh's mail sink).

Options:
  -n, --notifications N      snapshots to publish = notifications expected  default: ${notifications}
      --per-account N        projects per account (one account.changed each; at 1,000 a body
                             is about 80 KB, below RabbitMQ's default frame_max of 128 KiB)
                                                                         default: ${per_account}
  -u, --url URL              notification-service base URL               default: ${base_url}
      --amqp URL             RabbitMQ                                    default: amqp://guest:guest@${RABBIT_HOST}:${RABBIT_PORT}/%2F
      --exchange NAME        the topic exchange the events go to         default: ${exchange}
      --db NAME              notification-service's database (psql -h ${PG_HOST} -U postgres, no password)
                                                                         default: ${database}
      --timeout SECONDS      how long to wait for the notifications      default: ${timeout}
      --mail-timeout SECONDS how long to wait for every e-mail to be sent default: ${mail_timeout}
      --stall SECONDS        stop waiting when a count has not grown for this long
                                                                         default: ${stall}
      --sse-wait SECONDS     how long the streams may lag behind the last notification
                                                                         default: ${sse_wait}
      --smtp-host HOST, --smtp-port PORT
                             where notification-service sends e-mails (HEADROOM_SMTP_HOST/PORT)
                                                                         default: ${smtp_host}:${smtp_port}
      --mail-dir DIR         where the mail sink writes its .eml files   default: ${mail_dir#"${HEADROOM_REPO_ROOT}/"}
      --strict               exit 3 when a verdict is missed (default: report only)
  -h, --help                 show this help

Both timeouts count from the first snapshot published. With the default settings
(headroom.mail.batch=20 e-mails taken per second) 5,000 e-mails take about 250 s or more.

Needs: curl, psql (postgresql-client), openssl (token.sh), python3 with pika (python3-pika).
EOF
}

parse_options() {
  while (( $# > 0 )); do
    case "$1" in
      -n|--notifications) need_value "$1" $#; notifications="$2"; shift 2 ;;
      --per-account)      need_value "$1" $#; per_account="$2"; shift 2 ;;
      -u|--url)           need_value "$1" $#; base_url="${2%/}"; shift 2 ;;
      --amqp)             need_value "$1" $#; amqp_url="$2"; shift 2 ;;
      --exchange)         need_value "$1" $#; exchange="$2"; shift 2 ;;
      --db)               need_value "$1" $#; database="$2"; shift 2 ;;
      --timeout)          need_value "$1" $#; timeout="$2"; shift 2 ;;
      --mail-timeout)     need_value "$1" $#; mail_timeout="$2"; shift 2 ;;
      --stall)            need_value "$1" $#; stall="$2"; shift 2 ;;
      --sse-wait)         need_value "$1" $#; sse_wait="$2"; shift 2 ;;
      --smtp-host)        need_value "$1" $#; smtp_host="$2"; shift 2 ;;
      --smtp-port)        need_value "$1" $#; smtp_port="$2"; shift 2 ;;
      --mail-dir)         need_value "$1" $#; mail_dir="$2"; shift 2 ;;
      --strict)           strict=true; shift ;;
      -h|--help)          usage; exit 0 ;;
      *)                  die "unknown option: $1 (see --help)" ;;
    esac
  done

  local name value
  for name in notifications per_account timeout mail_timeout stall sse_wait smtp_port; do
    value="${!name}"
    [[ "${value}" =~ ^[1-9][0-9]{0,6}$ ]] || die "--${name//_/-} must be a positive integer, got '${value}'"
  done
  (( smtp_port <= 65535 )) || die "--smtp-port must be at most 65535, got ${smtp_port}"
  (( per_account <= notifications )) || per_account="${notifications}"
  [[ "${base_url}" =~ ^http://[^/]+$ ]] || die "--url must look like http://host:port (no path, no https), got '${base_url}'"
  [[ "${database}" =~ ^[A-Za-z0-9_]+$ ]] || die "--db must be a plain database name, got '${database}'"
  [[ "${exchange}" =~ ^[A-Za-z0-9_.:-]+$ ]] || die "--exchange must be a plain exchange name, got '${exchange}'"
  [[ "${smtp_host}" =~ ^[A-Za-z0-9.:-]+$ ]] || die "--smtp-host must be a host name or address, got '${smtp_host}'"
}

# --- small helpers -----------------------------------------------------------------------------

# per_second COUNT FROM TO -> COUNT / (TO - FROM), one decimal; n/a for an empty span
per_second() { ratio "$1" "$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.6f\n", b - a }')" '%.1f'; }

# sql QUERY -> rows of notification-service's database, fields separated by one space
sql() {
  PGCONNECT_TIMEOUT=5 psql -X -w -q -At -F ' ' -v ON_ERROR_STOP=1 -h "${PG_HOST}" -p "${PG_PORT}" \
    -U postgres -d "${database}" -c "$1"
}

# try_load COMMAND ARGS... -> runs notification_load.py and prints its "HEADROOM_BENCH k=v ..." line;
# fails, with the helper's errors on stderr, when it fails
try_load() {
  local out="${work_dir}/load-$1.out" err="${work_dir}/load-$1.err"
  if ! "${python}" "${LOAD_PY}" "$@" >"${out}" 2>"${err}"; then
    cat "${err}" >&2
    return 1
  fi
  grep '^HEADROOM_BENCH ' "${out}" | tail -1
}

# load COMMAND ARGS... -> try_load, or dies
load() { try_load "$@" || die "notification_load.py $1 failed (output above)"; }

amqp_args() { printf '%s\n' --amqp "${amqp_url}" --exchange "${exchange}"; }

# queue_states PREFIX -> R[PREFIX.<queue>.messages|consumers] for the service's queues ("missing"
# for a queue that does not exist); all n/a, and fails, when RabbitMQ does not answer
queue_states() {
  local args=() queue line
  mapfile -t args < <(amqp_args)
  for queue in "${QUEUES[@]}"; do
    args+=(--queue "${queue}")
    R["$1.${queue//[.-]/_}.messages"]=n/a
    R["$1.${queue//[.-]/_}.consumers"]=n/a
  done
  line="$(try_load queues "${args[@]}")" || return 1
  read_into "$1" "${line}"
}

# dlq_total PREFIX -> messages in the two dead-letter queues (a missing queue counts 0), n/a when
# RabbitMQ did not answer
dlq_total() {
  local a="${R[$1.notification_account_changed_dlq.messages]:-n/a}" b="${R[$1.notification_usage_snapshot_dlq.messages]:-n/a}"
  if [[ "${a}" == n/a || "${b}" == n/a ]]; then
    echo n/a
    return
  fi
  [[ "${a}" =~ ^[0-9]+$ ]] || a=0
  [[ "${b}" =~ ^[0-9]+$ ]] || b=0
  printf '%s\n' $(( a + b ))
}

# diagnose -> where a stalled run may be stuck: the queues and the service's last warnings
diagnose() {
  queue_states diag || log_warn "RabbitMQ did not answer (the queues' state is unknown)"
  log_info "queues now: notification.usage-snapshot ${R[diag.notification_usage_snapshot.messages]} waiting," \
    "${R[diag.notification_usage_snapshot.consumers]} consumers; notification.account-changed" \
    "${R[diag.notification_account_changed.messages]} waiting; dead-lettered: usage-snapshot.dlq" \
    "${R[diag.notification_usage_snapshot_dlq.messages]}, account-changed.dlq ${R[diag.notification_account_changed_dlq.messages]}"
  if [[ -r "${SERVICE_LOG}" ]]; then
    local lines
    lines="$(grep -E ' (WARN|ERROR) ' "${SERVICE_LOG}" | tail -n 5 || true)"
    if [[ -n "${lines}" ]]; then
      log_info "the last warnings in ${SERVICE_LOG#"${HEADROOM_REPO_ROOT}/"}:"
      printf '%s\n' "${lines}" | cut -c1-300 | sed 's/^/    /'
    fi
  fi
}

# --- 1. preconditions --------------------------------------------------------------------------

# find_python -> sets python to an interpreter that imports pika (python3 first, then Debian's)
find_python() {
  local candidate
  for candidate in python3 /usr/bin/python3; do
    if command -v "${candidate}" >/dev/null 2>&1 && "${candidate}" -c 'import pika' >/dev/null 2>&1; then
      python="$(command -v "${candidate}")"
      return 0
    fi
  done
  return 1
}

check_tools() {
  local missing=()
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if (( ${#missing[@]} > 0 )); then
    apt_install "${missing[@]}"
  fi
  if ! find_python; then
    apt_install python3-pika
    find_python || die "python3-pika is installed, but neither python3 ($(command -v python3)) nor /usr/bin/python3 imports pika"
  fi
  [[ -r "${LOAD_PY}" ]] || die "the helper is missing: ${LOAD_PY}"
  log_ok "tools: $(psql --version | head -1), ${python} ($("${python}" --version 2>&1), pika $("${python}" -c 'import pika; print(pika.__version__)'))"
}

check_database() {
  local out
  out="$(sql "select (select count(*) from notification where false) + (select count(*) from email_delivery where false)" 2>&1)" \
    || die "cannot read the tables notification and email_delivery of database ${database} as postgres on ${PG_HOST}:${PG_PORT}: ${out}"
  R[pre.pending_mail]="$(sql "select count(*) from email_delivery where state = 'pending'")"
  log_ok "database ${database}: readable (${R[pre.pending_mail]} e-mails of earlier notifications still pending)"
  if (( ${R[pre.pending_mail]} > 0 )); then
    log_warn "${R[pre.pending_mail]} e-mails are pending before the run: those that come due compete with this run's"
  fi
}

check_queues() {
  queue_states pre || die "cannot read notification-service's queues on RabbitMQ (${amqp_url##*@}; output above)"
  local queue key
  for queue in notification.account-changed notification.usage-snapshot; do
    key="${queue//[.-]/_}"
    case "${R[pre.${key}.consumers]}" in
      missing) die "the queue ${queue} does not exist on ${amqp_url##*@}: notification-service never started against this broker (deploy/local/up.sh)" ;;
      0) die "nobody consumes ${queue} (${R[pre.${key}.messages]} messages waiting): is notification-service up and connected to RabbitMQ?" ;;
    esac
    if (( ${R[pre.${key}.messages]} > 0 )); then
      log_warn "${queue} already holds ${R[pre.${key}.messages]} messages: the run waits behind them"
    fi
  done
  R[pre.dlq]="$(dlq_total pre)"
  # Test runs bind their own queues to the same exchange and keys and leave them behind: they get
  # a copy of every event published here, which the next test run then consumes.
  local args=() line
  mapfile -t args < <(amqp_args)
  if line="$(try_load queues "${args[@]}" --queue test.notification.usage-snapshot 2>/dev/null)" \
      && [[ "${line}" != *"messages=missing"* ]]; then
    log_warn "the queue test.notification.usage-snapshot (left by a test run) is bound to ${exchange} too:" \
      "it keeps a copy of the ${notifications} snapshots until a test run consumes them"
  fi
  log_ok "RabbitMQ: notification-service consumes its queues (${R[pre.notification_usage_snapshot.consumers]} consumer(s) on notification.usage-snapshot); ${R[pre.dlq]} messages in its dead-letter queues"
}

check_mail() {
  tcp_open "${smtp_host}" "${smtp_port}" \
    || die "nothing listens on ${smtp_host}:${smtp_port}, where notification-service sends its e-mails (HEADROOM_SMTP_HOST/PORT)." \
      "deploy/local/up.sh starts its mail sink there; with the services already running, deploy/local/up.sh --no-build starts just the sink"
  count_files=false
  if [[ -d "${mail_dir}" ]]; then
    count_files=true
    if mail_sink_running_pid >/dev/null; then
      log_ok "SMTP: up.sh's mail sink (pid $(mail_sink_running_pid)) on ${smtp_host}:${smtp_port}, writing to ${mail_dir#"${HEADROOM_REPO_ROOT}/"}"
    else
      log_ok "SMTP: something listens on ${smtp_host}:${smtp_port}; the files written to ${mail_dir#"${HEADROOM_REPO_ROOT}/"} will be counted"
      log_warn "that listener is not up.sh's mail sink: if it writes elsewhere, the file count shows 0"
    fi
  else
    log_ok "SMTP: something listens on ${smtp_host}:${smtp_port}"
    log_warn "no directory ${mail_dir}: the files at the sink are not counted (--mail-dir names the sink's directory)"
  fi
}

# --- 2. accounts -------------------------------------------------------------------------------

publish_accounts() {
  local line args=()
  mapfile -t args < <(amqp_args)
  line="$(load accounts "${args[@]}" --run "${run_id}" --notifications "${notifications}" \
    --per-account "${per_account}" --owner-email "${owner_email}" --plan "${plan_file}")"
  read_into acc "${line}"
  mapfile -t account_ids < <(cut -d' ' -f1 "${plan_file}" | uniq)
  accounts_sql="'{$(IFS=,; printf '%s' "${account_ids[*]}")}'::text[]"
  log_ok "published account.changed for ${#account_ids[@]} accounts with ${R[acc.projects]} projects" \
    "(largest body ${R[acc.largest_body]} bytes); owner e-mail ${owner_email}"
}

# Until notification-service's projection has every project (bounded by 120 s): the snapshots then
# find their project's name and the e-mails their owner's address.
await_accounts() {
  local n=0 deadline
  deadline=$(( $(date +%s) + 120 ))
  while :; do
    n="$(sql "select count(*) from project_projection where account_id = any(${accounts_sql})" 2>/dev/null || echo 0)"
    [[ "${n}" =~ ^[0-9]+$ ]] || n=0
    (( n < notifications )) || break
    if (( $(date +%s) >= deadline )); then
      diagnose
      die "notification-service knows ${n} of the ${notifications} projects 120 s after account.changed was published"
    fi
    sleep 0.5
  done
  R[acc.applied_s]="$(elapsed "${R[acc.first]}")"
  log_ok "notification-service knows all ${n} projects, ${R[acc.applied_s]} s after the first account.changed was published"
}

mint_tokens() {
  local account
  tokens_file="${work_dir}/tokens.txt"
  : >"${tokens_file}"
  chmod 600 "${tokens_file}"
  for account in "${account_ids[@]}"; do
    printf '%s %s\n' "${account}" "$(mint --sub "${owner_email}" --groups owner --account "${account}")" >>"${tokens_file}"
  done
}

# --- 3. the streams ----------------------------------------------------------------------------

start_listener() {
  local ready="${work_dir}/sse.ready" waited=0
  arrivals_file="${work_dir}/sse-arrivals.txt"
  : >"${arrivals_file}"
  "${python}" "${LOAD_PY}" listen --url "${base_url}" --tokens "${tokens_file}" --out "${arrivals_file}" \
    --ready "${ready}" --expect "${notifications}" --max-seconds $(( timeout + sse_wait + 60 )) \
    >"${work_dir}/listen.out" 2>"${work_dir}/listen.err" &
  listener_pid=$!
  until [[ -s "${ready}" ]]; do
    if ! kill -0 "${listener_pid}" 2>/dev/null; then
      cat "${work_dir}/listen.err" >&2
      listener_pid=""
      die "could not open the notification streams (output above)"
    fi
    (( waited < 400 )) || die "the notification streams did not open within 40 s (see ${work_dir}/listen.err)"
    sleep 0.1
    waited=$(( waited + 1 ))
  done
  sleep 1   # the service subscribes right after it sent the stream's headers
  log_ok "${#account_ids[@]} SSE streams open (GET ${base_url}/v1/notifications/stream, owner tokens)"
}

stop_listener() {
  if [[ -n "${listener_pid:-}" ]]; then
    kill -TERM "${listener_pid}" 2>/dev/null || true
    wait "${listener_pid}" 2>/dev/null || true
  fi
  listener_pid=""
}

# --- 4-5. snapshots and notifications ----------------------------------------------------------

publish_snapshots() {
  local line args=()
  mapfile -t args < <(amqp_args)
  touch "${work_dir}/start.marker"   # files at the sink newer than this are this run's
  line="$(load snapshots "${args[@]}" --run "${run_id}" --plan "${plan_file}")"
  read_into snap "${line}"
  R[snap.seconds]="$(elapsed "${R[snap.first]}" "${R[snap.confirmed]}")"
  R[snap.rate]="$(per_second "${R[snap.published]}" "${R[snap.first]}" "${R[snap.confirmed]}")"
  log_ok "published ${R[snap.published]} usage.snapshot events in ${R[snap.seconds]} s (${R[snap.rate]}/s, the broker confirmed all)"
}

count_notifications() {
  sql "select count(*) from notification where account_id = any(${accounts_sql})" 2>/dev/null || true
}

# await_count COUNT_FUNCTION TARGET DEADLINE LABEL EVERY -> polls every 0.5 s until the count
# reaches TARGET, the deadline (epoch s) passes or it has not grown for --stall seconds; prints
# progress every EVERY seconds; sets awaited_why (done | timeout | stalled)
await_count() {
  local fn="$1" want="$2" deadline="$3" label="$4" every="$5" n=0 got last_growth next_log previous=0
  last_growth="$(date +%s)"
  next_log=$(( last_growth + every ))
  while :; do
    got="$("${fn}")"
    [[ "${got}" =~ ^[0-9]+$ ]] && n="${got}"
    if (( n >= want )); then awaited_why='done'; break; fi
    if (( n > previous )); then previous="${n}"; last_growth="$(date +%s)"; fi
    if (( $(date +%s) >= deadline )); then awaited_why='timeout'; break; fi
    if (( $(date +%s) - last_growth >= stall )); then awaited_why='stalled'; break; fi
    if (( $(date +%s) >= next_log )); then
      log_info "  ${label}: ${n} of ${want} ($(elapsed "${R[snap.first]}") s after the first snapshot)"
      next_log=$(( next_log + every ))
    fi
    sleep 0.5
  done
}

measure_notifications() {
  section "notifications: until ${notifications} rows in table notification (at most ${timeout} s)"
  local deadline row
  deadline="$(awk -v a="${R[snap.first]}" -v t="${timeout}" 'BEGIN { printf "%d\n", a + t }')"
  await_count count_notifications "${notifications}" "${deadline}" notifications 10
  R[notif.polled_s]="$(elapsed "${R[snap.first]}")"
  R[notif.why]="${awaited_why}"
  # count, distinct projects, in-app, first and last created_at (epoch s)
  row="$(sql "select count(*), count(distinct project_id), count(*) filter (where in_app),
                     coalesce(extract(epoch from min(created_at)), 0), coalesce(extract(epoch from max(created_at)), 0)
                from notification where account_id = any(${accounts_sql})")" || row="0 0 0 0 0"
  local count projects in_app first last
  read -r count projects in_app first last <<<"${row}"
  R[notif.count]="${count}" R[notif.projects]="${projects}" R[notif.in_app]="${in_app}"
  R[notif.first]="${first}" R[notif.last]="${last}"
  R[notif.extra]=$(( count - projects ))
  if (( count > 0 )); then
    R[notif.seconds]="$(elapsed "${R[snap.first]}" "${R[notif.last]}")"
    R[notif.rate]="$(per_second "${count}" "${R[snap.first]}" "${last}")"
    R[notif.first_s]="$(elapsed "${R[snap.first]}" "${R[notif.first]}")"
  else
    R[notif.seconds]=n/a R[notif.rate]=n/a R[notif.first_s]=n/a
  fi
  case "${R[notif.why]}" in
    done) log_ok "all ${notifications} notifications created; the last ${R[notif.seconds]} s after the first snapshot" ;;
    timeout) log_warn "${R[notif.count]} of ${notifications} notifications after ${timeout} s"; diagnose ;;
    stalled) log_warn "${R[notif.count]} of ${notifications} notifications, no new one for ${stall} s"; diagnose ;;
  esac
  printf '  notifications         %s (%s projects; %s in-app)\n' "${R[notif.count]}" "${R[notif.projects]}" "${R[notif.in_app]}"
  printf '  created               from %s s to %s s after the first snapshot: %s notifications/s\n' \
    "${R[notif.first_s]}" "${R[notif.seconds]}" "${R[notif.rate]}"
}

# --- 6. the streams' delays --------------------------------------------------------------------

measure_stream() {
  section "stream: delay from createdAt to arrival on the SSE streams"
  local want="${R[notif.in_app]}" waited=0 line
  while kill -0 "${listener_pid}" 2>/dev/null && (( $(wc -l <"${arrivals_file}") < want && waited < sse_wait * 10 )); do
    sleep 0.1
    waited=$(( waited + 1 ))
  done
  stop_listener
  line="$(grep '^HEADROOM_BENCH ' "${work_dir}/listen.out" | tail -1 || true)"
  [[ -z "${line}" ]] || read_into sse "${line}"
  if [[ -s "${work_dir}/listen.err" ]]; then
    log_warn "the streams reported: $(head -3 "${work_dir}/listen.err" | tr '\n' ' ')"
  fi
  line="$(load latency --in "${arrivals_file}" --budget-ms 1000)"
  read_into lat "${line}"
  printf '  received              %s of %s in-app notifications on %s streams (%s seen twice)\n' "${R[lat.received]}" \
    "${want}" "${#account_ids[@]}" "${R[lat.duplicates]}"
  printf '  delay                 p50 %s ms   p99 %s ms   max %s ms   (%s above 1 s)\n' "${R[lat.p50_ms]}" \
    "${R[lat.p99_ms]}" "${R[lat.max_ms]}" "${R[lat.over_budget]}"
}

# --- 7. e-mails --------------------------------------------------------------------------------

count_sent() {
  sql "select count(*) from email_delivery where account_id = any(${accounts_sql}) and state = 'sent'" 2>/dev/null || true
}

measure_mail() {
  section "e-mails: until the ${R[notif.count]} e-mails are sent (at most ${mail_timeout} s after the first snapshot)"
  local deadline row want="${R[notif.count]}"
  deadline="$(awk -v a="${R[snap.first]}" -v t="${mail_timeout}" 'BEGIN { printf "%d\n", a + t }')"
  await_count count_sent "${want}" "${deadline}" "e-mails sent" 30
  R[mail.why]="${awaited_why}"
  row="$(sql "select count(*), count(*) filter (where state = 'sent'), count(*) filter (where state = 'pending'),
                     count(*) filter (where state = 'failed'), coalesce(sum(attempts - 1) filter (where state = 'sent'), 0),
                     coalesce(extract(epoch from min(sent_at)), 0), coalesce(extract(epoch from max(sent_at)), 0)
                from email_delivery where account_id = any(${accounts_sql})")" || row="0 0 0 0 0 0 0"
  local total sent pending failed retries first last
  read -r total sent pending failed retries first last <<<"${row}"
  R[mail.total]="${total}" R[mail.sent]="${sent}" R[mail.pending]="${pending}" R[mail.failed]="${failed}"
  R[mail.retries]="${retries}" R[mail.first]="${first}" R[mail.last]="${last}"
  if (( sent > 0 )); then
    R[mail.seconds]="$(elapsed "${R[snap.first]}" "${R[mail.last]}")"
    R[mail.rate]="$(per_second "${sent}" "${R[snap.first]}" "${last}")"
    R[mail.send_rate]="$(per_second "${sent}" "${first}" "${last}")"
  else
    R[mail.seconds]=n/a R[mail.rate]=n/a R[mail.send_rate]=n/a
  fi
  case "${R[mail.why]}" in
    done) log_ok "all ${want} e-mails sent; the last ${R[mail.seconds]} s after the first snapshot" ;;
    *)
      log_warn "${R[mail.sent]} of ${want} e-mails sent ($([[ "${R[mail.why]}" == timeout ]] && echo "after ${mail_timeout} s" || echo "none more for ${stall} s"));" \
        "${R[mail.pending]} pending, ${R[mail.failed]} failed"
      row="$(sql "select count(*), last_error from email_delivery where account_id = any(${accounts_sql})
                    and last_error is not null group by last_error order by 1 desc limit 1" 2>/dev/null || true)"
      [[ -z "${row}" ]] || log_warn "most frequent last error (${row%% *} e-mails): ${row#* }"
      ;;
  esac
  if [[ "${count_files}" == true ]]; then
    R[mail.files]="$(find "${mail_dir}" -maxdepth 1 -name '*.eml' -newer "${work_dir}/start.marker" -print0 \
      | { xargs -0 -r grep -l -F -e "${owner_email}" -- || true; } | wc -l | tr -d ' ')"
  else
    R[mail.files]=n/a
  fi
  printf '  e-mails               %s rows: %s sent, %s pending, %s failed; %s retries among the sent\n' "${R[mail.total]}" \
    "${R[mail.sent]}" "${R[mail.pending]}" "${R[mail.failed]}" "${R[mail.retries]}"
  printf '  sent                  the last %s s after the first snapshot: %s e-mails/s (%s/s from the first sent to the last)\n' \
    "${R[mail.seconds]}" "${R[mail.rate]}" "${R[mail.send_rate]}"
  printf '  at the sink           %s files to %s in %s\n' "${R[mail.files]}" "${owner_email}" "${mail_dir#"${HEADROOM_REPO_ROOT}/"}"
}

# --- 8. summary --------------------------------------------------------------------------------

print_summary() {
  missed=0
  queue_states post || log_warn "RabbitMQ did not answer: the dead-letter queues are not counted"
  R[post.dlq]="$(dlq_total post)"
  if [[ "${R[post.dlq]}" == n/a ]]; then
    R[dlq.delta]=n/a
  else
    R[dlq.delta]=$(( ${R[post.dlq]} - ${R[pre.dlq]} ))
  fi
  printf '\n%s\n' "================================================================================================"
  printf ' Headroom notification benchmark   run %s\n' "${run_id}"
  printf ' %s: %s usage.snapshot events (api_calls 90 of 100: the 80 %% threshold), one per project,\n' \
    "${base_url}" "${notifications}"
  printf ' in %s accounts of up to %s projects; e-mails to %s:%s\n' "${#account_ids[@]}" "${per_account}" "${smtp_host}" "${smtp_port}"
  printf '%s\n' "================================================================================================"
  printf ' %-15s %s events in %s s (%s/s); account.changed applied %s s after publishing\n' published \
    "${R[snap.published]}" "${R[snap.seconds]}" "${R[snap.rate]}" "${R[acc.applied_s]}"
  printf ' %-15s %s of %s, the last %s s after the first snapshot: %s notifications/s\n' notifications \
    "${R[notif.count]}" "${notifications}" "${R[notif.seconds]}" "${R[notif.rate]}"
  printf ' %-15s %s of %s in-app: delay p50 %s ms, p99 %s ms, max %s ms\n' stream "${R[lat.received]}" \
    "${R[notif.in_app]}" "${R[lat.p50_ms]}" "${R[lat.p99_ms]}" "${R[lat.max_ms]}"
  printf ' %-15s %s of %s sent, the last %s s after the first snapshot: %s e-mails/s (sending %s/s); %s failed\n' \
    e-mails "${R[mail.sent]}" "${R[mail.total]}" "${R[mail.seconds]}" "${R[mail.rate]}" "${R[mail.send_rate]}" "${R[mail.failed]}"
  printf ' %-15s %s .eml files for this run\n' "mail sink" "${R[mail.files]}"
  printf ' notification-service RSS: before %s MiB, after %s MiB\n' "${rss_before}" "${rss_after}"

  printf '\n verdicts\n'
  target "every snapshot notified within ${timeout} s" "${R[notif.count]}/${notifications}" \
    "${R[notif.count]}" '>=' "${notifications}"
  target "each project notified once" "${R[notif.extra]} extra" "${R[notif.extra]}" '<=' 0
  target "every in-app notification on the stream" "${R[lat.received]}/${R[notif.in_app]}" \
    "${R[lat.received]}" '>=' "${R[notif.in_app]}"
  target "every stream event within 1 s of createdAt (spec §3)" "${R[lat.max_ms]} ms" "${R[lat.max_ms]}" '<=' 1000
  target "every e-mail sent within ${mail_timeout} s" "${R[mail.sent]}/${R[notif.count]}" \
    "${R[mail.sent]}" '>=' "${R[notif.count]}"
  target "no e-mail failed" "${R[mail.failed]}" "${R[mail.failed]}" '<=' 0
  if [[ "${R[mail.files]}" == n/a ]]; then
    printf '   %-56s %-14s %s\n' "one file at the sink per e-mail sent" n/a "not counted (no --mail-dir)"
  else
    local difference
    difference=$(( ${R[mail.files]} - ${R[mail.sent]} ))
    target "one file at the sink per e-mail sent" "${R[mail.files]}/${R[mail.sent]}" "${difference#-}" '<=' 0
  fi
  target "no event dead-lettered" "${R[dlq.delta]}" "${R[dlq.delta]}" '<=' 0
  printf '\n details: %s\n' "${work_dir}"
}

# --- main --------------------------------------------------------------------------------------

on_exit() {
  local rc=$?
  stop_listener
  exit "${rc}"
}

main() {
  parse_options "$@"
  declare -gA R=()
  run_id="$(date +%Y%m%d%H%M%S)_$$"
  owner_email="owner-${run_id}@bench.headroom.test"
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/headroom-bench.XXXXXX")"
  plan_file="${work_dir}/plan.txt"
  token_ttl=$(( 3600 + timeout + mail_timeout ))
  listener_pid=""
  trap on_exit EXIT
  trap 'exit 130' INT     # so that EXIT runs (and stops the listener) on Ctrl-C
  trap 'exit 143' TERM

  section "preconditions"
  check_tools
  check_load
  check_service notification-service
  check_database
  check_queues
  check_mail

  section "accounts: ${notifications} projects in $(( (notifications + per_account - 1) / per_account )) accounts (account.changed)"
  publish_accounts
  await_accounts
  mint_tokens

  rss_before="$(rss_mib)"
  log_info "notification-service RSS before: ${rss_before} MiB (pid $(service_pid || true))"
  start_listener

  section "snapshots: ${notifications} usage.snapshot events, one per project"
  publish_snapshots
  measure_notifications
  measure_stream
  measure_mail
  rss_after="$(rss_mib)"
  log_info "notification-service RSS after: ${rss_after} MiB"

  print_summary
  if [[ "${strict}" == true && "${missed}" -gt 0 ]]; then
    exit 3
  fi
}

main "$@"
