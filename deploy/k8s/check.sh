#!/usr/bin/env bash
# Offline check of the deployment files: renders deploy/k8s/overlays/{dev,prod,prod-native} with
# `kubectl kustomize` (no cluster needed) and checks the rendered objects and
# deploy/compose/compose.yml against the services' own configuration (check_rendered.py: probes,
# ports, env names each service reads, Secret/ConfigMap references, resources, security context,
# HPA/PDB, quorum queues, compose vs overlays/dev). Prints every check; exits 1 on any failure.
#
#   deploy/k8s/check.sh            # KEEP_RENDERED=1 keeps the rendered YAML and prints where
#
# Needs python3 with PyYAML (Debian: python3-yaml). Without kubectl it prints SKIPPED and exits 0.
set -euo pipefail

K8S_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "${K8S_DIR}/../.." && pwd)"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "deploy/k8s/check.sh: SKIPPED - kubectl not found on PATH, so the overlays cannot be rendered" \
       "(install kubectl >= 1.27, which bundles kustomize v5, and run it again)."
  exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "deploy/k8s/check.sh: python3 with PyYAML is needed (Debian: apt-get install python3-yaml)" >&2
  exit 1
fi

OUT="$(mktemp -d)"
if [[ -z "${KEEP_RENDERED:-}" ]]; then
  trap 'rm -rf "${OUT}"' EXIT
fi

echo "kubectl: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
# overlay name and the image tag its services must run (JVM or native)
overlays=("dev:0.1.0" "prod:0.1.0" "prod-native:0.1.0-native")
args=()
for entry in "${overlays[@]}"; do
  name="${entry%%:*}" tag="${entry#*:}"
  if ! kubectl kustomize "${K8S_DIR}/overlays/${name}" >"${OUT}/${name}.yaml" 2>"${OUT}/${name}.err"; then
    echo "FAIL  kubectl kustomize deploy/k8s/overlays/${name}:" >&2
    cat "${OUT}/${name}.err" >&2
    exit 1
  fi
  echo "rendered overlays/${name}: $(grep -c '^kind:' "${OUT}/${name}.yaml") objects"
  args+=(--overlay "${name}=${OUT}/${name}.yaml:${tag}")
done
[[ -n "${KEEP_RENDERED:-}" ]] && echo "rendered YAML kept in ${OUT}"

python3 "${K8S_DIR}/check_rendered.py" --repo "${REPO}" "${args[@]}" \
  --compose "${REPO}/deploy/compose/compose.yml"
