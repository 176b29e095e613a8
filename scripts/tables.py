"""The database's tables: names, column types, keys and constraints - the contract researchers query against.

Declared once here rather than inferred from the rows, so a column's type never depends on which record
happens to be inserted first, and empty tables still exist with all their columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

TEXT, INTEGER, REAL = str, int, float
BOOL = int  # 1 / 0 / NULL


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...]
    not_null: set[str] = field(default_factory=set)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)


VERIFICATION = {"verification_status": TEXT, "verified_on": TEXT, "verified_url": TEXT, "verification_notes": TEXT}

TABLES: list[Table] = [
    Table("topics", {"id": TEXT, "label": TEXT, "description": TEXT}, "id", {"label", "description"}),
    Table(
        "jurisdictions",
        {"id": TEXT, "name": TEXT, "level": TEXT, "parent_id": TEXT, "research_status": TEXT,
         "research_as_of": TEXT, "research_notes": TEXT, "notes": TEXT, "file": TEXT},
        "id",
        {"name", "level", "research_status", "research_as_of", "file"},
        [("parent_id", "jurisdictions", "id")],
    ),
    Table(
        "jurisdiction_scope",
        {"jurisdiction_id": TEXT, "law_jurisdiction_id": TEXT, "depth": INTEGER},
        ("jurisdiction_id", "law_jurisdiction_id"),
        {"depth"},
        [("jurisdiction_id", "jurisdictions", "id"), ("law_jurisdiction_id", "jurisdictions", "id")],
    ),
    Table(
        "resources",
        {"id": TEXT, "jurisdiction_id": TEXT, "position": INTEGER, "name": TEXT, "kind": TEXT, "url": TEXT,
         "phone": TEXT, "languages": TEXT, "operator": TEXT, "hours": TEXT, **VERIFICATION, "notes": TEXT},
        "id",
        {"jurisdiction_id", "position", "name", "kind", "languages", "verification_status"},
        [("jurisdiction_id", "jurisdictions", "id")],
    ),
    Table(
        "instruments",
        {"id": TEXT, "jurisdiction_id": TEXT, "title": TEXT, "citation": TEXT, "year": INTEGER, "kind": TEXT,
         "status": TEXT, "enacted_on": TEXT, "in_force_on": TEXT, "repealed_on": TEXT, "replaced_by": TEXT,
         "url": TEXT, "section_term": TEXT, "notes": TEXT, "file": TEXT},
        "id",
        {"jurisdiction_id", "title", "year", "kind", "status", "url", "section_term", "file"},
        [("jurisdiction_id", "jurisdictions", "id"), ("replaced_by", "instruments", "id")],
    ),
    Table(
        "provisions",
        {"id": TEXT, "instrument_id": TEXT, "jurisdiction_id": TEXT, "position": INTEGER, "section": TEXT,
         "heading": TEXT, "summary": TEXT, "topics": TEXT, "status": TEXT, "enacted_on": TEXT,
         "enacted_year": INTEGER, "enacted_by": TEXT, "in_force_on": TEXT,
         "repealed_on": TEXT, "replaced_by": TEXT, "liability": TEXT, "intent_to_harm_required": BOOL,
         "covers_threats": BOOL, "covers_synthetic": BOOL, "covers_capture": BOOL, "civil_remedy": BOOL,
         "takedown_order": BOOL, "platform_removal_hours": INTEGER, "max_imprisonment_months": INTEGER,
         "max_fine_amount": REAL, "max_fine_currency": TEXT, "max_fine_unlimited": BOOL, "max_fine_notes": TEXT,
         "offense_class": TEXT, "platform_requesters": TEXT, "platform_identical_copies": BOOL,
         "platform_enforcer": TEXT, **VERIFICATION, "notes": TEXT},
        "id",
        {"instrument_id", "jurisdiction_id", "position", "section", "heading", "summary", "topics", "status",
         "verification_status"},
        [("instrument_id", "instruments", "id"), ("jurisdiction_id", "jurisdictions", "id"),
         ("replaced_by", "provisions", "id")],
    ),
    Table(
        "provision_topics",
        {"provision_id": TEXT, "topic_id": TEXT},
        ("provision_id", "topic_id"),
        set(),
        [("provision_id", "provisions", "id"), ("topic_id", "topics", "id")],
    ),
    Table(
        "sources",
        {"id": INTEGER, "instrument_id": TEXT, "provision_id": TEXT, "url": TEXT, "title": TEXT,
         "publisher": TEXT, "kind": TEXT, "accessed_on": TEXT},
        "id",
        {"instrument_id", "url", "title", "kind", "accessed_on"},
        [("instrument_id", "instruments", "id"), ("provision_id", "provisions", "id")],
    ),
    Table(
        "amendments",
        {"id": INTEGER, "instrument_id": TEXT, "provision_id": TEXT, "amended_on": TEXT, "by": TEXT,
         "by_instrument": TEXT, "summary": TEXT},
        "id",
        {"instrument_id", "by", "summary"},
        [("instrument_id", "instruments", "id"), ("provision_id", "provisions", "id"),
         ("by_instrument", "instruments", "id")],
    ),
    Table(
        "codebook",
        {"id": TEXT, "position": INTEGER, "question": TEXT, "meaning": TEXT, "derivation": TEXT,
         "answer_type": TEXT},
        "id",
        {"position", "question", "meaning", "derivation", "answer_type"},
    ),
    Table("build_info", {"key": TEXT, "value": TEXT}, "key", {"value"}),
]


def create_tables(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db[table.name].create(
            table.columns, pk=table.pk, not_null=table.not_null, foreign_keys=table.foreign_keys
        )
