# shellcheck shell=bash disable=SC2154  # base_url and token_ttl: the caller's globals (below)
# Helpers the benchmarks under deploy/bench share (checks.sh, webhooks.sh). Source it after
# deploy/local/lib.sh (log_*, die, is_root, service_running_pid):
#   source "${BENCH_DIR}/../local/lib.sh"; source "${BENCH_DIR}/common.sh"
#
# The functions read the caller's globals:
#   base_url    the service's base URL (check_service, post_json, service_pid, rss_mib)
#   token_ttl   the lifetime of minted tokens in seconds (mint)
#   missed      the count of missed targets (target adds to it)

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

check_service() {
  local body
  body="$(curl -sS --max-time 5 "${base_url}/q/health/ready" 2>&1)" \
    || die "quota-service is not up at ${base_url} (GET /q/health/ready: ${body}). Start the suite: deploy/local/up.sh"
  [[ "${body}" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]] \
    || die "quota-service at ${base_url} is not ready: GET /q/health/ready answered ${body}"
  log_ok "quota-service is ready at ${base_url}"
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
  if [[ -z "${pid}" && "${port}" == 8081 ]]; then
    pid="$(service_running_pid quota-service 2>/dev/null || true)"
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
