"""The reader pages (/j, /compare, /map, /timeline) and their JSON, through Datasette's own test client."""

from __future__ import annotations

import re

import pytest

from scripts import geo


async def get(client, path: str, status: int = 200):
    response = await client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    return response


@pytest.mark.asyncio
async def test_profile_json_answers_and_groups(ds_client):
    data = (await get(ds_client, "/j/gb-eaw.json")).json()
    assert data["jurisdiction"]["id"] == "gb-eaw"
    assert [s["id"] for s in data["scope"]] == ["gb-eaw", "gb"]
    answers = {a["question_id"]: a["answer"] for a in data["answers"]}
    assert answers == {
        "ncii_crime": "unknown", "ncii_crime_without_intent": "unknown", "threats_covered": "unknown",
        "synthetic_covered": "yes", "capture_crime": "unknown", "max_prison_months": "unknown",
        "civil_action": "unknown", "takedown_order": "yes", "platform_removal_hours": "48",
        "stalking_harassment_crime": "yes", "data_protection_law": "unknown", "help_available": "yes",
    }
    assert len(data["unknown_questions"]) == 7
    # Its own law alone: the UK-wide platform duty does not count.
    own = {a["question_id"]: a["own_answer"] for a in data["answers"]}
    assert own["synthetic_covered"] == "unknown" and own["stalking_harassment_crime"] == "yes"
    groups = {g["id"]: [p["id"] for p in g["provisions"]] for g in data["groups"]}
    # Own law first, then the parent's; the not-yet-in-force UK duty is history, not a current remedy.
    assert groups == {
        "crimes": ["gb-eaw/harassment-act-1997/2a"],
        "remedies": ["gb/safety-act-2023/10"],
        "other": [],
        "history": ["gb/safety-act-2023/11"],
    }
    assert [r["id"] for r in data["resources"]] == ["gb-eaw/fixture-report-portal"]


@pytest.mark.asyncio
async def test_profile_page_says_unknown_plainly_and_links_down(ds_client):
    html = (await get(ds_client, "/j/gb-eaw")).text
    assert "If intimate images of you are shared, faked or used to threaten you in England and Wales (fixture)" in html
    assert "7 of 12 questions below are answered" in html
    assert "not that there is no law" in html
    assert 'id="quick-exit"' in html
    # Each law links to its row page (tilde-encoded id) and its official text; answers link to the laws.
    assert 'href="/laws/provisions/gb-eaw~2Fharassment-act-1997~2F2a"' in html
    assert 'href="#p-gb-safety-act-2023-10"' in html and 'id="p-gb-safety-act-2023-10"' in html
    assert "Not legal advice" in html


@pytest.mark.asyncio
async def test_complete_profile_says_no_only_where_research_is_complete(ds_client):
    data = (await get(ds_client, "/j/no.json")).json()
    says = {a["question_id"]: a["says"] for a in data["answers"]}
    assert says["civil_action"] == "No: our research found no such law."
    assert says["max_prison_months"] == "Up to 2 years."
    assert data["unknown_questions"] == []
    html = (await get(ds_client, "/j/no")).text
    assert "Our research here is" not in html


@pytest.mark.asyncio
async def test_unknown_place_is_404(ds_client):
    await get(ds_client, "/j/zz", 404)
    await get(ds_client, "/j/zz.json", 404)


@pytest.mark.asyncio
async def test_directory_and_picker_redirect(ds_client):
    data = (await get(ds_client, "/j.json")).json()
    assert [j["id"] for j in data["jurisdictions"]] == ["gb-eaw", "no", "gb"]  # by name
    response = await ds_client.get("/j?id=no")
    assert response.status_code == 302 and response.headers["location"] == "/j/no"


@pytest.mark.asyncio
async def test_compare_marks_differences_and_links_grounds(ds_client):
    data = (await get(ds_client, "/compare.json?j=no&j=gb-eaw")).json()
    comparison = data["comparison"]
    assert [j["id"] for j in comparison["jurisdictions"]] == ["no", "gb-eaw"]
    rows = {r["question_id"]: r for r in comparison["rows"]}
    assert rows["synthetic_covered"]["differs"] is False
    assert rows["ncii_crime"]["differs"] is True
    assert [c["answer"] for c in rows["ncii_crime"]["cells"]] == ["yes", "unknown"]
    assert rows["ncii_crime"]["cells"][0]["grounds"] == [
        {"id": "no/image-act-2020/1.10", "anchor": "p-no-image-act-2020-1-10", "label": "image-act-2020/1.10",
         "url": "/j/no#p-no-image-act-2020-1-10"}
    ]
    assert comparison["differences"] == sum(r["differs"] for r in comparison["rows"]) == 10
    html = (await get(ds_client, "/compare?j=no&j=gb-eaw")).text
    assert html.count('class="differs"') == 10


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query, problem",
    [
        ("j=no", "Pick at least two places to compare."),
        ("j=no&j=xx", "Not in the database: xx."),
        ("j=no&j=gb&j=gb-eaw&j=no&j=de&j=fr", "Not in the database: de, fr."),
    ],
)
async def test_compare_rejects_bad_picks(ds_client, query, problem):
    assert problem in (await get(ds_client, f"/compare?{query}")).text
    assert (await get(ds_client, f"/compare.json?{query}", 400)).json()["problem"] == problem


@pytest.mark.asyncio
async def test_compare_with_no_places_shows_the_picker(ds_client):
    html = (await get(ds_client, "/compare")).text
    assert html.count('type="checkbox" name="j"') == 3


@pytest.mark.asyncio
async def test_map_json_and_svg(ds_client):
    data = (await get(ds_client, "/map.json?q=ncii_crime")).json()
    assert {a["id"]: a["band"] for a in data["answers"]} == {"gb-eaw": "unknown", "no": "yes", "gb": "no"}
    html = (await get(ds_client, "/map?q=ncii_crime")).text
    # Norway and the UK are drawn and linked; England and Wales (not a country shape) is a tile.
    assert re.search(r'<a href="/j/no" class="place" data-id="no"[^>]*><path d="M[^"]+" class="answer-yes"', html)
    assert re.search(r'<a href="/j/gb" class="place" data-id="gb"[^>]*><path d="M[^"]+" class="answer-no"', html)
    assert 'class="place tile answer-unknown" data-id="gb-eaw"' in html
    # Unknown is drawn hatched, never in the colour of "no".
    assert "England and Wales (fixture): unknown" in html
    await get(ds_client, "/map?q=nonsense", 404)


@pytest.mark.asyncio
async def test_map_numbers_are_banded(ds_client):
    data = (await get(ds_client, "/map.json?q=max_prison_months")).json()
    assert {a["id"]: (a["answer"], a["band"]) for a in data["answers"]} == {
        "gb-eaw": ("unknown", "unknown"), "no": ("24", "mid"), "gb": ("no", "no")}


def test_map_shapes_cover_the_world_and_the_states():
    world, states = geo.world_map(), geo.us_map()
    world_ids = {s.jurisdiction_id for s in world.shapes}
    assert {"in", "pk", "gb", "ca", "au", "nz", "bd", "np", "lk", "za", "ng"} <= world_ids
    assert "aq" not in world_ids  # Antarctica is left out
    assert len({s.jurisdiction_id for s in states.shapes}) == 51  # 50 states and DC
    assert {"us-ca", "us-dc", "us-tx"} <= {s.jurisdiction_id for s in states.shapes}
    for shape in world.shapes + states.shapes:
        assert re.fullmatch(r"(M[-0-9.,L]+Z)+", shape.path), shape.name


@pytest.mark.asyncio
async def test_timeline_counts_first_laws_including_repealed(ds_client):
    data = (await get(ds_client, "/timeline.json")).json()
    assert data["years"][0] == 2009 and data["years"][-1] == 2025
    ncii = next(s for s in data["series"] if s["question_id"] == "ncii_crime")
    # Norway's first NCII law is the repealed 2010 Act, dated by its enactment (2009-12-11).
    assert [(p["year"], p["cumulative"]) for p in ncii["points"] if p["new"]] == [(2009, 1)]
    synthetic = next(s for s in data["series"] if s["question_id"] == "synthetic_covered")
    assert [(p["year"], [n["id"] for n in p["new"]]) for p in synthetic["points"] if p["new"]] == [
        (2020, ["no"]), (2025, ["gb"])]
    region = (await get(ds_client, "/timeline.json?region=gb")).json()
    assert region["members"] == 1
    await get(ds_client, "/timeline.json?region=nowhere", 404)
    html = (await get(ds_client, "/timeline")).text
    assert '<svg class="chart"' in html and "Norway (fixture)" in html


@pytest.mark.asyncio
async def test_history_of_one_place(ds_client):
    data = (await get(ds_client, "/timeline.json?j=no")).json()
    assert [(p["id"], p["status"]) for p in data["provisions"]] == [
        ("no/old-image-act-2010/5", "repealed"), ("no/image-act-2020/1.10", "in_force"), ("no/image-act-2020/2", "in_force")]
    assert data["first_year"] == 2009
    html = (await get(ds_client, "/timeline?j=no")).text
    assert "2020-03-01: repealed; replaced by no/image-act-2020/1.10" in html


@pytest.mark.asyncio
async def test_front_page_leads_to_every_view(ds_client):
    html = (await get(ds_client, "/")).text
    for href in ['href="/j"', 'href="/compare?', 'href="/map"', 'href="/timeline"', 'action="/laws/provisions"',
                 'href="/laws/protection_matrix"']:
        assert href in html, href
    assert 'id="quick-exit"' in html and "Not legal advice." in html
    assert '<option value="no">Norway (fixture)</option>' in html


@pytest.mark.asyncio
async def test_every_real_profile_renders(real_client, real_db):
    import sqlite3

    ids = [r[0] for r in sqlite3.connect(real_db).execute("SELECT id FROM jurisdictions")]
    for jid in ids:
        html = (await get(real_client, f"/j/{jid}")).text
        assert "If intimate images of you are shared" in html
    for path in ["/map", "/timeline", "/timeline?region=us", "/compare?j=in&j=pk&j=gb-eaw"]:
        await get(real_client, path)


@pytest.mark.asyncio
async def test_compare_and_map_can_show_own_law_only(ds_client):
    both = (await get(ds_client, "/compare.json?j=gb-eaw&j=no&own=1")).json()["comparison"]
    assert both["own_law_only"] is True
    synthetic = next(r for r in both["rows"] if r["question_id"] == "synthetic_covered")
    # England and Wales's own law does not reach deepfakes; with UK-wide law it does (the platform duty).
    assert [c["answer"] for c in synthetic["cells"]] == ["unknown", "yes"] and synthetic["differs"]
    assert synthetic["cells"][0]["grounds"] == []
    mapped = (await get(ds_client, "/map.json?q=synthetic_covered&own=1")).json()
    assert {a["id"]: a["answer"] for a in mapped["answers"]}["gb-eaw"] == "unknown"
    assert {a["id"]: a["answer"] for a in (await get(ds_client, "/map.json?q=synthetic_covered")).json()["answers"]}[
        "gb-eaw"] == "yes"
    assert "Own law only" in (await get(ds_client, "/map?q=synthetic_covered&own=1")).text
