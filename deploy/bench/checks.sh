#!/usr/bin/env bash
# Load benchmark of the rate-limit check, POST /v1/checks of quota-service (spec §3), against a
# running suite (deploy/local/up.sh):
#   1. creates projects to check (organization plan: 2,000 api calls per minute each), spread
#      over several accounts because the management API allows 600 requests/minute per account,
#   2. warm-up: every project checked once (JIT, plan cache, cycle counters rebuilt),
#   3. wrk, a random project per request ("spread"), then wrk on a single project ("hot"),
#      with decisions/s, p50/p99, share of 200 and 429, errors, Redis commands per decision,
#   4. the ceiling: redis-benchmark running the same Lua script (decide.lua) straight on Redis,
#   5. quota-service RSS before and after, a summary table and the targets.
# See deploy/bench/README.md for how to read the output.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/lib.sh
source "${BENCH_DIR}/../local/lib.sh"
# shellcheck source=deploy/bench/common.sh
source "${BENCH_DIR}/common.sh"   # ratio, section, json_field, check_service, mint, post_json, rss_mib, target, ...

WRK_LUA="${BENCH_DIR}/checks.lua"
DECIDE_LUA="${HEADROOM_REPO_ROOT}/quota-service/src/main/resources/redis/decide.lua"

# Targets (printed with the summary).
TARGET_CEILING_SHARE=0.25   # spread decisions/s / redis-benchmark requests/s, at least
TARGET_P99_MS=10            # p99 latency, below
TARGET_EVALSHA=1            # EVALSHA calls per decision, at most

# --- options -----------------------------------------------------------------------------------
base_url="http://127.0.0.1:8081"
duration=30
connections=50
threads=2
projects=1000
accounts=10
warmup=10
redis_requests=300000
redis_clients=""            # default: --connections
projects_file=""
ceiling_only=false
skip_ceiling=false
strict=false

usage() {
  cat <<EOF
Usage: deploy/bench/checks.sh [options]

Benchmarks POST /v1/checks of a running quota-service (start the suite with deploy/local/up.sh)
and compares it with the Redis ceiling (redis-benchmark running decide.lua). Takes about
2 x duration + warm-up + the project creation (~20 s for 1,000 projects).

Options:
  -u, --url URL              quota-service base URL                    default: ${base_url}
  -d, --duration SECONDS     length of each wrk run (spread, hot)      default: ${duration}
  -c, --connections N        wrk connections                           default: ${connections}
  -t, --threads N            wrk threads                               default: ${threads}
  -p, --projects N           projects to create and spread checks over default: ${projects}
  -a, --accounts N           accounts the projects are spread over     default: ${accounts}
  -w, --warmup SECONDS       warm-up before the measured runs (0: none) default: ${warmup}
      --projects-file FILE   reuse project ids (one a line, e.g. from an earlier run) instead
                             of creating projects; the first one is the hot project
      --redis-requests N     redis-benchmark -n                        default: ${redis_requests}
      --redis-clients N      redis-benchmark -c                        default: --connections
      --redis-host HOST      the Redis quota-service uses              default: ${REDIS_HOST}
      --redis-port PORT                                                default: ${REDIS_PORT}
      --ceiling-only         only the redis-benchmark ceiling (no quota-service needed)
      --skip-ceiling         no redis-benchmark run
      --strict               exit 3 when a target is missed (default: report only)
  -h, --help                 show this help

Needs: wrk, redis-cli and redis-benchmark (Debian packages wrk, redis-tools), curl, jq or python3.
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
      --projects-file)    need_value "$1" $#; projects_file="$2"; shift 2 ;;
      --redis-requests)   need_value "$1" $#; redis_requests="$2"; shift 2 ;;
      --redis-clients)    need_value "$1" $#; redis_clients="$2"; shift 2 ;;
      --redis-host)       need_value "$1" $#; REDIS_HOST="$2"; shift 2 ;;
      --redis-port)       need_value "$1" $#; REDIS_PORT="$2"; shift 2 ;;
      --ceiling-only)     ceiling_only=true; shift ;;
      --skip-ceiling)     skip_ceiling=true; shift ;;
      --strict)           strict=true; shift ;;
      -h|--help)          usage; exit 0 ;;
      *)                  die "unknown option: $1 (see --help)" ;;
    esac
  done
  redis_clients="${redis_clients:-${connections}}"

  local name value
  for name in duration connections threads projects accounts redis_requests redis_clients REDIS_PORT; do
    value="${!name}"
    name="${name,,}"
    [[ "${value}" =~ ^[1-9][0-9]*$ ]] || die "--${name//_/-} must be a positive integer, got '${value}'"
  done
  [[ "${warmup}" =~ ^[0-9]+$ ]] || die "--warmup must be a whole number of seconds, got '${warmup}'"
  (( connections >= threads )) || die "--connections (${connections}) must be at least --threads (${threads})"
  (( accounts <= projects )) || accounts="${projects}"
  [[ "${base_url}" =~ ^https?://[^/]+$ ]] || die "--url must look like http://host:port (no path), got '${base_url}'"
  if [[ -n "${projects_file}" ]]; then
    [[ -s "${projects_file}" ]] || die "--projects-file ${projects_file}: missing or empty"
  fi
  if [[ "${ceiling_only}" == true && "${skip_ceiling}" == true ]]; then
    die "--ceiling-only and --skip-ceiling together leave nothing to run"
  fi
}

# --- small helpers -----------------------------------------------------------------------------

redis() { redis-cli -h "${REDIS_HOST}" -p "${REDIS_PORT}" "$@"; }

# --- 1. preconditions --------------------------------------------------------------------------

check_tools() {
  local missing=()
  command -v redis-cli >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-tools)
  if [[ "${ceiling_only}" == false ]]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v jq >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || missing+=(jq)
  fi
  if (( ${#missing[@]} > 0 )); then
    apt_install "${missing[@]}"
  fi
  [[ -r "${DECIDE_LUA}" ]] || die "the decision script is missing: ${DECIDE_LUA}"
  [[ -r "${WRK_LUA}" ]] || die "the wrk script is missing: ${WRK_LUA}"
  local wrk_version="wrk not needed"
  if command -v wrk >/dev/null 2>&1; then
    wrk_version="$({ wrk --version 2>/dev/null || true; } | head -1 | cut -d' ' -f1-2)"   # exits 1 by design
  fi
  log_ok "tools: ${wrk_version}, $(redis-benchmark --version | head -1)"
}

check_redis() {
  redis_answers "${REDIS_PORT}" || die "Redis does not answer on ${REDIS_HOST}:${REDIS_PORT} (start the suite with deploy/local/up.sh)"
  log_ok "Redis answers on ${REDIS_HOST}:${REDIS_PORT} ($(redis INFO server | tr -d '\r' | grep '^redis_version:' || true))"
}

# --- 2. tokens, accounts, projects -------------------------------------------------------------

# create_account INDEX -> prints the new account's id
create_account() {
  local out="${work_dir}/account-$1.json" status id
  status="$(post_json /v1/accounts "${admin_token}" \
    "{\"name\":\"bench ${run_id} $1\",\"ownerEmail\":\"bench@example.test\",\"plan\":\"organization\"}" "${out}")"
  [[ "${status}" == 201 ]] || die "POST /v1/accounts answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  id="$(json_field id <"${out}")"
  [[ -n "${id}" ]] || die "POST /v1/accounts: no \"id\" in $(head -c 400 "${out}")"
  printf '%s\n' "${id}"
}

# create_projects ACCOUNT_ID INDEX COUNT -> appends COUNT project ids to ids-INDEX.txt
# (runs in the background, one job per account, with that account's owner token)
create_projects() {
  local account="$1" index="$2" count="$3" token out status id j
  token="$(mint --sub "bench-owner-${index}@example.test" --groups owner --account "${account}")"
  out="${work_dir}/project-${index}.json"
  : >"${work_dir}/ids-${index}.txt"
  for (( j = 1; j <= count; j++ )); do
    status="$(post_json "/v1/accounts/${account}/projects" "${token}" "{\"name\":\"bench-${index}-${j}\"}" "${out}")"
    [[ "${status}" == 201 ]] || die "POST /v1/accounts/${account}/projects answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
    id="$(json_field id <"${out}")"
    [[ "${id}" =~ ^[A-Za-z0-9_.:-]+$ ]] || die "POST /v1/accounts/${account}/projects: unexpected id '${id}' in $(head -c 400 "${out}")"
    printf '%s\n' "${id}" >>"${work_dir}/ids-${index}.txt"
  done
}

prepare_projects() {
  ids_file="${work_dir}/project-ids.txt"
  if [[ -n "${projects_file}" ]]; then
    grep -v '^[[:space:]]*$' "${projects_file}" >"${ids_file}" || true
    [[ -s "${ids_file}" ]] || die "--projects-file ${projects_file}: no project id in it"
    projects="$(wc -l <"${ids_file}" | tr -d ' ')"
    log_ok "reusing ${projects} projects from ${projects_file}"
    return
  fi

  log_info "Creating ${projects} projects in ${accounts} accounts (plan organization; one owner token per account)"
  create_in_accounts
  log_ok "created ${projects} projects in ${created_in_seconds}s; ids in ${ids_file}"
}

# One check by curl before wrk: shows the answer and stops early when the endpoint is missing.
probe_check() {
  local project out status
  project="$(head -1 "${ids_file}")"
  out="${work_dir}/probe-check.json"
  status="$(curl -sS --max-time 5 -o "${out}" -D "${out}.headers" -w '%{http_code}' \
    -X POST "${base_url}/v1/checks" -H "Authorization: Bearer ${gateway_token}" \
    -H 'Content-Type: application/json' -d "{\"projectId\":\"${project}\",\"kind\":\"api\"}" 2>/dev/null)" || status="000"
  log_info "probe: POST /v1/checks {\"projectId\":\"${project}\",\"kind\":\"api\"} -> ${status}"
  tr -d '\r' <"${out}.headers" | grep -iE '^(x-rate-limit-|ratelimit|retry-after)' | sed 's/^/             /' || true
  printf '             %s\n' "$(head -c 300 "${out}")"
  case "${status}" in
    200|429) ;;
    000) die "POST /v1/checks did not answer (is quota-service still up at ${base_url}?)" ;;
    404|405) die "POST /v1/checks answered ${status}: the endpoint is missing in this build, or the project is unknown" ;;
    401|403) die "POST /v1/checks answered ${status} to the gateway token (role 'gateway'): check the token and the key the service verifies with" ;;
    *) die "POST /v1/checks answered ${status}, expected 200 or 429" ;;
  esac
}

# --- 3. Redis command statistics ---------------------------------------------------------------

# cmdstats > FILE: "command calls failed_calls" per line (commands run inside scripts included)
cmdstats() {
  redis INFO commandstats | tr -d '\r' | awk '
    /^cmdstat_/ {
      c = index($0, ":"); name = substr($0, 9, c - 9)
      n = split(substr($0, c + 1), kv, ","); calls = 0; failed = 0
      for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] == "calls") calls = p[2]; if (p[1] == "failed_calls") failed = p[2] }
      print name, calls, failed
    }'
}

# cmdstats_delta BEFORE AFTER -> "command calls failed" that grew, most calls first, without
# INFO (the snapshots' own)
cmdstats_delta() {
  awk 'NR == FNR { c[$1] = $2; f[$1] = $3; next }
       $1 != "info" && $2 - c[$1] > 0 { print $1, $2 - c[$1], $3 - f[$1] }' "$1" "$2" | sort -k2,2nr
}

# delta_calls DELTA_FILE COMMAND... -> sum of the calls of these commands
delta_calls() {
  local file="$1"; shift
  awk -v names=" $* " 'index(names, " " $1 " ") { s += $2 } END { print s + 0 }' "${file}"
}

# --- 4. wrk runs -------------------------------------------------------------------------------

# run_wrk NAME MODE SECONDS -> runs wrk, fills R[NAME.*]
# Checks answered without Redis (its timeout passed: the failure policy decided), from /q/metrics.
unenforced_total() {
  curl -fsS "${base_url}/q/metrics" 2>/dev/null \
    | awk '/^headroom_checks_redis_failures_total/ { s += $2 } END { printf "%d\n", s }'
}

run_wrk() {
  local name="$1" mode="$2" secs="$3" log="${work_dir}/wrk-$1.log"
  local before="${work_dir}/cmdstats-$1.before" after="${work_dir}/cmdstats-$1.after"
  local delta="${work_dir}/cmdstats-$1.delta"

  cmdstats >"${before}"
  local unenforced_before
  unenforced_before="$(unenforced_total)"
  wrk -t "${threads}" -c "${connections}" -d "${secs}s" --latency --timeout 2s -s "${WRK_LUA}" \
    -H "Authorization: Bearer ${gateway_token}" -H 'Content-Type: application/json' \
    "${base_url}/v1/checks" -- "${ids_file}" "${mode}" "${threads}" >"${log}" 2>&1 \
    || { cat "${log}" >&2; die "wrk failed (${name}); output above"; }
  cmdstats >"${after}"
  cmdstats_delta "${before}" "${after}" >"${delta}"
  R["${name}.unenforced"]=$(( $(unenforced_total) - unenforced_before ))

  # "HEADROOM_BENCH requests=... c200=... ..." (checks.lua's done()) -> R[NAME.requests], ...
  wrk_result "${name}" "${log}"

  local c200="${R[${name}.c200]}" c429="${R[${name}.c429]}" sent="${R[${name}.sent]}" decisions sockerr
  decisions=$(( c200 + c429 ))
  sockerr=$(( ${R[${name}.connect]} + ${R[${name}.read]} + ${R[${name}.write]} + ${R[${name}.timeout]} ))
  R["${name}.decisions"]="${decisions}"
  R["${name}.dps"]="$(ratio "${decisions}" "$(ratio "${R[${name}.duration_us]}" 1000000 '%.6f')" '%.1f')"
  R["${name}.p50"]="$(ratio "${R[${name}.p50_us]}" 1000 '%.2f')"
  R["${name}.p99"]="$(ratio "${R[${name}.p99_us]}" 1000 '%.2f')"
  R["${name}.share200"]="$(ratio "$(( c200 * 100 ))" "${decisions}" '%.1f')"
  R["${name}.share429"]="$(ratio "$(( c429 * 100 ))" "${decisions}" '%.1f')"
  R["${name}.sockerr"]="${sockerr}"
  R["${name}.errors"]=$(( ${R[${name}.other]} + sockerr ))
  # Redis calls per decision: divided by the checks wrk sent (less the answers that were no
  # decision), not by the answers it read, because the service also decided the checks still in
  # flight (up to --connections) when wrk stopped.
  local per=$(( sent - ${R[${name}.other]} ))
  (( per > 0 )) || per=0
  R["${name}.per"]="${per}"
  R["${name}.evalsha"]="$(ratio "$(delta_calls "${delta}" evalsha evalsha_ro)" "${per}" '%.2f')"
  R["${name}.eval"]="$(ratio "$(delta_calls "${delta}" eval eval_ro fcall fcall_ro)" "${per}" '%.2f')"
  R["${name}.cmds"]="$(ratio "$(awk '{ s += $2 } END { print s + 0 }' "${delta}")" "${per}" '%.2f')"
  R["${name}.breakdown"]="$(awk -v d="${per}" 'd > 0 && NR <= 8 { printf "%s%s %.2f", sep, $1, $2 / d; sep = ", " }' "${delta}")"
  R["${name}.failed"]="$(awk '{ s += $3 } END { print s + 0 }' "${delta}")"
}

report_wrk() {
  local n="$1"
  printf '  decisions/s           %s   (%s responses 200 + 429 in %s s)\n' \
    "${R[${n}.dps]}" "${R[${n}.decisions]}" "$(ratio "${R[${n}.duration_us]}" 1000000 '%.1f')"
  printf '  latency               p50 %s ms   p99 %s ms   max %s ms\n' \
    "${R[${n}.p50]}" "${R[${n}.p99]}" "$(ratio "${R[${n}.max_us]}" 1000 '%.1f')"
  printf '  answers               200 allowed %s %%   429 denied %s %%\n' "${R[${n}.share200]}" "${R[${n}.share429]}"
  printf '  errors                %s other statuses (%s), %s socket errors (connect %s, read %s, write %s, timeout %s)\n' \
    "${R[${n}.other]}" "${R[${n}.other_codes]}" "${R[${n}.sockerr]}" \
    "${R[${n}.connect]}" "${R[${n}.read]}" "${R[${n}.write]}" "${R[${n}.timeout]}"
  printf '  unenforced            %s checks answered by the Redis failure policy (timeout passed)\n' \
    "${R[${n}.unenforced]}"
  printf '  Redis per decision    EVALSHA %s   (EVAL/FCALL %s)   all commands %s, incl. inside scripts\n' \
    "${R[${n}.evalsha]}" "${R[${n}.eval]}" "${R[${n}.cmds]}"
  printf '                        (Redis calls / %s checks sent that were not answered with an error)\n' "${R[${n}.per]}"
  printf '                        %s\n' "${R[${n}.breakdown]:-no Redis command counted}"
  if [[ -n "${R[${n}.sample]}" ]]; then
    log_warn "first unexpected answer: ${R[${n}.sample]}"
  fi
  if (( ${R[${n}.failed]} > 0 )); then
    log_warn "${R[${n}.failed]} Redis commands failed during this run (INFO commandstats failed_calls)"
  fi
  printf '  wrk output            %s\n' "${work_dir}/wrk-${n}.log"
}

run_warmup() {
  (( warmup > 0 )) || { log_info "no warm-up (--warmup 0)"; return; }
  section "warm-up: ${warmup} s, every project in turn (not measured)"
  run_wrk warmup cycle "${warmup}"
  printf '  %s decisions/s, p99 %s ms, %s errors\n' "${R[warmup.dps]}" "${R[warmup.p99]}" "${R[warmup.errors]}"
  if (( ${R[warmup.decisions]} < projects )); then
    log_warn "the warm-up reached only ${R[warmup.decisions]} of ${projects} projects; raise --warmup"
  fi
}

# --- 5. quota-service RSS: service_pid and rss_mib (common.sh) ---------------------------------

# --- 6. the Redis ceiling ----------------------------------------------------------------------
# decide.lua on two fixed windows, as an api decision has: a minute window with limit 2000 and
# a counted-only hour window (limit 0), cost 1, enforced. redis-benchmark replaces each
# __rand_int__ with its own 12-digit number below -r, so the two keys of one call usually name
# different projects: no matter on a single Redis, the work per call is the same.

bench_keys_pattern() { printf 'bench:%s:*\n' "${run_id}"; }

delete_bench_keys() {
  [[ -n "${run_id:-}" ]] || return 0
  local n
  n="$(redis --scan --pattern "$(bench_keys_pattern)" 2>/dev/null | tee "${work_dir}/bench-keys.txt" | wc -l | tr -d ' ')" || return 0
  if (( n > 0 )); then
    xargs -r -n 500 redis-cli -h "${REDIS_HOST}" -p "${REDIS_PORT}" UNLINK <"${work_dir}/bench-keys.txt" >/dev/null || true
  fi
  log_ok "deleted ${n} keys $(bench_keys_pattern) (SCAN + UNLINK)"
}

load_decide_script() {
  decide_sha="$(redis SCRIPT LOAD "$(cat "${DECIDE_LUA}")" | tr -d '\r')"
  [[ "${decide_sha}" =~ ^[0-9a-f]{40}$ ]] || die "SCRIPT LOAD of ${DECIDE_LUA} failed: ${decide_sha}"
  keys_created=true
  local reply
  reply="$(redis EVALSHA "${decide_sha}" 2 "bench:${run_id}:{probe}:m" "bench:${run_id}:{probe}:h" \
    1 1 2000 60 0 0 0 3600 0 0 | tr -d '\r' | tr '\n' ' ')"
  log_info "decide.lua loaded, sha ${decide_sha}; one call by redis-cli answers: ${reply}"
  [[ "${reply}" =~ ^1\ [0-9]+\ [0-9]+\ 1\ [0-9]+\ 1\ [0-9]+\ $ ]] \
    || die "EVALSHA decide.lua did not answer {1, now, micros, 1, resetAt, 1, resetAt}: ${reply}"
}

run_ceiling() {
  section "ceiling: redis-benchmark, decide.lua straight on Redis (${redis_clients} clients, ${redis_requests} calls)"
  load_decide_script
  local before="${work_dir}/cmdstats-ceiling.before" after="${work_dir}/cmdstats-ceiling.after"
  local delta="${work_dir}/cmdstats-ceiling.delta" log="${work_dir}/redis-benchmark.log"
  local args=(EVALSHA "${decide_sha}" 2 "bench:${run_id}:{__rand_int__}:m" "bench:${run_id}:{__rand_int__}:h"
    1 1 2000 60 0 0 0 3600 0 0)
  printf '  redis-benchmark -c %s -n %s -r %s -P 1 --csv %s\n' "${redis_clients}" "${redis_requests}" "${projects}" "${args[*]}"

  cmdstats >"${before}"
  redis-benchmark -h "${REDIS_HOST}" -p "${REDIS_PORT}" -c "${redis_clients}" -n "${redis_requests}" \
    -r "${projects}" -P 1 --csv "${args[@]}" >"${log}" 2>&1 \
    || { cat "${log}" >&2; die "redis-benchmark failed; output above"; }
  cmdstats >"${after}"
  cmdstats_delta "${before}" "${after}" >"${delta}"

  # CSV: header, then "test","rps","avg_latency_ms","min","p50","p95","p99","max"
  R[ceiling.rps]="$(awk -F'","' 'NR > 1 && NF >= 7 { gsub(/"/, "", $2); v = $2 } END { print v }' "${log}")"
  R[ceiling.p50]="$(awk -F'","' 'NR > 1 && NF >= 7 { v = $5 } END { print v }' "${log}")"
  R[ceiling.p99]="$(awk -F'","' 'NR > 1 && NF >= 7 { v = $7 } END { print v }' "${log}")"
  [[ "${R[ceiling.rps]}" =~ ^[0-9.]+$ ]] || { cat "${log}" >&2; die "could not read requests/s from redis-benchmark; output above"; }

  # Did the script really run each time? EVALSHA counted n times without failures, and its
  # inner TIME call as often.
  local evalsha failed time_calls
  evalsha="$(delta_calls "${delta}" evalsha)"
  failed="$(awk '$1 == "evalsha" { print $3 }' "${delta}")"
  time_calls="$(delta_calls "${delta}" time)"
  printf '  requests/s            %s   (p50 %s ms, p99 %s ms as redis-benchmark measures)\n' \
    "${R[ceiling.rps]}" "${R[ceiling.p50]}" "${R[ceiling.p99]}"
  printf '  checked               EVALSHA calls %s (failed %s), TIME inside the script %s; %s commands per call\n' \
    "${evalsha}" "${failed:-0}" "${time_calls}" "$(ratio "$(awk '{ s += $2 } END { print s + 0 }' "${delta}")" "${evalsha}" '%.2f')"
  (( evalsha >= redis_requests && ${failed:-0} == 0 && time_calls >= redis_requests )) \
    || log_warn "redis-benchmark's EVALSHA did not all run the script: see ${log} and ${delta}"
  printf '  keys, e.g.            %s\n' "$({ redis --scan --pattern "$(bench_keys_pattern)" || true; } | head -2 | tr '\n' ' ')"
  delete_bench_keys
  keys_created=false
}

# --- 7. summary --------------------------------------------------------------------------------

print_summary() {
  missed=0
  printf '\n%s\n' "================================================================================================"
  printf ' Headroom POST /v1/checks benchmark   run %s\n' "${run_id}"
  if [[ "${ceiling_only}" == false ]]; then
    printf ' %s, wrk %s threads / %s connections / %s s, %s projects\n' \
      "${base_url}" "${threads}" "${connections}" "${duration}" "${projects}"
  fi
  if [[ "${skip_ceiling}" == false ]]; then
    printf ' Redis %s:%s, redis-benchmark %s clients / %s calls of decide.lua\n' \
      "${REDIS_HOST}" "${REDIS_PORT}" "${redis_clients}" "${redis_requests}"
  fi
  printf '%s\n' "================================================================================================"
  printf ' %-9s %12s %8s %8s %7s %7s %8s %12s %10s %11s\n' run decisions/s 'p50 ms' 'p99 ms' '200 %' '429 %' errors EVALSHA/dec cmds/dec unenforced
  local n
  for n in spread hot; do
    [[ -n "${R[${n}.dps]:-}" ]] || continue
    printf ' %-9s %12s %8s %8s %7s %7s %8s %12s %10s %11s\n' "${n}" "${R[${n}.dps]}" "${R[${n}.p50]}" "${R[${n}.p99]}" \
      "${R[${n}.share200]}" "${R[${n}.share429]}" "${R[${n}.errors]}" "${R[${n}.evalsha]}" "${R[${n}.cmds]}" \
      "${R[${n}.unenforced]}"
  done
  if [[ -n "${R[ceiling.rps]:-}" ]]; then
    printf ' %-9s %12s %8s %8s   (redis-benchmark requests/s of decide.lua, no HTTP, no JVM)\n' \
      ceiling "${R[ceiling.rps]}" "${R[ceiling.p50]}" "${R[ceiling.p99]}"
  fi
  if [[ "${ceiling_only}" == false ]]; then
    printf ' quota-service RSS: before %s MiB, after %s MiB\n' "${rss_before}" "${rss_after}"
  fi

  printf '\n targets\n'
  if [[ -n "${R[spread.dps]:-}" && -n "${R[ceiling.rps]:-}" ]]; then
    local share
    share="$(ratio "${R[spread.dps]}" "${R[ceiling.rps]}" '%.3f')"
    target "spread decisions/s / Redis ceiling >= ${TARGET_CEILING_SHARE}" "${share}" "${share}" '>=' "${TARGET_CEILING_SHARE}"
  fi
  for n in spread hot; do
    [[ -n "${R[${n}.dps]:-}" ]] || continue
    target "${n}: p99 < ${TARGET_P99_MS} ms" "${R[${n}.p99]} ms" "${R[${n}.p99]}" '<' "${TARGET_P99_MS}"
    target "${n}: EVALSHA per decision <= ${TARGET_EVALSHA}" "${R[${n}.evalsha]}" "${R[${n}.evalsha]}" '<=' "${TARGET_EVALSHA}"
    target "${n}: no errors (other statuses, socket errors)" "${R[${n}.errors]}" "${R[${n}.errors]}" '<=' 0
  done
  printf '\n details: %s\n' "${work_dir}"
}

# --- main --------------------------------------------------------------------------------------

on_exit() {
  local rc=$?
  if [[ "${keys_created:-false}" == true ]]; then
    delete_bench_keys || true
  fi
  exit "${rc}"
}

main() {
  parse_options "$@"
  declare -gA R=()
  run_id="$(date +%Y%m%d-%H%M%S)-$$"
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/headroom-bench.XXXXXX")"
  token_ttl=$(( 3600 + 3 * duration + warmup ))
  keys_created=false
  trap on_exit EXIT
  trap 'exit 130' INT     # so that EXIT runs (and deletes the bench keys) on Ctrl-C
  trap 'exit 143' TERM

  section "preconditions"
  check_tools
  check_redis
  check_load
  if [[ "${ceiling_only}" == false ]]; then
    check_service quota-service
    admin_token="$(mint --sub "bench-admin-${run_id}" --groups platform-admin)"
    gateway_token="$(mint --sub bench-gateway --groups gateway)"

    section "projects"
    prepare_projects
    probe_check

    rss_before="$(rss_mib)"
    log_info "quota-service RSS before: ${rss_before} MiB (pid $(service_pid || true))"
    run_warmup

    section "spread: ${duration} s, a random project of ${projects} per request"
    run_wrk spread spread "${duration}"
    report_wrk spread

    section "hot: ${duration} s, every request to one project (2,000 per minute allowed, then 429)"
    run_wrk hot hot "${duration}"
    report_wrk hot

    rss_after="$(rss_mib)"
    log_info "quota-service RSS after: ${rss_after} MiB"
  fi
  if [[ "${skip_ceiling}" == false ]]; then
    run_ceiling
  fi

  print_summary
  if [[ "${strict}" == true && "${missed}" -gt 0 ]]; then
    exit 3
  fi
}

main "$@"
