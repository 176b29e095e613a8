"""Build: every record round-trips into SQLite unchanged, and a failed build never damages the last good file."""

import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from scripts import build as build_stage
from scripts.build import BuildError, build
from scripts.load import load_tree

from .conftest import FIXTURES, LAWS, VALID_LAWS


def rows(db: Path, sql: str, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def as_bool(value):
    return None if value is None else bool(value)


def evidence(row):
    return {
        "status": row["verification_status"],
        "checked_on": row["verified_on"],
        "url": row["verified_url"],
        "notes": row["verification_notes"],
    }


def attached(db, table, instrument_id, provision_id, fields):
    where = "provision_id = ?" if provision_id else "provision_id IS NULL"
    params = (instrument_id, provision_id) if provision_id else (instrument_id,)
    found = rows(db, f"SELECT * FROM {table} WHERE instrument_id = ? AND {where} ORDER BY id", *params)
    return [{f: r[f] for f in fields} for r in found]


SOURCE_FIELDS = ["url", "title", "publisher", "kind", "accessed_on"]
AMENDMENT_FIELDS = ["amended_on", "by", "by_instrument", "summary"]


def instrument_from_db(db: Path, iid: str) -> dict:
    (inst,) = rows(db, "SELECT * FROM instruments WHERE id = ?", iid)
    provisions = []
    for p in rows(db, "SELECT * FROM provisions WHERE instrument_id = ? ORDER BY position", iid):
        topics = [r["topic_id"] for r in rows(db, "SELECT topic_id FROM provision_topics WHERE provision_id = ?", p["id"])]
        assert sorted(topics) == sorted(json.loads(p["topics"]))
        provisions.append(
            {
                "section": p["section"], "heading": p["heading"], "summary": p["summary"],
                "topics": json.loads(p["topics"]),
                "status": p["status"], "enacted_on": p["enacted_on"], "enacted_year": p["enacted_year"],
                "enacted_by": p["enacted_by"],
                "in_force_on": p["in_force_on"], "repealed_on": p["repealed_on"],
                "replaced_by": p["replaced_by"], "liability": p["liability"],
                **{k: as_bool(p[k]) for k in ["intent_to_harm_required", "covers_threats", "covers_synthetic",
                                              "covers_capture", "civil_remedy", "takedown_order"]},
                "platform_removal_hours": p["platform_removal_hours"],
                "max_imprisonment_months": p["max_imprisonment_months"],
                "max_fine": None if p["max_fine_currency"] is None else {
                    "amount": None if p["max_fine_amount"] is None else Decimal(str(p["max_fine_amount"])),
                    "currency": p["max_fine_currency"], "unlimited": bool(p["max_fine_unlimited"]),
                    "notes": p["max_fine_notes"],
                },
                "offense_class": p["offense_class"],
                "platform_duty": None if p["platform_requesters"] is None else {
                    "requesters": json.loads(p["platform_requesters"]),
                    "identical_copies": as_bool(p["platform_identical_copies"]),
                    "enforcer": p["platform_enforcer"],
                },
                "amendments": attached(db, "amendments", iid, p["id"], AMENDMENT_FIELDS),
                "sources": attached(db, "sources", iid, p["id"], SOURCE_FIELDS),
                "verification": evidence(p),
                "notes": p["notes"],
            }
        )
    return {
        **{k: inst[k] for k in ["title", "citation", "year", "kind", "status", "enacted_on", "in_force_on",
                                "repealed_on", "replaced_by", "url", "section_term", "notes"]},
        "amendments": attached(db, "amendments", iid, None, AMENDMENT_FIELDS),
        "sources": attached(db, "sources", iid, None, SOURCE_FIELDS),
        "provisions": provisions,
    }


def instrument_from_yaml(model) -> dict:
    """The record as the database should hold it: a provision's null status and dates are its instrument's."""
    data = model.model_dump(mode="json")
    for provision, source in zip(data["provisions"], model.provisions):
        provision.update(build_stage.effective(source, model))
        if source.max_fine is not None:
            provision["max_fine"]["amount"] = source.max_fine.amount
    return data


def jurisdiction_from_db(db: Path, jid: str) -> dict:
    (j,) = rows(db, "SELECT * FROM jurisdictions WHERE id = ?", jid)
    resources = [
        {
            **{k: r[k] for k in ["name", "kind", "url", "phone", "operator", "hours"]},
            "languages": json.loads(r["languages"]), "verification": evidence(r), "notes": r["notes"],
        }
        for r in rows(db, "SELECT * FROM resources WHERE jurisdiction_id = ? ORDER BY position", jid)
    ]
    return {
        "id": j["id"], "name": j["name"], "level": j["level"], "parent": j["parent_id"],
        "research": {"status": j["research_status"], "as_of": j["research_as_of"], "notes": j["research_notes"]},
        "resources": resources, "notes": j["notes"],
    }


def resource_order(data):
    keys = ["name", "kind", "url", "phone", "languages", "operator", "hours", "verification", "notes"]
    return {**data, "resources": [{k: r[k] for k in keys} for r in data["resources"]]}


@pytest.mark.parametrize("laws, db_fixture", [(VALID_LAWS, "fixture_db"), (LAWS, "real_db")], ids=["fixture", "real"])
def test_every_record_round_trips(laws, db_fixture, request):
    db = request.getfixturevalue(db_fixture)
    corpus = load_tree(laws)
    assert corpus.instruments and corpus.jurisdictions
    for iid, loaded in corpus.instruments.items():
        assert instrument_from_db(db, iid) == instrument_from_yaml(loaded.model), iid
    for jid, loaded in corpus.jurisdictions.items():
        assert jurisdiction_from_db(db, jid) == resource_order(loaded.model.model_dump(mode="json")), jid
    counts = rows(db, "SELECT (SELECT count(*) FROM instruments) i, (SELECT count(*) FROM jurisdictions) j")[0]
    assert counts == {"i": len(corpus.instruments), "j": len(corpus.jurisdictions)}


def test_foreign_keys_and_integrity(fixture_db, real_db):
    for db in (fixture_db, real_db):
        assert rows(db, "PRAGMA foreign_key_check") == []
        assert rows(db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    fks = {(r["from"], r["table"]) for r in rows(fixture_db, "PRAGMA foreign_key_list(provisions)")}
    assert fks == {("instrument_id", "instruments"), ("jurisdiction_id", "jurisdictions"), ("replaced_by", "provisions")}


def test_search_keeps_devanagari_and_gurmukhi_words_whole(fixture_db):
    for word in ["महिला", "ਪੰਜਾਬ"]:
        found = rows(fixture_db, "SELECT rowid FROM provisions_fts WHERE provisions_fts MATCH ?", word)
        assert len(found) == 1, word
    # A fragment of a word is not a word: the default tokenizer would have matched 'मह' here.
    assert rows(fixture_db, "SELECT rowid FROM provisions_fts WHERE provisions_fts MATCH ?", "मह") == []


def test_build_info_records_the_pinned_date(fixture_db):
    info = {r["key"]: r["value"] for r in rows(fixture_db, "SELECT * FROM build_info")}
    version = info.pop("data_version")
    assert info == {"built_on": "2026-11-25", "jurisdictions": "3", "instruments": "4", "provisions": "6"}
    assert re.fullmatch(r"2026-11-25\+[0-9a-f]{10}", version)


def test_data_version_changes_with_the_data_and_only_with_it(tmp_path):
    """Two builds of the same records share a version; changing one summary changes it."""
    import shutil

    first, second, changed = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    build(VALID_LAWS, first)
    build(VALID_LAWS, second)
    tree = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, tree)
    record = tree / "no" / "image-act-2020.yml"
    record.write_text(record.read_text().replace("summary: ", "summary: Changed. ", 1))
    assert build(tree, changed)[0].ok

    def version(db):
        return rows(db, "SELECT value FROM build_info WHERE key = 'data_version'")[0]["value"]

    assert version(first) == version(second) != version(changed)


def test_invalid_tree_leaves_previous_database_intact(tmp_path):
    out = tmp_path / "laws.db"
    corpus, _ = build(VALID_LAWS, out)
    assert corpus.ok
    before = out.read_bytes()
    corpus, _ = build(FIXTURES / "invalid" / "dangling-references" / "laws", out)
    assert not corpus.ok
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".records-cache") == ["laws.db"]


def test_failed_sanity_check_leaves_previous_database_intact(tmp_path, monkeypatch):
    out = tmp_path / "laws.db"
    build(VALID_LAWS, out)
    before = out.read_bytes()

    def broken_check(path, corpus):
        raise BuildError("simulated failure after writing")

    monkeypatch.setattr(build_stage, "check_database", broken_check)
    with pytest.raises(BuildError):
        build(VALID_LAWS, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".records-cache") == ["laws.db"]


def test_build_is_deterministic(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(VALID_LAWS, first)
    build(VALID_LAWS, second)
    dump = lambda db: list(sqlite3.connect(db).iterdump())  # noqa: E731
    assert dump(first) == dump(second)


def test_provision_not_yet_in_force_does_not_take_the_acts_start_date():
    corpus = load_tree(VALID_LAWS)
    instrument = corpus.instruments["gb/safety-act-2023"].model
    pending = instrument.provisions[1].model_copy(update={"in_force_on": None})
    assert build_stage.effective(pending, instrument) == {
        "status": "not_yet_in_force", "in_force_on": None, "repealed_on": None,
    }
    started = instrument.provisions[0]
    assert build_stage.effective(started.model_copy(update={"in_force_on": None}), instrument)["in_force_on"] == "2024-01-31"


def test_complete_research_with_an_unknown_answer_fails_the_build(tmp_path):
    """Norway's research is complete; leaving intent_to_harm_required unknown on its only NCII offence makes
    ncii_crime_without_intent unknown, which 'complete' cannot allow."""
    import shutil

    tree = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, tree)
    record = tree / "no" / "image-act-2020.yml"
    text = record.read_text()
    assert "    intent_to_harm_required: no\n" in text
    record.write_text(text.replace("    intent_to_harm_required: no\n", "    intent_to_harm_required: null\n", 1))
    out = tmp_path / "laws.db"
    with pytest.raises(BuildError, match=r"research is 'complete' but .* no: ncii_crime_without_intent"):
        build(tree, out)
    assert not out.exists()


def test_rebuild_parses_only_changed_files_and_writes_the_same_database(tmp_path):
    """The record cache: a rebuild with nothing changed parses nothing; one changed file is parsed alone; the
    database is the same bytes as a build from scratch."""
    import shutil

    tree = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, tree)
    out = tmp_path / "out" / "laws.db"
    first, _ = build(tree, out)
    assert first.ok and first.files_parsed == first.files_checked == 7
    again, _ = build(tree, out)
    assert again.files_parsed == 0
    record = tree / "no" / "image-act-2020.yml"
    record.write_text(record.read_text().replace("summary: ", "summary: Changed. ", 1))
    changed, _ = build(tree, out)
    assert changed.files_parsed == 1
    fresh = tmp_path / "fresh" / "laws.db"
    build(tree, fresh)
    assert out.read_bytes() == fresh.read_bytes()
    # A damaged cache entry is parsed again, never trusted.
    for entry in (out.parent / ".records-cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    damaged, _ = build(tree, out)
    assert damaged.ok and damaged.files_parsed == 7 and out.read_bytes() == fresh.read_bytes()


def test_an_error_is_reported_the_same_from_the_cache(tmp_path):
    import shutil

    tree = tmp_path / "laws"
    shutil.copytree(FIXTURES / "invalid" / "markup-in-text" / "laws", tree)
    out = tmp_path / "laws.db"
    first, _ = build(tree, out)
    second, _ = build(tree, out)
    assert second.files_parsed == 0 and [str(p) for p in second.errors] == [str(p) for p in first.errors] != []
