#!/usr/bin/env bash
# Mint an RS256 JWT for the local Headroom suite, signed with the development key.
# Uses only bash and openssl. Prints only the token (errors go to stderr).
#
#   deploy/local/token.sh --sub admin --groups platform-admin
#   deploy/local/token.sh --sub owner@acme.test --groups owner --account acc_123
#
# DEVELOPMENT ONLY: the default key is committed to the repository (see keys/README.md).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ISSUER="https://headroom.local"

usage() {
  cat <<EOF
Usage: $(basename "$0") [options]

Mints an RS256 JWT (issuer ${ISSUER}) and prints it on stdout.

Options:
  --sub S               subject (claim sub)                      default: dev-user
  --groups a,b          comma-separated roles (claim groups)     default: owner
  --account ID          account id (claim account_id)            default: omitted
  --project-roles JSON  JSON object, e.g. '{"prj_1":"admin"}'   default: omitted
                        (claim project_roles)
  --ttl SECONDS         lifetime; exp = iat + SECONDS            default: 3600
  --key FILE            PKCS#8 RSA private key (PEM)             default: deploy/local/keys/dev-private.pem
  -h, --help            show this help

Example:
  curl -H "Authorization: Bearer \$($(basename "$0") --sub admin --groups platform-admin)" \\
       localhost:8081/v1/accounts
EOF
}

fail() { printf 'token.sh: %s\n' "$*" >&2; exit 2; }

# --- options -----------------------------------------------------------------------------------
sub="dev-user"
groups="owner"
account=""
project_roles=""
ttl=3600
key="${SCRIPT_DIR}/keys/dev-private.pem"

while (( $# > 0 )); do
  case "$1" in
    --sub)           [[ $# -ge 2 ]] || fail "--sub needs a value";           sub="$2"; shift 2 ;;
    --groups)        [[ $# -ge 2 ]] || fail "--groups needs a value";        groups="$2"; shift 2 ;;
    --account)       [[ $# -ge 2 ]] || fail "--account needs a value";       account="$2"; shift 2 ;;
    --project-roles) [[ $# -ge 2 ]] || fail "--project-roles needs a value"; project_roles="$2"; shift 2 ;;
    --ttl)           [[ $# -ge 2 ]] || fail "--ttl needs a value";           ttl="$2"; shift 2 ;;
    --key)           [[ $# -ge 2 ]] || fail "--key needs a value";           key="$2"; shift 2 ;;
    -h|--help)       usage; exit 0 ;;
    *)               usage >&2; fail "unknown option: $1" ;;
  esac
done

[[ "${ttl}" =~ ^[1-9][0-9]*$ ]] || fail "--ttl must be a positive integer (seconds), got '${ttl}'"
[[ -r "${key}" ]] || fail "private key not readable: ${key}"
[[ -n "${sub}" ]] || fail "--sub must not be empty"

# --- helpers -----------------------------------------------------------------------------------

# base64url without padding (RFC 7515), from stdin.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# json_string S -> S as a JSON string literal (quotes, backslashes and control chars escaped).
json_string() {
  local s="$1" out="" c i code
  for (( i = 0; i < ${#s}; i++ )); do
    c="${s:i:1}"
    case "${c}" in
      '"')  out+='\"' ;;
      "\\")  out+="\\\\" ;;
      $'\n') out+='\n' ;;
      $'\r') out+='\r' ;;
      $'\t') out+='\t' ;;
      *)
        printf -v code '%d' "'${c}"
        if (( code >= 0 && code < 32 )); then
          printf -v c '\\u%04x' "${code}"
        fi
        out+="${c}"
        ;;
    esac
  done
  printf '"%s"' "${out}"
}

# --- claims ------------------------------------------------------------------------------------

# groups: "a, b,,c" -> ["a","b","c"]
groups_json=""
IFS=',' read -r -a group_list <<<"${groups}"
for g in ${group_list[@]+"${group_list[@]}"}; do
  g="${g#"${g%%[![:space:]]*}"}"   # trim leading blanks
  g="${g%"${g##*[![:space:]]}"}"   # trim trailing blanks
  [[ -n "${g}" ]] || continue
  groups_json+="${groups_json:+,}$(json_string "${g}")"
done
groups_json="[${groups_json}]"

# project_roles must be a JSON object; without a JSON parser we check its outer shape only.
if [[ -n "${project_roles}" ]]; then
  project_roles="$(printf '%s' "${project_roles}" | tr -d '\n\r')"
  trimmed="${project_roles#"${project_roles%%[![:space:]]*}"}"
  trimmed="${trimmed%"${trimmed##*[![:space:]]}"}"
  [[ "${trimmed}" == \{*\} ]] || fail "--project-roles must be a JSON object, e.g. '{\"prj_1\":\"admin\"}'"
  project_roles="${trimmed}"
fi

iat="$(date +%s)"
exp=$(( iat + ttl ))
jti="$(openssl rand -hex 16)"

payload="{\"iss\":$(json_string "${ISSUER}"),\"sub\":$(json_string "${sub}"),\"groups\":${groups_json}"
[[ -n "${account}" ]] && payload+=",\"account_id\":$(json_string "${account}")"
[[ -n "${project_roles}" ]] && payload+=",\"project_roles\":${project_roles}"
payload+=",\"iat\":${iat},\"exp\":${exp},\"jti\":\"${jti}\"}"

header='{"alg":"RS256","typ":"JWT"}'

# --- sign --------------------------------------------------------------------------------------
signing_input="$(printf '%s' "${header}" | b64url).$(printf '%s' "${payload}" | b64url)"
signature="$(printf '%s' "${signing_input}" | openssl dgst -sha256 -sign "${key}" -binary | b64url)" \
  || fail "signing failed with key ${key}"
[[ -n "${signature}" ]] || fail "signing failed with key ${key}"

printf '%s.%s\n' "${signing_input}" "${signature}"
