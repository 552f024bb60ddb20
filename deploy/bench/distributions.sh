#!/usr/bin/env bash
# Load benchmark of distribution-service (spec distribution-service.md §3) against a running suite
# (deploy/local/up.sh): how fast it accepts POST /v1/projects/{id}/distributions (one SMS
# recipient each) and how fast the accepted messages then reach the SMS gateway (up.sh's SMS sink).
#   1. preconditions: quota-service and distribution-service ready, the SMS sink listening and
#      writing its file (deploy/local/sms_sink.py on HEADROOM_SMS_PORT, 127.0.0.1:2526),
#   2. N accounts created in quota-service (current pricing, or legacy with the plan's limits),
#      waits until distribution-service knows each (account.changed), then passes each one's
#      anti-spam check (the owner requests it, platform-admin decides "passed"),
#   3. one distribution by curl, followed until its message is "sent" and at the sink,
#   4. warm-up (not measured), then waits until the sink has every warm-up message,
#   5. wrk for --duration with C connections: accepted/s, p50/p99, 202/429/other,
#      while the sink's count is sampled every second,
#   6. delivery: until the sink has every accepted message (or --drain-timeout): the time from the
#      first accept to the last message sent, messages/s; with psql the messages' states and
#      their delay from acceptance to sent,
#   7. distribution-service's RSS before and after, a summary and the verdicts.
# See deploy/bench/README.md ("distributions.sh") for how to read the output.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/lib.sh
source "${BENCH_DIR}/../local/lib.sh"
# shellcheck source=deploy/bench/common.sh
source "${BENCH_DIR}/common.sh"   # ratio, section, json_field, check_service, mint, request_json, rss_mib, target, ...

WRK_LUA="${BENCH_DIR}/distributions.lua"
LOAD_PY="${BENCH_DIR}/distribution_load.py"
RESTART_HINT="deploy/local/down.sh --keep-servers && deploy/local/up.sh --no-build"

# --- options -----------------------------------------------------------------------------------
base_url="http://127.0.0.1:8083"
quota_url="http://127.0.0.1:8081"
accounts=50
duration=30
connections=50
threads=2
warmup=5
pricing=current
plan=business
keys=keys
drain_timeout=600
sms_file="${HEADROOM_SMS_FILE}"
sms_port="${SMS_PORT}"
database=headroom_distribution
strict=false

usage() {
  cat <<EOF
Usage: deploy/bench/distributions.sh [options]

Benchmarks POST /v1/projects/{id}/distributions of a running distribution-service (start the suite
with deploy/local/up.sh, which also starts the SMS sink) with one SMS recipient per distribution,
and how fast the accepted messages reach the SMS sink. Takes about the account set-up + warm-up +
duration + the delivery.

Options:
  -u, --url URL              distribution-service base URL             default: ${base_url}
      --quota-url URL        quota-service base URL (creates the accounts) default: ${quota_url}
  -n, --accounts N           accounts to create; each request goes to the Sandbox project of a
                             random one (an account's distributions count one after the other)
                                                                       default: ${accounts}
  -c, --connections N        wrk connections: concurrent clients       default: ${connections}
  -d, --duration SECONDS     length of the measured wrk run            default: ${duration}
  -t, --threads N            wrk threads                               default: ${threads}
  -w, --warmup SECONDS       warm-up before the measured run (0: none) default: ${warmup}
      --pricing P            current: no limit once the anti-spam check passed; legacy: the
                             plan's distributionsPerDay / PerMonth (business 100 / 1,000: most
                             answers are then 429)                     default: ${pricing}
      --plan P               trial, business, organization or enterprise
                                                                       default: ${plan}
      --no-idempotency-keys  send no Idempotency-Key (default: a unique one per request)
      --drain-timeout SECONDS  how long to wait for the deliveries     default: ${drain_timeout}
      --sms-file FILE        the SMS sink's file (one JSON line per SMS)
                                                                       default: ${sms_file#"${HEADROOM_REPO_ROOT}/"}
      --sms-port PORT        where the SMS sink listens (HEADROOM_SMS_PORT) default: ${sms_port}
      --db NAME              distribution-service's database, for the messages' states and
                             delays (psql -h ${PG_HOST} -U postgres, no password; optional)
                                                                       default: ${database}
      --strict               exit 3 when a verdict is missed (default: report only)
  -h, --help                 show this help

The requests use a gateway token: the management limit (600 requests per minute per account) does
not apply to the gateway, so the numbers are the service's, not that limit's.

Needs: wrk (Debian package wrk), curl, openssl (token.sh), python3, jq or python3; psql optional.
EOF
}

parse_options() {
  while (( $# > 0 )); do
    case "$1" in
      -u|--url)              need_value "$1" $#; base_url="${2%/}"; shift 2 ;;
      --quota-url)           need_value "$1" $#; quota_url="${2%/}"; shift 2 ;;
      -n|--accounts)         need_value "$1" $#; accounts="$2"; shift 2 ;;
      -c|--connections)      need_value "$1" $#; connections="$2"; shift 2 ;;
      -d|--duration)         need_value "$1" $#; duration="$2"; shift 2 ;;
      -t|--threads)          need_value "$1" $#; threads="$2"; shift 2 ;;
      -w|--warmup)           need_value "$1" $#; warmup="$2"; shift 2 ;;
      --pricing)             need_value "$1" $#; pricing="$2"; shift 2 ;;
      --plan)                need_value "$1" $#; plan="$2"; shift 2 ;;
      --no-idempotency-keys) keys=none; shift ;;
      --drain-timeout)       need_value "$1" $#; drain_timeout="$2"; shift 2 ;;
      --sms-file)            need_value "$1" $#; sms_file="$2"; shift 2 ;;
      --sms-port)            need_value "$1" $#; sms_port="$2"; shift 2 ;;
      --db)                  need_value "$1" $#; database="$2"; shift 2 ;;
      --strict)              strict=true; shift ;;
      -h|--help)             usage; exit 0 ;;
      *)                     die "unknown option: $1 (see --help)" ;;
    esac
  done

  local name value
  for name in accounts connections duration threads drain_timeout sms_port; do
    value="${!name}"
    [[ "${value}" =~ ^[1-9][0-9]{0,6}$ ]] || die "--${name//_/-} must be a positive integer, got '${value}'"
  done
  [[ "${warmup}" =~ ^[0-9]{1,6}$ ]] || die "--warmup must be a whole number, got '${warmup}'"
  (( sms_port <= 65535 )) || die "--sms-port must be at most 65535, got ${sms_port}"
  (( connections >= threads )) || die "--connections (${connections}) must be at least --threads (${threads})"
  [[ "${pricing}" =~ ^(current|legacy)$ ]] || die "--pricing must be current or legacy, got '${pricing}'"
  [[ "${plan}" =~ ^(trial|business|organization|enterprise)$ ]] \
    || die "--plan must be trial, business, organization or enterprise, got '${plan}'"
  [[ "${base_url}" =~ ^https?://[^/]+$ ]] || die "--url must look like http://host:port (no path), got '${base_url}'"
  [[ "${quota_url}" =~ ^https?://[^/]+$ ]] || die "--quota-url must look like http://host:port (no path), got '${quota_url}'"
  [[ "${database}" =~ ^[A-Za-z0-9_]+$ ]] || die "--db must be a plain database name, got '${database}'"
}

# --- small helpers -----------------------------------------------------------------------------

# quota REQUEST_FUNCTION ARGS... -> the request against quota-service instead of --url
quota() {
  # shellcheck disable=SC2034  # read by request_json / check_service (common.sh)
  local base_url="${quota_url}"
  "$@"
}

# json EXPRESSION < JSON -> the Python expression evaluated on the document (named d); empty on error
json() { python3 -c 'import json,sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>/dev/null || true; }

# file_size FILE -> bytes (0 when missing): where a phase's lines start in the sink's file
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# mark NAME -> the SMS text of a phase; the sink's lines are counted by it
mark() { printf 'bench %s %s\n' "${run_id}" "$1"; }

# sink_count NAME -> R[sink.NAME.*]: the phase's messages at the sink (distinct, duplicates, first, last, ...)
sink_count() {
  local line
  line="$(python3 "${LOAD_PY}" count --file "${sms_file}" --offset "${R[$1.offset]}" --mark "$(mark "$1")")" \
    || die "distribution_load.py count failed"
  read_into "sink.$1" "${line}"
}

# delivered NAME -> distinct message ids of the phase at the sink (called in $(...): R is not kept)
delivered() {
  sink_count "$1"
  printf '%s\n' "${R[sink.$1.distinct]}"
}

# sql QUERY -> rows of distribution-service's database, fields separated by one space
sql() {
  PGCONNECT_TIMEOUT=3 psql -X -w -q -At -F ' ' -v ON_ERROR_STOP=1 -h "${PG_HOST}" -p "${PG_PORT}" \
    -U postgres -d "${database}" -c "$1"
}

# --- 1. preconditions --------------------------------------------------------------------------

check_tools() {
  install_missing wrk curl openssl python3
  [[ -r "${WRK_LUA}" ]] || die "the wrk script is missing: ${WRK_LUA}"
  [[ -r "${LOAD_PY}" ]] || die "the helper is missing: ${LOAD_PY}"
  local wrk_version
  wrk_version="$({ wrk --version 2>/dev/null || true; } | head -1 | cut -d' ' -f1-2)"   # exits 1 by design
  use_db=false
  if command -v psql >/dev/null 2>&1 && sql "select count(*) from message where false" >/dev/null 2>&1; then
    use_db=true
  fi
  log_ok "tools: ${wrk_version}, $(python3 --version 2>&1), $([[ "${use_db}" == true ]] \
    && echo "psql (database ${database}: the messages' states and delays)" \
    || echo "no psql access to ${database} (the messages' states and delays are left out)")"
}

check_sms_sink() {
  tcp_open 127.0.0.1 "${sms_port}" \
    || die "nothing listens on 127.0.0.1:${sms_port}, where up.sh's SMS sink takes distribution-service's SMS" \
      "(HEADROOM_SMS_PORT). With the services already running, ${RESTART_HINT} starts it and passes its URL"
  [[ -f "${sms_file}" ]] \
    || die "no file ${sms_file}: the SMS sink writes there (--sms-file names another one); is it up.sh's sms_sink.py?"
  if sms_sink_running_pid >/dev/null; then
    log_ok "SMS: up.sh's SMS sink (pid $(sms_sink_running_pid)) on 127.0.0.1:${sms_port}, writing to ${sms_file#"${HEADROOM_REPO_ROOT}/"}"
  else
    log_ok "SMS: something listens on 127.0.0.1:${sms_port}; the lines of ${sms_file#"${HEADROOM_REPO_ROOT}/"} will be counted"
    log_warn "that listener is not up.sh's SMS sink: if it writes elsewhere, the probe stops the run"
  fi
}

# --- 2. accounts and their anti-spam checks -----------------------------------------------------

# create_account INDEX -> appends "account project" (its Sandbox project) to the accounts file
create_account() {
  local out="${work_dir}/account-$1.json" status id project
  status="$(quota post_json /v1/accounts "${admin_token}" \
    "{\"name\":\"bench distributions ${run_id} $1\",\"ownerEmail\":\"${owner_email}\",\"plan\":\"${plan}\",\"pricingScheme\":\"${pricing}\"}" \
    "${out}")"
  [[ "${status}" == 201 ]] || die "POST ${quota_url}/v1/accounts answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  id="$(json 'd["id"]' <"${out}")"
  project="$(json '[p["id"] for p in d["projects"] if p.get("sandbox")][0]' <"${out}")"
  [[ "${id}" =~ ^[A-Za-z0-9_.:-]+$ && "${project}" =~ ^[A-Za-z0-9_.:-]+$ ]] \
    || die "POST /v1/accounts: no account id or Sandbox project in $(head -c 400 "${out}")"
  printf '%s %s\n' "${id}" "${project}" >>"${accounts_file}"
}

# await_known ACCOUNT INDEX -> until GET /v1/accounts/{id} of distribution-service answers 200
# (platform-admin, one subject per account: the management limit counts per subject)
await_known() {
  local token out="${work_dir}/known-$2.json" status deadline
  token="$(mint --sub "bench-admin-${run_id}-$2" --groups platform-admin)"
  deadline=$(( $(date +%s) + 60 ))
  while :; do
    status="$(curl -sS --max-time 5 -o "${out}" -w '%{http_code}' -H "Authorization: Bearer ${token}" \
      "${base_url}/v1/accounts/$1" 2>/dev/null)" || status="000"
    [[ "${status}" != 200 ]] || break
    (( $(date +%s) < deadline )) \
      || die "distribution-service does not know $1 60 s after it was created (GET /v1/accounts/$1: ${status}" \
        "$(head -c 200 "${out}" 2>/dev/null)); does it consume account.changed (queue distribution.account-changed)?"
    sleep 0.2
  done
}

# pass_antispam ACCOUNT INDEX -> the owner requests the check, platform-admin decides "passed"
pass_antispam() {
  local owner admin out="${work_dir}/antispam-$2.json" status
  owner="$(mint --sub "${owner_email}" --groups owner --account "$1")"
  admin="$(mint --sub "bench-admin-${run_id}-$2" --groups platform-admin)"
  status="$(post_json "/v1/accounts/$1/anti-spam-check" "${owner}" \
    "{\"companyWebsite\":\"https://bench.headroom.test\",\"senderDomain\":\"bench.headroom.test\",\"useCase\":\"benchmark run ${run_id}\"}" \
    "${out}")"
  [[ "${status}" == 202 ]] || die "POST /v1/accounts/$1/anti-spam-check (owner) answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  status="$(post_json "/v1/accounts/$1/anti-spam-check/decision" "${admin}" \
    "{\"decision\":\"passed\",\"reason\":\"benchmark run ${run_id}\"}" "${out}")"
  [[ "${status}" == 200 ]] || die "POST /v1/accounts/$1/anti-spam-check/decision answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  [[ "$(json 'd["state"]' <"${out}")" == passed ]] || die "the decision on $1 did not leave the check passed: $(head -c 400 "${out}")"
}

prepare_accounts() {
  local i started
  accounts_file="${work_dir}/accounts.txt"
  ids_file="${work_dir}/project-ids.txt"
  : >"${accounts_file}"
  started="$(date +%s)"
  log_info "Creating ${accounts} accounts in quota-service (plan ${plan}, ${pricing} pricing)"
  for (( i = 1; i <= accounts; i++ )); do
    create_account "${i}"
  done
  cut -d' ' -f2 "${accounts_file}" >"${ids_file}"
  mapfile -t account_ids < <(cut -d' ' -f1 "${accounts_file}")
  mapfile -t project_ids <"${ids_file}"
  log_ok "created ${accounts} accounts in $(( $(date +%s) - started ))s; their Sandbox projects in ${ids_file}"

  for (( i = 1; i <= accounts; i++ )); do
    await_known "${account_ids[i - 1]}" "${i}"
  done
  log_ok "distribution-service knows all ${accounts} accounts ($(( $(date +%s) - started ))s after the first was created)"

  for (( i = 1; i <= accounts; i++ )); do
    pass_antispam "${account_ids[i - 1]}" "${i}"
  done
  log_ok "the anti-spam check of each account passed (owner requested, platform-admin decided)"

  local out="${work_dir}/limits.json" owner
  owner="$(mint --sub "${owner_email}" --groups owner --account "${account_ids[0]}")"
  curl -sS --max-time 5 -o "${out}" -H "Authorization: Bearer ${owner}" \
    "${base_url}/v1/accounts/${account_ids[0]}/distribution-limits" 2>/dev/null || true
  R[limits]="$(json '"%s, %s account: %s per day, %s per month (0 = unlimited)" % (d["antiSpamCheck"], d["accountType"], d["limits"]["perDay"], d["limits"]["perMonth"])' <"${out}")"
  log_info "limits of each account: ${R[limits]:-$(head -c 300 "${out}" 2>/dev/null)}"
  project_sql="'{$(IFS=,; printf '%s' "${project_ids[*]}")}'::text[]"
}

# --- 3. the probe ------------------------------------------------------------------------------

# One distribution by curl before wrk, followed until its message is sent and at the sink: shows
# the answer and stops early when the SMS channel or the delivery does not work.
probe_distribution() {
  local project="${project_ids[0]}" out="${work_dir}/probe.json" status id state="" message waited=0
  R[probe.offset]="$(file_size "${sms_file}")"
  status="$(curl -sS --max-time 10 -o "${out}" -D "${out}.headers" -w '%{http_code}' \
    -X POST "${base_url}/v1/projects/${project}/distributions" -H "Authorization: Bearer ${gateway_token}" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-${run_id}-probe" \
    -d "{\"channel\":\"sms\",\"recipients\":[\"+15550100000\"],\"body\":\"$(mark probe)\"}" 2>/dev/null)" || status="000"
  log_info "probe: POST /v1/projects/${project}/distributions (sms, 1 recipient) -> ${status}"
  tr -d '\r' <"${out}.headers" | grep -iE '^(x-rate-limit-|retry-after)' | sed 's/^/             /' || true
  printf '             %s\n' "$(head -c 300 "${out}")"
  case "${status}" in
    202) ;;
    000) die "POST .../distributions did not answer (is distribution-service still up at ${base_url}?)" ;;
    503) die "POST .../distributions answered 503: distribution-service runs without an SMS gateway" \
      "(HEADROOM_SMS_GATEWAY_URL). Restart it so that up.sh passes its SMS sink's URL: ${RESTART_HINT}" ;;
    *) die "POST .../distributions answered ${status}, expected 202" ;;
  esac
  id="$(json_field id <"${out}")"
  while (( waited < 60 )); do
    curl -sS --max-time 5 -o "${out}" -H "Authorization: Bearer ${gateway_token}" \
      "${base_url}/v1/projects/${project}/distributions/${id}" 2>/dev/null || true
    state="$(json 'd["messages"][0]["state"]' <"${out}")"
    [[ "${state}" == queued || -z "${state}" ]] || break
    sleep 0.5
    waited=$(( waited + 1 ))
  done
  [[ "${state}" == sent ]] || die "the probe's message is ${state:-unknown}$([[ "${state}" == failed ]] || echo ' after 30 s'):" \
    "$(head -c 400 "${out}")"
  message="$(json 'd["messages"][0]["id"]' <"${out}")"
  waited=0
  until (( $(delivered probe) >= 1 )); do
    (( waited < 20 )) || die "the probe's message ${message} was sent, but not to ${sms_file}:" \
      "distribution-service sends SMS elsewhere (its HEADROOM_SMS_GATEWAY_URL); restart it: ${RESTART_HINT}"
    sleep 0.5
    waited=$(( waited + 1 ))
  done
  log_ok "probe distribution ${id}: message ${message} sent and at the sink"
}

# --- 4-6. wrk and the delivery -----------------------------------------------------------------

start_sampler() {
  python3 "${LOAD_PY}" follow --file "${sms_file}" --offset "${R[$1.offset]}" --mark "$(mark "$1")" \
    --out "$2" 2>"${work_dir}/follow.err" &
  sampler_pid=$!
}

# run_wrk NAME SECONDS -> wrk with the SMS text "bench <run> NAME"; fills R[NAME.*] and R[NAME.t0|t1]
# ("HEADROOM_BENCH sent=... c202=... ..." of distributions.lua's done())
run_wrk() {
  wrk_admission "$1" "$2" "${ids_file}" "$(mark "$1")" "${keys}"
  R["$1.c429"]=$(( ${R[$1.c429d]} + ${R[$1.c429o]} ))
}

# await_drain NAME -> waits until the sink has R[NAME.c202] distinct messages of the phase (bounded
# by --drain-timeout), then until its count stops growing (distributions accepted while wrk
# stopped, which wrk did not count); fills R[NAME.delivered], R[NAME.drained], R[sink.NAME.*]
await_drain() {
  await_drain_count "$1" delivered "$1"
  sink_count "$1"
  R["$1.delivered"]="${R[sink.$1.distinct]}"
}

# db_states NAME -> R[db.NAME.*] from distribution-service's database: the phase's messages by state,
# retries, acceptance times and the delay from acceptance to sent (p50/p99/max ms); n/a without psql
db_states() {
  local row key
  for key in total queued sent failed retries first last p50 p99 max; do R["db.$1.${key}"]=n/a; done
  [[ "${use_db}" == true ]] || return 0
  row="$(sql "with m as (
      select m.state, m.attempts, extract(epoch from d.created_at)::float8 as accepted,
             extract(epoch from m.sent_at)::float8 as sent_at,
             extract(epoch from m.sent_at - d.created_at)::float8 * 1000 as delay_ms
        from distribution d join message m on m.distribution_id = d.id
       where d.project_id = any(${project_sql}) and d.body = '$(mark "$1")')
    select count(*), count(*) filter (where state = 'queued'), count(*) filter (where state = 'sent'),
           count(*) filter (where state = 'failed'), coalesce(sum(attempts - 1) filter (where state = 'sent'), 0),
           coalesce(min(accepted)::text, 'n/a'), coalesce(max(sent_at)::text, 'n/a'),
           coalesce(round((percentile_cont(0.5) within group (order by delay_ms) filter (where state = 'sent'))::numeric, 1)::text, 'n/a'),
           coalesce(round((percentile_cont(0.99) within group (order by delay_ms) filter (where state = 'sent'))::numeric, 1)::text, 'n/a'),
           coalesce(round(max(delay_ms)::numeric, 1)::text, 'n/a')
      from m" 2>/dev/null)" || return 0
  read -r "R[db.$1.total]" "R[db.$1.queued]" "R[db.$1.sent]" "R[db.$1.failed]" "R[db.$1.retries]" \
    "R[db.$1.first]" "R[db.$1.last]" "R[db.$1.p50]" "R[db.$1.p99]" "R[db.$1.max]" <<<"${row}"
}

run_measured() {
  local timeline="${work_dir}/timeline.txt" at_end first last
  section "run: ${duration} s, wrk ${threads} threads / ${connections} connections, the Sandbox project of a random account of ${accounts}"
  : >"${timeline}"
  R[run.offset]="$(file_size "${sms_file}")"
  start_sampler run "${timeline}"
  run_wrk run "${duration}"
  at_end="$(delivered run)"
  report_admission run "202 ${R[run.c202]}   429 ${R[run.c429]} (distribution_messages ${R[run.c429d]}, other ${R[run.c429o]})   other ${R[run.other]} (${R[run.other_codes]})"

  section "delivery: until the sink has the ${R[run.c202]} accepted messages (at most ${drain_timeout} s)"
  printf '  at wrk end            %s at the sink of the %s wrk saw accepted\n' "${at_end}" "${R[run.c202]}"
  await_drain run
  stop_sampler
  report_timeline "${timeline}" "${R[run.t0]}" "${R[run.t1]}" sent
  db_states run

  # from the first accept (the first distribution's created_at, else wrk's start) to the last SMS
  first="${R[db.run.first]}"
  [[ "${first}" != n/a ]] || first="${R[run.t0]}"
  last="${R[sink.run.last]}"
  R[run.at_end]="${at_end}"
  R[run.during_mps]="$(ratio "${at_end}" "$(elapsed "${R[run.t0]}" "${R[run.t1]}")" '%.1f')"
  if [[ -n "${last}" ]]; then
    R[run.delivery_s]="$(elapsed "${first}" "${last}")"
    R[run.mps]="$(ratio "${R[run.delivered]}" "${R[run.delivery_s]}" '%.1f')"
    R[run.drain_s]="$(awk -v a="${R[run.t1]}" -v b="${last}" 'BEGIN { d = b - a; printf "%.1f\n", d < 0 ? 0 : d }')"
  else
    R[run.delivery_s]=n/a R[run.mps]=n/a R[run.drain_s]=n/a
  fi
  (( ${R[run.drained]} == 1 )) || R[run.drain_s]=">${drain_timeout}"
  # accepted: exact from the database when it can be read, else what wrk counted
  R[run.accepted]="${R[run.c202]}"
  [[ "${R[db.run.total]}" == n/a ]] || R[run.accepted]="${R[db.run.total]}"
  R[run.undelivered]=$(( ${R[run.accepted]} > ${R[run.delivered]} ? ${R[run.accepted]} - ${R[run.delivered]} : 0 ))
  R[run.unkeyed]=$(( ${R[sink.run.lines]} - ${R[sink.run.keyed]} ))

  if (( ${R[run.drained]} == 1 )); then
    log_ok "all ${R[run.c202]} accepted messages sent; the last one ${R[run.drain_s]} s after wrk ended"
  else
    log_warn "${drain_timeout} s after wrk ended the sink had ${R[run.delivered]} of the ${R[run.c202]} accepted messages"
  fi
  printf '  at the sink           %s distinct messages (%s lines, %s duplicates), %s with their message id as Idempotency-Key\n' \
    "${R[run.delivered]}" "${R[sink.run.lines]}" "${R[sink.run.duplicates]}" "${R[sink.run.keyed]}"
  printf '  delivery              %s s from the first accept to the last SMS: %s messages/s (%s/s while wrk ran)\n' \
    "${R[run.delivery_s]}" "${R[run.mps]}" "${R[run.during_mps]}"
  if [[ "${use_db}" == true ]]; then
    printf '  in PostgreSQL         %s messages: %s sent, %s queued, %s failed; %s retries among the sent\n' \
      "${R[db.run.total]}" "${R[db.run.sent]}" "${R[db.run.queued]}" "${R[db.run.failed]}" "${R[db.run.retries]}"
    printf '  accepted -> sent      p50 %s ms   p99 %s ms   max %s ms\n' "${R[db.run.p50]}" "${R[db.run.p99]}" "${R[db.run.max]}"
  fi
}

run_warmup() {
  (( warmup > 0 )) || { log_info "no warm-up (--warmup 0)"; return; }
  section "warm-up: ${warmup} s (not measured), then until the sink has its messages"
  R[warmup.offset]="$(file_size "${sms_file}")"
  run_wrk warmup "${warmup}"
  printf '  %s accepted/s, p99 %s ms, %s errors, %s answers 429\n' "${R[warmup.aps]}" "${R[warmup.p99]}" \
    "${R[warmup.errors]}" "${R[warmup.c429]}"
  await_drain warmup
  if (( ${R[warmup.drained]} == 1 )); then
    log_ok "the warm-up's ${R[warmup.c202]} messages are at the sink ($(elapsed "${R[warmup.t0]}") s after it started)"
  else
    log_warn "the warm-up's messages are not all at the sink (${R[warmup.delivered]} of ${R[warmup.c202]});" \
      "the measured run starts with a backlog"
  fi
}

# --- 7. summary --------------------------------------------------------------------------------

print_summary() {
  missed=0
  printf '\n%s\n' "================================================================================================"
  printf ' Headroom distribution benchmark   run %s\n' "${run_id}"
  printf ' %s, wrk %s threads / %s connections / %s s, %s accounts (plan %s, %s pricing), 1 SMS recipient each\n' \
    "${base_url}" "${threads}" "${connections}" "${duration}" "${accounts}" "${plan}" "${pricing}"
  printf ' limits: %s; Idempotency-Key: %s\n' "${R[limits]:-n/a}" "$([[ "${keys}" == keys ]] && echo 'one per request' || echo none)"
  printf '%s\n' "================================================================================================"
  printf ' %-10s %10s %8s %8s %8s %6s %7s\n' accept accepted/s 'p50 ms' 'p99 ms' 202 429 errors
  printf ' %-10s %10s %8s %8s %8s %6s %7s\n' run "${R[run.aps]}" "${R[run.p50]}" "${R[run.p99]}" "${R[run.c202]}" \
    "${R[run.c429]}" "${R[run.errors]}"
  printf ' %-10s %10s %10s %12s %10s %9s %11s\n' delivery sent 'at wrk end' 'first-last s' messages/s 'drain s' duplicates
  printf ' %-10s %10s %10s %12s %10s %9s %11s\n' run "${R[run.delivered]}" "${R[run.at_end]}" "${R[run.delivery_s]}" \
    "${R[run.mps]}" "${R[run.drain_s]}" "${R[sink.run.duplicates]}"
  if [[ "${use_db}" == true ]]; then
    printf ' accepted -> sent: p50 %s ms, p99 %s ms, max %s ms; %s failed, %s still queued\n' "${R[db.run.p50]}" \
      "${R[db.run.p99]}" "${R[db.run.max]}" "${R[db.run.failed]}" "${R[db.run.queued]}"
  fi
  printf ' distribution-service RSS: before %s MiB, after %s MiB\n' "${rss_before}" "${rss_after}"

  printf '\n verdicts\n'
  target "no errors (other statuses, socket errors)" "${R[run.errors]}" "${R[run.errors]}" '<=' 0
  if [[ "${pricing}" == current ]]; then
    target "no 429 (current pricing, check passed: unlimited)" "${R[run.c429]}" "${R[run.c429]}" '<=' 0
  else
    printf '   %-56s %-14s %s\n' "429 distribution_messages (legacy: the plan's limits)" "${R[run.c429d]}" "expected"
    target "no other 429" "${R[run.c429o]}" "${R[run.c429o]}" '<=' 0
  fi
  target "every accepted message sent within ${drain_timeout} s" "${R[run.undelivered]} missing" \
    "${R[run.undelivered]}" '<=' 0
  target "no message sent twice (the sink answers 200)" "${R[sink.run.duplicates]}" "${R[sink.run.duplicates]}" '<=' 0
  target "every SMS carried its message id as Idempotency-Key" "${R[run.unkeyed]} without" "${R[run.unkeyed]}" '<=' 0
  if [[ "${use_db}" == true ]]; then
    target "no message failed" "${R[db.run.failed]}" "${R[db.run.failed]}" '<=' 0
  fi
  printf '\n details: %s\n' "${work_dir}"
}

# --- main --------------------------------------------------------------------------------------

on_exit() {
  local rc=$?
  stop_sampler
  exit "${rc}"
}

main() {
  parse_options "$@"
  declare -gA R=()
  run_id="$(date +%Y%m%d-%H%M%S)-$$"
  owner_email="owner-${run_id}@bench.headroom.test"
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/headroom-bench.XXXXXX")"
  token_ttl=$(( 3600 + duration + warmup + 2 * drain_timeout ))
  sampler_pid=""
  trap on_exit EXIT
  trap 'exit 130' INT     # so that EXIT runs (and stops the sampler) on Ctrl-C
  trap 'exit 143' TERM

  section "preconditions"
  check_tools
  check_load
  quota check_service quota-service
  check_service distribution-service
  check_sms_sink
  admin_token="$(mint --sub "bench-admin-${run_id}" --groups platform-admin)"
  gateway_token="$(mint --sub bench-gateway --groups gateway)"

  section "accounts: ${accounts} in quota-service, known to distribution-service, anti-spam check passed"
  prepare_accounts
  probe_distribution

  rss_before="$(rss_mib)"
  log_info "distribution-service RSS before: ${rss_before} MiB (pid $(service_pid || true))"
  run_warmup
  run_measured
  rss_after="$(rss_mib)"
  log_info "distribution-service RSS after: ${rss_after} MiB"

  print_summary
  if [[ "${strict}" == true && "${missed}" -gt 0 ]]; then
    exit 3
  fi
}

main "$@"
