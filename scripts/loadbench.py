"""Load benchmark: `lawkb serve` on 127.0.0.1 under rising concurrency, heavy pages against a trivial one.

For each page and concurrency it prints throughput, p50/p95/p99 latency, errors, and the p50 as a ratio to
Datasette's own trivial /-/versions.json measured in the same run. It runs twice: with the response cache
(how the site is served) and with it switched off (LAWKB_RESPONSE_CACHE=off: the cost of rendering every time).

    python -m scripts.loadbench [--requests 200] [--levels 1,8,32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/-/versions.json"
PAGES = [
    TRIVIAL,
    "/j/us-ca",
    "/j/in.json",
    "/compare?j=in&j=pk&j=gb-eaw&j=us-ca",
    "/map?q=synthetic_covered",
    "/map.json?q=ncii_crime",
    "/timeline?region=us",
    "/laws/protection_matrix",
    "/laws/provisions?_search=image",
    "/laws/provisions.json?_size=100&jurisdiction_id=in",
    "/laws/protection_matrix.json?_shape=array",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, cache: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "LAWKB_RESPONSE_CACHE": "on" if cache else "off"}
    proc = subprocess.Popen([sys.executable, "-m", "scripts.cli", "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            httpx.get(base + TRIVIAL, timeout=1)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start")


async def hammer(base: str, path: str, total: int, concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker():
            nonlocal errors
            for _ in queue:
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(base: str, total: int, levels: list[int]) -> list[str]:
    lines = []
    # First (cold) request of each page: what the first reader pays before anything is cached.
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        cold = {}
        for path in PAGES:
            started = time.perf_counter()
            await client.get(path)
            cold[path] = time.perf_counter() - started
    lines.append("first request (cold): " + ", ".join(f"{p} {cold[p] * 1000:.0f} ms" for p in PAGES[1:]))
    lines.append(f"{'concurrency':>11} {'page':<46} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                 f"{'errors':>6} {'p50 / trivial':>13}")
    for level in levels:
        trivial_p50 = None
        for path in PAGES:
            latencies, errors, elapsed = await hammer(base, path, total, level)
            p50 = statistics.median(latencies)
            if path == TRIVIAL:
                trivial_p50 = p50
            lines.append(
                f"{level:>11} {path[:46]:<46} {total / elapsed:>7.0f} {p50 * 1000:>7.1f} "
                f"{percentile(latencies, 95) * 1000:>7.1f} {percentile(latencies, 99) * 1000:>7.1f} {errors:>6} "
                f"{p50 / trivial_p50:>12.1f}x"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="requests per page and concurrency level")
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--db", type=Path, default=ROOT / "build" / "laws.db")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `lawkb build` first")
    levels = [int(x) for x in args.levels.split(",")]
    for cache in (True, False):
        proc, base = start(args.db, cache)
        try:
            print(f"\nresponse cache {'on (as served)' if cache else 'off (every page rendered)'}; "
                  f"{args.requests} requests per page and level; server and client share this machine's "
                  f"{os.cpu_count()} cores")
            for line in asyncio.run(run(base, args.requests, levels)):
                print(line)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
