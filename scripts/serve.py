"""Serve the built database with Datasette: immutable, with counts precomputed and an SQL time limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
TEMPLATES = ROOT / "templates"
PLUGINS = ROOT / "plugins"
STATIC = ROOT / "static"
SETTINGS = {
    # A researcher's query over a few thousand rows takes milliseconds; a runaway one is cut off at 1 s.
    "sql_time_limit_ms": 1000,
    "default_page_size": 100,
    "allow_download": True,
    # Suggested facets were the main cost of table pages (provisions: 83 ms with them, 60 ms without, measured
    # on 704 provisions); the useful facets are configured in metadata.yml instead.
    "suggest_facets": False,
    # Arbitrary SQL may use at most 2 of these at once (plugins/responses.py): the rest always serve pages.
    "num_sql_threads": 4,
}


def datasette_app(db: Path, inspect_data: dict | None = None):
    """The same Datasette the server runs, as an object (tests use its client)."""
    from datasette.app import Datasette

    return Datasette(
        immutables=[str(db)],
        inspect_data=inspect_data,
        metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
        template_dir=str(TEMPLATES),
        plugins_dir=str(PLUGINS),
        static_mounts=[("assets", str(STATIC))],
        settings=SETTINGS,
    )


def datasette_args(db: Path, inspect_file: Path, host: str, port: int) -> list[str]:
    settings = []
    for name, value in SETTINGS.items():
        settings += ["--setting", name, json.dumps(value) if isinstance(value, bool) else str(value)]
    return [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(db),  # immutable: opened read-only, never written, counts trusted from the inspect file
        "--inspect-file", str(inspect_file),
        "--metadata", str(METADATA),
        "--template-dir", str(TEMPLATES),
        "--plugins-dir", str(PLUGINS),
        "--static", f"assets:{STATIC}",
        *settings,
        "--host", host, "--port", str(port),
    ]


def write_inspect(db: Path) -> Path:
    inspect_file = db.with_suffix(".inspect.json")
    subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect_file)], check=True
    )
    return inspect_file


def serve(db: Path, host: str, port: int) -> None:
    if not db.exists():
        raise SystemExit(f"{db} does not exist; run `lawkb build` first")
    args = datasette_args(db, write_inspect(db), host, port)
    os.execv(args[0], args)
