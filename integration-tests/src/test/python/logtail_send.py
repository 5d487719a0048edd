"""Sends log chunks over libzmq as CC's logtail daemon does: pub.logtail with fpos, the chunk in the blob frame.

usage: logtail_send.py ENDPOINT HOSTNAME FILENAME CHUNK [CHUNK ...]
Consecutive chunks of one source file: fpos runs on from 0.
"""
import json
import sys
import time

import zmq


def main():
    endpoint, hostname, filename = sys.argv[1:4]
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 2000
    sock.connect(endpoint)
    fpos = 0
    for chunk in sys.argv[4:]:
        data = chunk.encode("utf-8")
        body = {"req": "pub.logtail", "time": time.time(), "hostname": hostname, "blob_hash": "", "filename": filename,
                "comp": "", "mode": "b", "fpos": fpos, "op_mode": "classic", "st_dev": 2049, "st_ino": 4242}
        sock.send_multipart([b"", b"pub.logtail", json.dumps(body).encode("utf-8"), b"", data])
        fpos += len(data)
    sock.close()
    ctx.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
