"""Shared fixtures: the real database built once per session, the fixture tree's database, Datasette clients."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import pytest

# Time is pinned so builds and warnings do not depend on the day the tests run.
os.environ["LAWKB_TODAY"] = "2026-11-25"

from scripts.build import build  # noqa: E402
from scripts.serve import datasette_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LAWS = ROOT / "laws"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID_LAWS = FIXTURES / "valid" / "laws"


def build_or_fail(laws: Path, out: Path):
    corpus, _ = build(laws, out)
    assert corpus.ok, "\n".join(str(p) for p in corpus.errors)
    return corpus


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real") / "laws.db"
    build_or_fail(LAWS, out)
    return out


@pytest.fixture(scope="session")
def real_corpus(real_db):
    from scripts.load import load_tree

    return load_tree(LAWS)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "laws.db"
    build_or_fail(VALID_LAWS, out)
    return out


@pytest.fixture
def ds_client(fixture_db):
    return datasette_app(fixture_db).client


@pytest.fixture
def real_client(real_db):
    return datasette_app(real_db).client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(db: Path):
    """`lawkb serve` as a real process on a free 127.0.0.1 port; yields its base URL; its output on failure.

    Output goes to a file, not a pipe: nobody reads a pipe while tests run, and a server blocked on a full
    pipe (64 KB of request logs) stops answering.
    """
    import tempfile

    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.seek(0)
                pytest.fail(f"server did not start: {log.read()}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
