#!/usr/bin/env python3
"""A tiny webhook target for deploy/bench/webhooks.sh: answers every POST with a fixed status
(200 by default) and counts what it got, per "source" of the delivered call (the envelope's
top-level field, so one run's phases can be told apart).

    python3 deploy/bench/webhook_sink.py --port 0 --port-file /tmp/sink.port

GET /stats (every source) or GET /stats?source=S (one source; zeros when none seen):
    {"posts": 1234,            POSTs received (every delivery attempt)
     "distinct": 1230,         distinct webhook-id headers among them
     "duplicates": 4,          posts whose webhook-id was seen before
     "without_id": 0,          posts without a webhook-id header
     "redeliveries": 4,        posts with X-Headroom-Attempt above 1
     "bytes": 1300000,         request bodies received
     "first": 1732180000.123,  arrival of the first POST (epoch seconds), null before any
     "last": 1732180042.456}   arrival of the latest POST
Nothing else is kept but the sets of ids. Standard library only; one thread per connection,
HTTP/1.1 keep-alive (the service's client reuses its connections).
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Counts:
    def __init__(self):
        self.ids = set()
        self.posts = 0
        self.duplicates = 0
        self.without_id = 0
        self.redeliveries = 0
        self.bytes = 0
        self.first = None
        self.last = None

    def record(self, webhook_id, attempt, size, now):
        self.posts += 1
        self.bytes += size
        if self.first is None:
            self.first = now
        self.last = now
        if webhook_id is None:
            self.without_id += 1
        elif webhook_id in self.ids:
            self.duplicates += 1
        else:
            self.ids.add(webhook_id)
        if attempt > 1:
            self.redeliveries += 1

    def snapshot(self):
        return {"posts": self.posts, "distinct": len(self.ids), "duplicates": self.duplicates,
                "without_id": self.without_id, "redeliveries": self.redeliveries, "bytes": self.bytes,
                "first": self.first, "last": self.last}


class Sources:
    """Counts for every source together and for each one, under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.all = Counts()
        self.by_source = {}

    def record(self, source, webhook_id, attempt, size):
        now = time.time()
        with self.lock:
            self.all.record(webhook_id, attempt, size, now)
            self.by_source.setdefault(source, Counts()).record(webhook_id, attempt, size, now)

    def snapshot(self, source=None):
        with self.lock:
            counts = self.all if source is None else self.by_source.get(source, Counts())
            return counts.snapshot()


def source_of(body):
    """The delivered call's source, from the envelope {"id", "projectId", "source", ..., "payload"}."""
    try:
        envelope = json.loads(body)
        source = envelope.get("source") if isinstance(envelope, dict) else None
        return source if isinstance(source, str) else "?"
    except ValueError:
        return "?"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        # a client that closes its connection (wrk at its end, the service at shutdown) is no error
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def handler(sources, status):
    class Sink(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            try:
                attempt = int(self.headers.get("X-Headroom-Attempt") or 1)
            except ValueError:
                attempt = 1
            sources.record(source_of(body), self.headers.get("webhook-id"), attempt, len(body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path != "/stats":
                self.send_error(404)
                return
            source = parse_qs(url.query).get("source", [None])[0]
            body = json.dumps(sources.snapshot(source)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass

    return Sink


def main():
    parser = argparse.ArgumentParser(description="webhook target for deploy/bench/webhooks.sh")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (see --port-file)")
    parser.add_argument("--port-file", help="write the port listened on to this file once listening")
    parser.add_argument("--status", type=int, default=200, help="the status every POST is answered with")
    args = parser.parse_args()

    server = Server((args.host, args.port), handler(Sources(), args.status))
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("webhook sink on http://%s:%d (POST -> %d, GET /stats)" % (args.host, port, args.status), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
