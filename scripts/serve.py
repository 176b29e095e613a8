"""Serve the built database with Datasette: immutable, with counts precomputed and an SQL time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_TIME_LIMIT_MS = 1000  # a researcher's query over a few thousand rows takes milliseconds; a runaway one is cut off


def datasette_args(db: Path, inspect_file: Path, host: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(db),  # immutable: opened read-only, never written, counts trusted from the inspect file
        "--inspect-file", str(inspect_file),
        "--metadata", str(ROOT / "metadata.yml"),
        "--template-dir", str(ROOT / "templates"),
        "--plugins-dir", str(ROOT / "plugins"),
        "--static", f"assets:{ROOT / 'static'}",
        "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
        "--setting", "default_page_size", "100",
        "--setting", "allow_download", "on",
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
