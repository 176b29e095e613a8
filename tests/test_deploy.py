"""The deployment path: the Dockerfile copies what exists, builds and inspects the database, serves on $PORT."""

from __future__ import annotations

import re

from .conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_dockerfile_copies_only_what_exists():
    sources = [s for line in re.findall(r"^COPY (.+)$", DOCKERFILE, re.M) for s in line.split()[:-1]]
    assert sources, "no COPY lines"
    missing = [s for s in sources if not (ROOT / s).exists()]
    assert missing == []
    # Everything the server needs at run time is in the image.
    for needed in ["metadata.yml", "templates", "plugins", "static", "laws", "schema", "scripts"]:
        assert needed in sources, needed


def test_dockerfile_builds_inspects_then_serves():
    build = DOCKERFILE.index("RUN lawkb build")
    inspect = DOCKERFILE.index("datasette inspect build/laws.db --inspect-file build/laws.inspect.json")
    serve = DOCKERFILE.index('lawkb serve --host 0.0.0.0 --port ${PORT}')
    assert build < inspect < serve
    assert "pip install --no-cache-dir -r requirements.lock" in DOCKERFILE  # the pinned versions


def test_dockerignore_keeps_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "build", "dist", ".git"} <= set(ignored)
