"""Benchmark: the build's time against the time just to parse the YAML (the floor), as a ratio in one run."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .build import build
from .load import LawLoader

RUNS = 5  # median of a few runs: the corpus builds in well under a second, so one run is noisy


def parse_only(laws: Path) -> float:
    started = time.perf_counter()
    for path in sorted(laws.rglob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=LawLoader)
    return time.perf_counter() - started


def full_build(laws: Path, out: Path) -> float:
    started = time.perf_counter()
    corpus, _ = build(laws, out)
    if not corpus.ok:
        sys.exit("the records do not validate; run `lawkb validate` first")
    return time.perf_counter() - started


def main(laws: Path = Path("laws")) -> None:
    files = len(list(laws.rglob("*.yml")))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "laws.db"
        parse = statistics.median(parse_only(laws) for _ in range(RUNS))
        total = statistics.median(full_build(laws, out) for _ in range(RUNS))
        size = out.stat().st_size
    print(f"records: {files} YAML files in {laws}")
    print(f"parse YAML only (C loader): {parse * 1000:8.1f} ms  (median of {RUNS})")
    print(f"full build (validate + SQLite + FTS + checks + atomic replace): {total * 1000:8.1f} ms")
    print(f"build / parse ratio: {total / parse:.1f}x")
    print(f"database size: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("laws"))
