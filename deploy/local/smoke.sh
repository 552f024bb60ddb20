#!/usr/bin/env bash
# A first path through the running suite (after deploy/local/up.sh): checks that the three services
# are ready (GET /q/health/ready answers 200 with status UP), creates an account in quota-service,
# waits until notification-service and distribution-service show it, having received
# account.changed through the outbox and RabbitMQ, then sends a one-recipient SMS distribution
# as the account's owner and waits until distribution-service has sent it through the SMS gateway
# (up.sh's SMS sink). Exits non-zero if any step fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# json EXPRESSION < JSON -> prints the Python expression evaluated on the document (named d)
json() { python3 -c 'import json,sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

for service in quota-service:8081 notification-service:8082 distribution-service:8083; do
  name="${service%%:*}" port="${service##*:}"
  ready="$(curl -sS --max-time 5 -w '\n%{http_code}' "localhost:$port/q/health/ready" 2>&1)" || true
  status="${ready##*$'\n'}" ready="${ready%$'\n'*}"
  ready="${ready%$'\n'}"   # curl's own error message ends with a newline
  if [[ "$status" != 200 || ! "$ready" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]; then
    echo "$name is not ready: GET localhost:$port/q/health/ready answered $status: $ready" >&2
    echo "(start the suite with deploy/local/up.sh)" >&2
    exit 1
  fi
  echo "$name is ready (GET /q/health/ready: UP)"
done
admin="$("$here/token.sh" --sub smoke --groups platform-admin)"

created="$(curl -sf -X POST localhost:8081/v1/accounts \
  -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"Smoke test","ownerEmail":"owner@smoke.test","plan":"business"}')"
id="$(printf '%s' "$created" | json 'd["id"]')"
project="$(printf '%s' "$created" | json '[p["id"] for p in d["projects"] if p.get("sandbox")][0]')"
echo "created $id (Sandbox project $project) in quota-service"

for port in 8082 8083; do
  for _ in $(seq 1 50); do
    if curl -sf "localhost:$port/v1/accounts/$id" -H "Authorization: Bearer $admin" >/dev/null; then
      echo "port $port shows $id"
      continue 2
    fi
    sleep 0.2
  done
  echo "port $port did not receive account.changed for $id within 10 s" >&2
  exit 1
done

# One SMS distribution as the owner: without a passed anti-spam check an account may send 10
# messages a day, SMS included (only e-mail needs the check).
owner="$("$here/token.sh" --sub owner@smoke.test --groups owner --account "$id")"
answer="$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST "localhost:8083/v1/projects/$project/distributions" \
  -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -H "Idempotency-Key: smoke-$id" \
  -d "{\"channel\":\"sms\",\"recipients\":[\"+4915112345678\"],\"body\":\"Headroom smoke test $id\"}" 2>&1)" || true
status="${answer##*$'\n'}" answer="${answer%$'\n'*}"
if [[ "$status" != 202 ]]; then
  echo "POST localhost:8083/v1/projects/$project/distributions answered $status: $answer" >&2
  if [[ "$status" == 503 ]]; then
    echo "(distribution-service runs without an SMS gateway: restart it with deploy/local/down.sh --keep-servers" \
      "&& deploy/local/up.sh --no-build, which passes HEADROOM_SMS_GATEWAY_URL)" >&2
  fi
  exit 1
fi
distribution="$(printf '%s' "$answer" | json 'd["id"]')"
echo "distribution $distribution accepted (1 SMS, queued)"

state=queued
for _ in $(seq 1 150); do
  view="$(curl -sf "localhost:8083/v1/projects/$project/distributions/$distribution" \
    -H "Authorization: Bearer $owner")" || view=""
  if [[ -n "$view" ]]; then
    state="$(printf '%s' "$view" | json 'd["messages"][0]["state"]')"
    [[ "$state" == queued ]] || break
  fi
  sleep 0.2
done
case "$state" in
  sent)
    message="$(printf '%s' "$view" | json 'd["messages"][0]["id"]')"
    echo "message $message sent"
    sink="$here/.run/sms/messages.jsonl"
    if [[ -f "$sink" ]] && grep -qF "\"messageId\":\"$message\"" "$sink"; then
      echo "the SMS sink has it: ${sink#"$(cd "$here/../.." && pwd)/"}"
    fi
    ;;
  failed)
    echo "message of $distribution failed: $(printf '%s' "$view" | json 'd["messages"][0]["lastError"]')" >&2
    exit 1
    ;;
  *)
    echo "message of $distribution still $state after 30 s: ${view:-no answer from GET .../distributions/$distribution}" >&2
    exit 1
    ;;
esac
echo "smoke test passed"
