#!/usr/bin/env python3
"""The client side of deploy/scale/bench.sh (standard library only).

  burst.py burst --url http://127.0.0.1:8180 --token T --project prj_x --calls 2000
      Opens CALLS connections to the proxy first, then, all at once, sends one
      POST /v1/checks {"projectId": PROJECT, "kind": "api"} on each (Connection: close) and reads
      every answer. Prints one JSON object: statuses, allowed/refused per instance (from the
      X-Headroom-Upstream header nginx adds), answers that were not enforced (the Redis failure
      policy decided), the X-Rate-Limit-Limit values seen, latencies, and the span of the burst.

  burst.py slot KEY...
      Prints "<slot> <key>" per key: the Redis Cluster hash slot (CRC16/XMODEM of the key, or of
      its {hash tag}, modulo 16384), as CLUSTER KEYSLOT computes it.
"""

import argparse
import asyncio
import json
import resource
import sys
import time
import urllib.parse


# --- hash slots --------------------------------------------------------------------------------

def _crc16_table():
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return table


_TABLE = _crc16_table()


def crc16(data: bytes) -> int:
    crc = 0
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[((crc >> 8) ^ b) & 0xFF]
    return crc


def keyslot(key: str) -> int:
    data = key.encode()
    start = data.find(b"{")
    if start >= 0:
        end = data.find(b"}", start + 1)
        if end > start + 1:   # a non-empty tag: only it is hashed
            data = data[start + 1:end]
    return crc16(data) % 16384


# --- the burst ---------------------------------------------------------------------------------

def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def parse_answer(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or not lines[0].startswith("HTTP/"):
        return 0, {}, body
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


async def burst(args):
    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80
    body = json.dumps({"projectId": args.project, "kind": "api"}, separators=(",", ":")).encode()
    request = (
        f"POST /v1/checks HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: Bearer {args.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body

    connect_gate = asyncio.Semaphore(args.connect_parallelism)
    connected = 0
    all_connected = asyncio.Event()
    fire = asyncio.Event()
    results = []
    connect_errors = []

    async def one():
        nonlocal connected
        try:
            async with connect_gate:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            connect_errors.append(repr(e))
            connected += 1
            if connected == args.calls:
                all_connected.set()
            return
        connected += 1
        if connected == args.calls:
            all_connected.set()
        await fire.wait()
        sent = time.monotonic()
        try:
            writer.write(request)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), args.timeout)
            done = time.monotonic()
            status, headers, payload = parse_answer(raw)
            enforced = headers.get("x-headroom-enforced", "true") != "false"
            if status == 200 and enforced:
                try:
                    enforced = json.loads(payload or b"{}").get("enforced", True) is not False
                except ValueError:
                    pass
            results.append((status, headers.get("x-headroom-upstream", "?"), enforced, done - sent, done,
                            payload[:300].decode("utf-8", "replace") if status not in (200, 429) else "",
                            headers.get("x-rate-limit-limit")))
        except Exception as e:  # noqa: BLE001
            results.append((0, "?", True, time.monotonic() - sent, time.monotonic(), repr(e), None))
        finally:
            writer.close()

    tasks = [asyncio.create_task(one()) for _ in range(args.calls)]
    await asyncio.wait_for(all_connected.wait(), 60)
    fired_wall = time.time()
    fired = time.monotonic()
    fire.set()
    await asyncio.gather(*tasks)

    statuses, upstreams, unenforced, other_sample, limits = {}, {}, 0, "", set()
    latencies = []
    last = fired
    for status, upstream, enforced, latency, done, sample, limit in results:
        if limit is not None:
            limits.add(int(limit))
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        u = upstreams.setdefault(upstream, {"answers": 0, "allowed": 0, "refused": 0})
        u["answers"] += 1
        if status == 200:
            u["allowed"] += 1
        elif status == 429:
            u["refused"] += 1
        if not enforced:
            unenforced += 1
        if sample and not other_sample:
            other_sample = f"{status} {sample}"
        latencies.append(latency)
        last = max(last, done)
    latencies.sort()
    return {
        "calls": args.calls,
        "connect_errors": len(connect_errors),
        "connect_error_sample": connect_errors[0] if connect_errors else "",
        "allowed": statuses.get("200", 0),
        "refused": statuses.get("429", 0),
        "other": sum(n for s, n in statuses.items() if s not in ("200", "429")),
        "statuses": statuses,
        "unenforced": unenforced,
        "limits": sorted(limits),
        "upstreams": dict(sorted(upstreams.items())),
        "fired_at": fired_wall,
        "span_s": round(last - fired, 3),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round((latencies[-1] if latencies else 0) * 1000, 1),
        "other_sample": other_sample,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("burst", help="CALLS concurrent checks of one project")
    b.add_argument("--url", required=True, help="the proxy, e.g. http://127.0.0.1:8180")
    b.add_argument("--token", required=True, help="a gateway token")
    b.add_argument("--project", required=True)
    b.add_argument("--calls", type=int, default=2000)
    b.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer")
    b.add_argument("--connect-parallelism", type=int, default=200,
                   help="connections opened at a time before the burst (the burst itself is all at once)")
    s = sub.add_parser("slot", help="hash slots of keys")
    s.add_argument("keys", nargs="+")
    args = parser.parse_args()

    if args.command == "slot":
        for key in args.keys:
            print(keyslot(key), key)
        return 0

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.calls + 64
    if soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            sys.exit(f"burst.py: {args.calls} connections need {need} open files, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    print(json.dumps(asyncio.run(burst(args))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
