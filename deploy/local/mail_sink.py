#!/usr/bin/env python3
"""A minimal SMTP server for the local suite: accepts every e-mail and writes it to a directory.

    python3 deploy/local/mail_sink.py --port 2525 --dir deploy/local/.run/mail

deploy/local/up.sh starts it (on HEADROOM_SMTP_PORT, default 2525) so that notification-service's
e-mails (Quarkus Mailer, Vert.x mail client: no login, STARTTLS optional) land somewhere a person can
read them; deploy/local/down.sh stops it. Development only: it listens on 127.0.0.1 and relays
nothing.

Each accepted message becomes one file <UTC time>-<counter>.eml in --dir (written under a temporary
name and renamed, so a reader never sees half a file), the message exactly as received after
undoing the dot-stuffing, below two added header lines: Return-Path (the envelope sender) and
X-Envelope-To (the envelope recipients). One line per message goes to stdout:

    2026-11-21T12:00:00.123Z from=<notifications@headroom.local> to=<owner@acme.test> subject="..." file=...eml

The dialogue (RFC 5321): greeting 220; EHLO (250: 8BITMIME, SIZE), HELO, MAIL FROM, RCPT TO,
DATA (354, up to a line holding a single "."), RSET, NOOP, QUIT; 502 for any other command
(STARTTLS, AUTH, VRFY, ...). Neither PIPELINING nor STARTTLS is advertised, though commands sent
ahead are answered in order. Many messages per connection, one thread per connection. Standard
library only (socketserver + threading; no smtpd/asyncore, which Python 3.12 removed), with
sink_common.py beside it.
"""

import datetime
import email.parser
import email.policy
import os
import re
import socket
import socketserver
import sys
import threading

import sink_common

MAX_COMMAND_LINE = 2048          # RFC 5321: 512 octets; generous for long addresses and parameters
MAX_RECIPIENTS = 1000            # RFC 5321 asks for at least 100
DATA_CHUNK = 65536               # a data line longer than this is read in pieces

MAIL_FROM = re.compile(r"^FROM:\s*(<[^<>]*>|[^\s<>]+)(?:\s+(.*))?$", re.IGNORECASE)
RCPT_TO = re.compile(r"^TO:\s*(<[^<>]*>|[^\s<>]+)(?:\s+(.*))?$", re.IGNORECASE)


def strip_brackets(path):
    path = path.strip()
    if path.startswith("<") and path.endswith(">"):
        path = path[1:-1]
    # a source route (<@a,@b:user@host>) names the mailbox after the colon
    if path.startswith("@") and ":" in path:
        path = path.split(":", 1)[1]
    return path


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


class Mailbox:
    """The directory the messages go to: names files, writes them whole, prints one line each."""

    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.counter = 0
        self.out_lock = threading.Lock()

    def _reserve_name(self, now):
        with self.lock:
            self.counter += 1
            return "%s-%06d.eml" % (now.strftime("%Y%m%dT%H%M%S.%fZ"), self.counter)

    def store(self, sender, recipients, data):
        now = utc_now()
        name = self._reserve_name(now)
        head = ("Return-Path: <%s>\r\nX-Envelope-To: %s\r\n"
                % (sender, ", ".join("<%s>" % r for r in recipients))).encode("utf-8", "replace")
        final = os.path.join(self.directory, name)
        temporary = os.path.join(self.directory, "." + name + ".tmp")
        with open(temporary, "wb") as f:
            f.write(head)
            f.write(data)
        os.replace(temporary, final)
        self.announce(now, sender, recipients, subject_of(data), name)
        return name

    def announce(self, now, sender, recipients, subject, name):
        line = '%s from=<%s> to=%s subject="%s" file=%s' % (
            now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000), sender,
            ",".join("<%s>" % r for r in recipients), subject.replace('"', '\\"'), name)
        with self.out_lock:
            print(line, flush=True)


def subject_of(data):
    """The Subject header, RFC 2047 words decoded, on one line; empty when there is none."""
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(data)
        subject = headers.get("Subject")
        return "" if subject is None else " ".join(str(subject).split())
    except Exception:  # a broken header must not lose the message
        return "?"


class Session(socketserver.StreamRequestHandler):
    """One SMTP connection; any number of messages, until QUIT, EOF or the idle timeout."""

    # set per server (see main): the socket timeout, i.e. how long a connection may stay idle
    timeout = 900

    def setup(self):
        super().setup()
        self.greeted = False
        self.reset()

    def reset(self):
        self.sender = None
        self.recipients = []

    def reply(self, *lines):
        """One reply; several lines become a multi-line reply (250-a, 250-b, 250 c)."""
        code = lines[0][:3]
        texts = [line[4:] for line in lines]
        out = ["%s-%s\r\n" % (code, t) for t in texts[:-1]] + ["%s %s\r\n" % (code, texts[-1])]
        self.wfile.write("".join(out).encode("utf-8", "replace"))

    def handle(self):
        config = self.server.config
        try:
            self.reply("220 %s ESMTP headroom mail sink ready" % config.hostname)
            while True:
                line = self.rfile.readline(MAX_COMMAND_LINE + 1)
                if not line:
                    return  # the client closed the connection
                if len(line) > MAX_COMMAND_LINE and not line.endswith(b"\n"):
                    self.discard_rest_of_line()
                    self.reply("500 5.5.2 line too long")
                    continue
                if not self.command(line.rstrip(b"\r\n").decode("utf-8", "replace")):
                    return
        except socket.timeout:
            try:
                self.reply("421 4.4.2 %s idle for too long, closing" % config.hostname)
            except OSError:
                pass
        except (ConnectionError, BrokenPipeError):
            pass

    def discard_rest_of_line(self):
        while True:
            chunk = self.rfile.readline(DATA_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return

    def command(self, text):
        """Answers one command line; False when the connection is to be closed."""
        verb, _, argument = text.strip().partition(" ")
        verb = verb.upper()
        argument = argument.strip()
        config = self.server.config
        if not verb:
            self.reply("500 5.5.2 syntax error: empty command")
        elif verb == "EHLO":
            if not argument:
                self.reply("501 5.5.4 EHLO needs a domain or address literal")
            else:
                self.greeted = True
                self.reset()
                self.reply("250-%s greets %s" % (config.hostname, argument), "250-8BITMIME",
                           "250 SIZE %d" % config.max_size)
        elif verb == "HELO":
            if not argument:
                self.reply("501 5.5.4 HELO needs a domain")
            else:
                self.greeted = True
                self.reset()
                self.reply("250 %s" % config.hostname)
        elif verb == "MAIL":
            self.mail(argument)
        elif verb == "RCPT":
            self.rcpt(argument)
        elif verb == "DATA":
            self.data(argument)
        elif verb == "RSET":
            self.reset()
            self.reply("250 2.0.0 OK")
        elif verb == "NOOP":
            self.reply("250 2.0.0 OK")
        elif verb == "QUIT":
            self.reply("221 2.0.0 %s closing connection" % config.hostname)
            return False
        else:
            self.reply("502 5.5.1 %s: command not implemented" % verb[:32])
        return True

    def mail(self, argument):
        if not self.greeted:
            self.reply("503 5.5.1 send EHLO or HELO first")
            return
        if self.sender is not None:
            self.reply("503 5.5.1 a mail transaction is already open (RSET first)")
            return
        match = MAIL_FROM.match(argument)
        if not match:
            self.reply("501 5.5.4 syntax: MAIL FROM:<address> [parameters]")
            return
        for parameter in (match.group(2) or "").split():
            key, _, value = parameter.partition("=")
            if key.upper() == "SIZE":
                if not value.isdigit():
                    self.reply("501 5.5.4 SIZE needs a number")
                    return
                if int(value) > self.server.config.max_size:
                    self.reply("552 5.3.4 message size exceeds the limit of %d" % self.server.config.max_size)
                    return
            # BODY=8BITMIME and anything else: accepted and ignored
        self.sender = strip_brackets(match.group(1))
        self.recipients = []
        self.reply("250 2.1.0 sender <%s> OK" % self.sender)

    def rcpt(self, argument):
        if self.sender is None:
            self.reply("503 5.5.1 send MAIL FROM first")
            return
        match = RCPT_TO.match(argument)
        if not match or not strip_brackets(match.group(1)):
            self.reply("501 5.5.4 syntax: RCPT TO:<address>")
            return
        if len(self.recipients) >= MAX_RECIPIENTS:
            self.reply("452 4.5.3 too many recipients")
            return
        recipient = strip_brackets(match.group(1))
        self.recipients.append(recipient)
        self.reply("250 2.1.5 recipient <%s> OK" % recipient)

    def data(self, argument):
        if argument:
            self.reply("501 5.5.4 DATA takes no argument")
            return
        if self.sender is None or not self.recipients:
            self.reply("503 5.5.1 send MAIL FROM and RCPT TO first")
            return
        self.reply("354 end data with <CR><LF>.<CR><LF>")
        limit = self.server.config.max_size
        parts = []
        size = 0
        too_big = False
        at_line_start = True
        while True:
            line = self.rfile.readline(DATA_CHUNK)
            if not line:
                self.reset()
                return  # connection closed in the middle of DATA: nothing is kept
            if at_line_start:
                if line in (b".\r\n", b".\n"):
                    break
                if line.startswith(b"."):
                    line = line[1:]  # undo the dot-stuffing (RFC 5321 4.5.2)
            at_line_start = line.endswith(b"\n")
            size += len(line)
            if size > limit:
                too_big = True
            elif not too_big:
                parts.append(line)
        sender, recipients = self.sender, self.recipients
        self.reset()
        if too_big:
            self.reply("552 5.3.4 message size exceeds the limit of %d" % limit)
            return
        try:
            name = self.server.mailbox.store(sender, recipients, b"".join(parts))
        except OSError as e:
            print("mail sink: could not write the message: %s" % e, file=sys.stderr, flush=True)
            self.reply("451 4.3.0 could not store the message, try again later")
            return
        self.reply("250 2.0.0 OK queued as %s" % name)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, config, mailbox):
        self.config = config
        self.mailbox = mailbox
        super().__init__(address, Session)

    def handle_error(self, request, client_address):
        # a client that drops its connection is no error worth a stack trace
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, socket.timeout)):
            return
        super().handle_error(request, client_address)


def main():
    parser = sink_common.argument_parser(
        "minimal SMTP sink: every accepted e-mail becomes an .eml file", 2525,
        "directory the .eml files are written to (created if missing)")
    parser.add_argument("--max-size", type=int, default=25 * 1024 * 1024,
                        help="largest message accepted in bytes, advertised as SIZE (default 25 MiB)")
    parser.add_argument("--idle-timeout", type=float, default=900,
                        help="seconds a connection may stay idle before it is closed with 421 (default 900)")
    parser.add_argument("--hostname", default="localhost", help="the name the sink greets with (default localhost)")
    args = sink_common.parse_args(parser)
    if args.max_size < 1024:
        parser.error("--max-size must be at least 1024")

    try:
        os.makedirs(args.dir, exist_ok=True)
    except OSError as e:
        print("mail sink: cannot create the directory %s: %s" % (args.dir, e), file=sys.stderr)
        return 2
    Session.timeout = args.idle_timeout
    server = sink_common.listen("mail sink", lambda address: Server(address, args, Mailbox(args.dir)),
                                args.host, args.port)
    if server is None:
        return 2
    return sink_common.serve(
        "mail sink", server, args.port_file,
        lambda port: "mail sink listening on %s:%d, writing e-mails to %s" % (
            args.host, port, os.path.abspath(args.dir)))


if __name__ == "__main__":
    sys.exit(main())
