"""`lawkb serve` as a real server on 127.0.0.1: immutable database, inspect file, pages and JSON."""


import httpx
import pytest

from .conftest import running_server


@pytest.fixture
def server(fixture_db):
    with running_server(fixture_db) as base:
        yield base


def test_served_database_is_immutable_with_settings(server):
    databases = httpx.get(f"{server}/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("laws", False)]
    settings = httpx.get(f"{server}/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000
    rows = httpx.get(f"{server}/laws/protection_matrix.json?_shape=array").json()
    assert [r["jurisdiction_id"] for r in rows] == ["gb", "gb-eaw", "no"]
    page = httpx.get(f"{server}/")
    assert page.status_code == 200 and "Not legal advice" in page.text
