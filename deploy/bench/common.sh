# shellcheck shell=bash disable=SC2154  # base_url, token_ttl, ...: the caller's globals (below)
# Helpers the benchmarks under deploy/bench share (checks.sh, webhooks.sh, notifications.sh,
# distributions.sh). Source it after deploy/local/lib.sh (log_*, die, is_root, service_running_pid):
#   source "${BENCH_DIR}/../local/lib.sh"; source "${BENCH_DIR}/common.sh"
#
# The functions read the caller's globals:
#   base_url    the service's base URL (check_service, post_json, service_pid, rss_mib, wrk_admission)
#   token_ttl   the lifetime of minted tokens in seconds (mint)
#   missed      the count of missed targets (target adds to it)
#   R           the results, an associative array (read_into, wrk_result, wrk_admission, await_drain_count, ...)
#   work_dir    the run's directory (create_in_accounts, wrk_admission, report_admission)
#   WRK_LUA, threads, connections, gateway_token   the wrk script and its run (wrk_admission)
#   drain_timeout   how long a drain may take in seconds (await_drain_count)
#   sampler_pid the background job that samples the sink's count, or empty (stop_sampler)

TOKEN_SH="${HEADROOM_LOCAL_DIR}/token.sh"

# --- options and output ---------------------------------------------------------------------

# need_value OPTION COUNT -> dies unless the option has a value
need_value() { [[ "$2" -ge 2 ]] || die "$1 needs a value (see --help)"; }

# ratio A B [FORMAT] -> A / B formatted (default %.2f), or n/a when B is 0 or empty
ratio() {
  awk -v a="${1:-0}" -v b="${2:-0}" -v fmt="${3:-%.2f}" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf fmt "\n", a / b }'
}

# section TITLE -> "--- TITLE -----..." on a new paragraph
section() {
  local rule
  rule="$(printf '%*s' $(( ${#1} < 88 ? 90 - ${#1} : 2 )) '' | tr ' ' '-')"
  printf '\n--- %s %s\n' "$1" "${rule}"
}

# json_field FIELD < JSON -> the top-level string/number field, empty when absent
json_field() {
  if command -v jq >/dev/null 2>&1; then
    jq -r --arg f "$1" '.[$f] // empty' 2>/dev/null || true
  else
    python3 -c 'import json,sys
try: v = json.load(sys.stdin).get(sys.argv[1])
except Exception: v = None
print("" if v is None else v)' "$1" 2>/dev/null || true
  fi
}

# now_s -> the time in seconds since the epoch, with nanoseconds
now_s() { date +%s.%N; }

# elapsed FROM [TO] -> seconds from FROM to TO (default: now), one decimal
elapsed() { awk -v a="$1" -v b="${2:-$(now_s)}" 'BEGIN { printf "%.1f\n", b - a }'; }

# read_into PREFIX LINE -> R[PREFIX.key]=value for each key=value of a HEADROOM_BENCH line
read_into() {
  local kv
  # shellcheck disable=SC2086  # key=value words, split on purpose
  for kv in ${2#HEADROOM_BENCH }; do
    R["$1.${kv%%=*}"]="${kv#*=}"
  done
}

# --- preconditions --------------------------------------------------------------------------

# apt_install PACKAGE... -> installs as root, else dies saying how
apt_install() {
  if ! is_root; then
    die "missing: $*. Install as root: apt-get update && apt-get install -y $*"
  fi
  log_info "Installing $* (apt-get update; apt-get install -y $*)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || die "apt-get install -y $* failed"
  log_ok "installed: $*"
}

# install_missing COMMAND... -> apt_install the commands not on PATH (each the Debian package of its name)
install_missing() {
  local missing=() command
  for command in "$@"; do
    command -v "${command}" >/dev/null 2>&1 || missing+=("${command}")
  done
  if (( ${#missing[@]} > 0 )); then
    apt_install "${missing[@]}"
  fi
}

# check_service [NAME] -> dies unless the service at base_url (NAME, default quota-service)
# answers GET /q/health/ready with status UP
check_service() {
  local body name="${1:-quota-service}"
  body="$(curl -sS --max-time 5 "${base_url}/q/health/ready" 2>&1)" \
    || die "${name} is not up at ${base_url} (GET /q/health/ready: ${body}). Start the suite: deploy/local/up.sh"
  [[ "${body}" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]] \
    || die "${name} at ${base_url} is not ready: GET /q/health/ready answered ${body}"
  log_ok "${name} is ready at ${base_url}"
}

# Another engineer's build on the same cores makes every number here worse: say so.
check_load() {
  local load cores
  load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
  cores="$(nproc 2>/dev/null || echo 1)"
  log_info "machine: ${cores} cores, load average (1 min) ${load}"
  if awk -v l="${load}" 'BEGIN { exit !(l > 0.5) }'; then
    log_warn "the machine is already busy (load ${load}); the numbers will be lower than on an idle machine"
  fi
}

# --- tokens and management requests ---------------------------------------------------------

mint() { "${TOKEN_SH}" --ttl "${token_ttl}" "$@" || die "token.sh failed ($*)"; }

# retry_after HEADERS_FILE -> whole seconds from Retry-After (default 1, at most 60)
retry_after() {
  local s
  s="$(tr -d '\r' <"$1" | awk 'tolower($1) == "retry-after:" { v = $2 } END { print v }')"
  [[ "${s}" =~ ^[0-9]+$ ]] || s=1
  (( s >= 1 )) || s=1
  (( s <= 60 )) || s=60
  printf '%s\n' "${s}"
}

# request_json METHOD PATH TOKEN BODY OUT -> prints the HTTP status ("000" when no answer), the
# body in OUT, the headers in OUT.headers; waits and retries on 429 as Retry-After says
# (management endpoints: 600 requests/minute per account).
request_json() {
  local method="$1" path="$2" token="$3" body="$4" out="$5" status attempt
  for attempt in 1 2 3 4 5 6; do
    status="$(curl -sS --max-time 15 -o "${out}" -D "${out}.headers" -w '%{http_code}' \
      -X "${method}" "${base_url}${path}" -H "Authorization: Bearer ${token}" \
      -H 'Content-Type: application/json' -d "${body}" 2>/dev/null)" || status="000"
    [[ "${status}" == 429 ]] || break
    local wait_s
    wait_s="$(retry_after "${out}.headers")"
    log_warn "${method} ${path}: 429 (attempt ${attempt}), waiting ${wait_s}s as Retry-After says"
    sleep "${wait_s}"
  done
  printf '%s\n' "${status}"
}

# post_json PATH TOKEN BODY OUT -> request_json POST ...
post_json() { request_json POST "$@"; }

# --- the service's RSS ----------------------------------------------------------------------

# service_pid -> the pid listening on the port of --url (local URLs only), empty if unknown
service_pid() {
  local hostport port pid=""
  hostport="${base_url#*://}"
  case "${hostport%:*}" in 127.0.0.1|localhost|\[::1\]) ;; *) return 0 ;; esac
  port="${hostport##*:}"
  [[ "${port}" =~ ^[0-9]+$ ]] || port=80
  if command -v ss >/dev/null 2>&1; then
    pid="$(ss -Hltnp "sport = :${port}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
  fi
  if [[ -z "${pid}" ]] && command -v lsof >/dev/null 2>&1; then
    pid="$(lsof -t -nP -iTCP:"${port}" -sTCP:LISTEN 2>/dev/null | head -1 || true)"
  fi
  if [[ -z "${pid}" ]]; then   # the pid file up.sh wrote for the service on that port
    local entry
    for entry in "${HEADROOM_SERVICES[@]}"; do
      if [[ "${entry##*:}" == "${port}" ]]; then
        pid="$(service_running_pid "${entry%%:*}" 2>/dev/null || true)"
      fi
    done
  fi
  printf '%s\n' "${pid}"
}

# rss_mib -> the service's resident set size in MiB, or n/a
rss_mib() {
  local pid kib
  pid="$(service_pid)"
  [[ -n "${pid}" ]] || { echo n/a; return; }
  kib="$(ps -o rss= -p "${pid}" 2>/dev/null | tr -d ' ')"
  [[ -n "${kib}" ]] || { echo n/a; return; }
  ratio "${kib}" 1024 '%.0f'
}

# --- targets --------------------------------------------------------------------------------

# cmp_ok A OP B -> success when A OP B holds (OP: <, <=, >=); fails when A is n/a
cmp_ok() {
  awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
    if (a == "n/a" || a == "") exit 1
    r = (op == "<") ? a + 0 < b + 0 : (op == "<=") ? a + 0 <= b + 0 : a + 0 >= b + 0
    exit !r }'
}

# target LABEL VALUE A OP B -> one line of the targets, "met" or "MISSED" (counted in missed)
target() {
  local verdict=met
  if ! cmp_ok "$3" "$4" "$5"; then
    verdict=MISSED
    missed=$(( missed + 1 ))
  fi
  printf '   %-56s %-14s %s\n' "$1" "$2" "${verdict}"
}

# Creates ${projects} projects spread over ${accounts} accounts, one background job per account
# (create_account and create_projects come from the calling script); their ids go to ${ids_file}.
# Sets created_in_seconds.
create_in_accounts() {
  local started i count pids=() account
  started="$(date +%s)"
  for (( i = 1; i <= accounts; i++ )); do
    account="$(create_account "${i}")"
    count=$(( projects / accounts + (i <= projects % accounts ? 1 : 0) ))
    create_projects "${account}" "${i}" "${count}" 2>"${work_dir}/create-${i}.err" &
    pids+=("$!")
  done
  for (( i = 1; i <= accounts; i++ )); do
    wait "${pids[i - 1]}" || { cat "${work_dir}/create-${i}.err" >&2; die "creating the projects of account ${i} failed"; }
    cat "${work_dir}/create-${i}.err" >&2   # warnings, e.g. a 429 waited for
  done
  for (( i = 1; i <= accounts; i++ )); do
    cat "${work_dir}/ids-${i}.txt"
  done >"${ids_file}"
  local created
  created="$(wc -l <"${ids_file}" | tr -d ' ')"
  (( created == projects )) || die "expected ${projects} project ids, got ${created} (see ${work_dir})"
  # shellcheck disable=SC2034  # read by the calling script
  created_in_seconds=$(( $(date +%s) - started ))
}

# --- wrk runs and the drain (webhooks.sh, distributions.sh; wrk_result also checks.sh) ---------

# wrk_result NAME LOG -> R[NAME.*] from the "HEADROOM_BENCH key=value ..." line the wrk script's
# done() wrote to LOG, R[NAME.sample] from its "HEADROOM_BENCH_SAMPLE" line; dies, showing LOG,
# when there is no result line
wrk_result() {
  local line
  line="$(grep '^HEADROOM_BENCH ' "$2" || true)"
  [[ -n "${line}" ]] || { cat "$2" >&2; die "wrk printed no result line ($1); output above"; }
  read_into "$1" "${line}"
  R["$1.sample"]="$(sed -n 's/^HEADROOM_BENCH_SAMPLE //p' "$2")"
}

# wrk_admission NAME SECONDS SCRIPT_ARG... -> wrk against base_url for SECONDS with the gateway token,
# WRK_LUA and its arguments, its output in work_dir/wrk-NAME.log; R[NAME.t0|t1] (its start and end),
# R[NAME.*] of wrk_result, and from them R[NAME.rps] (answers/s), R[NAME.aps] (202s/s),
# R[NAME.p50|p99|max] (ms), R[NAME.sockerr] and R[NAME.errors] (other statuses + socket errors)
wrk_admission() {
  local name="$1" secs="$2" log="${work_dir}/wrk-$1.log"
  shift 2
  R["${name}.t0"]="$(now_s)"
  wrk -t "${threads}" -c "${connections}" -d "${secs}s" --latency --timeout 5s -s "${WRK_LUA}" \
    -H "Authorization: Bearer ${gateway_token}" -H 'Content-Type: application/json' \
    "${base_url}" -- "$@" >"${log}" 2>&1 \
    || { cat "${log}" >&2; die "wrk failed (${name}); output above"; }
  R["${name}.t1"]="$(now_s)"
  wrk_result "${name}" "${log}"

  local secs_run sockerr
  secs_run="$(ratio "${R[${name}.duration_us]}" 1000000 '%.6f')"
  sockerr=$(( ${R[${name}.connect]} + ${R[${name}.read]} + ${R[${name}.write]} + ${R[${name}.timeout]} ))
  R["${name}.rps"]="$(ratio "${R[${name}.requests]}" "${secs_run}" '%.1f')"
  R["${name}.aps"]="$(ratio "${R[${name}.c202]}" "${secs_run}" '%.1f')"
  R["${name}.p50"]="$(ratio "${R[${name}.p50_us]}" 1000 '%.2f')"
  R["${name}.p99"]="$(ratio "${R[${name}.p99_us]}" 1000 '%.2f')"
  R["${name}.max"]="$(ratio "${R[${name}.max_us]}" 1000 '%.1f')"
  R["${name}.sockerr"]="${sockerr}"
  R["${name}.errors"]=$(( ${R[${name}.other]} + sockerr ))
}

# report_admission NAME ANSWERS [LINE...] -> the admission of wrk_admission NAME: accepted/s,
# latency, ANSWERS (the text of the "answers" line), socket errors, each LINE, the first
# unexpected answer and where wrk's output is
report_admission() {
  local n="$1" answers="$2"
  shift 2
  printf '  accepted/s            %s   (%s answers 202 in %s s; all answers %s/s)\n' "${R[${n}.aps]}" \
    "${R[${n}.c202]}" "$(ratio "${R[${n}.duration_us]}" 1000000 '%.1f')" "${R[${n}.rps]}"
  printf '  latency               p50 %s ms   p99 %s ms   max %s ms\n' "${R[${n}.p50]}" "${R[${n}.p99]}" "${R[${n}.max]}"
  printf '  answers               %s\n' "${answers}"
  printf '  socket errors         %s (connect %s, read %s, write %s, timeout %s after 5 s)\n' "${R[${n}.sockerr]}" \
    "${R[${n}.connect]}" "${R[${n}.read]}" "${R[${n}.write]}" "${R[${n}.timeout]}"
  if (( $# > 0 )); then
    printf '  %s\n' "$@"
  fi
  if [[ -n "${R[${n}.sample]}" ]]; then
    log_warn "first unexpected answer: ${R[${n}.sample]}"
  fi
  printf '  wrk output            %s\n' "${work_dir}/wrk-${n}.log"
}

# stop_sampler -> stops the sink's sampler (sampler_pid), if any
stop_sampler() {
  if [[ -n "${sampler_pid:-}" ]]; then
    kill "${sampler_pid}" 2>/dev/null || true
    wait "${sampler_pid}" 2>/dev/null || true
  fi
  sampler_pid=""
}

# await_drain_count NAME COMMAND [ARG...] -> waits until COMMAND (the sink's count of the phase,
# printed) reaches R[NAME.c202], bounded by drain_timeout, then until the count stops growing
# (requests accepted while wrk stopped, which wrk did not count); sets R[NAME.drained] (1 or 0)
# and R[NAME.delivered] (the last count)
await_drain_count() {
  local name="$1" want="${R[$1.c202]}" deadline n previous stable=0 i
  shift
  deadline=$(( $(date +%s) + drain_timeout ))
  n="$("$@")"
  while (( n < want && $(date +%s) < deadline )); do
    sleep 1
    n="$("$@")"
  done
  R["${name}.drained"]=$(( n >= want ? 1 : 0 ))
  # drained: settle, 3 s without growth (at most 30 s); not drained: the count at the deadline
  previous="${n}"
  (( n >= want )) || stable=3
  for (( i = 0; i < 30 && stable < 3; i++ )); do
    sleep 1
    n="$("$@")"
    if (( n == previous )); then stable=$(( stable + 1 )); else stable=0; previous="${n}"; fi
  done
  R["${name}.delivered"]="${n}"
}

# report_timeline FILE T0 T1 WORD -> the sink's count ("<epoch seconds> <count>" lines of FILE)
# about every 5 s from T0 (wrk start), WORD naming it ("delivered", "sent"); T1 = wrk end
report_timeline() {
  awk -v t0="$2" -v t1="$3" -v word="$4" '
    { t = $1 - t0; if (t < 0) next
      if (!seen) { printf "  t=%6.1f s  %-5s  %s %8d\n", t, "wrk", word, $2; seen = 1; last_t = t; last_n = $2; next_t = t + 5; next }
      if (t >= next_t) { printf "  t=%6.1f s  %-5s  %s %8d   (%7.1f/s since the line before)\n", t,
                           (t <= t1 - t0 ? "wrk" : "drain"), word, $2, ($2 - last_n) / (t - last_t)
                         last_t = t; last_n = $2; next_t = t + 5; printed = NR } }
    END { if (seen && printed != NR && t > last_t)
            printf "  t=%6.1f s  %-5s  %s %8d   (%7.1f/s since the line before)\n", t,
              (t <= t1 - t0 ? "wrk" : "drain"), word, $2, ($2 - last_n) / (t - last_t) }' "$1"
}
