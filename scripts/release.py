"""Write a versioned release bundle researchers can cite: the SQLite file, CSV and JSON per table, a Frictionless
Data Package, the JSON Schemas and codebook, CITATION.cff, and a changelog of data changes since the last release.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import yaml

from .build import build
from .serve import METADATA

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIST = ROOT / "dist"
TITLE = "lawkb: Privacy, Harassment & Image-Abuse Laws"
# Frictionless field types for SQLite's declared types. Booleans are stored as 1/0 (and null: not known).
FIELD_TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number", "": "string"}
CHANGE_FIELDS = ["status", "in_force_on", "repealed_on", "replaced_by", "summary", "liability",
                 "intent_to_harm_required", "covers_threats", "covers_synthetic", "covers_capture", "civil_remedy",
                 "takedown_order", "platform_removal_hours", "max_imprisonment_months", "max_fine_amount",
                 "offense_class", "verification_status"]


class ReleaseError(Exception):
    pass


def data_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table a researcher would want, in the database's order; not the full-text index internals."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    return [n for n in names if "_fts" not in n and not n.startswith("sqlite_")]


def table_schema(conn: sqlite3.Connection, table: str, descriptions: dict) -> dict:
    columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
    fields = []
    for _, name, declared, notnull, _, pk in columns:
        field: dict[str, Any] = {"name": name, "type": FIELD_TYPES.get(declared.upper(), "string")}
        if name in descriptions:
            field["description"] = str(descriptions[name])
        if notnull or pk:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    keys = [row[1] for row in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
    if keys:
        schema["primaryKey"] = keys
    foreign = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
    if foreign:
        schema["foreignKeys"] = [
            {"fields": [f[3]], "reference": {"resource": f[2] if f[2] != table else "", "fields": [f[4]]}}
            for f in foreign
        ]
    return schema


def export_table(conn: sqlite3.Connection, table: str, folder: Path) -> int:
    cursor = conn.execute(f"SELECT * FROM {table}")
    names = [c[0] for c in cursor.description]
    rows = cursor.fetchall()
    with open(folder / "csv" / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(rows)
    with open(folder / "json" / f"{table}.json", "w", encoding="utf-8") as handle:
        json.dump([dict(zip(names, r)) for r in rows], handle, ensure_ascii=False, indent=1)
    return len(rows)


def provision_states(db: Path) -> dict[str, dict]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM provisions")}


def changelog(previous: Path | None, current: Path, version: str, previous_version: str | None) -> str:
    """Data changes between two builds, by provision: added, repealed, changed (which fields), removed."""
    now = provision_states(current)
    lines = [f"# Data changes in {version}", ""]
    if previous is None:
        lines += [f"First release: {len(now)} provisions.", ""]
        return "\n".join(lines)
    before = provision_states(previous)
    lines += [f"Since {previous_version}.", ""]
    added = sorted(set(now) - set(before))
    removed = sorted(set(before) - set(now))
    repealed, changed = [], []
    for pid in sorted(set(now) & set(before)):
        fields = [f for f in CHANGE_FIELDS if now[pid].get(f) != before[pid].get(f)]
        if not fields:
            continue
        if now[pid]["status"] in ("repealed", "struck_down") and before[pid]["status"] not in ("repealed", "struck_down"):
            repealed.append(f"- {pid}: {now[pid]['status'].replace('_', ' ')}"
                            + (f" on {now[pid]['repealed_on']}" if now[pid]["repealed_on"] else ""))
        else:
            changed.append(f"- {pid}: {', '.join(fields)}")
    for title, items in [
        ("Added", [f"- {pid}: {now[pid]['heading']}" for pid in added]),
        ("Repealed or struck down", repealed),
        ("Amended or corrected", changed),
        ("Removed from the data", [f"- {pid}" for pid in removed]),
    ]:
        lines += [f"## {title} ({len(items)})", "", *(items or ["None."]), ""]
    return "\n".join(lines)


def citation(version: str, built_on: str) -> str:
    return yaml.safe_dump(
        {
            "cff-version": "1.2.0",
            "message": "If you use this dataset, please cite it as below, with the data version you used.",
            "type": "dataset",
            "title": TITLE,
            "version": version,
            "date-released": built_on,
            "authors": [{"name": "lawkb contributors"}],
            "license": "CC-BY-4.0",
            "abstract": (
                "An open, cited, cross-jurisdiction knowledge base of the laws on non-consensual sharing of intimate "
                "images, voyeurism, sextortion, sexual deepfakes, cyberstalking, harassment, privacy, data "
                "protection, defamation and platform takedown duties, with the help available in each place. "
                "Not legal advice."
            ),
            "keywords": ["law", "image-based sexual abuse", "NCII", "deepfakes", "cyberstalking", "privacy"],
        },
        sort_keys=False,
        allow_unicode=True,
    )


def previous_release(dist: Path, version: str) -> Path | None:
    """The newest earlier bundle in `dist` (bundles are named by date, so names sort in time order)."""
    earlier = sorted(p for p in dist.glob("lawkb-*") if (p / "laws.db").exists() and p.name != f"lawkb-{version}")
    return earlier[-1] if earlier else None


def release(laws: Path, dist: Path = DEFAULT_DIST, previous: Path | None = None) -> Path:
    dist.mkdir(parents=True, exist_ok=True)
    staging = dist / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    (staging / "json").mkdir()
    db = staging / "laws.db"
    corpus, _ = build(laws, db)
    if not corpus.ok:
        shutil.rmtree(staging)
        raise ReleaseError("validation failed: " + "; ".join(str(p) for p in corpus.errors[:5]))
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["laws"]["tables"]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        info = dict(conn.execute("SELECT key, value FROM build_info").fetchall())
        version = info["data_version"].replace("+", "-")
        resources = []
        for table in data_tables(conn):
            rows = export_table(conn, table, staging)
            described = metadata.get(table, {})
            resources.append(
                {
                    "name": table,
                    "path": f"csv/{table}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "description": " ".join(str(described.get("description", "")).split()),
                    "schema": table_schema(conn, table, described.get("columns", {})),
                    "lawkb_rows": rows,
                }
            )
    package = {
        "profile": "tabular-data-package",
        "name": "lawkb",
        "title": TITLE,
        "version": version,
        "created": f"{info['built_on']}T00:00:00Z",
        "description": "Cited laws on intimate-image abuse, stalking, harassment and privacy, by jurisdiction. "
                       "Not legal advice. See codebook.md for what every field and coded question means.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    (staging / "datapackage.json").write_text(json.dumps(package, indent=1, ensure_ascii=False), encoding="utf-8")
    (staging / "CITATION.cff").write_text(citation(version, info["built_on"]), encoding="utf-8")
    shutil.copy(ROOT / "docs" / "codebook.md", staging / "codebook.md")
    (staging / "schema").mkdir()
    for schema in sorted((ROOT / "schema").glob("*.schema.json")):
        shutil.copy(schema, staging / "schema" / schema.name)
    target = dist / f"lawkb-{version}"
    previous = previous or previous_release(dist, version)
    previous_version = None
    if previous is not None:
        previous_db = previous / "laws.db" if previous.is_dir() else previous
        with sqlite3.connect(f"file:{previous_db}?mode=ro", uri=True) as conn:
            previous_version = conn.execute("SELECT value FROM build_info WHERE key = 'data_version'").fetchone()[0]
        previous = previous_db
    (staging / "CHANGELOG.md").write_text(
        changelog(previous, db, info["data_version"], previous_version), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target
