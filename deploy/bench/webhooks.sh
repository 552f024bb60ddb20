#!/usr/bin/env bash
# Load benchmark of the webhook inbox (spec quota-service.md §5) against a running suite
# (deploy/local/up.sh): how fast quota-service admits POST /v1/projects/{id}/webhook-calls, and
# how fast the accepted calls drain to their target.
#   1. starts a local sink (webhook_sink.py) that answers 200 to every POST and counts the call
#      ids it gets, per source,
#   2. creates projects in enterprise accounts with custom limits generous enough that neither the
#      day's bucket refuses nor the delivery pacing holds back (--per-day, --per-minute), each
#      with the sink as its webhook target,
#   3. one call by curl, followed until the sink has it (the delivery path works),
#   4. warm-up (not measured), then waits until the sink has every warm-up call,
#   5. wrk for --duration: ~1 KiB payloads to random projects; accepted/s, p50/p99, 202/429/other,
#      while the sink's count is sampled every second,
#   6. the drain: until the sink has as many distinct ids as wrk saw accepted (or --drain-timeout),
#   7. a summary and the verdicts.
# See deploy/bench/README.md ("webhooks.sh") for how to read the output.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/lib.sh
source "${BENCH_DIR}/../local/lib.sh"
# shellcheck source=deploy/bench/common.sh
source "${BENCH_DIR}/common.sh"   # ratio, section, json_field, check_service, mint, request_json, rss_mib, target, ...

WRK_LUA="${BENCH_DIR}/webhooks.lua"
SINK_PY="${BENCH_DIR}/webhook_sink.py"
PRIVATE_HINT="deploy/local/down.sh && HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=true deploy/local/up.sh --no-build"

# --- options -----------------------------------------------------------------------------------
base_url="http://127.0.0.1:8081"
duration=30
connections=50
threads=2
projects=50
accounts=2
warmup=5
payload_bytes=1024
per_minute=1000000          # apiCallsPerMinute: the delivery rate per project (0: not paced)
per_day=1000000000          # webhookCallsPerDay: the day's bucket per project (0: unlimited)
drain_timeout=600
sink_host=127.0.0.1
sink_port=0
database=headroom_quota
projects_file=""
strict=false

usage() {
  cat <<EOF
Usage: deploy/bench/webhooks.sh [options]

Benchmarks POST /v1/projects/{id}/webhook-calls of a running quota-service (start the suite with
deploy/local/up.sh, allowing deliveries to 127.0.0.1: see below) and how fast the accepted calls
are delivered to a local sink. Takes about warm-up + duration + the drain + the project creation.

Options:
  -u, --url URL              quota-service base URL                    default: ${base_url}
  -d, --duration SECONDS     length of the measured wrk run            default: ${duration}
  -c, --connections N        wrk connections                           default: ${connections}
  -t, --threads N            wrk threads                               default: ${threads}
  -p, --projects N           projects to create and spread calls over  default: ${projects}
  -a, --accounts N           accounts the projects are spread over     default: ${accounts}
  -w, --warmup SECONDS       warm-up before the measured run (0: none) default: ${warmup}
  -s, --payload-bytes N      request body size (payload padded to it)  default: ${payload_bytes}
      --per-minute N         custom apiCallsPerMinute = deliveries per project and minute
                             (0: not paced)                            default: ${per_minute}
      --per-day N            custom webhookCallsPerDay = the day's bucket per project
                             (0: unlimited, no X-Rate-Limit-* headers)  default: ${per_day}
      --drain-timeout SECONDS  how long to wait for the deliveries     default: ${drain_timeout}
      --sink-host HOST       address the sink listens on and the targets name
                                                                       default: ${sink_host}
      --sink-port PORT       the sink's port (0: any free one)         default: ${sink_port}
      --projects-file FILE   reuse project ids (one a line, e.g. from an earlier run) instead of
                             creating projects; their targets are set to this run's sink
      --db NAME              quota-service's database, for the call states (psql, optional)
                                                                       default: ${database}
      --strict               exit 3 when a verdict is missed (default: report only)
  -h, --help                 show this help

quota-service refuses targets on loopback and private addresses unless
headroom.outbound.allow-private-addresses is true; deploy/local/up.sh allows them unless
HEADROOM_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=false was exported. If it was, restart the suite:
  ${PRIVATE_HINT}

Needs: wrk (Debian package wrk), curl, python3 (the sink), jq or python3; psql optional.
EOF
}

parse_options() {
  while (( $# > 0 )); do
    case "$1" in
      -u|--url)           need_value "$1" $#; base_url="${2%/}"; shift 2 ;;
      -d|--duration)      need_value "$1" $#; duration="$2"; shift 2 ;;
      -c|--connections)   need_value "$1" $#; connections="$2"; shift 2 ;;
      -t|--threads)       need_value "$1" $#; threads="$2"; shift 2 ;;
      -p|--projects)      need_value "$1" $#; projects="$2"; shift 2 ;;
      -a|--accounts)      need_value "$1" $#; accounts="$2"; shift 2 ;;
      -w|--warmup)        need_value "$1" $#; warmup="$2"; shift 2 ;;
      -s|--payload-bytes) need_value "$1" $#; payload_bytes="$2"; shift 2 ;;
      --per-minute)       need_value "$1" $#; per_minute="$2"; shift 2 ;;
      --per-day)          need_value "$1" $#; per_day="$2"; shift 2 ;;
      --drain-timeout)    need_value "$1" $#; drain_timeout="$2"; shift 2 ;;
      --sink-host)        need_value "$1" $#; sink_host="$2"; shift 2 ;;
      --sink-port)        need_value "$1" $#; sink_port="$2"; shift 2 ;;
      --projects-file)    need_value "$1" $#; projects_file="$2"; shift 2 ;;
      --db)               need_value "$1" $#; database="$2"; shift 2 ;;
      --strict)           strict=true; shift ;;
      -h|--help)          usage; exit 0 ;;
      *)                  die "unknown option: $1 (see --help)" ;;
    esac
  done

  local name value
  for name in duration connections threads projects accounts payload_bytes drain_timeout; do
    value="${!name}"
    [[ "${value}" =~ ^[1-9][0-9]*$ ]] || die "--${name//_/-} must be a positive integer, got '${value}'"
  done
  for name in warmup per_minute per_day sink_port; do
    value="${!name}"
    [[ "${value}" =~ ^[0-9]+$ ]] || die "--${name//_/-} must be a whole number, got '${value}'"
  done
  (( sink_port <= 65535 )) || die "--sink-port must be at most 65535, got ${sink_port}"
  (( payload_bytes <= 256 * 1024 )) || die "--payload-bytes must be at most 262144 (the service's limit), got ${payload_bytes}"
  (( connections >= threads )) || die "--connections (${connections}) must be at least --threads (${threads})"
  (( accounts <= projects )) || accounts="${projects}"
  [[ "${base_url}" =~ ^https?://[^/]+$ ]] || die "--url must look like http://host:port (no path), got '${base_url}'"
  [[ "${sink_host}" =~ ^[A-Za-z0-9.:-]+$ ]] || die "--sink-host must be a host name or an IPv4 address, got '${sink_host}'"
  [[ "${database}" =~ ^[A-Za-z0-9_]+$ ]] || die "--db must be a plain database name, got '${database}'"
  if [[ -n "${projects_file}" ]]; then
    [[ -s "${projects_file}" ]] || die "--projects-file ${projects_file}: missing or empty"
  fi
}

# --- small helpers -----------------------------------------------------------------------------

# sink_stats [SOURCE] -> the sink's counts as JSON (every source, or one); {} when it does not answer
sink_stats() {
  local query=""
  [[ -z "${1:-}" ]] || query="?source=$1"
  curl -sS --max-time 5 "${sink_url}/stats${query}" 2>/dev/null || printf '{}\n'
}

# delivered SOURCE -> distinct call ids the sink got from SOURCE (0 when it does not answer)
delivered() {
  local n
  n="$(sink_stats "$1" | json_field distinct)"
  printf '%s\n' "${n:-0}"
}

# --- 1. preconditions --------------------------------------------------------------------------

check_tools() {
  install_missing wrk curl python3
  [[ -r "${WRK_LUA}" ]] || die "the wrk script is missing: ${WRK_LUA}"
  [[ -r "${SINK_PY}" ]] || die "the sink is missing: ${SINK_PY}"
  local wrk_version psql_note="no psql (the call states in PostgreSQL are left out)"
  wrk_version="$({ wrk --version 2>/dev/null || true; } | head -1 | cut -d' ' -f1-2)"   # exits 1 by design
  if command -v psql >/dev/null 2>&1; then
    psql_note="psql"
  fi
  log_ok "tools: ${wrk_version}, $(python3 --version 2>&1), ${psql_note}"
}

# --- 2. the sink -------------------------------------------------------------------------------

start_sink() {
  local port_file="${work_dir}/sink.port" waited=0
  python3 "${SINK_PY}" --host "${sink_host}" --port "${sink_port}" --port-file "${port_file}" \
    >"${work_dir}/sink.log" 2>&1 &
  sink_pid=$!
  until [[ -s "${port_file}" ]]; do
    kill -0 "${sink_pid}" 2>/dev/null || { cat "${work_dir}/sink.log" >&2; die "the sink exited at start; output above"; }
    (( waited < 100 )) || die "the sink did not listen within 10 s (see ${work_dir}/sink.log)"
    sleep 0.1
    waited=$(( waited + 1 ))
  done
  sink_url="http://${sink_host}:$(tr -dc '0-9' <"${port_file}")"
  [[ "$(sink_stats | json_field posts)" == 0 ]] || die "the sink at ${sink_url} does not answer GET /stats"
  log_ok "sink listening at ${sink_url} (pid ${sink_pid}, answers 200; log ${work_dir}/sink.log)"
}

stop_sink() {
  if [[ -n "${sink_pid:-}" ]] && kill -0 "${sink_pid}" 2>/dev/null; then
    kill "${sink_pid}" 2>/dev/null || true
    wait "${sink_pid}" 2>/dev/null || true
  fi
  sink_pid=""
}

# --- 3. accounts, projects, targets ------------------------------------------------------------

# create_account INDEX -> prints the new account's id
create_account() {
  local out="${work_dir}/account-$1.json" status id
  status="$(post_json /v1/accounts "${admin_token}" \
    "{\"name\":\"bench webhooks ${run_id} $1\",\"ownerEmail\":\"bench@example.test\",\"plan\":\"enterprise\",\"customLimits\":{\"apiCallsPerMinute\":${per_minute},\"webhookCallsPerDay\":${per_day}}}" \
    "${out}")"
  [[ "${status}" == 201 ]] || die "POST /v1/accounts answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  id="$(json_field id <"${out}")"
  [[ -n "${id}" ]] || die "POST /v1/accounts: no \"id\" in $(head -c 400 "${out}")"
  printf '%s\n' "${id}"
}

# set_target PROJECT TOKEN OUT -> points the project's webhook target at the sink, or dies
set_target() {
  local project="$1" token="$2" out="$3" status
  status="$(request_json PUT "/v1/projects/${project}/webhook-target" "${token}" \
    "{\"url\":\"${sink_url}/hook/${project}\"}" "${out}")"
  if [[ "${status}" == 400 ]] && grep -q 'loopback, link-local or private' "${out}" 2>/dev/null; then
    die "quota-service refuses the sink ${sink_url} as a webhook target: it is started without" \
      "headroom.outbound.allow-private-addresses (the production default)." \
      "Restart the suite allowing private addresses: ${PRIVATE_HINT}"
  fi
  [[ "${status}" == 200 ]] || die "PUT /v1/projects/${project}/webhook-target answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
}

# create_projects ACCOUNT_ID INDEX COUNT -> appends COUNT project ids to ids-INDEX.txt, each
# with the sink as its target (runs in the background, one job per account, with its owner token)
create_projects() {
  local account="$1" index="$2" count="$3" token out status id j
  token="$(mint --sub "bench-owner-${index}@example.test" --groups owner --account "${account}")"
  out="${work_dir}/project-${index}.json"
  : >"${work_dir}/ids-${index}.txt"
  for (( j = 1; j <= count; j++ )); do
    status="$(post_json "/v1/accounts/${account}/projects" "${token}" "{\"name\":\"bench-webhooks-${index}-${j}\"}" "${out}")"
    [[ "${status}" == 201 ]] || die "POST /v1/accounts/${account}/projects answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
    id="$(json_field id <"${out}")"
    [[ "${id}" =~ ^[A-Za-z0-9_.:-]+$ ]] || die "POST /v1/accounts/${account}/projects: unexpected id '${id}' in $(head -c 400 "${out}")"
    set_target "${id}" "${token}" "${work_dir}/target-${index}.json"
    printf '%s\n' "${id}" >>"${work_dir}/ids-${index}.txt"
  done
}

prepare_projects() {
  ids_file="${work_dir}/project-ids.txt"
  if [[ -n "${projects_file}" ]]; then
    grep -v '^[[:space:]]*$' "${projects_file}" >"${ids_file}" || true
    [[ -s "${ids_file}" ]] || die "--projects-file ${projects_file}: no project id in it"
    projects="$(wc -l <"${ids_file}" | tr -d ' ')"
    local id
    while IFS= read -r id; do
      [[ "${id}" =~ ^[A-Za-z0-9_.:-]+$ ]] || die "--projects-file: unexpected project id '${id}'"
      set_target "${id}" "${admin_token}" "${work_dir}/target-reuse.json"
    done <"${ids_file}"
    log_ok "reusing ${projects} projects from ${projects_file}; their targets now point at ${sink_url}"
    log_warn "reused projects keep their custom limits from when they were created (--per-minute and --per-day do not apply)"
    return
  fi

  log_info "Creating ${projects} projects in ${accounts} accounts (enterprise: apiCallsPerMinute ${per_minute}," \
    "webhookCallsPerDay ${per_day}), each with the sink as its webhook target"
  create_in_accounts
  log_ok "created ${projects} projects with their targets in ${created_in_seconds}s; ids in ${ids_file}"
}

# One call by curl before wrk, followed until the sink has it: shows the answer and stops early
# when the endpoint is missing or deliveries do not arrive.
probe_call() {
  local project out status id source="bench-${run_id}-probe" waited=0
  project="$(head -1 "${ids_file}")"
  out="${work_dir}/probe-call.json"
  status="$(curl -sS --max-time 10 -o "${out}" -D "${out}.headers" -w '%{http_code}' \
    -X POST "${base_url}/v1/projects/${project}/webhook-calls" -H "Authorization: Bearer ${gateway_token}" \
    -H 'Content-Type: application/json' -d "{\"source\":\"${source}\",\"payload\":{\"probe\":true}}" 2>/dev/null)" || status="000"
  log_info "probe: POST /v1/projects/${project}/webhook-calls -> ${status}"
  tr -d '\r' <"${out}.headers" | grep -iE '^(x-rate-limit-|retry-after)' | sed 's/^/             /' || true
  printf '             %s\n' "$(head -c 300 "${out}")"
  case "${status}" in
    202) ;;
    000) die "POST .../webhook-calls did not answer (is quota-service still up at ${base_url}?)" ;;
    404|405) die "POST .../webhook-calls answered ${status}: the webhook inbox is missing in this build, or the project is unknown" ;;
    409) die "POST .../webhook-calls answered 409: the project has no webhook target" ;;
    *) die "POST .../webhook-calls answered ${status}, expected 202" ;;
  esac
  id="$(json_field id <"${out}")"
  until (( $(delivered "${source}") >= 1 )); do
    if (( waited >= 30 )); then
      local call="${work_dir}/probe-state.json"
      curl -sS --max-time 5 -o "${call}" -H "Authorization: Bearer ${gateway_token}" \
        "${base_url}/v1/projects/${project}/webhook-calls/${id}" 2>/dev/null || true
      if grep -q 'private address' "${call}" 2>/dev/null; then
        die "the probe call was not delivered: quota-service refuses private addresses when delivering" \
          "($(head -c 300 "${call}")). Restart the suite allowing them: ${PRIVATE_HINT}"
      fi
      die "the probe call ${id} did not reach the sink within 30 s; the service says: $(head -c 400 "${call}" 2>/dev/null)"
    fi
    sleep 0.5
    waited=$(( waited + 1 ))
  done
  log_ok "probe call ${id} delivered: the sink had it within $(ratio "$(( waited + 1 ))" 2 '%.1f') s"
}

# --- 4. call states in PostgreSQL (optional) ---------------------------------------------------

# db_states SOURCE -> "queued N, delivered N, failed N; outbox unsent N" for the calls of SOURCE,
# from quota-service's database; empty when psql cannot reach it (needs trust for 127.0.0.1)
db_states() {
  command -v psql >/dev/null 2>&1 || return 0
  PGCONNECT_TIMEOUT=3 psql -X -w -q -At -F ' ' -h "${PG_HOST}" -p "${PG_PORT}" -U postgres -d "${database}" -c \
    "select 'queued', count(*) filter (where status = 'queued'), 'delivered', count(*) filter (where status = 'delivered'),
            'failed', count(*) filter (where status = 'failed'),
            'outbox-unsent', (select count(*) from outbox_message where sent_at is null)
       from webhook_call where source = '$1'" 2>/dev/null \
    | awk 'NF == 8 { printf "queued %s, delivered %s, failed %s; outbox unsent (every event) %s\n", $2, $4, $6, $8 }' || true
}

# --- 5. wrk and the drain ----------------------------------------------------------------------

# sample_sink SOURCE FILE -> appends "<epoch seconds> <distinct>" every second until killed
sample_sink() {
  while :; do
    printf '%s %s\n' "$(now_s)" "$(delivered "$1")" >>"$2"
    sleep 1
  done
}

# run_wrk NAME SECONDS -> wrk with source bench-<run>-NAME; fills R[NAME.*] and R[NAME.t0|t1]
# ("HEADROOM_BENCH sent=... c202=... ..." of webhooks.lua's done())
run_wrk() { wrk_admission "$1" "$2" "${ids_file}" "${payload_bytes}" "bench-${run_id}-$1"; }

# await_drain NAME -> waits until the sink has R[NAME.c202] distinct ids of the source (bounded by
# --drain-timeout), then until its count stops growing (calls accepted while wrk stopped, which wrk
# did not count); fills R[NAME.delivered], R[NAME.drained], R[NAME.stats]
await_drain() {
  await_drain_count "$1" delivered "bench-${run_id}-$1"
  R["$1.stats"]="$(sink_stats "bench-${run_id}-$1")"
}

run_measured() {
  local source="bench-${run_id}-run" timeline="${work_dir}/timeline.txt" at_end states
  section "run: ${duration} s, wrk ${threads} threads / ${connections} connections, a random project of ${projects} per request"
  : >"${timeline}"
  sample_sink "${source}" "${timeline}" &
  sampler_pid=$!
  run_wrk run "${duration}"
  at_end="$(delivered "${source}")"
  states="$(db_states "${source}")"
  report_admission run "202 ${R[run.c202]}   429 ${R[run.c429]}   other ${R[run.other]} (${R[run.other_codes]})" \
    "request body          ${R[run.body_bytes]} bytes"

  section "drain: until the sink has the ${R[run.c202]} accepted calls (at most ${drain_timeout} s)"
  printf '  at wrk end            %s delivered of the %s wrk saw accepted%s\n' "${at_end}" "${R[run.c202]}" \
    "${states:+; in PostgreSQL: ${states}}"
  await_drain run
  stop_sampler
  report_timeline "${timeline}" "${R[run.t0]}" "${R[run.t1]}" delivered

  local stats="${R[run.stats]}" first last
  first="$(json_field first <<<"${stats}")"
  last="$(json_field last <<<"${stats}")"
  R["run.at_end"]="${at_end}"
  R["run.duplicates"]="$(json_field duplicates <<<"${stats}")"
  R["run.redeliveries"]="$(json_field redeliveries <<<"${stats}")"
  R["run.during_dps"]="$(ratio "${at_end}" "$(elapsed "${R[run.t0]}" "${R[run.t1]}")" '%.1f')"
  if (( ${R[run.drained]} == 0 )); then
    R["run.drain_s"]=">${drain_timeout}"
    R["run.total_dps"]="$(ratio "${R[run.delivered]}" "$(elapsed "${first:-${R[run.t0]}}" "${last:-${R[run.t0]}}")" '%.1f')"
  elif [[ -n "${last}" ]]; then
    R["run.drain_s"]="$(awk -v a="${R[run.t1]}" -v b="${last}" 'BEGIN { d = b - a; printf "%.1f\n", d < 0 ? 0 : d }')"
    R["run.total_dps"]="$(ratio "${R[run.delivered]}" "$(elapsed "${first}" "${last}")" '%.1f')"
  else
    R["run.drain_s"]=n/a
    R["run.total_dps"]=n/a
  fi
  R["run.undelivered"]=$(( ${R[run.c202]} > ${R[run.delivered]} ? ${R[run.c202]} - ${R[run.delivered]} : 0 ))
  R["run.extra"]=$(( ${R[run.delivered]} > ${R[run.c202]} ? ${R[run.delivered]} - ${R[run.c202]} : 0 ))

  if (( ${R[run.drained]} == 1 )); then
    log_ok "all ${R[run.c202]} accepted calls delivered; the last one $(printf '%s' "${R[run.drain_s]}") s after wrk ended"
  else
    log_warn "${drain_timeout} s after wrk ended the sink had ${R[run.delivered]} of the ${R[run.c202]} accepted calls"
  fi
  printf '  delivered             %s distinct ids (%s accepted while wrk stopped, not counted by it)\n' \
    "${R[run.delivered]}" "${R[run.extra]}"
  printf '  delivery rate         %s/s during wrk, %s/s first to last delivery\n' "${R[run.during_dps]}" "${R[run.total_dps]}"
  printf '  at the sink           %s duplicates (an id seen again), %s redeliveries (X-Headroom-Attempt > 1)\n' \
    "${R[run.duplicates]}" "${R[run.redeliveries]}"
  states="$(db_states "${source}")"
  [[ -z "${states}" ]] || printf '  in PostgreSQL now     %s\n' "${states}"
  printf '  sink counts           %s\n' "${stats}"
}

run_warmup() {
  (( warmup > 0 )) || { log_info "no warm-up (--warmup 0)"; return; }
  section "warm-up: ${warmup} s (not measured), then until the sink has its calls"
  run_wrk warmup "${warmup}"
  printf '  %s accepted/s, p99 %s ms, %s errors\n' "${R[warmup.aps]}" "${R[warmup.p99]}" "${R[warmup.errors]}"
  await_drain warmup
  if (( ${R[warmup.drained]} == 1 )); then
    log_ok "the warm-up's ${R[warmup.c202]} calls are delivered ($(elapsed "${R[warmup.t0]}") s after it started)"
  else
    log_warn "the warm-up's calls are not all delivered (${R[warmup.delivered]} of ${R[warmup.c202]});" \
      "the measured run starts with a backlog"
  fi
}

# --- 6. summary --------------------------------------------------------------------------------

print_summary() {
  missed=0
  printf '\n%s\n' "================================================================================================"
  printf ' Headroom webhook inbox benchmark   run %s\n' "${run_id}"
  printf ' %s, wrk %s threads / %s connections / %s s, %s projects, %s-byte bodies\n' \
    "${base_url}" "${threads}" "${connections}" "${duration}" "${projects}" "${R[run.body_bytes]}"
  printf ' per project: %s deliveries per minute, %s calls per day (0: unlimited)\n' "${per_minute}" "${per_day}"
  printf '%s\n' "================================================================================================"
  printf ' %-10s %10s %8s %8s %8s %6s %7s\n' admission accepted/s 'p50 ms' 'p99 ms' 202 429 errors
  printf ' %-10s %10s %8s %8s %8s %6s %7s\n' run "${R[run.aps]}" "${R[run.p50]}" "${R[run.p99]}" "${R[run.c202]}" \
    "${R[run.c429]}" "${R[run.errors]}"
  printf ' %-10s %10s %10s %12s %10s %11s %11s\n' delivery delivered 'at wrk end' 'during /s' 'overall /s' \
    'drain s' duplicates
  printf ' %-10s %10s %10s %12s %10s %11s %11s\n' run "${R[run.delivered]}" "${R[run.at_end]}" "${R[run.during_dps]}" \
    "${R[run.total_dps]}" "${R[run.drain_s]}" "${R[run.duplicates]}"
  printf ' quota-service RSS: before %s MiB, after %s MiB\n' "${rss_before}" "${rss_after}"

  printf '\n verdicts\n'
  target "no errors (other statuses, socket errors)" "${R[run.errors]}" "${R[run.errors]}" '<=' 0
  target "no 429 (the day's bucket is generous)" "${R[run.c429]}" "${R[run.c429]}" '<=' 0
  target "every accepted call delivered within ${drain_timeout} s" "${R[run.undelivered]} missing" \
    "${R[run.undelivered]}" '<=' 0
  target "no call delivered twice (the sink answers 200)" "${R[run.duplicates]}" "${R[run.duplicates]:-n/a}" '<=' 0
  printf '\n details: %s\n' "${work_dir}"
}

# --- main --------------------------------------------------------------------------------------

on_exit() {
  local rc=$?
  stop_sampler
  stop_sink
  exit "${rc}"
}

main() {
  parse_options "$@"
  declare -gA R=()
  run_id="$(date +%Y%m%d-%H%M%S)-$$"
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/headroom-bench.XXXXXX")"
  token_ttl=$(( 3600 + duration + warmup + 2 * drain_timeout ))
  sink_pid=""
  sampler_pid=""
  trap on_exit EXIT
  trap 'exit 130' INT     # so that EXIT runs (and stops the sink and the sampler) on Ctrl-C
  trap 'exit 143' TERM

  section "preconditions"
  check_tools
  check_load
  check_service quota-service
  admin_token="$(mint --sub "bench-admin-${run_id}" --groups platform-admin)"
  gateway_token="$(mint --sub bench-gateway --groups gateway)"
  start_sink

  section "projects"
  prepare_projects
  probe_call

  rss_before="$(rss_mib)"
  log_info "quota-service RSS before: ${rss_before} MiB (pid $(service_pid || true))"
  run_warmup
  run_measured
  rss_after="$(rss_mib)"
  log_info "quota-service RSS after: ${rss_after} MiB"

  print_summary
  if [[ "${strict}" == true && "${missed}" -gt 0 ]]; then
    exit 3
  fi
}

main "$@"
