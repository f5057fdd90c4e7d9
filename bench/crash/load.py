#!/usr/bin/env python3
"""Load for the crash test: page views with a unique marker each, over keep-alive connections.

Every event's page path carries its own number (/crash/<run>/<n // 100000>/<n % 100000>: segments
short enough that the URL scrubber keeps them). Each number answered 202 without X-Pledge-Dropped
is written to the accepted file, so the check after the crash can match event by event instead of
comparing counts. Connections that fail (the server or its database was killed) are reopened after
a short pause until the deadline.

Usage: load.py URL RUN SECONDS CONNECTIONS ACCEPTED_FILE
Prints one line of totals: sent, accepted, refused (4xx/5xx), failed (no answer).
"""
import asyncio
import random
import sys
import time
from urllib.parse import urlparse

UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36")


async def read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    dropped = False
    close = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "x-pledge-dropped":
            dropped = True
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, dropped, close


async def client(host, port, run, deadline, counter, totals, accepted):
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, port), timeout=5)
            n = counter[0]
            counter[0] += 1
            path = f"/crash/{run}/{n // 100000}/{n % 100000}"
            body = ('{"n":"pageview","u":"https://reference.example.org%s",'
                    '"d":"reference.example.org","r":null}' % path).encode()
            ip = "10.%d.%d.%d" % (random.randint(0, 255), random.randint(0, 255),
                                  random.randint(1, 254))
            writer.write((f"POST /api/event HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {UA}\r\n"
                          f"X-Forwarded-For: {ip}\r\nContent-Type: text/plain\r\n"
                          f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
            totals["sent"] += 1
            status, dropped, close = await asyncio.wait_for(read_response(reader), timeout=15)
            if status == 202 and not dropped:
                totals["accepted"] += 1
                accepted.append(n)
            else:
                totals["refused"] += 1
            if close:
                writer.close()
                writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError,
                ValueError, IndexError):
            totals["failed"] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.2)
    if writer is not None:
        writer.close()


async def main():
    url, run, seconds, connections, accepted_file = sys.argv[1:6]
    u = urlparse(url)
    deadline = time.monotonic() + float(seconds)
    counter = [0]
    totals = {"sent": 0, "accepted": 0, "refused": 0, "failed": 0}
    accepted = []
    await asyncio.gather(*(client(u.hostname, u.port, run, deadline, counter, totals, accepted)
                           for _ in range(int(connections))))
    with open(accepted_file, "w") as f:
        f.write("\n".join(f"/crash/{run}/{n // 100000}/{n % 100000}" for n in accepted))
        f.write("\n")
    print("sent=%(sent)d accepted=%(accepted)d refused=%(refused)d failed=%(failed)d" % totals)


asyncio.run(main())
