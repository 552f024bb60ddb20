"""What the local sinks (mail_sink.py, sms_sink.py) share: their common options, listening, the
port file and serving until SIGTERM or Ctrl-C. Standard library only.

The sinks are run as scripts (python3 -u deploy/local/<sink>.py), so their own directory is on
sys.path and `import sink_common` finds this file.
"""

import argparse
import os
import signal
import sys


def argument_parser(description, default_port, dir_help):
    """An ArgumentParser with the options every sink takes: --host, --port, --dir, --port-file."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=default_port,
                        help="port to listen on; 0: any free one (default %d)" % default_port)
    parser.add_argument("--dir", required=True, help=dir_help)
    parser.add_argument("--port-file", help="write the port listened on to this file once listening")
    return parser


def parse_args(parser):
    """parser.parse_args(), refusing a --port outside 0..65535."""
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    return args


def listen(label, make_server, host, port):
    """make_server((host, port)), or None after saying on stderr why it cannot listen there."""
    try:
        return make_server((host, port))
    except OSError as e:
        print("%s: cannot listen on %s:%d: %s" % (label, host, port, e), file=sys.stderr)
        return None


def serve(label, server, port_file, listening, on_stop=None):
    """Writes the port listened on to port_file (when given; whole, through a temporary file),
    prints listening(port), serves until SIGTERM or Ctrl-C, then closes the server, calls on_stop
    (when given) and prints "<label> stopped". Returns 0 after Ctrl-C; SIGTERM ends in SystemExit(0)."""
    port = server.server_address[1]
    if port_file:
        temporary = port_file + ".tmp"
        with open(temporary, "w") as f:
            f.write("%d\n" % port)
        os.replace(temporary, port_file)

    def stop(signum, frame):
        raise SystemExit(0)  # ends serve_forever in this (the main) thread; finally closes the socket

    signal.signal(signal.SIGTERM, stop)
    print(listening(port), flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if on_stop is not None:
            on_stop()
        print("%s stopped" % label, flush=True)
    return 0
