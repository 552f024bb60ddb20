#!/usr/bin/env python3
"""Checks the rendered Kubernetes overlays and deploy/compose/compose.yml against the services.

    python3 deploy/k8s/check_rendered.py --overlay dev=/tmp/dev.yaml:0.1.0 \
        --overlay prod=/tmp/prod.yaml:0.1.0 [--compose deploy/compose/compose.yml]

deploy/k8s/check.sh renders the overlays with `kubectl kustomize` and runs this. Each --overlay is
NAME=RENDERED_FILE:EXPECTED_IMAGE_TAG; an overlay whose NAME starts with "prod" may reference the
Secrets listed in deploy/k8s/overlays/prod/external-secrets.txt without rendering them.

What a service "reads" is taken from its sources, not from a list kept here: every ${NAME}
placeholder of src/main/resources/application.properties, the environment form (SmallRye Config:
upper case, every other character `_`) of every key set there without a profile, and of every
key of the @ConfigMapping interfaces and @ConfigProperty names in its and common's
src/main/java; plus the few JVM/Quarkus variables in JVM_ALLOWED. Names in
deploy/k8s/pending-env.txt (set by the deployment, not read yet) pass with a warning.

Prints every check it makes; exits 1 if any failed. Python 3 and PyYAML only.
"""

import argparse
import os
import re
import sys
from urllib.parse import urlparse

import yaml

SERVICES = ("quota-service", "notification-service", "distribution-service")

# Environment variables not derived from a service's configuration, allowed on purpose.
JVM_ALLOWED = {
    "JAVA_OPTS": "JVM options of run-java.sh in the Quarkus JVM image (the -Xmx)",
    "QUARKUS_PROFILE": "Quarkus profile (prod when unset)",
}

HEALTH = {"readinessProbe": "/q/health/ready", "livenessProbe": "/q/health/live",
          "startupProbe": "/q/health/started"}

# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.failures = 0
        self.warnings = 0
        self.passed = 0

    def section(self, title):
        print(f"\n== {title}")

    def ok(self, message):
        self.passed += 1
        print(f"  ok    {message}")

    def fail(self, message):
        self.failures += 1
        print(f"  FAIL  {message}")

    def warn(self, message):
        self.warnings += 1
        print(f"  warn  {message}")

    def check(self, condition, message, detail=""):
        if condition:
            self.ok(message)
        else:
            self.fail(message + (f": {detail}" if detail else ""))
        return condition


R = Report()

# ---------------------------------------------------------------------------------------------
# What each service reads
# ---------------------------------------------------------------------------------------------


def env_form(key):
    """SmallRye Config's environment variable name for a property key."""
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def read_properties(path):
    """(key, value) pairs of a .properties file, continuation lines joined."""
    pairs, pending = [], ""
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not pending and line.lstrip().startswith(("#", "!")):
                continue
            if line.endswith("\\") and not line.endswith("\\\\"):
                pending += line[:-1].lstrip()
                continue
            line = (pending + line.lstrip()) if pending else line.strip()
            pending = ""
            if not line:
                continue
            match = re.match(r"((?:\\.|[^=:\s])+)\s*[=:\s]\s*(.*)$", line)
            if match:
                pairs.append((match.group(1), match.group(2)))
    return pairs


def strip_comments(java):
    """Java source without comments; string and char literals are kept as they are."""
    return re.sub(r'("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')|/\*.*?\*/|//[^\n]*',
                  lambda m: m.group(1) or " ", java, flags=re.S)


def mapping_keys(java_text):
    """Environment name patterns (regex strings) of the @ConfigMapping keys in one Java source."""
    return ["_".join("[A-Z0-9_]+" if s == "*" else re.escape(env_form(s)) for s in key)
            for key, _ in mapping_entries(java_text)]


def mapping_entries(java_text):
    """([segment, ...], default or None) of every @ConfigMapping key in one Java source file;
    the segment "*" stands for a map key."""
    # braces inside string literals (a default like "/projects/{projectId}") must not count
    text = re.sub(r'"(?:\\.|[^"\\])*"', lambda m: m.group(0).replace("{", "\ue000").replace("}", "\ue001"),
                  strip_comments(java_text))
    root = re.search(r'@ConfigMapping\s*\(\s*prefix\s*=\s*"([^"]+)"', text)
    if not root:
        return []
    # Interface bodies by name, via brace matching; methods are read from each body's own level.
    bodies = {}
    for match in re.finditer(r"\binterface\s+(\w+)[^{]*\{", text):
        depth, start = 1, match.end()
        i = start
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        bodies[match.group(1)] = text[start:i - 1]

    def own_level(body):
        out, depth = [], 0
        for ch in body:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif depth == 0:
                out.append(ch)
        return "".join(out)

    root_name = re.search(r"@ConfigMapping\s*\([^)]*\)\s*(?:@\w+(?:\([^)]*\))?\s*)*public\s+interface\s+(\w+)",
                          text).group(1)
    keys = []   # each a list of segments; "*" stands for a map key

    def walk(name, segments, seen):
        if name in seen:
            return
        level = own_level(bodies.get(name, ""))
        for method in re.finditer(r"((?:@\w+(?:\([^)]*\))?\s*)*)"
                                  r"([\w.]+(?:<[^;()]*>)?)\s+(\w+)\s*\(\s*\)\s*;", level):
            annotations, type_, method_name = method.groups()
            renamed = re.search(r'@WithName\(\s*"([^"]+)"', annotations)
            renamed = renamed.group(1) if renamed else None
            default = re.search(r'@WithDefault\(\s*"([^"]*)"', annotations)
            here = segments + [renamed or kebab(method_name)]
            mapped = re.match(r"Map<\s*String\s*,\s*(\w+)\s*>$", type_)
            if mapped:
                here, type_ = here + ["*"], mapped.group(1)
            else:
                wrapped = re.match(r"(?:Optional|List|Set)<\s*(\w+)\s*>$", type_)
                type_ = wrapped.group(1) if wrapped else type_
            if type_ in bodies:
                walk(type_, here, seen | {name})
            else:
                keys.append((here, default.group(1).replace("\ue000", "{").replace("\ue001", "}") if default else None))

    walk(root_name, [root.group(1)], frozenset())
    return keys


class ServiceConfig:
    """What one service reads, from its sources."""

    def __init__(self, repo, name):
        self.name = name
        self.properties_path = os.path.join(repo, name, "src/main/resources/application.properties")
        with open(self.properties_path, encoding="utf-8") as handle:
            text = handle.read()
        self.pairs = read_properties(self.properties_path)
        self.props = {k: v for k, v in self.pairs if not k.startswith("%")}
        self.reads = {}     # exact name -> where from
        for placeholder in re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text):
            self.reads.setdefault(placeholder, "a ${...} placeholder in application.properties")
        for key in self.props:
            self.reads.setdefault(env_form(key), f"overrides {key} (application.properties)")
        self.patterns = []  # (regex, where from)
        for source_root in (os.path.join(repo, name, "src/main/java"), os.path.join(repo, "common/src/main/java")):
            for folder, _, files in os.walk(source_root):
                for file in files:
                    if not file.endswith(".java"):
                        continue
                    path = os.path.join(folder, file)
                    with open(path, encoding="utf-8") as handle:
                        java = handle.read()
                    rel = os.path.relpath(path, repo)
                    for pattern in mapping_keys(java):
                        self.patterns.append((re.compile(pattern + "$"), f"@ConfigMapping in {rel}"))
                    for prop in re.findall(r'@ConfigProperty\s*\(\s*name\s*=\s*"([^"]+)"', strip_comments(java)):
                        self.reads.setdefault(env_form(prop), f"@ConfigProperty in {rel}")
        self.port = int(self.props.get("quarkus.http.port", "8080"))

    def why_read(self, env_name):
        if env_name in self.reads:
            return self.reads[env_name]
        for pattern, where in self.patterns:
            if pattern.match(env_name):
                return where
        if env_name in JVM_ALLOWED:
            return JVM_ALLOWED[env_name]
        return None


def load_pending(path):
    pending = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#"):
                    service, name, *rest = line.split(None, 2)
                    pending[(service, name)] = rest[0] if rest else ""
    return pending


def load_external(path):
    """name -> {key: optional}"""
    external = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, keys = line.partition(":")
                external[name.strip()] = {k.rstrip("?"): k.endswith("?") for k in keys.split()}
    return external

# ---------------------------------------------------------------------------------------------
# Kubernetes objects
# ---------------------------------------------------------------------------------------------


def quantity(value, memory):
    text = str(value)
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3}
    for unit, factor in sorted(units.items(), key=lambda u: -len(u[0])):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def xmx_bytes(java_opts):
    match = re.search(r"-Xmx(\d+)([kKmMgG]?)", java_opts or "")
    if not match:
        return None
    return int(match.group(1)) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}[match.group(2).lower()]


DEV_HOSTS = {"postgres", "redis", "rabbitmq", "mailpit", "sms-sink", "127.0.0.1", "localhost"}
# Variables whose value is where a service connects: URL lists (host and port in each URL).
CONNECT_URL_KEYS = ("HEADROOM_REDIS_HOSTS", "HEADROOM_SMS_GATEWAY_URL")


def endpoints(env):
    """(variable, host, port or None) of every server a service's environment points it at."""
    found = []
    for key, value in sorted(env.items()):
        if key.endswith("_HOST") and value:
            port = env.get(key[: -len("_HOST")] + "_PORT")
            found.append((key, value, int(port) if port else None))
        elif key in CONNECT_URL_KEYS and value:
            for url in value.split(","):
                parsed = urlparse(url.strip())
                found.append((key, parsed.hostname, parsed.port))
    return found


def labels_match(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


class Render:
    def __init__(self, name, path, tag, external):
        self.name, self.tag, self.external = name, tag, external
        with open(path, encoding="utf-8") as handle:
            self.docs = [d for d in yaml.safe_load_all(handle) if d]
        self.by_kind = {}
        for doc in self.docs:
            self.by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc

    def objects(self, kind):
        return self.by_kind.get(kind, {})

    def workloads(self):
        for kind in ("Deployment", "StatefulSet", "Job", "DaemonSet"):
            yield from self.objects(kind).values()

    def secret_key(self, name, key):
        """'rendered' | 'external' | None (missing)."""
        secret = self.objects("Secret").get(name)
        if secret is not None:
            return "rendered" if key in (secret.get("data") or {}) or key in (secret.get("stringData") or {}) else None
        if self.external is not None and name in self.external and key in self.external[name]:
            return "external"
        return None

    def secret_exists(self, name):
        if name in self.objects("Secret"):
            return "rendered"
        if self.external is not None and name in self.external:
            return "external"
        return None


def container_env(render, container, where):
    """{NAME: value or None (secret)}, checking every reference on the way."""
    env = {}
    for source in container.get("envFrom") or []:
        if "configMapRef" in source:
            cm = render.objects("ConfigMap").get(source["configMapRef"]["name"])
            if R.check(cm is not None, f"{where}: envFrom ConfigMap {source['configMapRef']['name']} is rendered"):
                env.update(cm.get("data") or {})
        elif "secretRef" in source:
            name = source["secretRef"]["name"]
            secret = render.objects("Secret").get(name)
            if secret is not None:
                env.update({k: None for k in (secret.get("data") or {})})
            elif render.external and name in render.external:
                env.update({k: None for k in render.external[name]})
            else:
                R.fail(f"{where}: envFrom Secret {name} is neither rendered nor external")
    for var in container.get("env") or []:
        name = var["name"]
        source = var.get("valueFrom") or {}
        if "secretKeyRef" in source:
            ref = source["secretKeyRef"]
            found = render.secret_key(ref["name"], ref["key"])
            if found:
                R.ok(f"{where}: {name} <- Secret {ref['name']}/{ref['key']} ({found})")
            elif ref.get("optional"):
                R.ok(f"{where}: {name} <- Secret {ref['name']}/{ref['key']} (optional, not provided here)")
            else:
                R.fail(f"{where}: {name} <- Secret {ref['name']}/{ref['key']}: no such Secret/key "
                       f"{'rendered or listed in external-secrets.txt' if render.external is not None else 'rendered'}")
            env[name] = None
        elif "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            cm = render.objects("ConfigMap").get(ref["name"])
            R.check(cm is not None and ref["key"] in (cm.get("data") or {}) or ref.get("optional"),
                    f"{where}: {name} <- ConfigMap {ref['name']}/{ref['key']} exists")
            env[name] = (cm.get("data") or {}).get(ref["key"]) if cm else None
        else:
            env[name] = var.get("value")
    return env


def check_volumes(render, spec, where):
    for volume in spec.get("volumes") or []:
        if "secret" in volume:
            name = volume["secret"]["secretName"]
            found = render.secret_exists(name)
            R.check(found or volume["secret"].get("optional"), f"{where}: volume {volume['name']} <- Secret {name} ({found or 'missing'})")
        if "configMap" in volume:
            name = volume["configMap"]["name"]
            R.check(name in render.objects("ConfigMap"), f"{where}: volume {volume['name']} <- ConfigMap {name} is rendered")
        if "persistentVolumeClaim" in volume:
            name = volume["persistentVolumeClaim"]["claimName"]
            R.check(name in render.objects("PersistentVolumeClaim"), f"{where}: volume {volume['name']} <- PVC {name} is rendered")


def resolve_port(container, port):
    if isinstance(port, int):
        return port
    for declared in container.get("ports") or []:
        if declared.get("name") == port:
            return declared["containerPort"]
    return None


def check_resources(container, where):
    resources = container.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    complete = all(k in requests and k in limits for k in ("cpu", "memory"))
    if R.check(complete, f"{where}: cpu and memory requests and limits set", str(resources)):
        R.check(all(quantity(requests[k], k == "memory") <= quantity(limits[k], k == "memory") for k in ("cpu", "memory")),
                f"{where}: requests <= limits ({requests} / {limits})")
    return limits


def check_service_deployment(render, services, pending, name):
    config = services[name]
    where = f"[{render.name}] Deployment {name}"
    deployment = render.objects("Deployment").get(name)
    if not R.check(deployment is not None, f"{where} is rendered"):
        return None
    meta_labels = deployment["metadata"].get("labels") or {}
    R.check(meta_labels.get("app.kubernetes.io/name") == name and meta_labels.get("app.kubernetes.io/part-of") == "headroom",
            f"{where}: labels app.kubernetes.io/name={name}, part-of=headroom")
    template = deployment["spec"]["template"]
    pod_labels = template["metadata"].get("labels") or {}
    R.check(labels_match(deployment["spec"]["selector"]["matchLabels"], pod_labels), f"{where}: selector matches its pod labels")
    R.check(pod_labels.get("app.kubernetes.io/part-of") == "headroom", f"{where}: pod template labelled part-of=headroom")
    spec = template["spec"]
    containers = spec["containers"]
    container = next((c for c in containers if c["name"] == name), None)
    if not R.check(container is not None, f"{where}: has a container named {name}"):
        return None
    cw = f"{where} container"

    # image: JVM or native, chosen by the overlay
    expected = f"headroom/{name}:{render.tag}"
    R.check(container["image"] == expected, f"{cw}: image {container['image']}", f"expected {expected}")

    # ports and probes
    ports = container.get("ports") or []
    http = next((p for p in ports if p.get("name") == "http"), None)
    container_port = http["containerPort"] if http else None
    R.check(container_port == config.port, f"{cw}: containerPort http = {container_port} = quarkus.http.port {config.port}")
    for probe, path in HEALTH.items():
        spec_probe = container.get(probe)
        if probe == "startupProbe" and spec_probe is None:
            continue
        if not R.check(spec_probe is not None and "httpGet" in spec_probe, f"{cw}: {probe} is an HTTP GET"):
            continue
        get = spec_probe["httpGet"]
        port = resolve_port(container, get.get("port"))
        R.check(get.get("path") == path and port == container_port,
                f"{cw}: {probe} GET {get.get('path')} on port {port}", f"expected {path} on {container_port}")

    # the Service in front of it
    service = render.objects("Service").get(name)
    if R.check(service is not None, f"[{render.name}] Service {name} is rendered"):
        R.check(labels_match(service["spec"].get("selector"), pod_labels) and service["spec"].get("selector"),
                f"[{render.name}] Service {name}: selector {service['spec'].get('selector')} matches the pods")
        for sp in service["spec"]["ports"]:
            target = resolve_port(container, sp.get("targetPort", sp["port"]))
            R.check(target == container_port and sp["port"] == container_port,
                    f"[{render.name}] Service {name}: port {sp['port']} -> targetPort {sp.get('targetPort')} = {target} = containerPort")

    # resources, sized for the heap
    limits = check_resources(container, cw)
    env = container_env(render, container, cw)
    heap = xmx_bytes(env.get("JAVA_OPTS"))
    if render.tag.endswith("-native"):
        R.check("JAVA_OPTS" not in env, f"{cw}: native image gets no JAVA_OPTS")
    elif R.check(heap is not None, f"{cw}: JAVA_OPTS sets -Xmx ({env.get('JAVA_OPTS')})") and "memory" in limits:
        limit = quantity(limits["memory"], True)
        R.check(256 * 2**20 <= heap <= 384 * 2**20 and heap <= 0.7 * limit,
                f"{cw}: -Xmx {heap // 2**20}m within 256-384m and <= 70% of the {limits['memory']} limit")

    # every variable is one the service reads
    for env_name in sorted(env):
        why = config.why_read(env_name)
        if why:
            R.ok(f"{cw}: env {env_name}: read ({why})")
        elif (name, env_name) in pending:
            R.warn(f"{cw}: env {env_name}: NOT READ YET by {name}, listed in pending-env.txt "
                   f"(wanted: {pending[(name, env_name)]})")
        else:
            R.fail(f"{cw}: env {env_name}: {name} does not read it (no placeholder, key or @ConfigMapping)")

    # the JWT public key: a file from the Secret headroom-jwt
    key_path = env.get("HEADROOM_JWT_PUBLIC_KEY") or env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION") \
        or re.sub(r"^\$\{[A-Z_]+:(.*)\}$", r"\1", config.props.get("mp.jwt.verify.publickey.location", ""))
    mount = next((m for m in container.get("volumeMounts") or [] if key_path.startswith(m["mountPath"].rstrip("/") + "/")), None)
    volume = next((v for v in spec.get("volumes") or [] if mount and v["name"] == mount["name"]), None)
    if R.check(volume is not None and "secret" in volume, f"{cw}: JWT public key {key_path} is mounted from a Secret"):
        key = key_path[len(mount["mountPath"].rstrip("/")) + 1:]
        secret = volume["secret"]["secretName"]
        R.check(render.secret_key(secret, key) is not None, f"{cw}: Secret {secret} has the key {key}")
        R.check(mount.get("readOnly") is True, f"{cw}: the key is mounted read-only")

    # security
    pod_sc, sc = spec.get("securityContext") or {}, container.get("securityContext") or {}
    R.check(pod_sc.get("runAsNonRoot") is True and (pod_sc.get("runAsUser") or 0) > 0, f"{where}: runs as non-root (uid {pod_sc.get('runAsUser')})")
    R.check((pod_sc.get("seccompProfile") or {}).get("type") == "RuntimeDefault", f"{where}: seccomp RuntimeDefault")
    R.check(sc.get("readOnlyRootFilesystem") is True and sc.get("allowPrivilegeEscalation") is False
            and (sc.get("capabilities") or {}).get("drop") == ["ALL"],
            f"{cw}: read-only root file system, no privilege escalation, capabilities dropped")
    tmp = next((m for m in container.get("volumeMounts") or [] if m["mountPath"] == "/tmp"), None)
    tmp_volume = next((v for v in spec.get("volumes") or [] if tmp and v["name"] == tmp["name"]), None)
    R.check(tmp_volume is not None and "emptyDir" in tmp_volume, f"{cw}: /tmp is an emptyDir")
    R.check(spec.get("enableServiceLinks") is False,
            f"{where}: enableServiceLinks false (a Service named rabbitmq would inject RABBITMQ_PORT=tcp://..., "
            f"which SmallRye reads as rabbitmq-port)")
    R.check(spec.get("automountServiceAccountToken") is False, f"{where}: no service account token mounted")
    check_volumes(render, spec, where)
    return env


def check_overlay(render, services, pending):
    R.section(f"overlay {render.name}: {len(render.docs)} objects "
              f"({', '.join(f'{len(v)} {k}' for k, v in sorted(render.by_kind.items()))})")
    envs = {name: check_service_deployment(render, services, pending, name) for name in SERVICES}

    # every object labelled; every other workload complete and non-root
    unlabelled = [f"{d['kind']}/{d['metadata']['name']}" for d in render.docs
                  if (d["metadata"].get("labels") or {}).get("app.kubernetes.io/part-of") != "headroom"]
    R.check(not unlabelled, f"[{render.name}] every object labelled app.kubernetes.io/part-of=headroom", ", ".join(unlabelled))
    unnamed = [f"{d['kind']}/{d['metadata']['name']}" for d in render.docs
               if d["kind"] in ("Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget")
               and not (d["metadata"].get("labels") or {}).get("app.kubernetes.io/name")]
    R.check(not unnamed, f"[{render.name}] every workload, Service, HPA and PDB labelled app.kubernetes.io/name", ", ".join(unnamed))
    for workload in render.workloads():
        name = workload["metadata"]["name"]
        if workload["kind"] == "Deployment" and name in SERVICES:
            continue
        where = f"[{render.name}] {workload['kind']} {name}"
        spec = workload["spec"]["template"]["spec"]
        for container in spec["containers"]:
            check_resources(container, f"{where} container {container['name']}")
            container_env(render, container, f"{where} container {container['name']}")
            for probe in ("readinessProbe", "livenessProbe"):
                R.check(probe in container, f"{where} container {container['name']}: has a {probe}")
        R.check((spec.get("securityContext") or {}).get("runAsNonRoot") is True, f"{where}: runs as non-root")
        check_volumes(render, spec, where)
        selector = workload["spec"]["selector"]["matchLabels"]
        R.check(labels_match(selector, workload["spec"]["template"]["metadata"].get("labels") or {}),
                f"{where}: selector matches its pod labels")
    for service in render.objects("Service").values():
        selector = service["spec"].get("selector") or {}
        targets = [w for w in render.workloads() if labels_match(selector, w["spec"]["template"]["metadata"].get("labels") or {})]
        R.check(selector and targets, f"[{render.name}] Service {service['metadata']['name']} selects a workload "
                f"({', '.join(w['metadata']['name'] for w in targets) or 'none'})")

    # HPA and PDB: quota-service's, and only that
    quota = render.objects("Deployment").get("quota-service")
    quota_labels = quota["spec"]["template"]["metadata"]["labels"] if quota else {}
    hpas = list(render.objects("HorizontalPodAutoscaler").values())
    if R.check(len(hpas) == 1, f"[{render.name}] one HorizontalPodAutoscaler ({len(hpas)})"):
        hpa = hpas[0]["spec"]
        ref = hpa["scaleTargetRef"]
        R.check(ref["kind"] == "Deployment" and ref["name"] == "quota-service" and quota is not None,
                f"[{render.name}] HPA targets Deployment {ref['name']}")
        R.check(1 <= hpa["minReplicas"] <= hpa["maxReplicas"], f"[{render.name}] HPA replicas {hpa['minReplicas']}..{hpa['maxReplicas']}")
        R.check(quota is not None and "replicas" not in quota["spec"],
                "[%s] quota-service Deployment leaves replicas to the HPA" % render.name)
    pdbs = list(render.objects("PodDisruptionBudget").values())
    if R.check(len(pdbs) == 1, f"[{render.name}] one PodDisruptionBudget ({len(pdbs)})"):
        selector = pdbs[0]["spec"]["selector"]["matchLabels"]
        selected = [w["metadata"]["name"] for w in render.workloads()
                    if labels_match(selector, w["spec"]["template"]["metadata"].get("labels") or {})]
        R.check(selected == ["quota-service"], f"[{render.name}] PDB selects exactly quota-service's pods ({selected})")
        R.check(labels_match(selector, quota_labels), f"[{render.name}] PDB selector {selector} matches quota-service")

    # where the services connect to
    for name, env in envs.items():
        if env is None:
            continue
        where = f"[{render.name}] {name}"
        if render.name.startswith("prod"):
            for key, host, _ in endpoints(env):
                R.check(host not in DEV_HOSTS, f"{where}: {key} -> {host} is an external server, not a dev one")
            if any(".example." in str(v) or "example.com" in str(v) for v in env.values() if v):
                R.warn(f"{where}: example host names in the ConfigMap: replace them before deploying")
            if name == "quota-service":
                urls = [u for u in (env.get("HEADROOM_REDIS_HOSTS") or "").split(",") if u]
                R.check(env.get("HEADROOM_REDIS_CLIENT_TYPE") == "cluster" and len(urls) >= 3,
                        f"{where}: Redis Cluster (HEADROOM_REDIS_CLIENT_TYPE=cluster, {len(urls)} nodes in HEADROOM_REDIS_HOSTS)")
        else:
            services_by_name = render.objects("Service")
            for key, host, port in endpoints(env):
                target = services_by_name.get(host)
                if R.check(target is not None, f"{where}: {key} -> {host} is a rendered Service") and port is not None:
                    R.check(port in [p["port"] for p in target["spec"]["ports"]],
                            f"{where}: {key} -> port {port} is a port of Service {host}")
    if render.name.startswith("prod"):
        R.check(not render.objects("Secret"), f"[{render.name}] renders no Secret (all provided by the platform)")
    return envs

# ---------------------------------------------------------------------------------------------
# Compose
# ---------------------------------------------------------------------------------------------


def check_compose(path, repo, services, pending, dev_envs):
    R.section(f"compose: {os.path.relpath(path, repo)}")
    base = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as handle:
        compose = yaml.safe_load(handle)
    declared = compose.get("services") or {}
    required = {"postgres", "redis", "rabbitmq", "mailpit", "db-init", *SERVICES}
    R.check(required <= set(declared), f"services {', '.join(sorted(required))} declared", str(sorted(required - set(declared))))

    def default_of(value):
        text = "" if value is None else str(value)
        return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", text)

    for name, svc in declared.items():
        for dep in (svc.get("depends_on") or {}):
            R.check(dep in declared, f"{name}: depends_on {dep} is a service")
        for volume in svc.get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith((".", "/")):
                R.check(os.path.exists(os.path.join(base, source)), f"{name}: bind-mounted {source} exists")

    init = declared.get("db-init") or {}
    init_text = yaml.safe_dump(init)
    R.check(all(db in init_text for db in ("headroom_quota", "headroom_notification", "headroom_distribution")),
            "db-init creates headroom_quota, headroom_notification, headroom_distribution")
    R.check((init.get("depends_on") or {}).get("postgres", {}).get("condition") == "service_healthy" and init.get("restart") == "no",
            "db-init is one-shot and waits for a healthy postgres")

    for name in SERVICES:
        svc, config = declared.get(name) or {}, services[name]
        where = f"compose {name}"
        build = svc.get("build") or {}
        context = os.path.normpath(os.path.join(base, build.get("context", "")))
        R.check(context == os.path.join(repo, name), f"{where}: builds from {os.path.relpath(context, repo)}/")
        R.check(build.get("dockerfile") == "src/main/docker/Dockerfile.jvm", f"{where}: with src/main/docker/Dockerfile.jvm")
        if not os.path.exists(os.path.join(context, "src/main/docker/Dockerfile.jvm")):
            R.warn(f"{where}: {name}/src/main/docker/Dockerfile.jvm does not exist yet")
        R.check(svc.get("image") == f"headroom/{name}:0.1.0", f"{where}: image {svc.get('image')}")
        R.check(((svc.get("depends_on") or {}).get("db-init") or {}).get("condition") == "service_completed_successfully",
                f"{where}: starts after db-init completed")
        published = [str(p).rsplit(":", 1)[-1] for p in svc.get("ports") or []]
        R.check(published == [str(config.port)], f"{where}: publishes container port {published} = quarkus.http.port {config.port}")
        R.check(svc.get("read_only") is True and "/tmp" in (svc.get("tmpfs") or []) and str(svc.get("user")) not in ("", "None", "0", "root"),
                f"{where}: read-only root, /tmp tmpfs, non-root user {svc.get('user')}")
        env = {k: default_of(v) for k, v in (svc.get("environment") or {}).items()}
        for env_name in sorted(env):
            why = config.why_read(env_name)
            if why:
                R.ok(f"{where}: env {env_name}: read ({why})")
            elif (name, env_name) in pending:
                R.warn(f"{where}: env {env_name}: not read yet (pending-env.txt)")
            else:
                R.fail(f"{where}: env {env_name}: {name} does not read it")
        if dev_envs.get(name) is not None:
            k8s = set(dev_envs[name])
            R.check(set(env) == k8s, f"{where}: same variable names as Kubernetes overlays/dev ({len(env)})",
                    f"only compose: {sorted(set(env) - k8s)}, only k8s: {sorted(k8s - set(env))}")
        for key, host, port in endpoints(env):
            if R.check(host in declared, f"{where}: {key} -> {host} is a compose service") and port is not None:
                exposed = [str(p) for p in (declared[host].get("expose") or [])]
                R.check(str(port) in exposed, f"{where}: {key} -> port {port} is exposed by {host} ({exposed})")
        key_path = env.get("HEADROOM_JWT_PUBLIC_KEY", "")
        mounts = [str(v) for v in svc.get("volumes") or []]
        R.check(any(m.split(":")[1] == key_path and m.endswith(":ro") for m in mounts if m.count(":") >= 2),
                f"{where}: JWT public key {key_path} bind-mounted read-only")

# ---------------------------------------------------------------------------------------------
# The services' own files
# ---------------------------------------------------------------------------------------------


def check_sources(repo, services, pending):
    R.section("services' configuration")
    for name in SERVICES:
        config = services[name]
        R.ok(f"{name}: port {config.port}; reads {len(config.reads)} names directly and "
             f"{len(config.patterns)} @ConfigMapping keys")
        channels = sorted({k.split(".")[3] for k in config.props if k.startswith("mp.messaging.incoming.")})
        for channel in channels:
            prefix = f"mp.messaging.incoming.{channel}."
            if config.props.get(prefix + "connector") != "smallrye-rabbitmq":
                continue
            R.check(config.props.get(prefix + "queue.x-queue-type") == "quorum"
                    and config.props.get(prefix + "queue.durable") == "true"
                    and config.props.get(prefix + "dead-letter-queue-type") == "quorum",
                    f"{name}: queue {config.props.get(prefix + 'queue.name')} is a durable quorum queue with a quorum DLQ")
    for (service, env_name), wanted in sorted(pending.items()):
        if services[service].why_read(env_name):
            R.warn(f"pending-env.txt: {service} now reads {env_name}: delete that line")
        else:
            R.warn(f"pending-env.txt: {service} does not read {env_name} yet; it should get: {wanted}")
    dev_key = os.path.join(repo, "deploy/k8s/overlays/dev/dev-jwt-public.pem")
    local_key = os.path.join(repo, "deploy/local/keys/dev-public.pem")
    with open(dev_key, "rb") as a, open(local_key, "rb") as b:
        R.check(a.read() == b.read(), "overlays/dev/dev-jwt-public.pem is identical to deploy/local/keys/dev-public.pem")


# ---------------------------------------------------------------------------------------------
# Configuration tables for deploy/README.md (--config-tables)
# ---------------------------------------------------------------------------------------------


def md(value):
    """A table cell: the exact text in code, | escaped."""
    if value is None:
        return "unset"
    if value == "":
        return "(empty)"
    return "`" + str(value).replace("|", "\\|") + "`"


def config_tables(repo, services):
    out = []
    channel_re = re.compile(r"mp\.messaging\.(incoming|outgoing)\.([^.]+)\.(.+)$")
    # 1. keys set in application.properties, all three services side by side (channels apart)
    keys = []
    for config in services.values():
        for key in config.props:
            if not channel_re.match(key) and key not in keys:
                keys.append(key)
    out.append("**Keys set in `application.properties`** (messaging channels below)")
    out.append("")
    out.append("| key | " + " | ".join(SERVICES) + " | environment |")
    out.append("|---|" + "---|" * len(SERVICES) + "---|")
    for key in keys:
        values = [services[n].props.get(key) for n in SERVICES]
        envs = sorted({e for v in values if v for e in re.findall(r"\$\{([A-Z][A-Z0-9_]*)", v)})
        cells = [md(v) if v is not None else "—" for v in values]
        out.append(f"| `{key}` | " + " | ".join(cells) + " | " + (", ".join(f"`{e}`" for e in envs) or "—") + " |")
    # 2. messaging channels
    for name in SERVICES:
        config = services[name]
        channels = {}
        for key, value in config.props.items():
            match = channel_re.match(key)
            if match:
                channels.setdefault(f"{match.group(1)} `{match.group(2)}`", {})[match.group(3)] = value
        attributes = []
        for attrs in channels.values():
            attributes += [a for a in attrs if a not in attributes]
        out.append("")
        out.append(f"**{name}: `mp.messaging.<incoming|outgoing>.<channel>.<attribute>`**")
        out.append("")
        out.append("| attribute | " + " | ".join(channels) + " |")
        out.append("|---|" + "---|" * len(channels))
        for attribute in attributes:
            out.append(f"| `{attribute}` | " + " | ".join(md(attrs[attribute]) if attribute in attrs else "—"
                                                          for attrs in channels.values()) + " |")
    # 3. @ConfigMapping keys (with their defaults) that application.properties does not set
    out.append("")
    out.append("**`@ConfigMapping` keys left to their built-in default**")
    out.append("")
    out.append("| key (@ConfigMapping) | default | environment | default applies in |")
    out.append("|---|---|---|---|")
    rows = {}   # key -> (env, {service: default})
    for name in SERVICES:
        for root in (os.path.join(repo, name, "src/main/java"), os.path.join(repo, "common/src/main/java")):
            for folder, _, files in sorted(os.walk(root)):
                for file in sorted(f for f in files if f.endswith(".java")):
                    with open(os.path.join(folder, file), encoding="utf-8") as handle:
                        entries = mapping_entries(handle.read())
                    for segments, default in entries:
                        key = ".".join("<plan>" if s == "*" else s for s in segments)
                        env = "_".join("<PLAN>" if s == "*" else env_form(s) for s in segments)
                        if key not in services[name].props:
                            rows.setdefault(key, (env, {}))[1][name] = default
    for key, (env, defaults) in rows.items():
        shown = set(defaults.values())
        if len(shown) == 1:
            default = md(shown.pop()) if None not in shown else "unset"
        else:
            default = "; ".join(f"{n}: {md(d)}" for n, d in defaults.items())
        out.append(f"| `{key}` | {default} | `{env}` | {', '.join(defaults)} |")
    # 4. profile overrides
    for profile in ("dev", "test"):
        out.append("")
        out.append(f"**`%{profile}` profile overrides** ({'`quarkus dev` only' if profile == 'dev' else 'the test suites only'})")
        out.append("")
        out.append(f"| `%{profile}` override | " + " | ".join(SERVICES) + " |")
        out.append("|---|" + "---|" * len(SERVICES))
        pkeys = []
        for config in services.values():
            pkeys += [k for k, _ in config.pairs if k.startswith(f"%{profile}.") and k not in pkeys]
        for key in pkeys:
            values = [dict(services[n].pairs).get(key) for n in SERVICES]
            out.append(f"| `{key[len(profile) + 2:]}` | " + " | ".join(md(v) if v is not None else "—" for v in values) + " |")
    return "\n".join(out)


README_BEGIN = "<!-- BEGIN config-tables: generated by python3 deploy/k8s/check_rendered.py --update-readme -->"
README_END = "<!-- END config-tables -->"


def readme_block(repo):
    path = os.path.join(repo, "deploy/README.md")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        return path, text, None
    return path, text, (start + len(README_BEGIN), end)


def check_readme(repo, services):
    R.section("deploy/README.md")
    path, text, span = readme_block(repo)
    if not R.check(span is not None, "has the generated configuration tables (BEGIN/END config-tables markers)"):
        return
    current = text[span[0]:span[1]].strip("\n")
    R.check(current == config_tables(repo, services),
            "its configuration tables equal what the services' sources say now",
            "run python3 deploy/k8s/check_rendered.py --update-readme")
    for name in SERVICES:
        names = sorted({n for n in services[name].reads if re.search(r"\$\{" + n + r"[:}]", open(services[name].properties_path).read())})
        missing = [n for n in names if f"`{n}`" not in text]
        R.check(not missing, f"documents every environment placeholder of {name} ({len(names)})", ", ".join(missing))


def update_readme(repo, services):
    path, text, span = readme_block(repo)
    if span is None:
        print(f"{path}: no {README_BEGIN} ... {README_END} block", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text[:span[0]] + "\n\n" + config_tables(repo, services) + "\n\n" + text[span[1]:])
    print(f"updated the configuration tables of {os.path.relpath(path, repo)}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
    parser.add_argument("--overlay", action="append", default=[], help="NAME=RENDERED_YAML:IMAGE_TAG")
    parser.add_argument("--compose", help="compose file to check against the services and overlays/dev")
    parser.add_argument("--config-tables", action="store_true",
                        help="print the configuration tables of deploy/README.md (from the sources) and exit")
    parser.add_argument("--update-readme", action="store_true",
                        help="rewrite those tables in deploy/README.md and exit")
    args = parser.parse_args()
    repo = os.path.abspath(args.repo)
    services = {name: ServiceConfig(repo, name) for name in SERVICES}
    if args.config_tables:
        print(config_tables(repo, services))
        return 0
    if args.update_readme:
        return update_readme(repo, services)
    pending = load_pending(os.path.join(repo, "deploy/k8s/pending-env.txt"))
    external = load_external(os.path.join(repo, "deploy/k8s/overlays/prod/external-secrets.txt"))
    check_sources(repo, services, pending)
    check_readme(repo, services)
    dev_envs = {}
    for spec in args.overlay:
        name, _, rest = spec.partition("=")
        path, _, tag = rest.rpartition(":")
        render = Render(name, path, tag, external if name.startswith("prod") else None)
        envs = check_overlay(render, services, pending)
        if name == "dev":
            dev_envs = envs
    if args.compose:
        check_compose(os.path.abspath(args.compose), repo, services, pending, dev_envs)
    print(f"\n{R.passed} checks passed, {R.failures} failed, {R.warnings} warnings")
    return 1 if R.failures else 0


if __name__ == "__main__":
    sys.exit(main())
