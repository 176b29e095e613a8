"""The jurisdictions the project committed to (schema/coverage.py) are all in the real database, researched,
cited, and answered wherever research is complete."""

from __future__ import annotations

import sqlite3

import pytest

from schema.coverage import US_DC_AND_TERRITORIES, US_STATES, WAVES


def rows(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(sql, params)]


@pytest.mark.parametrize("wave", list(WAVES))
def test_every_committed_jurisdiction_is_present_and_researched(real_db, wave):
    found = {r["id"]: r["research_status"] for r in rows(real_db, "SELECT id, research_status FROM jurisdictions")}
    missing = [j for j in WAVES[wave] if j not in found]
    assert missing == [], f"{wave}: missing {missing}"
    assert [j for j in WAVES[wave] if found[j] not in ("partial", "complete")] == []


def test_all_56_us_states_dc_and_territories(real_db):
    listed = rows(real_db, "SELECT id FROM jurisdictions WHERE parent_id = 'us'")
    assert len(US_STATES) + len(US_DC_AND_TERRITORIES) == 56
    assert {r["id"] for r in listed} >= set(US_STATES + US_DC_AND_TERRITORIES)
    # The timeline advocates cite: every one of the 56 has a row, dated where the data allows.
    from scripts.serve import METADATA
    import yaml

    sql = yaml.safe_load(METADATA.read_text())["databases"]["laws"]["queries"]["first_ncii_laws"]["sql"]
    timeline = rows(real_db, sql.replace(":parent", "?"), "us", "us")
    assert {r["jurisdiction_id"] for r in timeline} == {r["id"] for r in listed}
    dated = [r["first_on"] for r in timeline if r["first_on"]]
    assert dated == sorted(dated) and len(dated) >= 40


def test_every_provision_cites_a_primary_source(real_db):
    uncited = rows(
        real_db,
        "SELECT p.id FROM provisions p WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.kind = 'primary' AND "
        "(s.provision_id = p.id OR (s.instrument_id = p.instrument_id AND s.provision_id IS NULL)))",
    )
    assert uncited == []


def test_complete_jurisdictions_answer_every_question(real_db):
    """Where research is complete (for a place and those above it), no codebook answer may be unknown."""
    unanswered = rows(
        real_db,
        "SELECT a.jurisdiction_id, a.question_id FROM protection_answers a WHERE a.answer = 'unknown' AND NOT EXISTS "
        "(SELECT 1 FROM jurisdiction_scope s JOIN jurisdictions k ON k.id = s.law_jurisdiction_id "
        "WHERE s.jurisdiction_id = a.jurisdiction_id AND k.research_status != 'complete')",
    )
    assert unanswered == []
