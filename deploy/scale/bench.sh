#!/usr/bin/env bash
# Through the scale-out deployment of deploy/scale/up.sh (nginx -> three quota-service instances ->
# a three-master Redis Cluster):
#   1. exactness: one Business account (100 api calls per minute per project) and one project per
#      Redis master, each project's id chosen so that its hash slot ({projectId}) lands on that
#      master; for each project, CALLS (2,000) checks opened as connections first and then sent all
#      at once through nginx (round-robin over the instances). Exactly the limit must be allowed,
#      the rest refused (429), none answered without Redis, and the project's minute window in
#      Redis must hold exactly the limit, on the master its slot names. Shows which instance
#      answered how many and where the project's keys live. A burst starts only with at least
#      --margin seconds left in the minute, and must end in that minute.
#   2. throughput: many projects (organization: 2,000 per minute each) in several accounts, a
#      warm-up, then wrk through nginx, a random project per check: decisions/s, p50/p99, and the
#      share of each instance (nginx access log), each Redis master (EVALSHA calls) and the CPU
#      each process took.
# Exit status: 0 when every exactness check held; 1 when one did not, or the run could not be made.
set -euo pipefail

SCALE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/scale/lib.sh
source "${SCALE_DIR}/lib.sh"
# shellcheck source=deploy/bench/common.sh
source "${HEADROOM_REPO_ROOT}/deploy/bench/common.sh"   # mint, post_json, json_field, ratio, section, wrk_result, create_in_accounts, ...

BURST_PY="${SCALE_DIR}/burst.py"
WRK_LUA="${HEADROOM_REPO_ROOT}/deploy/bench/checks.lua"

# --- options -------------------------------------------------------------------------------------
base_url="http://127.0.0.1:${SCALE_PORT}"
calls=2000
limit=100
margin=15
duration=20
connections=150
threads=2
projects=300
accounts=3
warmup=10
skip_exact=false
skip_throughput=false

usage() {
  cat <<EOF
Usage: ${REL_SCALE}/bench.sh [options]

Exactness and throughput of POST /v1/checks through the deployment of ${REL_SCALE}/up.sh.
Takes about 1 minute per exactness burst at worst (waiting for a fresh minute), plus the project
creation, warm-up and duration of the throughput run.

Options:
  -u, --url URL            nginx                                         default: ${base_url}
  -n, --calls N            concurrent checks per exactness burst         default: ${calls}
  -l, --limit N            per-minute limit of the Business plan         default: ${limit}
      --margin SECONDS     least time left in the minute to start a burst default: ${margin}
  -d, --duration SECONDS   the throughput run                            default: ${duration}
  -c, --connections N      wrk connections                               default: ${connections}
  -t, --threads N          wrk threads                                   default: ${threads}
  -p, --projects N         projects of the throughput run                default: ${projects}
  -a, --accounts N         accounts they are spread over                 default: ${accounts}
  -w, --warmup SECONDS     warm-up before the throughput run             default: ${warmup}
      --skip-exact         only the throughput run
      --skip-throughput    only the exactness bursts
  -h, --help               show this help

Needs wrk (installed as root if missing), curl, python3, redis-cli.
EOF
}

while (( $# > 0 )); do
  case "$1" in
    -u|--url)          need_value "$1" $#; base_url="${2%/}"; shift 2 ;;
    -n|--calls)        need_value "$1" $#; calls="$2"; shift 2 ;;
    -l|--limit)        need_value "$1" $#; limit="$2"; shift 2 ;;
    --margin)          need_value "$1" $#; margin="$2"; shift 2 ;;
    -d|--duration)     need_value "$1" $#; duration="$2"; shift 2 ;;
    -c|--connections)  need_value "$1" $#; connections="$2"; shift 2 ;;
    -t|--threads)      need_value "$1" $#; threads="$2"; shift 2 ;;
    -p|--projects)     need_value "$1" $#; projects="$2"; shift 2 ;;
    -a|--accounts)     need_value "$1" $#; accounts="$2"; shift 2 ;;
    -w|--warmup)       need_value "$1" $#; warmup="$2"; shift 2 ;;
    --skip-exact)      skip_exact=true; shift ;;
    --skip-throughput) skip_throughput=true; shift ;;
    -h|--help)         usage; exit 0 ;;
    *)                 die "unknown option: $1 (see --help)" ;;
  esac
done
for name in calls limit duration connections threads projects accounts; do
  [[ "${!name}" =~ ^[1-9][0-9]*$ ]] || die "--${name} must be a positive integer, got '${!name}'"
done
[[ "${margin}" =~ ^[0-9]+$ ]] && (( margin < 50 )) || die "--margin must be 0-49 seconds"
[[ "${warmup}" =~ ^[0-9]+$ ]] || die "--warmup must be a whole number of seconds"
(( calls > limit )) || die "--calls (${calls}) must exceed --limit (${limit})"
(( accounts <= projects )) || accounts="${projects}"

declare -A R=()
missed=0
failures=()
run_id="$(date +%Y%m%d%H%M%S)$(printf '%04x' $((RANDOM % 65536)))"
work_dir="${SCALE_RUN_DIR}/bench/${run_id}"
token_ttl=$(( 3600 + duration + warmup ))
mkdir -p "${work_dir}"

# --- helpers -------------------------------------------------------------------------------------

# json_lines FILE -> "key=value" per top-level scalar of a JSON object (nested objects as JSON)
json_lines() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k, v in d.items():
    v = json.dumps(v, separators=(",", ":")) if isinstance(v, (dict, list)) else v
    print(f"{k}={str(v).replace(chr(10), chr(32))}")' "$1"
}

# owners_of SLOT... -> "slot host:port" per slot, by the cluster's current slot map
owners_of() {
  local masters
  masters="$(cluster_masters)"
  printf '%s\n' "$@" | awk -v m="${masters}" '
    BEGIN { n = split(m, lines, "\n")
      for (i = 1; i <= n; i++) { k = split(lines[i], f, " ")
        for (j = 2; j <= k; j++) { c = split(f[j], r, "-"); lo[++ranges] = r[1]; hi[ranges] = (c > 1 ? r[2] : r[1]); who[ranges] = f[1] } } }
    { for (i = 1; i <= ranges; i++) if ($1 + 0 >= lo[i] + 0 && $1 + 0 <= hi[i] + 0) { print $1, who[i]; next }
      print $1, "?" }'
}

# slots_of ID... -> "slot id" per project id (the hash tag {id} of every key of the project)
slots_of() { python3 "${BURST_PY}" slot "$@" | sed 's/ hr:{\(.*\)}:.*$/ \1/' ; }

# proc_cpu PID... -> the CPU seconds (user + system) the processes have used, summed
proc_cpu() {
  local tck pid total=0 t
  tck="$(getconf CLK_TCK)"
  for pid in "$@"; do
    t="$(awk '{ print $14 + $15 }' "/proc/${pid}/stat" 2>/dev/null || echo 0)"
    total=$(( total + t ))
  done
  ratio "${total}" "${tck}" '%.2f'
}

# evalsha_calls PORT -> EVALSHA + EVAL calls a Redis node has served
evalsha_calls() {
  scale_redis "$1" INFO commandstats | tr -d '\r' \
    | awk -F'[:,=]' '/^cmdstat_(evalsha|eval):/ { s += $3 } END { print s + 0 }'
}

# metric_sum PORT NAME -> the sum of a Prometheus metric of an instance
metric_sum() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/q/metrics" 2>/dev/null \
    | awk -v n="$2" 'index($0, n) == 1 { s += $NF } END { printf "%d\n", s }'
}

# create_account INDEX -> prints the new account's id (plan: ${account_plan})
create_account() {
  local out="${work_dir}/account-${account_plan}-$1.json" status id
  status="$(post_json /v1/accounts "${admin_token}" \
    "{\"name\":\"scale ${run_id} ${account_plan} $1\",\"ownerEmail\":\"scale@example.test\",\"plan\":\"${account_plan}\"}" "${out}")"
  [[ "${status}" == 201 ]] || die "POST /v1/accounts answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
  id="$(json_field id <"${out}")"
  [[ -n "${id}" ]] || die "POST /v1/accounts: no id in $(head -c 400 "${out}")"
  printf '%s\n' "${id}"
}

# create_projects ACCOUNT INDEX COUNT [ID...] -> COUNT new projects (the given ids, else generated)
# appended to ids-INDEX.txt
create_projects() {
  local account="$1" index="$2" count="$3" token out status id j body
  shift 3
  token="$(mint --sub "scale-owner-${index}@example.test" --groups owner --account "${account}")"
  out="${work_dir}/project-${index}.json"
  : >"${work_dir}/ids-${index}.txt"
  for (( j = 1; j <= count; j++ )); do
    body="{\"name\":\"scale-${index}-${j}\"}"
    if (( $# > 0 )); then body="{\"id\":\"$1\",\"name\":\"scale-${index}-${j}\"}"; shift; fi
    status="$(post_json "/v1/accounts/${account}/projects" "${token}" "${body}" "${out}")"
    [[ "${status}" == 201 ]] || die "POST /v1/accounts/${account}/projects answered ${status}: $(head -c 400 "${out}" 2>/dev/null)"
    id="$(json_field id <"${out}")"
    [[ "${id}" =~ ^prj_[A-Za-z0-9_-]+$ ]] || die "unexpected project id '${id}'"
    printf '%s\n' "${id}" >>"${work_dir}/ids-${index}.txt"
  done
}

# --- 0. preconditions ------------------------------------------------------------------------------
section "preconditions"
command -v wrk >/dev/null 2>&1 || install_missing wrk
for tool in curl python3 redis-cli wrk; do
  command -v "${tool}" >/dev/null 2>&1 || die "${tool} not found"
done
ready_at "${SCALE_PORT}" || die "nothing ready at ${base_url} (start the deployment: ${REL_SCALE}/up.sh)"
instance_pids=() redis_pids=()
for port in "${SCALE_SERVICE_PORTS[@]}"; do
  pid="$(instance_running_pid "${port}")" || die "quota-service :${port} of ${REL_SCALE}/up.sh is not running"
  ready_at "${port}" || die "quota-service :${port} is not ready"
  instance_pids+=("${pid}")
done
for port in "${SCALE_REDIS_PORTS[@]}"; do
  pid="$(redis_node_running_pid "${port}")" || die "Redis node ${port} of ${REL_SCALE}/up.sh is not running"
  redis_pids+=("${pid}")
done
[[ "$(scale_redis "${SCALE_REDIS_PORTS[0]}" CLUSTER INFO | tr -d '\r' | sed -n 's/^cluster_state://p')" == ok ]] \
  || die "the Redis Cluster is not ok"
mapfile -t masters < <(cluster_masters | awk '{ print $1 }')
nginx_pid="$(nginx_running_pid)" || die "nginx of ${REL_SCALE}/up.sh is not running"
log_ok "nginx ${base_url} (pid ${nginx_pid}) -> quota-service ${SCALE_SERVICE_PORTS[*]} -> Redis masters ${masters[*]}"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
builds="$( (pgrep -f 'maven|surefire|failsafe' 2>/dev/null || true) | wc -l | tr -d ' ')"
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load ${load}, ${builds} Maven/test JVMs running"
log_info "machine: ${machine}"
(( builds == 0 )) || log_warn "a Maven build or test JVM is running: the numbers share the cores with it"
admin_token="$(mint --sub "scale-admin-${run_id}" --groups platform-admin)"
gateway_token="$(mint --sub scale-gateway --groups gateway)"
log_info "run ${run_id}, files in ${work_dir#"${HEADROOM_REPO_ROOT}/"}"

# --- 1. exactness ------------------------------------------------------------------------------
exact_result="skipped"
if [[ "${skip_exact}" == false ]]; then
  section "exactness: ${calls} concurrent checks per project, limit ${limit} per minute, 3 instances, ${#masters[@]} masters"
  account_plan=business
  exact_account="$(create_account exact)"
  # One id per master: candidates prj_s<run>_<n>, the first whose slot each master serves.
  candidates=()
  for (( n = 1; n <= 200; n++ )); do candidates+=("prj_s${run_id}_${n}"); done
  keys=()
  for id in "${candidates[@]}"; do keys+=("hr:{${id}}:api:m"); done
  slots_of "${keys[@]}" >"${work_dir}/candidates.txt"   # "slot id"
  declare -A chosen=()
  while read -r slot owner id; do
    [[ -n "${chosen[${owner}]:-}" ]] || chosen["${owner}"]="${id}"
  done < <(owners_of $(cut -d' ' -f1 "${work_dir}/candidates.txt") | paste -d' ' - <(cut -d' ' -f2 "${work_dir}/candidates.txt"))
  exact_ids=()
  for m in "${masters[@]}"; do
    [[ -n "${chosen[${m}]:-}" ]] || die "no candidate id hashed to master ${m}"
    exact_ids+=("${chosen[${m}]}")
  done
  create_projects "${exact_account}" exact "${#exact_ids[@]}" "${exact_ids[@]}"
  log_ok "account ${exact_account} (business), projects ${exact_ids[*]}"
  # Each instance reads a project's plan from PostgreSQL on its first check (one shared load, 3 s
  # timeout, then 503) and rebuilds its cycle count: one check of kind bulk per project and
  # instance does that before the bursts. It counts in the bulk hour window and the cycle, never
  # in the minute window the bursts fill.
  for id in "${exact_ids[@]}"; do
    for port in "${SCALE_SERVICE_PORTS[@]}"; do
      status="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:${port}/v1/checks" \
        -H "Authorization: Bearer ${gateway_token}" -H 'Content-Type: application/json' \
        -d "{\"projectId\":\"${id}\",\"kind\":\"bulk\"}" 2>/dev/null)" || status=000
      [[ "${status}" == 200 ]] || die "priming ${id} on :${port}: POST /v1/checks (bulk) answered ${status}"
    done
  done
  log_ok "primed: one bulk check per project and instance (plan cache, cycle count; the minute window untouched)"

  burst_no=0
  exact_ok=0
  for id in "${exact_ids[@]}"; do
    burst_no=$(( burst_no + 1 ))
    key="hr:{${id}}:api:m"
    slot="$(slots_of "${key}" | cut -d' ' -f1)"
    owner="$(owners_of "${slot}" | cut -d' ' -f2)"
    printf '\n  burst %d: project %s   keys hr:{%s}:*   slot %s -> master %s\n' "${burst_no}" "${id}" "${id}" "${slot}" "${owner}"

    # a fresh minute when fewer than --margin seconds are left in this one
    now="$(date +%s.%N)"
    left="$(awk -v t="${now}" 'BEGIN { printf "%.1f", 60 - (t % 60) }')"
    if awk -v l="${left}" -v m="${margin}" 'BEGIN { exit !(l < m) }'; then
      log_info "  ${left} s left in this minute: waiting for the next one"
      sleep "$(awk -v l="${left}" 'BEGIN { printf "%.2f", l + 0.3 }')"
    fi

    out="${work_dir}/burst-${burst_no}.json"
    python3 "${BURST_PY}" burst --url "${base_url}" --token "${gateway_token}" --project "${id}" --calls "${calls}" \
      >"${out}" 2>"${work_dir}/burst-${burst_no}.err" || { cat "${work_dir}/burst-${burst_no}.err" >&2; die "burst.py failed"; }
    for kv in $(json_lines "${out}" | grep -E '^(allowed|refused|other|unenforced|connect_errors|fired_at|span_s|p50_ms|p99_ms|max_ms|limits)='); do
      R["b${burst_no}.${kv%%=*}"]="${kv#*=}"
    done
    R["b${burst_no}.sample"]="$(json_lines "${out}" | sed -n 's/^other_sample=//p')"
    b="b${burst_no}"
    same_minute="$(awk -v a="${R[${b}.fired_at]}" -v s="${R[${b}.span_s]}" 'BEGIN { print (int(a / 60) == int((a + s) / 60)) ? 1 : 0 }')"
    stored="$(scale_redis "${owner##*:}" HGET "${key}" c 2>/dev/null | tr -d '\r')"
    cycle="$(scale_redis "${owner##*:}" HGET "hr:{${id}}:cycle" c 2>/dev/null | tr -d '\r')"
    ttl="$(scale_redis "${owner##*:}" TTL "${key}" 2>/dev/null | tr -d '\r')"
    elsewhere=""
    for m in "${masters[@]}"; do
      [[ "${m}" == "${owner}" ]] && continue
      reply="$(scale_redis "${m##*:}" EXISTS "${key}" 2>&1 | tr -d '\r')"
      elsewhere+="${elsewhere:+; }${m}: ${reply}"
    done

    printf '    answers          %s allowed (200), %s refused (429), %s other, %s not enforced; %s connect errors\n' \
      "${R[${b}.allowed]}" "${R[${b}.refused]}" "${R[${b}.other]}" "${R[${b}.unenforced]}" "${R[${b}.connect_errors]}"
    python3 -c 'import json, sys
for u, c in json.load(open(sys.argv[1]))["upstreams"].items():
    print("    instance %-16s %5d answers: %4d allowed, %5d refused" % (u, c["answers"], c["allowed"], c["refused"]))' "${out}"
    printf '    burst            all %s sent at once, last answer after %s s; latency p50 %s ms, p99 %s ms, max %s ms\n' \
      "${calls}" "${R[${b}.span_s]}" "${R[${b}.p50_ms]}" "${R[${b}.p99_ms]}" "${R[${b}.max_ms]}"
    printf '    X-Rate-Limit-Limit seen  %s\n' "${R[${b}.limits]}"
    printf '    Redis            %s on %s: c=%s (ttl %s s); hr:{%s}:cycle c=%s\n' "${key}" "${owner}" "${stored:-none}" "${ttl}" "${id}" "${cycle:-none}"
    printf '                     the other masters: %s\n' "${elsewhere}"
    [[ -z "${R[${b}.sample]}" ]] || log_warn "first unexpected answer: ${R[${b}.sample]}"

    verdict=ok
    reasons=()
    (( ${R[${b}.allowed]} == limit )) || reasons+=("allowed ${R[${b}.allowed]} != ${limit}")
    (( ${R[${b}.refused]} == calls - limit )) || reasons+=("refused ${R[${b}.refused]} != $(( calls - limit ))")
    (( ${R[${b}.unenforced]} == 0 )) || reasons+=("${R[${b}.unenforced]} answers without Redis")
    [[ "${stored}" == "${limit}" ]] || reasons+=("the minute window in Redis holds ${stored:-nothing}, not ${limit}")
    [[ "${R[${b}.limits]}" == "[${limit}]" ]] || reasons+=("the answers name limit ${R[${b}.limits]}, not ${limit} (plan changed? --limit)")
    (( same_minute == 1 )) || reasons+=("the burst crossed a minute boundary")
    if (( ${#reasons[@]} > 0 )); then
      verdict="FAILED: $(IFS=';'; echo "${reasons[*]}")"
      failures+=("burst ${burst_no} (${id}): ${verdict#FAILED: }")
    else
      exact_ok=$(( exact_ok + 1 ))
    fi
    printf '    verdict          %s\n' "${verdict}"
  done
  exact_result="${exact_ok} of ${#exact_ids[@]} bursts exact"
fi

# --- 2. throughput ---------------------------------------------------------------------------------
if [[ "${skip_throughput}" == false ]]; then
  section "throughput: ${projects} projects (organization, 2,000 per minute each), wrk -t${threads} -c${connections} ${duration} s"
  account_plan=organization
  ids_file="${work_dir}/project-ids.txt"
  log_info "creating ${projects} projects in ${accounts} accounts"
  create_in_accounts
  log_ok "created ${projects} projects in ${created_in_seconds}s"
  declare -A per_master=()
  while read -r slot owner; do
    per_master["${owner}"]=$(( ${per_master[${owner}]:-0} + 1 ))
  done < <(owners_of $(sed 's/^/hr:{/; s/$/}/' "${ids_file}" | xargs python3 "${BURST_PY}" slot | cut -d' ' -f1))
  printf '  projects by master   '
  for m in "${masters[@]}"; do printf '%s %s   ' "${m}" "${per_master[${m}]:-0}"; done
  printf '\n'

  if (( warmup > 0 )); then
    log_info "warm-up ${warmup} s: every project in turn (caches, cycle counters, JIT of all three instances)"
    wrk -t "${threads}" -c "${connections}" -d "${warmup}s" --timeout 5s -s "${WRK_LUA}" \
      -H "Authorization: Bearer ${gateway_token}" -H 'Content-Type: application/json' \
      "${base_url}/v1/checks" -- "${ids_file}" cycle "${threads}" >"${work_dir}/wrk-warmup.log" 2>&1 \
      || { cat "${work_dir}/wrk-warmup.log" >&2; die "wrk failed (warm-up)"; }
    wrk_result warmup "${work_dir}/wrk-warmup.log"
    log_info "warm-up: ${R[warmup.requests]} answers (200: ${R[warmup.c200]}, 429: ${R[warmup.c429]}, other: ${R[warmup.other]})"
  fi

  # before
  log_offset="$(stat -c %s "${SCALE_ACCESS_LOG}")"
  declare -A eval_before=() unenf_before=()
  for port in "${SCALE_REDIS_PORTS[@]}"; do eval_before["${port}"]="$(evalsha_calls "${port}")"; done
  for port in "${SCALE_SERVICE_PORTS[@]}"; do unenf_before["${port}"]="$(metric_sum "${port}" headroom_checks_redis_failures_total)"; done
  nginx_workers=($(pgrep -P "${nginx_pid}" || true))
  declare -A cpu_before=()
  cpu_before[jvm]="$(proc_cpu "${instance_pids[@]}")"
  cpu_before[redis]="$(proc_cpu "${redis_pids[@]}")"
  cpu_before[nginx]="$(proc_cpu "${nginx_pid}" ${nginx_workers[@]+"${nginx_workers[@]}"})"
  cpu_total_before="$(awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8; exit }' /proc/stat)"
  load_before="$(cut -d' ' -f1 /proc/loadavg)"

  wrk -t "${threads}" -c "${connections}" -d "${duration}s" --latency --timeout 5s -s "${WRK_LUA}" \
    -H "Authorization: Bearer ${gateway_token}" -H 'Content-Type: application/json' \
    "${base_url}/v1/checks" -- "${ids_file}" spread "${threads}" >"${work_dir}/wrk-throughput.log" 2>&1 \
    || { cat "${work_dir}/wrk-throughput.log" >&2; die "wrk failed (throughput)"; }

  # after
  cpu_total_after="$(awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8; exit }' /proc/stat)"
  jvm_cpu="$(awk -v a="$(proc_cpu "${instance_pids[@]}")" -v b="${cpu_before[jvm]}" 'BEGIN { printf "%.1f", a - b }')"
  redis_cpu="$(awk -v a="$(proc_cpu "${redis_pids[@]}")" -v b="${cpu_before[redis]}" 'BEGIN { printf "%.1f", a - b }')"
  nginx_cpu="$(awk -v a="$(proc_cpu "${nginx_pid}" ${nginx_workers[@]+"${nginx_workers[@]}"})" -v b="${cpu_before[nginx]}" 'BEGIN { printf "%.1f", a - b }')"
  all_cpu="$(ratio "$(( cpu_total_after - cpu_total_before ))" "$(getconf CLK_TCK)" '%.1f')"
  wrk_result tp "${work_dir}/wrk-throughput.log"
  secs="$(ratio "${R[tp.duration_us]}" 1000000 '%.3f')"
  decisions=$(( ${R[tp.c200]} + ${R[tp.c429]} ))
  sockerr=$(( ${R[tp.connect]} + ${R[tp.read]} + ${R[tp.write]} + ${R[tp.timeout]} ))
  unenforced=0
  for port in "${SCALE_SERVICE_PORTS[@]}"; do
    unenforced=$(( unenforced + $(metric_sum "${port}" headroom_checks_redis_failures_total) - ${unenf_before[${port}]} ))
  done
  R[tp.dps]="$(ratio "${decisions}" "${secs}" '%.0f')"

  printf '  decisions/s          %s   (%s answers 200 + 429 in %s s through nginx)\n' "${R[tp.dps]}" "${decisions}" "${secs}"
  printf '  latency              p50 %s ms   p99 %s ms   max %s ms   (wrk, client -> nginx -> instance -> Redis)\n' \
    "$(ratio "${R[tp.p50_us]}" 1000)" "$(ratio "${R[tp.p99_us]}" 1000)" "$(ratio "${R[tp.max_us]}" 1000 '%.1f')"
  printf '  answers              200: %s   429: %s   other: %s (%s)   socket errors: %s   not enforced: %s\n' \
    "${R[tp.c200]}" "${R[tp.c429]}" "${R[tp.other]}" "${R[tp.other_codes]}" "${sockerr}" "${unenforced}"
  printf '  by instance          '
  tail -c +"$(( log_offset + 1 ))" "${SCALE_ACCESS_LOG}" | awk '$3 == 200 || $3 == 429 { n[$2]++; t++ }
    END { for (u in n) printf "%s %d (%.1f %%)   ", u, n[u], 100 * n[u] / t }'
  printf '\n  by Redis master      '
  eval_total=0
  declare -A eval_delta=()
  for port in "${SCALE_REDIS_PORTS[@]}"; do
    eval_delta["${port}"]=$(( $(evalsha_calls "${port}") - ${eval_before[${port}]} ))
    eval_total=$(( eval_total + ${eval_delta[${port}]} ))
  done
  for port in "${SCALE_REDIS_PORTS[@]}"; do
    printf ':%s %s EVALSHA (%s %%)   ' "${port}" "${eval_delta[${port}]}" "$(ratio "$(( ${eval_delta[${port}]} * 100 ))" "${eval_total}" '%.1f')"
  done
  printf '\n  keys by master       '
  for port in "${SCALE_REDIS_PORTS[@]}"; do printf ':%s %s   ' "${port}" "$(scale_redis "${port}" DBSIZE | tr -d '\r')"; done
  printf '\n  CPU during the run   %s core-s of %s available: 3 JVMs %s, 3 Redis %s, nginx %s, the rest (wrk, other) %s\n' \
    "${all_cpu}" "$(ratio "$(( $(nproc) * ${R[tp.duration_us]} ))" 1000000 '%.1f')" "${jvm_cpu}" "${redis_cpu}" "${nginx_cpu}" \
    "$(awk -v a="${all_cpu}" -v j="${jvm_cpu}" -v r="${redis_cpu}" -v n="${nginx_cpu}" 'BEGIN { printf "%.1f", a - j - r - n }')"
  printf '  wrk output           %s\n' "${work_dir#"${HEADROOM_REPO_ROOT}/"}/wrk-throughput.log"
  [[ -z "${R[tp.sample]}" ]] || log_warn "first unexpected answer: ${R[tp.sample]}"
  throughput_result="${R[tp.dps]} decisions/s, p50 $(ratio "${R[tp.p50_us]}" 1000) ms, p99 $(ratio "${R[tp.p99_us]}" 1000) ms, ${R[tp.other]} other, ${sockerr} socket errors, ${unenforced} not enforced"
else
  throughput_result="skipped"
fi

# --- summary ---------------------------------------------------------------------------------------
section "summary"
printf '  machine       %s (at the start)\n' "${machine}"
printf '  exactness     %s\n' "${exact_result}"
printf '  throughput    %s\n' "${throughput_result}"
if (( ${#failures[@]} > 0 )); then
  for f in "${failures[@]}"; do log_error "${f}"; done
  exit 1
fi
if [[ "${skip_exact}" == true ]]; then
  log_ok "done (no exactness check run: --skip-exact)"
else
  log_ok "every exactness check held"
fi
