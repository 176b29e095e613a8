"""Benchmark the build at 1x, 10x and 100x the real corpus: time, peak memory and database size, each with the
ratio to the YAML-parse floor measured in the same run (so the figures compare across machines).

    python -m scripts.bench            # 1x, 10x and 100x (about two minutes)
    python -m scripts.bench 1 10       # chosen scales
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .load import LawLoader
from .scale import make_tree

ROOT = Path(__file__).resolve().parent.parent


def parse_only(laws: Path) -> float:
    """The floor: reading every record with the C YAML loader, nothing else (one process)."""
    started = time.perf_counter()
    for path in sorted(laws.rglob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=LawLoader)
    return time.perf_counter() - started


def build_in_child(laws: Path, out: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of `lawkb build`, run as its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "scripts.cli", "build", "--laws", str(laws), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed at {laws}: {result.stderr[-500:]}")
    return seconds, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def main(scales: list[int]) -> None:
    laws = ROOT / "laws"
    print(f"cores: {os.cpu_count()}; records parse in one process, the build uses one per core")
    print(f"{'scale':>5} {'files':>6} {'provisions':>10} {'parse floor':>12} {'build':>9} {'ratio':>6} "
          f"{'peak memory':>12} {'database':>10} {'rebuild, 1 file changed':>24}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            tree = laws if scale == 1 else make_tree(laws, Path(tmp) / f"{scale}x" / "laws", scale)
            files = len(list(tree.rglob("*.yml")))
            runs = 3 if scale == 1 else 1  # the real corpus builds in under a second: take a median
            parse = statistics.median(parse_only(tree) for _ in range(runs))
            out = Path(tmp) / f"{scale}x.db"
            builds = []
            for _ in range(runs):
                shutil.rmtree(out.parent / ".records-cache", ignore_errors=True)  # a full build, from scratch
                builds.append(build_in_child(tree, out))
            seconds = statistics.median(b[0] for b in builds)
            peak = max(b[1] for b in builds)
            # Incremental: the record cache from the last build, and one record edited (a comment appended).
            work = Path(tmp) / f"{scale}x-edit" / "laws"
            shutil.copytree(tree, work)
            edited = sorted(work.rglob("*.yml"))[len(list(work.rglob("*.yml"))) // 2]
            edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
            edit_out = Path(tmp) / f"{scale}x-edit.db"
            shutil.rmtree(edit_out.parent / ".records-cache", ignore_errors=True)
            build_in_child(work, edit_out)
            edited.write_text(edited.read_text(encoding="utf-8") + "# edited again\n", encoding="utf-8")
            rebuild, _ = build_in_child(work, edit_out)
            shutil.rmtree(work.parent)
            provisions = sqlite3.connect(out).execute("SELECT count(*) FROM provisions").fetchone()[0]
            print(f"{scale:>4}x {files:>6} {provisions:>10} {parse:>10.2f} s {seconds:>7.2f} s {seconds / parse:>5.1f}x "
                  f"{peak / 1024:>9.0f} MiB {out.stat().st_size / 2**20:>7.1f} MiB {rebuild:>22.2f} s")
            if scale != 1:
                shutil.rmtree(tree.parent)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10, 100])
