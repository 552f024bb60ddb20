#!/usr/bin/env python3
"""A minimal HTTP SMS gateway for the local suite: accepts every SMS and appends it to a file.

    python3 deploy/local/sms_sink.py --port 2526 --dir deploy/local/.run/sms

deploy/local/up.sh starts it (on HEADROOM_SMS_PORT, default 2526) and gives the services
HEADROOM_SMS_GATEWAY_URL=http://127.0.0.1:<port>/sms, so that distribution-service's SMS messages
land somewhere a person can read them; deploy/local/down.sh stops it. Development only: it listens
on 127.0.0.1 and sends nothing on.

A POST to any path with a JSON object {"to", "body", "messageId"} ("to" and "body" strings) is
answered 200 {"status":"accepted"} and appended to <dir>/messages.jsonl as one JSON line:

    {"receivedAt": "2026-11-21T12:00:00.123Z", "path": "/sms", "to": "+4915112345678",
     "body": "...", "messageId": "msg_...", "idempotencyKey": "msg_...", "authorization": true}

"authorization" says whether an Authorization header came (the token itself is never written).
A body that is not such a JSON object is a 400; any other method a 405. HTTP/1.1 with keep-alive,
one thread per connection; the lines are written whole and flushed one by one, so a reader (e.g.
deploy/bench/distributions.sh) can count them while the sink runs. One line per message also goes
to stdout. Standard library only (with sink_common.py beside it).
"""

import datetime
import http.server
import json
import os
import sys
import threading

import sink_common

MAX_BODY = 64 * 1024   # an SMS request is small; anything larger is refused with 413
FILE_NAME = "messages.jsonl"


def utc_now():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


class Outbox:
    """The file the messages go to: one JSON line each, written under a lock and flushed."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8")

    def store(self, record):
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()
            print("%s to=%s messageId=%s path=%s" % (record["receivedAt"], record["to"], record["messageId"] or "-",
                                                     record["path"]), flush=True)

    def close(self):
        with self.lock:
            self.file.close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive: every answer carries a Content-Length
    disable_nagle_algorithm = True  # headers and body are two writes: send both at once, no 40 ms wait
    server_version = "HeadroomSmsSink/1"

    def answer(self, status, document, extra_headers=()):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        """The request body (Content-Length or chunked), or None after answering 411/413."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts, size = [], 0
            while True:
                length = int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
                if length == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass   # trailers
                    break
                size += length
                if size > MAX_BODY:
                    self.close_connection = True
                    self.answer(413, {"status": "refused", "error": "body larger than %d bytes" % MAX_BODY})
                    return None
                parts.append(self.rfile.read(length))
                self.rfile.readline(1024)   # the CRLF after each chunk
            return b"".join(parts)
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True
            self.answer(411, {"status": "refused", "error": "Content-Length required"})
            return None
        if int(length) > MAX_BODY:
            self.close_connection = True
            self.answer(413, {"status": "refused", "error": "body larger than %d bytes" % MAX_BODY})
            return None
        return self.rfile.read(int(length))

    def do_POST(self):
        try:
            body = self.read_body()
        except ValueError:
            self.close_connection = True
            self.answer(400, {"status": "refused", "error": "malformed chunked body"})
            return
        if body is None:
            return
        try:
            message = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self.answer(400, {"status": "refused", "error": "the body is not JSON"})
            return
        if not isinstance(message, dict) or not isinstance(message.get("to"), str) \
                or not isinstance(message.get("body"), str):
            self.answer(400, {"status": "refused", "error": "expected a JSON object with the strings to and body"})
            return
        record = {
            "receivedAt": utc_now(), "path": self.path, "to": message["to"], "body": message["body"],
            "messageId": message.get("messageId"), "idempotencyKey": self.headers.get("Idempotency-Key"),
            "authorization": self.headers.get("Authorization") is not None,
        }
        try:
            self.server.outbox.store(record)
        except (OSError, ValueError) as e:
            print("sms sink: could not write the message: %s" % e, file=sys.stderr, flush=True)
            self.answer(503, {"status": "refused", "error": "could not store the message, try again later"})
            return
        self.answer(200, {"status": "accepted"})

    def refuse_method(self):
        self.answer(405, {"status": "refused", "error": "only POST"}, [("Allow", "POST")])

    do_GET = do_PUT = do_DELETE = do_PATCH = refuse_method

    def log_message(self, format, *args):
        pass   # one line per message is printed by Outbox.store; errors still go to stderr

    def log_error(self, format, *args):
        sys.stderr.write("sms sink: %s - %s\n" % (self.address_string(), format % args))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, outbox):
        self.outbox = outbox
        super().__init__(address, Handler)


def main():
    parser = sink_common.argument_parser(
        "minimal HTTP SMS gateway: every accepted SMS becomes a JSON line", 2526,
        "directory of the file %s (created if missing)" % FILE_NAME)
    args = sink_common.parse_args(parser)

    try:
        os.makedirs(args.dir, exist_ok=True)
        outbox = Outbox(os.path.join(args.dir, FILE_NAME))
    except OSError as e:
        print("sms sink: cannot write to the directory %s: %s" % (args.dir, e), file=sys.stderr)
        return 2
    server = sink_common.listen("sms sink", lambda address: Server(address, outbox), args.host, args.port)
    if server is None:
        return 2
    return sink_common.serve(
        "sms sink", server, args.port_file,
        lambda port: "sms sink listening on http://%s:%d, writing messages to %s" % (
            args.host, port, os.path.abspath(outbox.path)),
        on_stop=outbox.close)


if __name__ == "__main__":
    sys.exit(main())
