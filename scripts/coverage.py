"""Coverage report: for each committed wave of jurisdictions, what is in the database and how well it is checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schema.coverage import WAVES


def report(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    present = dict(conn.execute("SELECT id, research_status FROM jurisdictions").fetchall())
    lines = []
    for wave, ids in WAVES.items():
        missing = [j for j in ids if j not in present]
        marks = ",".join("?" * len(ids))
        provisions, verified = conn.execute(
            f"SELECT count(*), sum(verification_status = 'verified') FROM provisions WHERE jurisdiction_id IN ({marks})",
            ids,
        ).fetchone()
        resources, resources_verified = conn.execute(
            f"SELECT count(*), sum(verification_status = 'verified') FROM resources WHERE jurisdiction_id IN ({marks})",
            ids,
        ).fetchone()
        statuses = [present[j] for j in ids if j in present]
        unknown = conn.execute(
            f"SELECT count(*) FROM protection_answers WHERE answer = 'unknown' AND jurisdiction_id IN ({marks})", ids
        ).fetchone()[0]
        ncii = conn.execute(
            f"SELECT answer, count(*) FROM protection_answers WHERE question_id = 'ncii_crime' "
            f"AND jurisdiction_id IN ({marks}) GROUP BY answer ORDER BY answer", ids,
        ).fetchall()
        share = f"{verified / provisions:.0%}" if provisions else "n/a"
        lines += [
            f"{wave}: {len(ids) - len(missing)} of {len(ids)} jurisdictions"
            + (f" (missing: {', '.join(missing)})" if missing else ""),
            f"  research: {statuses.count('complete')} complete, {statuses.count('partial')} partial, "
            f"{statuses.count('not_started')} not started",
            f"  provisions: {provisions}, verified {verified or 0} ({share}); help resources: {resources}, "
            f"verified {resources_verified or 0}",
            f"  matrix: {unknown} of {len(statuses) * 12} answers unknown; NCII a crime: "
            + ", ".join(f"{answer} {n}" for answer, n in ncii),
        ]
    return "\n".join(lines)
