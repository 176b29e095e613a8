"""protection_matrix: yes / no / unknown, numbers, grounding ids, parent law, and 'no' only when complete."""

import json
import sqlite3

from scripts.codebook import QUESTION_IDS

YES_NO = {"yes", "no", "unknown"}


def answers(db, view="protection_answers"):
    conn = sqlite3.connect(db)
    try:
        return {
            (j, q): (a, json.loads(g))
            for j, q, a, g in conn.execute(f"SELECT jurisdiction_id, question_id, answer, grounds FROM {view}")
        }
    finally:
        conn.close()


def test_complete_national_jurisdiction(fixture_db):
    got = {q: a for (j, q), a in answers(fixture_db).items() if j == "no"}
    assert got == {
        "ncii_crime": ("yes", ["no/image-act-2020/1.10"]),
        "ncii_crime_without_intent": ("yes", ["no/image-act-2020/1.10"]),
        "threats_covered": ("yes", ["no/image-act-2020/1.10"]),
        "synthetic_covered": ("yes", ["no/image-act-2020/1.10"]),
        "capture_crime": ("yes", ["no/image-act-2020/2"]),  # 1.10 is coded covers_capture: off
        "max_prison_months": (24, ["no/image-act-2020/1.10"]),  # the repealed Act's 6 months no longer counts
        "civil_action": ("no", []),
        "takedown_order": ("no", []),
        "platform_removal_hours": ("no", []),
        "stalking_harassment_crime": ("no", []),
        "data_protection_law": ("no", []),
        "help_available": ("yes", ["no/fixture-helpline"]),
    }


def test_partial_jurisdiction_never_says_no_and_inherits_parent_law(fixture_db):
    got = {q: a for (j, q), a in answers(fixture_db).items() if j == "gb-eaw"}
    assert got == {
        "ncii_crime": ("unknown", []),
        "ncii_crime_without_intent": ("unknown", []),
        "threats_covered": ("unknown", []),
        "synthetic_covered": ("yes", ["gb/safety-act-2023/10"]),
        "capture_crime": ("unknown", []),
        "max_prison_months": ("unknown", []),
        "civil_action": ("unknown", []),
        "takedown_order": ("yes", ["gb/safety-act-2023/10"]),
        "platform_removal_hours": (48, ["gb/safety-act-2023/10"]),
        "stalking_harassment_crime": ("yes", ["gb-eaw/harassment-act-1997/2a"]),
        "data_protection_law": ("unknown", []),  # gb's erasure right is not yet in force
        "help_available": ("yes", ["gb-eaw/fixture-report-portal"]),
    }


def test_own_law_view_leaves_out_parent_law(fixture_db):
    own = answers(fixture_db, "protection_answers_own")
    assert own[("gb-eaw", "platform_removal_hours")] == ("unknown", [])
    assert own[("gb-eaw", "synthetic_covered")] == ("unknown", [])
    assert own[("gb", "platform_removal_hours")] == (48, ["gb/safety-act-2023/10"])


def test_not_yet_in_force_law_does_not_count(fixture_db):
    assert answers(fixture_db)[("gb", "data_protection_law")] == ("no", [])


def test_matrix_is_one_row_per_jurisdiction_with_every_question(fixture_db, real_db):
    for db in (fixture_db, real_db):
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        matrix = [dict(r) for r in conn.execute("SELECT * FROM protection_matrix")]
        ids = [r[0] for r in conn.execute("SELECT id FROM jurisdictions ORDER BY id")]
        assert [r["jurisdiction_id"] for r in matrix] == ids
        for row in matrix:
            for q in QUESTION_IDS:
                value = row[q]
                assert value in YES_NO or isinstance(value, int), (row["jurisdiction_id"], q, value)
                grounds = json.loads(row[f"{q}_grounds"])
                assert (value not in ("no", "unknown")) == bool(grounds), (row["jurisdiction_id"], q)
                if value == "no":
                    assert row["research_status"] == "complete"
