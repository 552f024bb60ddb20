#!/usr/bin/env bash
# A first path through the running suite (after deploy/local/up.sh): creates an account in
# quota-service and waits until notification-service and distribution-service show it, having
# received account.changed through the outbox and RabbitMQ. Exits non-zero if they do not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
admin="$("$here/token.sh" --sub smoke --groups platform-admin)"

created="$(curl -sf -X POST localhost:8081/v1/accounts \
  -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"Smoke test","ownerEmail":"owner@smoke.test","plan":"business"}')"
id="$(printf '%s' "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
echo "created $id in quota-service"

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
echo "smoke test passed"
