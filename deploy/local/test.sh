#!/usr/bin/env bash
# Run every test of the Headroom suite: ./mvnw -B verify against the real local servers.
#   1. PostgreSQL, Redis and RabbitMQ answering (started or installed if needed; see lib.sh),
#   2. the service databases and their _test twins present (tests migrate their own schema),
#   3. deploy/k8s/check.sh: the Kubernetes overlays and compose file rendered offline and checked,
#   4. exec ./mvnw -B verify "$@" from the repository root.
# Extra arguments go to Maven, e.g.  deploy/local/test.sh -pl quota-service -am
# Never run quietly (-q): CI reads Surefire's "Tests run:" summary.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

ensure_servers
ensure_databases

# Tests use their own *_test databases and test.-prefixed queues, so a suite left running by
# up.sh does not take their messages; it only shares the CPU. Say so, not more.
for entry in "${HEADROOM_SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  if tcp_open 127.0.0.1 "${port}"; then
    log_info "${name} is running on port ${port}; the tests do not share its data or queues" \
      "but share the CPU (deploy/local/down.sh stops it)"
  fi
done

cd "${HEADROOM_REPO_ROOT}"

# The deployment files (Kubernetes overlays, compose) rendered offline and checked against the
# services' configuration; a second or two. Before Maven, so that Surefire's summary ends the run.
if ! python3 -c 'import yaml' 2>/dev/null && is_root; then
  log_info "python3-yaml missing (deploy/k8s/check.sh reads the rendered YAML) -> apt-get install -y python3-yaml"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >/dev/null \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >/dev/null; } \
    || die "apt-get install -y python3-yaml failed"
fi
log_info "Running: deploy/k8s/check.sh"
bash deploy/k8s/check.sh | grep -vE "^ +ok " # all but the passed checks

log_info "Running: ./mvnw -B verify $*"
exec ./mvnw -B verify "$@"
