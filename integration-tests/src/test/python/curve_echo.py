"""Sends one signed echo.request to a ccflux server over libzmq, with or without CurveZMQ, and prints the reply type.

usage: curve_echo.py ENDPOINT SERVER_PUBLIC_KEY|- BODY_FILE SIGNATURE_FILE WAIT_MS
SERVER_PUBLIC_KEY '-' connects without CURVE. Exit 0 with the reply's type printed, 1 if none came within WAIT_MS.
"""
import sys

import zmq


def main():
    endpoint, server_key, body_file, sig_file, wait_ms = sys.argv[1:6]
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    if server_key != "-":
        public, secret = zmq.curve_keypair()
        sock.curve_serverkey = server_key.encode("ascii")
        sock.curve_publickey = public
        sock.curve_secretkey = secret
    sock.connect(endpoint)
    with open(body_file, "rb") as b, open(sig_file, "rb") as s:
        sock.send_multipart([b"", b"echo.request", b.read(), s.read()])
    if sock.poll(int(wait_ms)):
        frames = sock.recv_multipart()
        print(frames[1].decode("ascii"))
        return 0
    print("no reply")
    return 1


if __name__ == "__main__":
    sys.exit(main())
