#!/usr/bin/python3
"""Independent CC peer (pyzmq / libzmq) used by the ccflux distribution interop tests.

Usage: /usr/bin/python3 cc_interop.py <case> <endpoint>

Cases:
  echo         one echo.request round trip, checks the echo.response body
  request-ids  request-id frames come back in order; a burst of 200 concurrent requests all matched
  malformed    exactly 1000 malformed messages, an echo every 50 must be answered within 2 s
  hello        hello.world {"name": "ccflux"}, prints the reply greeting
  hello-none   hello.world must get NO reply within 1.5 s (handler undeployed)

Exit code 0 and one summary line on success; non-zero and a message on stderr on failure.
"""

import json
import random
import socket
import sys
import time

import zmq

RECV_TIMEOUT_MS = 2000
NO_REPLY_WAIT_MS = 1500
MALFORMED_TOTAL = 1000
ECHO_EVERY = 50
BURST = 200


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Peer:
    """A DEALER connected to the server; every receive is bounded by RCVTIMEO."""

    def __init__(self, endpoint, timeout_ms=RECV_TIMEOUT_MS):
        self.context = zmq.Context()
        self.sock = self.context.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.SNDTIMEO, 5000)
        self.sock.setsockopt(zmq.SNDHWM, 10000)
        self.sock.setsockopt(zmq.RCVHWM, 10000)
        self.set_timeout(timeout_ms)
        self.sock.connect(endpoint)

    def set_timeout(self, timeout_ms):
        self.sock.setsockopt(zmq.RCVTIMEO, timeout_ms)

    def send(self, frames):
        self.sock.send_multipart(frames)

    def recv(self, what):
        try:
            return self.sock.recv_multipart()
        except zmq.Again:
            raise Failure("no reply to %s within %d ms" % (what, self.sock.getsockopt(zmq.RCVTIMEO)))

    def close(self):
        self.sock.close()
        self.context.term()


def body(msg_type, **fields):
    fields.update(req=msg_type, hostname=socket.gethostname(), time=time.time())
    return json.dumps(fields).encode()


def echo_request(target):
    return [b"", b"echo.request", body("echo.request", target=target), b""]


def split_reply(frames, route, what):
    """Checks the route frames and the delimiter; returns (type, parsed JSON body)."""
    n = len(route)
    check(frames[:n] == route, "%s: route frames %r, expected %r" % (what, frames[:n], route))
    check(len(frames) >= n + 3 and frames[n] == b"", "%s: bad reply shape %r" % (what, frames))
    return frames[n + 1].decode("ascii"), json.loads(frames[n + 2])


def echo_round_trip(peer, route, target):
    request = echo_request(target)
    sent = json.loads(request[2])
    peer.send(route + request)
    what = "echo.request %s" % target
    msg_type, reply = split_reply(peer.recv(what), route, what)
    check(msg_type == "echo.response", "%s: reply type %r" % (what, msg_type))
    check(reply.get("req") == "echo.response", "%s: body req %r" % (what, reply.get("req")))
    check(reply.get("orig_hostname") == sent["hostname"], "%s: orig_hostname %r" % (what, reply))
    check(reply.get("orig_target") == target, "%s: orig_target %r" % (what, reply))
    # orig_time is a copy of the request's float; allow for a different (but equal) number formatting.
    check(abs(float(reply.get("orig_time", 0)) - sent["time"]) < 1e-6, "%s: orig_time %r vs %r"
          % (what, reply.get("orig_time"), sent["time"]))
    return reply


def case_echo(peer):
    reply = echo_round_trip(peer, [], "interop-echo")
    return "echo OK orig_target=%s orig_time=%s" % (reply["orig_target"], reply["orig_time"])


def case_request_ids(peer):
    # Request ids are route frames: non-empty (an empty frame would be the delimiter), arbitrary bytes.
    ids = [b"req-1", b"\x00\x01\xfe\xff", b"req-3"]
    echo_round_trip(peer, ids, "three-ids")

    expected = {}
    for i in range(BURST):
        rid = b"burst-%03d" % i
        expected[rid] = "burst-target-%03d" % i
        peer.send([rid] + echo_request(expected[rid]))
    answered = set()
    peer.set_timeout(5000)
    for _ in range(BURST):
        frames = peer.recv("burst (%d of %d answered)" % (len(answered), BURST))
        rid = frames[0]
        check(rid in expected, "burst: unknown request id %r" % rid)
        check(rid not in answered, "burst: duplicate reply for %r" % rid)
        msg_type, reply = split_reply(frames, [rid], "burst %r" % rid)
        check(msg_type == "echo.response", "burst %r: reply type %r" % (rid, msg_type))
        check(reply.get("orig_target") == expected[rid],
              "burst %r: reply for another request %r" % (rid, reply.get("orig_target")))
        answered.add(rid)
    return "request-ids OK 3 id frames in order, %d/%d burst replies matched" % (len(answered), BURST)


def malformed_shapes():
    """Exactly MALFORMED_TOTAL messages; every one is invalid per CC message parsing (no delimiter,
    missing type, or a type failing ^[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*$ / longer than 255 bytes)."""
    junk = random.Random(4711)

    def binary_junk():
        # Non-empty frames never contain an empty frame, so there is no delimiter at all.
        return [bytes([0xFF]) + junk.randbytes(junk.randint(1, 64)) for _ in range(junk.randint(1, 4))]

    small = [
        ("no-delimiter", lambda: [b"echo.request", b"{}"]),
        ("bad-type-chars", lambda: [b"", b"echo request!", b"{}", b""]),
        ("trailing-newline", lambda: [b"", b"log.info\n", b"{}", b""]),
        ("empty-type", lambda: [b"", b"", b"{}", b""]),
        ("missing-type", lambda: [b"req-id", b""]),
        ("only-empty", lambda: [b""] * junk.randint(1, 3)),
        ("binary-junk", binary_junk),
    ]
    huge = ("1MiB-type", lambda: [b"", b"a" * (1 << 20), b"{}", b""])  # valid chars, too long
    for i in range(MALFORMED_TOTAL):
        name, make = huge if i % 100 == 99 else small[i % len(small)]
        yield name, make()


def case_malformed(peer):
    counts = {}
    sent = 0
    for name, frames in malformed_shapes():
        peer.send(frames)
        counts[name] = counts.get(name, 0) + 1
        sent += 1
        if sent % ECHO_EVERY == 0:
            # The server reads one connection in order: this reply proves the batch was consumed.
            started = time.monotonic()
            echo_round_trip(peer, [b"after-%d" % sent], "after-%d-malformed" % sent)
            elapsed = time.monotonic() - started
            check(elapsed < 2.0, "echo after %d malformed took %.2f s" % (sent, elapsed))
    check(sent == MALFORMED_TOTAL, "sent %d malformed, expected %d" % (sent, MALFORMED_TOTAL))
    shapes = ", ".join("%s=%d" % kv for kv in sorted(counts.items()))
    return "malformed OK sent %d (%s), %d echoes answered" % (sent, shapes, sent // ECHO_EVERY)


def hello_request():
    return [b"", b"hello.world", body("hello.world", name="ccflux"), b""]


def case_hello(peer):
    peer.send(hello_request())
    msg_type, reply = split_reply(peer.recv("hello.world"), [], "hello.world")
    check(msg_type == "hello.reply", "hello.world: reply type %r" % msg_type)
    check("greeting" in reply, "hello.world: no greeting in %r" % reply)
    return "hello OK greeting=%s" % reply["greeting"]


def case_hello_none(peer):
    peer.set_timeout(NO_REPLY_WAIT_MS)
    peer.send(hello_request())
    try:
        frames = peer.sock.recv_multipart()
    except zmq.Again:
        return "hello-none OK no reply within %d ms" % NO_REPLY_WAIT_MS
    raise Failure("hello-none: unexpected reply %r" % frames)


CASES = {
    "echo": case_echo,
    "request-ids": case_request_ids,
    "malformed": case_malformed,
    "hello": case_hello,
    "hello-none": case_hello_none,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in CASES:
        print("usage: %s {%s} <endpoint>" % (argv[0], "|".join(CASES)), file=sys.stderr)
        return 2
    case, endpoint = argv[1], argv[2]
    peer = Peer(endpoint)
    try:
        print(CASES[case](peer), flush=True)
        return 0
    except Failure as e:
        print("%s FAILED: %s" % (case, e), file=sys.stderr, flush=True)
        return 1
    finally:
        peer.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
