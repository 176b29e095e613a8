"""Faults during a build: killed at any moment, a full disk, a read-only folder, builds racing a live server.

In every case the database at the target path is the last good one, whole (`PRAGMA integrity_check`), and
the next build recovers. Full disk and read-only folders are real: a tiny tmpfs and a read-only bind mount in
a private mount namespace (as root, which CI is); elsewhere a file-size limit and file permissions stand in.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from .conftest import LAWS, ROOT, VALID_LAWS, running_server

BUILD = [sys.executable, "-m", "scripts.cli", "build"]
ENV = {**os.environ, "LAWKB_TODAY": "2026-11-25"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def whole(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def run_build(laws: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, "--laws", str(laws), "--out", str(out)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture
def good(tmp_path, fixture_db) -> Path:
    out = tmp_path / "out" / "laws.db"
    out.parent.mkdir()
    shutil.copy(fixture_db, out)
    return out


def can_unshare() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def test_build_killed_at_any_moment_leaves_the_last_good_database(good):
    """SIGKILL at evenly spread moments across a whole build (start-up, validation, writing, checking)."""
    before = digest(good)
    started = time.perf_counter()
    assert run_build(LAWS, good.parent / "timing.db").returncode == 0
    full = time.perf_counter() - started
    after = digest(good.parent / "timing.db")  # builds are deterministic: the bytes a finished build writes
    (good.parent / "timing.db").unlink()
    for step in range(10):
        proc = subprocess.Popen([*BUILD, "--laws", str(LAWS), "--out", str(good)], cwd=ROOT, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * step / 10)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Killed before the rename: the old database; after it: the new one. Never anything in between.
        assert digest(good) in (before, after), f"a build killed after {full * step / 10:.2f}s left a mix"
        assert proc.returncode in (0, -signal.SIGKILL)
        assert whole(good)
    # The next build sweeps up what killed builds left and writes the new database.
    assert run_build(LAWS, good).returncode == 0
    assert whole(good) and digest(good) == after != before
    assert sorted(p.name for p in good.parent.iterdir() if p.name != ".records-cache") == ["laws.db"]


def test_full_disk(good, tmp_path):
    before = digest(good)
    if can_unshare():
        # A tmpfs just big enough for the last good database and not for a new one.
        size = good.stat().st_size + 64 * 1024
        script = (
            f"set -e; cp {good} {tmp_path}/keep.db; mount -t tmpfs -o size={size} tmpfs {good.parent}; "
            f"cp {tmp_path}/keep.db {good}; "
            f"{sys.executable} -m scripts.cli build --laws {LAWS} --out {good} > {tmp_path}/build.log 2>&1 "
            f"&& echo BUILT || echo FAILED; sha256sum {good}; ls -a {good.parent}"
        )
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=ENV, capture_output=True,
                                text=True, timeout=120)
        out = result.stdout.split()
        assert out[0] == "FAILED", result.stdout + result.stderr
        assert out[1] == before  # byte-identical inside the full filesystem
        # The partial temporary file was removed (the record cache, if it got a folder, is only a cache).
        assert [name for name in out[3:] if name != ".records-cache"] == [".", "..", "laws.db"]
        assert "build failed" in (tmp_path / "build.log").read_text()
    else:
        # Not root: a file-size limit makes writes fail like a full disk.
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (good.stat().st_size // 4, resource.RLIM_INFINITY))

        result = run_build(LAWS, good, preexec_fn=limit)
        assert result.returncode == 1 and "build failed" in result.stderr
        assert digest(good) == before
    assert whole(good)


def test_read_only_output_folder(good, tmp_path):
    before = digest(good)
    if can_unshare():
        script = (
            f"mount --bind -o ro {good.parent} {good.parent} && "
            f"exec {sys.executable} -m scripts.cli build --laws {LAWS} --out {good}"
        )
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=ENV, capture_output=True,
                                text=True, timeout=120)
    else:
        good.parent.chmod(0o555)
        try:
            result = run_build(LAWS, good)
        finally:
            good.parent.chmod(0o755)
    assert result.returncode == 1
    assert "build failed" in result.stderr and "was not changed" in result.stderr
    assert digest(good) == before and whole(good)


def test_builds_race_each_other_and_a_live_server(tmp_path, fixture_db):
    """Four builds at once into the folder a server is reading from, while requests keep coming."""
    out = tmp_path / "served" / "laws.db"
    out.parent.mkdir()
    shutil.copy(fixture_db, out)
    failures: list[str] = []
    with running_server(out) as base:
        stop = threading.Event()

        def read_forever():
            with httpx.Client(base_url=base, timeout=30) as client:
                while not stop.is_set():
                    response = client.get("/laws/provisions.json?_shape=array&_size=20")
                    if response.status_code != 200 or not response.json():
                        failures.append(f"{response.status_code}: {response.text[:200]}")

        readers = [threading.Thread(target=read_forever) for _ in range(3)]
        for r in readers:
            r.start()
        builds = [subprocess.Popen([*BUILD, "--laws", str(laws), "--out", str(out)], cwd=ROOT, env=ENV,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                  for laws in (LAWS, VALID_LAWS, LAWS, VALID_LAWS)]
        outputs = [b.communicate(timeout=120)[0] for b in builds]
        stop.set()
        for r in readers:
            r.join()
        assert [b.returncode for b in builds] == [0, 0, 0, 0], outputs
        assert failures == []
        # The server still answers from a whole database.
        assert httpx.get(f"{base}/laws/build_info.json").status_code == 200
    assert whole(out)
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".records-cache") == ["laws.db", "laws.inspect.json"]
