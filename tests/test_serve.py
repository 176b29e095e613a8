"""`lawkb serve` as a real server on 127.0.0.1: immutable database, inspect file, pages and JSON."""

import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(fixture_db):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripts.cli", "serve", "--db", str(fixture_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read()}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"server did not start: {proc.stdout.read()}")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_served_database_is_immutable_with_settings(server):
    databases = httpx.get(f"{server}/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("laws", False)]
    settings = httpx.get(f"{server}/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000
    rows = httpx.get(f"{server}/laws/protection_matrix.json?_shape=array").json()
    assert [r["jurisdiction_id"] for r in rows] == ["gb", "gb-eaw", "no"]
    page = httpx.get(f"{server}/")
    assert page.status_code == 200 and "Not legal advice" in page.text
