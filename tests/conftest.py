"""Shared fixtures: the real database built once per session, the fixture tree's database, Datasette clients."""

from __future__ import annotations

import os
from pathlib import Path

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
