#!/usr/bin/python3
"""Independent CC peers (pyzmq / libzmq) at both ends of a ccflux proxy chain.

Usage: /usr/bin/python3 cc_chain_peer.py <sink-port> <entry-endpoint> [count]

A DEALER client connects to the chain's entry server and sends <count> (default 100) log.info messages,
each [request-id, '', 'log.info', body, signature, blob] with non-ASCII JSON and random binary signature
and blob frames. A ROUTER sink bound on 127.0.0.1:<sink-port> (where the chain's last proxy forwards)
checks that body, signature and blob arrive byte for byte, with one route frame per hop in front, and
answers each along its route; the client checks that every answer comes back with its own request id.

Exit code 0 and one summary line on success; non-zero and a message on stderr on failure.
"""

import json
import os
import sys

import zmq

TIMEOUT_MS = 10000


def fail(message):
    sys.stderr.write("FAIL: " + message + "\n")
    sys.exit(1)


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    sink_port, entry = int(sys.argv[1]), sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100

    context = zmq.Context()
    sink = context.socket(zmq.ROUTER)
    sink.setsockopt(zmq.LINGER, 0)
    sink.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    sink.bind("tcp://127.0.0.1:%d" % sink_port)
    client = context.socket(zmq.DEALER)
    client.setsockopt(zmq.LINGER, 0)
    client.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    client.connect(entry)

    sent = []
    for i in range(count):
        body = json.dumps({"req": "log.info", "n": i, "log_msg": "h\u00e9llo \u2603 %d" % i}, ensure_ascii=False).encode("utf-8")
        frames = [b"req-%d" % i, b"", b"log.info", body, os.urandom(64), os.urandom(32) + b"\x00\x00"]
        sent.append(frames)
        client.send_multipart(frames)

    hops = None
    for i in range(count):
        try:
            got = sink.recv_multipart()
        except zmq.Again:
            fail("the sink received %d of %d messages" % (i, count))
        delimiter = got.index(b"")
        route, payload = got[:delimiter], got[delimiter + 1:]
        expected = sent[i]
        if payload != expected[2:]:
            fail("message %d changed on the way: %r != %r" % (i, payload[:2], expected[2:4]))
        if route[-1] != expected[0]:
            fail("message %d: the client's request id is not the last route frame: %r" % (i, route))
        hops = len(route) - 1
        answer = json.dumps({"req": "log.reply", "n": i}).encode("ascii")
        sink.send_multipart(route + [b"", b"log.reply", answer, b""])

    for i in range(count):
        try:
            reply = client.recv_multipart()
        except zmq.Again:
            fail("the client got %d of %d answers back" % (i, count))
        if reply[0] != b"req-%d" % i or reply[1] != b"" or reply[2] != b"log.reply":
            fail("answer %d: unexpected frames %r" % (i, reply[:3]))
        if json.loads(reply[3])["n"] != i:
            fail("answer %d carries n=%s" % (i, json.loads(reply[3])["n"]))

    print("chain ok: %d messages byte-identical at the sink through %d route frames (client + proxies), "
          "%d answers back in order" % (count, hops, count))


if __name__ == "__main__":
    main()
