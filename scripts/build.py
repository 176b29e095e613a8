"""Build one SQLite database from a validated tree of records, atomically replacing the last good one."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

from schema import Instrument, Jurisdiction
from schema.vocab import TOPIC_DESCRIPTIONS, Status

from .codebook import QUESTIONS, answers_sql, firsts_sql, matrix_sql
from .tables import create_tables
from .load import Corpus, provision_id
from .validate import validate

DEFAULT_OUT = Path("build/laws.db")
# FTS5's default unicode61 tokenizer treats combining marks (category M: Devanagari and Gurmukhi vowel
# signs) as separators, so "महिला" is indexed as fragments. Counting M* as token characters keeps words whole.
FTS_TOKENIZE = "unicode61 categories 'L* N* Co M*'"


class BuildError(Exception):
    pass


def today() -> date:
    """The build's notion of today; LAWKB_TODAY pins it so builds and tests are reproducible."""
    pinned = os.environ.get("LAWKB_TODAY")
    return date.fromisoformat(pinned) if pinned else datetime.now(timezone.utc).date()


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def effective(provision, instrument: Instrument) -> dict[str, Any]:
    """A provision's status and dates, taking the instrument's where the provision leaves them null.

    A provision not yet in force does not take its instrument's commencement date: the Act has begun but
    this part has not, so without its own date its start is unknown.
    """
    status = provision.status or instrument.status
    in_force_on = provision.in_force_on
    if in_force_on is None and provision.status is not Status.not_yet_in_force:
        in_force_on = instrument.in_force_on
    return {
        "status": status.value,
        "in_force_on": iso(in_force_on),
        "repealed_on": iso(provision.repealed_on or instrument.repealed_on),
    }


def jurisdiction_rows(corpus: Corpus) -> Iterable[dict[str, Any]]:
    for jid in sorted(corpus.jurisdictions):
        j: Jurisdiction = corpus.jurisdictions[jid].model
        yield {
            "id": j.id,
            "name": j.name,
            "level": j.level.value,
            "parent_id": j.parent,
            "research_status": j.research.status.value,
            "research_as_of": iso(j.research.as_of),
            "research_notes": j.research.notes,
            "notes": j.notes,
            "file": corpus.jurisdictions[jid].rel,
        }


def verification_columns(v) -> dict[str, Any]:
    return {
        "verification_status": v.status.value,
        "verified_on": iso(v.checked_on),
        "verified_url": v.url,
        "verification_notes": v.notes,
    }


def resource_rows(corpus: Corpus) -> Iterable[dict[str, Any]]:
    for jid in sorted(corpus.jurisdictions):
        j: Jurisdiction = corpus.jurisdictions[jid].model
        for position, r in enumerate(j.resources):
            yield {
                # From the name, not the position, so an id survives reordering the list.
                "id": f"{jid}/{r.slug}",
                "jurisdiction_id": jid,
                "position": position,
                "name": r.name,
                "kind": r.kind.value,
                "url": r.url,
                "phone": r.phone,
                "languages": json.dumps(r.languages),
                "operator": r.operator,
                "hours": r.hours,
                **verification_columns(r.verification),
                "notes": r.notes,
            }


def instrument_rows(corpus: Corpus) -> Iterable[tuple[str, str, Instrument]]:
    for iid in sorted(corpus.instruments):
        yield iid, corpus.instruments[iid].rel, corpus.instruments[iid].model


def source_row(s, instrument_id: str, provision_id: str | None) -> dict[str, Any]:
    return {
        "instrument_id": instrument_id,
        "provision_id": provision_id,
        "url": s.url,
        "title": s.title,
        "publisher": s.publisher,
        "kind": s.kind.value,
        "accessed_on": iso(s.accessed_on),
    }


def amendment_row(a, instrument_id: str, provision_id: str | None) -> dict[str, Any]:
    return {
        "instrument_id": instrument_id,
        "provision_id": provision_id,
        "amended_on": iso(a.amended_on),
        "by": a.by,
        "by_instrument": a.by_instrument,
        "summary": a.summary,
    }


def source_rows(corpus: Corpus) -> Iterable[dict[str, Any]]:
    for iid, _, inst in instrument_rows(corpus):
        yield from (source_row(s, iid, None) for s in inst.sources)
        for p in inst.provisions:
            yield from (source_row(s, iid, provision_id(iid, p)) for s in p.sources)


def amendment_rows(corpus: Corpus) -> Iterable[dict[str, Any]]:
    for iid, _, inst in instrument_rows(corpus):
        yield from (amendment_row(a, iid, None) for a in inst.amendments)
        for p in inst.provisions:
            yield from (amendment_row(a, iid, provision_id(iid, p)) for a in p.amendments)


def provision_row(iid: str, position: int, p, instrument: Instrument) -> dict[str, Any]:
    fine = p.max_fine
    duty = p.platform_duty
    return {
        "id": provision_id(iid, p),
        "instrument_id": iid,
        "jurisdiction_id": iid.split("/")[0],
        "position": position,
        "section": p.section,
        "heading": p.heading,
        "summary": p.summary,
        "topics": json.dumps([t.value for t in p.topics]),
        "enacted_on": iso(p.enacted_on),
        "enacted_year": p.enacted_year,
        "enacted_by": p.enacted_by,
        **effective(p, instrument),
        "replaced_by": p.replaced_by,
        "liability": p.liability.value if p.liability else None,
        "intent_to_harm_required": p.intent_to_harm_required,
        "covers_threats": p.covers_threats,
        "covers_synthetic": p.covers_synthetic,
        "covers_capture": p.covers_capture,
        "civil_remedy": p.civil_remedy,
        "takedown_order": p.takedown_order,
        "platform_removal_hours": p.platform_removal_hours,
        "max_imprisonment_months": p.max_imprisonment_months,
        "max_fine_amount": None if fine is None or fine.amount is None else float(fine.amount),
        "max_fine_currency": fine.currency if fine else None,
        "max_fine_unlimited": fine.unlimited if fine else None,
        "max_fine_notes": fine.notes if fine else None,
        "offense_class": p.offense_class,
        "platform_requesters": json.dumps([r.value for r in duty.requesters]) if duty else None,
        "platform_identical_copies": duty.identical_copies if duty else None,
        "platform_enforcer": duty.enforcer if duty else None,
        **verification_columns(p.verification),
        "notes": p.notes,
    }


def write_tables(db: sqlite_utils.Database, corpus: Corpus, built_at: date) -> None:
    create_tables(db)
    db["topics"].insert_all(
        {"id": t.value, "label": label, "description": desc} for t, (label, desc) in TOPIC_DESCRIPTIONS.items()
    )
    db["jurisdictions"].insert_all(jurisdiction_rows(corpus))
    db["jurisdiction_scope"].insert_all(scope_rows(corpus))
    db["resources"].insert_all(resource_rows(corpus))

    # Each table streams its rows from the records: no list of every row is held beside the records themselves.
    db["instruments"].insert_all(
        {
            "id": iid,
            "jurisdiction_id": iid.split("/")[0],
            "title": inst.title,
            "citation": inst.citation,
            "year": inst.year,
            "kind": inst.kind.value,
            "status": inst.status.value,
            "enacted_on": iso(inst.enacted_on),
            "in_force_on": iso(inst.in_force_on),
            "repealed_on": iso(inst.repealed_on),
            "replaced_by": inst.replaced_by,
            "url": inst.url,
            "section_term": inst.section_term.value,
            "notes": inst.notes,
            "file": rel,
        }
        for iid, rel, inst in instrument_rows(corpus)
    )
    db["provisions"].insert_all(
        provision_row(iid, position, p, inst)
        for iid, _, inst in instrument_rows(corpus)
        for position, p in enumerate(inst.provisions)
    )
    db["provision_topics"].insert_all(
        {"provision_id": provision_id(iid, p), "topic_id": t.value}
        for iid, _, inst in instrument_rows(corpus)
        for p in inst.provisions
        for t in p.topics
    )
    db["sources"].insert_all({"id": i, **row} for i, row in enumerate(source_rows(corpus), start=1))
    db["amendments"].insert_all({"id": i, **row} for i, row in enumerate(amendment_rows(corpus), start=1))
    db["codebook"].insert_all(
        {
            "id": q.id,
            "position": position,
            "question": q.question,
            "meaning": q.meaning,
            "derivation": q.derivation,
            "answer_type": q.answer_type,
        }
        for position, q in enumerate(QUESTIONS, start=1)
    )
    db["build_info"].insert_all(
        [
            {"key": "data_version", "value": data_version(corpus, built_at)},
            {"key": "built_on", "value": built_at.isoformat()},
            {"key": "jurisdictions", "value": str(len(corpus.jurisdictions))},
            {"key": "instruments", "value": str(len(corpus.instruments))},
            {"key": "provisions", "value": str(sum(len(i.model.provisions) for i in corpus.instruments.values()))},
        ]
    )


def data_version(corpus: Corpus, built_at: date) -> str:
    """The build date plus a hash of every record's content: two builds of the same records share a version,
    and any change to the data changes it (a citation names the exact data it used)."""
    digest = hashlib.sha256()
    for key, loaded in sorted([*corpus.jurisdictions.items(), *corpus.instruments.items()]):
        digest.update(key.encode())
        digest.update(json.dumps(loaded.model.model_dump(mode="json"), sort_keys=True).encode())
    return f"{built_at.isoformat()}+{digest.hexdigest()[:10]}"


def scope_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """Each jurisdiction with itself and every jurisdiction above it: whose law applies there."""
    rows = []
    for jid in sorted(corpus.jurisdictions):
        depth, current = 0, jid
        while current is not None:
            rows.append({"jurisdiction_id": jid, "law_jurisdiction_id": current, "depth": depth})
            current, depth = corpus.jurisdictions[current].model.parent, depth + 1
    return rows


def add_indexes_and_search(db: sqlite_utils.Database) -> None:
    # After the inserts: FTS triggers and indexes present during a bulk insert made it several times slower.
    for table, columns in [
        ("instruments", ["title", "citation", "notes"]),
        ("provisions", ["section", "heading", "summary", "notes"]),
        ("resources", ["name", "operator", "notes"]),
    ]:
        db[table].enable_fts(columns, fts_version="FTS5", tokenize=FTS_TOKENIZE, create_triggers=False)
    for table, columns in [
        ("provisions", ["jurisdiction_id"]),
        ("provisions", ["instrument_id"]),
        ("provisions", ["status"]),
        ("provision_topics", ["topic_id"]),
        ("instruments", ["jurisdiction_id"]),
        ("resources", ["jurisdiction_id"]),
        ("sources", ["provision_id"]),
        ("sources", ["instrument_id"]),
        ("amendments", ["provision_id"]),
        ("amendments", ["instrument_id"]),
        ("jurisdiction_scope", ["law_jurisdiction_id"]),
    ]:
        db[table].create_index(columns, if_not_exists=True)


def add_answers(db: sqlite_utils.Database) -> None:
    """Derive the codebook answers once, into tables: the file is read-only once built, so every page and
    query reads stored answers instead of re-running a dozen correlated subqueries per jurisdiction."""
    store(db, "protection_answers", answers_sql("1"), ["jurisdiction_id", "question_id"])
    store(db, "protection_answers_own", answers_sql("s.depth = 0"), ["jurisdiction_id", "question_id"])
    store(db, "protection_matrix", matrix_sql("protection_answers"), ["jurisdiction_id"])
    store(db, "protection_matrix_own", matrix_sql("protection_answers_own"), ["jurisdiction_id"])
    store(db, "first_laws", firsts_sql(), ["jurisdiction_id", "question_id"])
    db["protection_answers"].create_index(["question_id"])


def store(db: sqlite_utils.Database, name: str, select: str, pk: list[str]) -> None:
    """A table holding the rows of `select`, with a primary key (so Datasette shows rows by it, not rowid)."""
    db.execute(f"CREATE TEMP VIEW pending AS {select}")
    columns = [row[1] for row in db.execute("PRAGMA table_info(pending)").fetchall()]
    # No declared types: answers mix text ('yes') and numbers (months), which SQLite keeps as they are.
    db.execute(f"CREATE TABLE {name} ({', '.join(columns)}, PRIMARY KEY ({', '.join(pk)}))")
    db.execute(f"INSERT INTO {name} SELECT * FROM pending")
    db.execute("DROP VIEW pending")


def check_database(path: Path, corpus: Corpus) -> None:
    """Sanity queries on the new file before it may replace the served one."""
    conn = sqlite3.connect(path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BuildError("integrity_check failed on the new database")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BuildError(f"foreign key check failed: {broken[:5]}")
        expected = sum(len(loaded.model.provisions) for loaded in corpus.instruments.values())
        got = conn.execute("SELECT count(*) FROM provisions").fetchone()[0]
        if got != expected:
            raise BuildError(f"wrote {got} provisions, expected {expected}")
        rows = conn.execute("SELECT count(*) FROM protection_matrix").fetchone()[0]
        if rows != len(corpus.jurisdictions):
            raise BuildError(f"protection_matrix has {rows} rows for {len(corpus.jurisdictions)} jurisdictions")
        unanswered = unanswered_complete(conn)
        if unanswered:
            raise BuildError(
                "research is 'complete' but the data leaves these answers unknown (code the null fields they "
                "depend on, or set the research status to partial): " + "; ".join(unanswered))
    finally:
        conn.close()


def unanswered_complete(conn: sqlite3.Connection) -> list[str]:
    """Questions left unknown for a jurisdiction whose research, and its parents', is complete: 'complete'
    promises an answer to every question, so an unknown there is a coding gap (a null deciding field)."""
    found = conn.execute(
        "SELECT a.jurisdiction_id, group_concat(a.question_id, ', ') FROM protection_answers a "
        "WHERE a.answer = 'unknown' AND NOT EXISTS (SELECT 1 FROM jurisdiction_scope s JOIN jurisdictions k "
        "ON k.id = s.law_jurisdiction_id WHERE s.jurisdiction_id = a.jurisdiction_id AND k.research_status != 'complete') "
        "GROUP BY a.jurisdiction_id ORDER BY a.jurisdiction_id"
    ).fetchall()
    return [f"{jid}: {questions}" for jid, questions in found]


def write_database(corpus: Corpus, out: Path) -> None:
    """Write to a temporary file beside `out`, check it, then rename it over `out` in one step.

    Builds into the same folder take turns (a lock on the folder itself, so no lock file is left behind), so a
    build can also sweep away the temporary files of builds killed before they could clean up: no other build
    can be writing them.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in out.parent.glob(f".{out.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()
            db = sqlite_utils.Database(tmp)
            db.conn.execute("PRAGMA journal_mode = OFF")  # a fresh scratch file: a crash just discards it
            db.conn.execute("PRAGMA synchronous = OFF")
            with db.atomic():  # one transaction for the whole build: sqlite-utils 4 would otherwise commit per write
                write_tables(db, corpus, today())
                add_indexes_and_search(db)
                add_answers(db)
            db.conn.execute("VACUUM")
            db.close()
            check_database(tmp, corpus)
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, out)
            directory = os.open(out.parent, os.O_RDONLY)  # make the rename itself durable
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        finally:
            if tmp.exists():
                tmp.unlink()
    finally:
        os.close(lock)  # closing releases the lock


def build(laws: Path, out: Path) -> tuple[Corpus, float]:
    started = time.perf_counter()
    # Checked records are cached beside the database: a rebuild parses only the files that changed.
    corpus = validate(laws, today(), cache=out.parent / ".records-cache")
    if not corpus.ok:
        return corpus, time.perf_counter() - started
    write_database(corpus, out)
    return corpus, time.perf_counter() - started
