#!/usr/bin/env python3
"""Sequential GET latency on loopback: median and p95 in ms, and the response size.

  python3 latency.py http://127.0.0.1:18080/indikator/kinderarmut 50
  python3 latency.py http://127.0.0.1:18080/indikator/kinderarmut 50 fresh

With "fresh" every request carries a query string of its own, so the server's page cache
cannot answer it (as after a release, or in the internal atlas): the page is rendered each time.
"""
import http.client
import statistics
import sys
import time
import urllib.parse


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    fresh = len(sys.argv) > 3 and sys.argv[3] == "fresh"
    u = urllib.parse.urlsplit(url)
    con = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    path = u.path + ("?" + u.query if u.query else "")
    times, size = [], 0
    for i in range(n + 3):
        t = time.perf_counter()
        con.request("GET", path + ((("&" if "?" in path else "?") + f"frisch={i}-{time.time_ns()}") if fresh else ""))
        r = con.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"HTTP {r.status} for {url}")
        if i >= 3:   # the first requests warm caches
            times.append((time.perf_counter() - t) * 1000)
        size = len(body)
    times.sort()
    print(f"{statistics.median(times):.2f} {times[int(len(times) * 0.95) - 1]:.2f} {size}")


if __name__ == "__main__":
    main()
