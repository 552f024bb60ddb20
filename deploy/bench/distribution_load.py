#!/usr/bin/env python3
"""The SMS sink side of deploy/bench/distributions.sh: counts what reached the sink.

    distribution_load.py count  --file FILE --offset BYTES --mark TEXT
    distribution_load.py follow --file FILE --offset BYTES --mark TEXT --out FILE [--every SECONDS]

FILE is the SMS sink's messages.jsonl (deploy/local/sms_sink.py: one JSON object per SMS with
receivedAt, path, to, body, messageId, idempotencyKey, authorization); only the lines from byte
OFFSET on (the file's size when the phase started) whose body is exactly TEXT are this phase's.

count prints one line "HEADROOM_BENCH key=value ...": lines, distinct message ids, duplicates (an
id seen again: a message sent twice), first and last receivedAt (epoch seconds), and how many
carried their message id as Idempotency-Key (keyed) and an Authorization header (authorized).
follow appends "<epoch seconds> <distinct ids>" to --out every --every seconds (default 1), reading
only what was appended since, until it gets SIGTERM. Errors go to stderr with exit status 2.
Standard library only.
"""

import argparse
import datetime
import json
import signal
import sys
import time


def fail(message):
    print("distribution_load.py: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def result(**values):
    print("HEADROOM_BENCH " + " ".join("%s=%s" % (k, v) for k, v in values.items()), flush=True)


def epoch_of(text):
    """receivedAt ("2026-11-21T12:00:00.123Z") in epoch seconds, or None."""
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except (TypeError, ValueError):
        return None


class Tally:
    """The phase's messages at the sink, read incrementally from an offset."""

    def __init__(self, path, offset, mark):
        self.path = path
        self.offset = offset
        self.mark = mark
        self.needle = json.dumps(mark)   # the body as the sink wrote it (a JSON string)
        self.ids = set()
        self.lines = self.duplicates = self.keyed = self.authorized = 0
        self.first = self.last = None

    def read(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                for raw in f:
                    if not raw.endswith(b"\n"):
                        break   # a line still being written: read it next time
                    self.offset += len(raw)
                    line = raw.decode("utf-8", "replace")
                    if self.needle not in line:
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    if record.get("body") == self.mark:
                        self.add(record)
        except FileNotFoundError:
            pass

    def add(self, record):
        self.lines += 1
        message_id = record.get("messageId")
        if message_id in self.ids:
            self.duplicates += 1
        else:
            self.ids.add(message_id)
        if message_id is not None and record.get("idempotencyKey") == message_id:
            self.keyed += 1
        if record.get("authorization"):
            self.authorized += 1
        at = epoch_of(record.get("receivedAt"))
        if at is not None:
            self.first = at if self.first is None else min(self.first, at)
            self.last = at if self.last is None else max(self.last, at)


def cmd_count(args):
    tally = Tally(args.file, args.offset, args.mark)
    tally.read()

    def when(value):
        return "" if value is None else "%.3f" % value

    result(lines=tally.lines, distinct=len(tally.ids), duplicates=tally.duplicates, keyed=tally.keyed,
           authorized=tally.authorized, first=when(tally.first), last=when(tally.last))


def cmd_follow(args):
    tally = Tally(args.file, args.offset, args.mark)
    stopping = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    with open(args.out, "a", buffering=1) as out:
        while not stopping:
            tally.read()
            out.write("%.3f %d\n" % (time.time(), len(tally.ids)))
            time.sleep(args.every)


def main():
    parser = argparse.ArgumentParser(description="SMS sink helper of deploy/bench/distributions.sh")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--file", required=True, help="the SMS sink's messages.jsonl")
        p.add_argument("--offset", type=int, default=0, help="read from this byte on (default 0)")
        p.add_argument("--mark", required=True, help="the body of this phase's messages")

    p = sub.add_parser("count", help="the phase's messages at the sink, once")
    common(p)
    p.set_defaults(func=cmd_count)

    p = sub.add_parser("follow", help="append '<epoch> <distinct>' to --out every --every seconds")
    common(p)
    p.add_argument("--out", required=True)
    p.add_argument("--every", type=float, default=1.0)
    p.set_defaults(func=cmd_follow)

    args = parser.parse_args()
    if args.offset < 0:
        fail("--offset must not be negative")
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
