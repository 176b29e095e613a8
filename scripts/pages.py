"""The data behind the reader-facing pages (profile, compare, map, timeline), read from the built database.

Each function takes a read-only sqlite3 connection and returns plain JSON-ready dicts: the same dict is the
page's `.json` form and the context its template renders, so the two cannot disagree.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

import pycountry
from datasette.utils import tilde_encode

from .codebook import MILESTONES

IMAGE_ABUSE = {"intimate_image_sharing", "voyeurism", "threat_to_share", "synthetic_media"}
REMEDY_TOPICS = {"platform_duty"}
# Colour bands for numeric answers (months of prison, hours to remove): low, middle, high.
NUMBER_BANDS = {"max_prison_months": (12, 36), "platform_removal_hours": (24, 48)}
TIMELINE_QUESTIONS = ["ncii_crime", "threats_covered", "synthetic_covered"]
UNKNOWN_WORDS = (
    "Not known yet: our research has not settled this. It does not mean there is no such law."
)


class NotFound(Exception):
    pass


def rows(conn: sqlite3.Connection, sql: str, *params) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def anchor(provision_id: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", provision_id.lower()).strip("-")


def row_url(table: str, pk: str) -> str:
    return f"/laws/{table}/{tilde_encode(pk)}"


def language_names(codes: list[str]) -> list[str]:
    names = []
    for code in codes:
        language = pycountry.languages.get(alpha_2=code)
        names.append(language.name if language else code)
    return names


def months_text(months: int | None) -> str | None:
    if months is None:
        return None
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{months} month" + ("s" if months != 1 else "")


def penalty_text(p: dict) -> str | None:
    parts = []
    if p["max_imprisonment_months"] is not None:
        parts.append(f"up to {months_text(p['max_imprisonment_months'])} in prison")
    if p["max_fine_unlimited"]:
        parts.append("an unlimited fine")
    elif p["max_fine_amount"] is not None:
        parts.append(f"a fine of up to {p['max_fine_amount']:,.0f} {p['max_fine_currency']}")
    text = " and/or ".join(parts)
    if p["offense_class"]:
        text = f"{text} ({p['offense_class']})" if text else p["offense_class"]
    return text or None


def jurisdiction(conn: sqlite3.Connection, jid: str) -> dict:
    found = rows(conn, "SELECT * FROM jurisdictions WHERE id = ?", jid)
    if not found:
        raise NotFound(jid)
    j = found[0]
    return {k: j[k] for k in ("id", "name", "level", "parent_id", "research_status", "research_as_of",
                              "research_notes")}


def scope(conn: sqlite3.Connection, jid: str) -> list[dict]:
    return rows(
        conn,
        "SELECT j.id, j.name, s.depth, j.research_status FROM jurisdiction_scope s "
        "JOIN jurisdictions j ON j.id = s.law_jurisdiction_id WHERE s.jurisdiction_id = ? ORDER BY s.depth",
        jid,
    )


def questions(conn: sqlite3.Connection) -> list[dict]:
    return rows(conn, "SELECT id, position, question, meaning, answer_type FROM codebook ORDER BY position")


def answers(conn: sqlite3.Connection, jid: str) -> list[dict]:
    found = rows(
        conn,
        "SELECT c.id AS question_id, c.question, c.meaning, c.answer_type, a.answer, a.grounds, o.answer AS own_answer "
        "FROM codebook c JOIN protection_answers a ON a.question_id = c.id AND a.jurisdiction_id = ? "
        "JOIN protection_answers_own o ON o.question_id = c.id AND o.jurisdiction_id = a.jurisdiction_id "
        "ORDER BY c.position",
        jid,
    )
    for a in found:
        a["grounds"] = [{"id": g, "anchor": anchor(g), "label": g.split("/", 1)[-1]} for g in json.loads(a["grounds"])]
        a["answer"] = answer_text(a["answer"])
        a["own_answer"] = answer_text(a["own_answer"])
        a["band"] = band(a["question_id"], a["answer"])
        a["own_band"] = band(a["question_id"], a["own_answer"])
        a["says"] = says(a)
    return found


def answer_text(value) -> str:
    return str(value) if value is not None else "unknown"


def band(question_id: str, answer: str) -> str:
    """A CSS-safe class for an answer: yes / no / unknown, or low / mid / high for a number."""
    if answer in ("yes", "no", "unknown"):
        return answer
    low, high = NUMBER_BANDS.get(question_id, (0, 0))
    number = int(answer)
    return "low" if number <= low else "mid" if number <= high else "high"


def says(a: dict) -> str:
    """The answer in words a person would use."""
    answer, qid = a["answer"], a["question_id"]
    if answer == "unknown":
        return UNKNOWN_WORDS
    if answer == "no":
        return "No: our research found no such law."
    if qid == "max_prison_months":
        return f"Up to {months_text(int(answer))}."
    if qid == "platform_removal_hours":
        return f"{answer} hours after being notified."
    return "Yes."


def provision_dicts(conn: sqlite3.Connection, where: str, *params) -> list[dict]:
    found = rows(
        conn,
        "SELECT p.*, i.title AS instrument_title, i.url AS instrument_url, j.name AS jurisdiction_name "
        f"FROM provisions p JOIN instruments i ON i.id = p.instrument_id JOIN jurisdictions j ON j.id = p.jurisdiction_id "
        f"WHERE {where}",
        *params,
    )
    if not found:
        return []
    ids = [p["id"] for p in found]
    instrument_ids = sorted({p["instrument_id"] for p in found})
    primary: dict[str, str] = {}
    for s in rows(
        conn,
        f"SELECT instrument_id, provision_id, url FROM sources WHERE kind = 'primary' AND instrument_id IN "
        f"({','.join('?' * len(instrument_ids))}) ORDER BY id",
        *instrument_ids,
    ):
        key = s["provision_id"] or s["instrument_id"]
        primary.setdefault(key, s["url"])
    amendments: dict[str, list] = {}
    for a in rows(
        conn,
        f"SELECT provision_id, amended_on, by, summary FROM amendments WHERE provision_id IN ({','.join('?' * len(ids))}) "
        "ORDER BY amended_on",
        *ids,
    ):
        amendments.setdefault(a["provision_id"], []).append({k: a[k] for k in ("amended_on", "by", "summary")})
    out = []
    for p in found:
        topics = json.loads(p["topics"])
        out.append(
            {
                "id": p["id"],
                "anchor": anchor(p["id"]),
                "row_url": row_url("provisions", p["id"]),
                "official_url": primary.get(p["id"]) or primary.get(p["instrument_id"]) or p["instrument_url"],
                "jurisdiction_id": p["jurisdiction_id"],
                "jurisdiction_name": p["jurisdiction_name"],
                "instrument_id": p["instrument_id"],
                "instrument_title": p["instrument_title"],
                "section": p["section"],
                "heading": p["heading"],
                "summary": p["summary"],
                "topics": topics,
                "status": p["status"],
                "enacted_on": p["enacted_on"],
                "enacted_by": p["enacted_by"],
                "in_force_on": p["in_force_on"],
                "repealed_on": p["repealed_on"],
                "replaced_by": p["replaced_by"],
                "replaced_by_anchor": anchor(p["replaced_by"]) if p["replaced_by"] else None,
                "liability": p["liability"],
                "civil_remedy": p["civil_remedy"],
                "takedown_order": p["takedown_order"],
                "platform_removal_hours": p["platform_removal_hours"],
                "penalty": penalty_text(p) if p["liability"] == "criminal" else None,
                "max_imprisonment_months": p["max_imprisonment_months"],
                "verification_status": p["verification_status"],
                "verified_on": p["verified_on"],
                "amendments": amendments.get(p["id"], []),
                "group": group_of(p, topics),
            }
        )
    return out


def group_of(p: dict, topics: list[str]) -> str:
    if p["status"] != "in_force":
        return "history"
    if p["liability"] == "criminal":
        return "crimes"
    if p["civil_remedy"] or p["takedown_order"] or REMEDY_TOPICS & set(topics) or p["liability"] in ("civil", "administrative"):
        return "remedies"
    return "other"


GROUPS = [
    ("crimes", "Crimes", "Offences the police can investigate and courts can punish."),
    ("remedies", "Suing, court orders and takedown", "Ways to claim compensation or get the images removed."),
    ("other", "Other rights", "Privacy, data-protection and other rights that can help."),
    ("history", "Past and coming law", "Repealed or struck-down laws, and laws passed but not yet in force."),
]


def resources(conn: sqlite3.Connection, jid: str) -> list[dict]:
    found = rows(
        conn,
        "SELECT r.*, j.name AS jurisdiction_name, s.depth FROM resources r "
        "JOIN jurisdiction_scope s ON s.law_jurisdiction_id = r.jurisdiction_id "
        "JOIN jurisdictions j ON j.id = r.jurisdiction_id WHERE s.jurisdiction_id = ? ORDER BY s.depth, r.position",
        jid,
    )
    out = []
    for r in found:
        codes = json.loads(r["languages"])
        out.append(
            {
                "id": r["id"], "anchor": anchor(r["id"]), "name": r["name"], "kind": r["kind"], "url": r["url"], "phone": r["phone"],
                "languages": codes, "language_names": language_names(codes), "operator": r["operator"],
                "hours": r["hours"], "jurisdiction_id": r["jurisdiction_id"],
                "jurisdiction_name": r["jurisdiction_name"], "verification_status": r["verification_status"],
                "verified_on": r["verified_on"], "row_url": row_url("resources", r["id"]), "notes": r["notes"],
            }
        )
    return out


def profile(conn: sqlite3.Connection, jid: str) -> dict:
    j = jurisdiction(conn, jid)
    chain = scope(conn, jid)
    laws = provision_dicts(
        conn,
        "p.jurisdiction_id IN (SELECT law_jurisdiction_id FROM jurisdiction_scope WHERE jurisdiction_id = ?) "
        "ORDER BY (SELECT depth FROM jurisdiction_scope s WHERE s.jurisdiction_id = ? "
        "AND s.law_jurisdiction_id = p.jurisdiction_id), i.title, p.position",
        jid, jid,
    )
    own = [p for p in laws if p["jurisdiction_id"] == jid]
    checked = [p["verified_on"] for p in laws if p["verified_on"]]
    found_answers = answers(conn, jid)
    return {
        "jurisdiction": j,
        "scope": chain,
        "children": rows(conn, "SELECT id, name, research_status FROM jurisdictions WHERE parent_id = ? ORDER BY name", jid),
        "answers": found_answers,
        "unknown_questions": [a["question"] for a in found_answers if a["answer"] == "unknown"],
        "groups": [
            {"id": gid, "title": title, "blurb": blurb, "provisions": [p for p in laws if p["group"] == gid]}
            for gid, title, blurb in GROUPS
        ],
        "resources": resources(conn, jid),
        "verification": {
            "provisions": len(laws),
            "verified": sum(p["verification_status"] == "verified" for p in laws),
            "own_provisions": len(own),
            "own_verified": sum(p["verification_status"] == "verified" for p in own),
            "last_checked": max(checked) if checked else None,
        },
    }


def jurisdiction_list(conn: sqlite3.Connection) -> list[dict]:
    return rows(conn, "SELECT id, name, level, parent_id, research_status FROM jurisdictions ORDER BY name")


def compare(conn: sqlite3.Connection, ids: list[str], own: bool = False) -> dict:
    """Answers side by side; with `own`, each place's own law alone (what a state itself enacted)."""
    places = [jurisdiction(conn, jid) for jid in ids]
    table = []
    by_place = {p["id"]: {a["question_id"]: a for a in answers(conn, p["id"])} for p in places}
    for q in questions(conn):
        cells = [by_place[p["id"]][q["id"]] for p in places]
        if own:
            cells = [{**c, "answer": c["own_answer"], "band": c["own_band"], "grounds": [
                g for g in c["grounds"] if g["id"].split("/", 1)[0] == p["id"]]} for p, c in zip(places, cells)]
        table.append(
            {
                "question_id": q["id"],
                "question": q["question"],
                "differs": len({c["answer"] for c in cells}) > 1,
                "cells": [
                    {"jurisdiction_id": p["id"], "answer": c["answer"], "band": c["band"], "grounds": [
                        {**g, "url": f"/j/{p['id']}#{g['anchor']}"} for g in c["grounds"]
                    ]}
                    for p, c in zip(places, cells)
                ],
            }
        )
    return {"jurisdictions": places, "own_law_only": own, "rows": table,
            "differences": sum(r["differs"] for r in table)}


def map_data(conn: sqlite3.Connection, question_id: str, own: bool = False) -> dict:
    qs = questions(conn)
    chosen = next((q for q in qs if q["id"] == question_id), None)
    if chosen is None:
        raise NotFound(question_id)
    found = rows(
        conn,
        "SELECT j.id, j.name, j.level, j.parent_id, j.research_status, a.answer FROM jurisdictions j "
        f"JOIN {'protection_answers_own' if own else 'protection_answers'} a "
        "ON a.jurisdiction_id = j.id AND a.question_id = ? ORDER BY j.name",
        question_id,
    )
    for f in found:
        f["answer"] = answer_text(f["answer"])
        f["band"] = band(question_id, f["answer"])
    return {"question": chosen, "questions": qs, "own_law_only": own, "answers": found,
            "bands": NUMBER_BANDS.get(question_id)}


def timeline(conn: sqlite3.Connection, region: str) -> dict:
    """Cumulative count, by year, of jurisdictions whose own law first answered each milestone question yes."""
    regions = region_options(conn)
    if region not in {r["id"] for r in regions}:
        raise NotFound(region)
    members = region_members(conn, region)
    placeholders = ",".join("?" * len(members)) or "NULL"
    firsts = rows(
        conn,
        f"SELECT f.*, j.name FROM first_laws f JOIN jurisdictions j ON j.id = f.jurisdiction_id "
        f"WHERE f.jurisdiction_id IN ({placeholders}) ORDER BY f.first_on IS NULL, f.first_on, j.name",
        *members,
    )
    series = []
    years = [f["first_year"] for f in firsts if f["first_year"] and f["question_id"] in TIMELINE_QUESTIONS]
    span = list(range(min(years), max(years) + 1)) if years else []
    qs = {q["id"]: q for q in questions(conn)}
    for qid in TIMELINE_QUESTIONS:
        mine = [f for f in firsts if f["question_id"] == qid]
        dated = [f for f in mine if f["first_year"]]
        running, points = 0, []
        for year in span:
            new = [f for f in dated if f["first_year"] == year]
            running += len(new)
            points.append({"year": year, "new": [{"id": f["jurisdiction_id"], "name": f["name"]} for f in new],
                           "cumulative": running})
        series.append(
            {
                "question_id": qid,
                "question": qs[qid]["question"],
                "points": points,
                "undated": [{"id": f["jurisdiction_id"], "name": f["name"]} for f in mine if not f["first_year"]],
                "total": len(mine),
            }
        )
    firsts_by_place: dict[str, dict] = {}
    for f in firsts:
        firsts_by_place.setdefault(f["jurisdiction_id"], {"id": f["jurisdiction_id"], "name": f["name"]})[
            f["question_id"]] = {"first_on": f["first_on"], "provision_id": f["provision_id"]}
    return {
        "region": region,
        "regions": regions,
        "members": len(members),
        "years": span,
        "series": series,
        "milestones": MILESTONES,
        "places": sorted(firsts_by_place.values(), key=lambda p: p["name"]),
    }


def region_options(conn: sqlite3.Connection) -> list[dict]:
    options = [{"id": "all", "name": "All places"}, {"id": "national", "name": "Countries (and the EU)"}]
    for parent in rows(
        conn,
        "SELECT p.id, p.name, count(*) AS n FROM jurisdictions c JOIN jurisdictions p ON p.id = c.parent_id "
        "GROUP BY p.id ORDER BY p.name",
    ):
        options.append({"id": parent["id"], "name": f"{parent['name']}: its {parent['n']} sub-national places"})
    return options


def region_members(conn: sqlite3.Connection, region: str) -> list[str]:
    if region == "all":
        return [r["id"] for r in rows(conn, "SELECT id FROM jurisdictions")]
    if region == "national":
        return [r["id"] for r in rows(conn, "SELECT id FROM jurisdictions WHERE level != 'subnational'")]
    return [r["id"] for r in rows(conn, "SELECT id FROM jurisdictions WHERE parent_id = ?", region)]


def history(conn: sqlite3.Connection, jid: str) -> dict:
    """One jurisdiction's own laws over time: when each provision began, was amended and ended."""
    j = jurisdiction(conn, jid)
    laws = provision_dicts(conn, "p.jurisdiction_id = ? ORDER BY coalesce(p.enacted_on, p.in_force_on), i.title, p.position", jid)
    dates = [d for p in laws for d in (p["enacted_on"], p["in_force_on"], p["repealed_on"]) if d]
    dates += [a["amended_on"] for p in laws for a in p["amendments"] if a["amended_on"]]
    first = min(dates)[:4] if dates else None
    return {"jurisdiction": j, "provisions": laws, "first_year": int(first) if first else None}
