"""Sends one pub.infofile message over libzmq, as CC's infosender does: the file in the blob frame.

usage: infofile_send.py ENDPOINT HOSTNAME FILENAME MTIME CONTENT
"""
import json
import sys
import time

import zmq


def main():
    endpoint, hostname, filename, mtime, content = sys.argv[1:6]
    body = {"req": "pub.infofile", "time": time.time(), "hostname": hostname, "blob_hash": "",
            "filename": filename, "mtime": float(mtime), "comp": "", "mode": "b"}
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 2000
    sock.connect(endpoint)
    sock.send_multipart([b"", b"pub.infofile", json.dumps(body).encode("utf-8"), b"", content.encode("utf-8")])
    sock.close()  # the linger lets the message leave
    ctx.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
