#!/usr/bin/env python3
"""The RabbitMQ and Server-Sent-Events side of deploy/bench/notifications.sh.

    notification_load.py queues    --queue Q [--queue Q ...]
    notification_load.py accounts  --run RUN --notifications N --per-account M --owner-email E --plan FILE
    notification_load.py snapshots --plan FILE
    notification_load.py listen    --url URL --tokens FILE --out FILE --ready FILE --expect N --max-seconds S
    notification_load.py latency   --in FILE

queues, accounts and snapshots take --amqp URL (default amqp://guest:guest@127.0.0.1:5672/%2F) and
--exchange (default headroom.events). Results go to stdout as one line
"HEADROOM_BENCH key=value ...", which the script reads; errors go to stderr with exit status 2.

Events are built as the Java records in common/src/main/java/io/headroom/common/event/ encode
them (Jackson, Instants as ISO-8601 UTC strings), with content type application/json and
persistent delivery, like the services' outbox relay publishes them:
- account.changed: one per account, its projects listed (each body is kept below RabbitMQ's
  default frame_max, 131,072 bytes, so a body never spans frames);
- usage.snapshot: one per project, metric api_calls, window cycle (this month, UTC), used 90 of a
  limit of 100: with the default rules the 80 % threshold is crossed, one notification each.
Snapshots are published without waiting for a confirm per message, then one confirmed message
on the same channel (routed nowhere) fences them: its confirm comes after the broker took every
message before it. Unroutable snapshots (mandatory) are reported.

listen opens GET <url>/v1/notifications/stream once per account (owner tokens) and appends
"<arrival epoch s> <createdAt epoch s> <id> <accountId>" per notification event to --out.
Needs pika (Debian package python3-pika) for everything but listen and latency.
"""

import argparse
import datetime
import http.client
import json
import math
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid

EXCHANGE = "headroom.events"
AMQP_DEFAULT = "amqp://guest:guest@127.0.0.1:5672/%2F"
FRAME_MAX = 131072
FRAME_BUDGET = FRAME_MAX - 1024   # frame header and end, with room to spare
SCHEMA_VERSION = 1


def fail(message):
    print("notification_load.py: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def result(**values):
    print("HEADROOM_BENCH " + " ".join("%s=%s" % (k, v) for k, v in values.items()), flush=True)


def iso(instant):
    """An aware datetime as Jackson writes an Instant: 2026-11-21T12:00:00.123456Z."""
    text = instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return text + "Z"


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


ISO_INSTANT = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$")


def epoch_of(text):
    """Seconds since the epoch of an ISO-8601 instant with 0-9 fraction digits (Jackson's Instant)."""
    match = ISO_INSTANT.match(text or "")
    if not match:
        raise ValueError("not an ISO-8601 instant: %r" % text)
    base = datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S")
    zone = match.group(3) or "Z"
    if zone == "Z":
        offset = 0
    else:
        digits = zone.replace(":", "")
        offset = (1 if digits[0] == "+" else -1) * (int(digits[1:3]) * 3600 + int(digits[3:5]) * 60)
    seconds = base.replace(tzinfo=datetime.timezone.utc).timestamp() - offset
    fraction = match.group(2) or ""
    return seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


# --- RabbitMQ ------------------------------------------------------------------------------------

def connect(url):
    try:
        import pika  # noqa: F401 (imported here: listen and latency work without it)
    except ImportError:
        fail("the Python module pika is missing (Debian package python3-pika) for %s" % sys.executable)
    import pika
    import pika.exceptions
    params = pika.URLParameters(url)
    params.connection_attempts = 1
    params.socket_timeout = 10
    params.blocked_connection_timeout = 120
    params.heartbeat = 60
    try:
        return pika.BlockingConnection(params)
    except pika.exceptions.AMQPError as e:
        fail("cannot connect to RabbitMQ at %s: %s %s (is the suite up? deploy/local/up.sh)"
             % (safe_url(url), type(e).__name__, e))


def safe_url(url):
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    return "%s://%s:%s%s" % (parts.scheme, host, parts.port or 5672, parts.path or "/")


def queue_state(connection, name):
    """(messages ready, consumers) of a queue, or None when it does not exist."""
    import pika.exceptions
    channel = connection.channel()
    try:
        declared = channel.queue_declare(queue=name, passive=True)
    except pika.exceptions.ChannelClosedByBroker as e:
        if e.reply_code == 404:
            return None
        raise
    state = (declared.method.message_count, declared.method.consumer_count)
    channel.close()
    return state


def key_of(queue):
    return re.sub(r"[^A-Za-z0-9]+", "_", queue)


def cmd_queues(args):
    connection = connect(args.amqp)
    values = {}
    for queue in args.queue:
        state = queue_state(connection, queue)
        values[key_of(queue) + ".messages"] = "missing" if state is None else state[0]
        values[key_of(queue) + ".consumers"] = "missing" if state is None else state[1]
    connection.close()
    result(**values)


def open_publisher(connection, exchange):
    import pika.exceptions
    channel = connection.channel()
    try:
        channel.exchange_declare(exchange=exchange, exchange_type="topic", passive=True)
    except pika.exceptions.ChannelClosedByBroker as e:
        fail("the exchange %s does not exist (%s): no service has started on this broker; start the suite:"
             " deploy/local/up.sh" % (exchange, e.reply_text))
    returned = []
    channel.add_on_return_callback(lambda ch, method, props, body: returned.append(
        "%s %s (routing key %s)" % (method.reply_code, method.reply_text, method.routing_key)))
    return channel, returned


def publish_all(connection, channel, returned, exchange, routing_key, bodies, run):
    """Publishes the bodies (mandatory, persistent, JSON) and fences them with one confirmed message.
    Returns (epoch of the first publish, epoch of the fence's confirm)."""
    import pika
    first = None
    for body, event_id in bodies:
        properties = pika.BasicProperties(content_type="application/json", delivery_mode=2, message_id=event_id,
                                          timestamp=int(time.time()))
        if first is None:
            first = time.time()
        channel.basic_publish(exchange=exchange, routing_key=routing_key, body=body, properties=properties,
                              mandatory=True)
    channel.confirm_delivery()
    try:
        channel.basic_publish(exchange=exchange, routing_key="bench.fence." + run, body=b"{}",
                              properties=pika.BasicProperties(content_type="application/json"))
    except Exception as e:  # a nack or a closed channel: the broker did not take everything
        fail("the broker did not confirm the fence after the %s messages: %s %s" % (routing_key, type(e).__name__, e))
    confirmed = time.time()
    connection.process_data_events(time_limit=0)   # delivers any basic.return
    if returned:
        fail("%d %s messages were returned as unroutable (no queue bound: is notification-service up?), first: %s"
             % (len(returned), routing_key, returned[0]))
    return first, confirmed


def cmd_accounts(args):
    if args.notifications < 1 or args.per_account < 1:
        fail("--notifications and --per-account must be positive")
    if not re.match(r"^[A-Za-z0-9_-]+$", args.run):
        fail("--run must match [A-Za-z0-9_-]+")
    accounts = math.ceil(args.notifications / args.per_account)
    now = now_utc()
    plan = []
    bodies = []
    largest = 0
    for a in range(1, accounts + 1):
        account = "acc_nb%s_%d" % (args.run, a)
        count = min(args.per_account, args.notifications - (a - 1) * args.per_account)
        projects = [{"id": "prj_nb%s_%d_%05d" % (args.run, a, p), "name": "bench %d-%d" % (a, p), "sandbox": False}
                    for p in range(1, count + 1)]
        event_id = str(uuid.uuid4())
        event = {
            "eventId": event_id, "schemaVersion": SCHEMA_VERSION, "occurredAt": iso(now),
            "accountId": account, "name": "bench notifications %s %d" % (args.run, a),
            "ownerEmail": args.owner_email, "plan": "enterprise", "pricingScheme": "current",
            "createdAt": iso(now), "timezone": "UTC", "cycleAnchorDay": 1,
            "limits": {"distributionsPerDay": 0, "distributionsPerMonth": 0, "webhookCallsPerDay": 0},
            "projects": projects,
        }
        body = json.dumps(event, separators=(",", ":")).encode()
        if len(body) > FRAME_BUDGET:
            fail("account.changed with %d projects is %d bytes, above RabbitMQ's default frame_max (%d);"
                 " lower --per-account" % (count, len(body), FRAME_MAX))
        largest = max(largest, len(body))
        bodies.append((body, event_id))
        plan.extend((account, project["id"]) for project in projects)

    connection = connect(args.amqp)
    channel, returned = open_publisher(connection, args.exchange)
    first, confirmed = publish_all(connection, channel, returned, args.exchange, "account.changed", bodies, args.run)
    connection.close()
    tmp = args.plan + ".tmp"
    with open(tmp, "w") as f:
        for account, project in plan:
            f.write("%s %s\n" % (account, project))
    os.replace(tmp, args.plan)
    result(accounts=accounts, projects=len(plan), largest_body=largest, first=first, confirmed=confirmed)


def cmd_snapshots(args):
    with open(args.plan) as f:
        plan = [line.split() for line in f if line.strip()]
    if not plan:
        fail("the plan %s is empty" % args.plan)
    now = now_utc()
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    bodies = []
    for account, project in plan:
        event_id = str(uuid.uuid4())
        event = {
            "eventId": event_id, "schemaVersion": SCHEMA_VERSION, "occurredAt": iso(now_utc()),
            "accountId": account, "projectId": project, "metric": "api_calls",
            "periodStart": iso(start), "periodEnd": iso(end), "used": args.used, "limit": args.limit,
            "window": "cycle",
        }
        bodies.append((json.dumps(event, separators=(",", ":")).encode(), event_id))
    connection = connect(args.amqp)
    channel, returned = open_publisher(connection, args.exchange)
    first, confirmed = publish_all(connection, channel, returned, args.exchange, "usage.snapshot", bodies, args.run)
    connection.close()
    result(published=len(bodies), first=first, confirmed=confirmed)


# --- Server-Sent Events ----------------------------------------------------------------------------

class Arrivals:
    def __init__(self, path, expect):
        self.file = open(path, "a", buffering=1)
        self.lock = threading.Lock()
        self.count = 0
        self.expect = expect
        self.done = threading.Event()
        self.errors = []

    def record(self, arrival, created, notification_id, account):
        with self.lock:
            self.file.write("%.6f %.6f %s %s\n" % (arrival, created, notification_id, account))
            self.count += 1
            if self.expect and self.count >= self.expect:
                self.done.set()

    def error(self, message):
        with self.lock:
            self.errors.append(message)
        print("notification_load.py listen: " + message, file=sys.stderr, flush=True)


def open_stream(url, token, timeout):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError("only http:// URLs are supported, got %s" % url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    connection.request("GET", "/v1/notifications/stream", headers={
        "Authorization": "Bearer " + token, "Accept": "text/event-stream", "Cache-Control": "no-cache"})
    return connection, connection.getresponse()


def read_events(response, arrivals, account, stop):
    """Reads one stream until it ends, the socket times out or stop is set."""
    data, name = [], None
    while not stop.is_set():
        raw = response.readline(1 << 20)
        if not raw:
            arrivals.error("the stream of %s ended" % account)
            return
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line == "":
            if data and (name in (None, "", "message")):
                arrival = time.time()
                try:
                    view = json.loads("\n".join(data))
                    arrivals.record(arrival, epoch_of(view.get("createdAt")), view.get("id", "?"),
                                    view.get("accountId", "?"))
                except ValueError as e:
                    arrivals.error("an unreadable event on the stream of %s: %s" % (account, e))
            data, name = [], None
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
            if field == "data":
                data.append(value)
            elif field == "event":
                name = value


def cmd_listen(args):
    tokens = []
    with open(args.tokens) as f:
        for line in f:
            if line.strip():
                account, token = line.split(None, 1)
                tokens.append((account, token.strip()))
    if not tokens:
        fail("no token in %s" % args.tokens)
    arrivals = Arrivals(args.out, args.expect)
    stop = threading.Event()
    opened = []
    for account, token in tokens:
        try:
            connection, response = open_stream(args.url, token, args.read_timeout)
        except (OSError, http.client.HTTPException, ValueError) as e:
            fail("GET %s/v1/notifications/stream (%s): %s %s" % (args.url, account, type(e).__name__, e))
        if response.status != 200:
            body = response.read(400).decode("utf-8", "replace")
            fail("GET %s/v1/notifications/stream (%s) answered %d: %s" % (args.url, account, response.status, body))
        content_type = response.getheader("Content-Type", "")
        if "text/event-stream" not in content_type:
            fail("GET %s/v1/notifications/stream answered Content-Type %r, not text/event-stream"
                 % (args.url, content_type))
        opened.append((connection, response, account))

    def run(response, account):
        try:
            read_events(response, arrivals, account, stop)
        except (OSError, http.client.HTTPException) as e:
            if not stop.is_set():
                arrivals.error("the stream of %s failed: %s %s" % (account, type(e).__name__, e))

    for connection, response, account in opened:
        threading.Thread(target=run, args=(response, account), daemon=True).start()
    signal.signal(signal.SIGTERM, lambda signum, frame: arrivals.done.set())
    with open(args.ready + ".tmp", "w") as f:
        f.write("%d\n" % len(opened))
    os.replace(args.ready + ".tmp", args.ready)
    arrivals.done.wait(args.max_seconds)
    stop.set()
    for connection, _, _ in opened:
        try:
            connection.sock and connection.sock.close()
        except OSError:
            pass
    result(streams=len(opened), received=arrivals.count, errors=len(arrivals.errors))


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def cmd_latency(args):
    delays = []
    seen = set()
    duplicates = 0
    try:
        with open(args.infile) as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                if fields[2] in seen:
                    duplicates += 1
                    continue
                seen.add(fields[2])
                delays.append((float(fields[0]) - float(fields[1])) * 1000.0)
    except FileNotFoundError:
        pass
    delays.sort()

    def ms(value):
        return "n/a" if value is None else "%.1f" % value

    over = sum(1 for d in delays if d > args.budget_ms)
    result(received=len(delays), duplicates=duplicates, p50_ms=ms(percentile(delays, 50)),
           p99_ms=ms(percentile(delays, 99)), max_ms=ms(delays[-1] if delays else None),
           min_ms=ms(delays[0] if delays else None), over_budget=over)


def main():
    parser = argparse.ArgumentParser(description="RabbitMQ and SSE helper of deploy/bench/notifications.sh")
    sub = parser.add_subparsers(dest="command", required=True)

    def amqp_options(p):
        p.add_argument("--amqp", default=AMQP_DEFAULT, help="AMQP URL (default %(default)s)")
        p.add_argument("--exchange", default=EXCHANGE, help="topic exchange (default %(default)s)")

    p = sub.add_parser("queues", help="messages and consumers of queues")
    amqp_options(p)
    p.add_argument("--queue", action="append", required=True)
    p.set_defaults(func=cmd_queues)

    p = sub.add_parser("accounts", help="publish account.changed for new accounts; write the plan")
    amqp_options(p)
    p.add_argument("--run", required=True)
    p.add_argument("--notifications", type=int, required=True)
    p.add_argument("--per-account", type=int, required=True)
    p.add_argument("--owner-email", required=True)
    p.add_argument("--plan", required=True, help="file: one 'account project' line per project")
    p.set_defaults(func=cmd_accounts)

    p = sub.add_parser("snapshots", help="publish one usage.snapshot per project of the plan")
    amqp_options(p)
    p.add_argument("--run", required=True)
    p.add_argument("--plan", required=True)
    p.add_argument("--used", type=int, default=90)
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=cmd_snapshots)

    p = sub.add_parser("listen", help="follow the SSE stream of each account")
    p.add_argument("--url", required=True, help="notification-service base URL")
    p.add_argument("--tokens", required=True, help="file: one 'account token' line per stream")
    p.add_argument("--out", required=True)
    p.add_argument("--ready", required=True, help="written once every stream answered 200")
    p.add_argument("--expect", type=int, default=0, help="stop after this many events (0: never)")
    p.add_argument("--max-seconds", type=float, default=3600)
    p.add_argument("--read-timeout", type=float, default=90, help="socket timeout (keep-alive events: every 25 s)")
    p.set_defaults(func=cmd_listen)

    p = sub.add_parser("latency", help="delays from createdAt to arrival: p50, p99, max")
    p.add_argument("--in", dest="infile", required=True)
    p.add_argument("--budget-ms", type=float, default=1000)
    p.set_defaults(func=cmd_latency)

    args = parser.parse_args()
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
