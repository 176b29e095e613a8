"""The published Datasette: pages, JSON API, facets, search and canned queries answer with the right rows."""

import sqlite3

import pytest
import yaml
from datasette.utils import tilde_encode

from scripts.codebook import QUESTIONS
from scripts.serve import METADATA


async def get_json(client, path):
    response = await client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.mark.asyncio
async def test_front_page_says_not_legal_advice(ds_client):
    response = await ds_client.get("/")
    assert response.status_code == 200
    assert "not legal advice" in response.text.lower()
    assert "Privacy, Harassment &amp; Image-Abuse Laws" in response.text


@pytest.mark.asyncio
async def test_table_pages_render(ds_client):
    for table in ["jurisdictions", "instruments", "provisions", "resources", "sources", "codebook",
                  "protection_matrix", "topics", "amendments"]:
        response = await ds_client.get(f"/laws/{table}")
        assert response.status_code == 200, table
        assert "Not legal advice" in response.text


@pytest.mark.asyncio
async def test_row_json_and_label_columns(ds_client):
    data = await get_json(ds_client, "/laws/provisions/no~2Fimage-act-2020~2F1.10.json?_shape=objects")
    assert [r["heading"] for r in data["rows"]] == ["Sharing intimate images without consent"]
    (row,) = await get_json(ds_client, "/laws/provisions.json?id=no/image-act-2020/1.10&_labels=on&_shape=array")
    assert row["section"] == "1.10"
    assert row["instrument_id"] == {"value": "no/image-act-2020", "label": "Fixture Image Act 2020"}
    assert row["jurisdiction_id"] == {"value": "no", "label": "Norway (fixture)"}
    assert row["covers_synthetic"] == 1 and row["intent_to_harm_required"] == 0 and row["takedown_order"] is None


@pytest.mark.asyncio
async def test_facets(ds_client):
    data = await get_json(ds_client, "/laws/provisions.json?_facet=liability&_facet_array=topics")
    liability = {f["value"]: f["count"] for f in data["facet_results"]["liability"]["results"]}
    assert liability == {"criminal": 4, "administrative": 2}
    topics = {f["value"]: f["count"] for f in data["facet_results"]["topics"]["results"]}
    assert topics["intimate_image_sharing"] == 3 and topics["voyeurism"] == 1
    filtered = await get_json(ds_client, "/laws/provisions.json?topics__arraycontains=voyeurism&_shape=array")
    assert [r["id"] for r in filtered] == ["no/image-act-2020/2"]


@pytest.mark.asyncio
async def test_full_text_search(ds_client):
    rows = await get_json(ds_client, "/laws/provisions.json?_search=stalking&_shape=array")
    assert [r["id"] for r in rows] == ["gb-eaw/harassment-act-1997/2a"]
    rows = await get_json(ds_client, "/laws/provisions.json?_search=ਪੰਜਾਬ&_shape=array")
    assert [r["id"] for r in rows] == ["no/image-act-2020/1.10"]
    rows = await get_json(ds_client, "/laws/instruments.json?_search=Harassment&_shape=array")
    assert [r["id"] for r in rows] == ["gb-eaw/harassment-act-1997"]


@pytest.mark.asyncio
async def test_compare_query(ds_client):
    rows = await get_json(ds_client, "/laws/compare.json?j1=no&j2=gb-eaw&j3=&j4=&_shape=array")
    assert [r["question_id"] for r in rows] == [q.id for q in QUESTIONS]
    by_id = {r["question_id"]: r for r in rows}
    assert (by_id["ncii_crime"]["j1"], by_id["ncii_crime"]["j2"], by_id["ncii_crime"]["differs"]) == ("yes", "unknown", 1)
    assert (by_id["synthetic_covered"]["j1"], by_id["synthetic_covered"]["j2"], by_id["synthetic_covered"]["differs"]) == ("yes", "yes", 0)
    assert by_id["platform_removal_hours"]["j2"] == 48
    assert by_id["platform_removal_hours"]["j2_grounds"] == '["gb/safety-act-2023/10"]'


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "jurisdiction, date, expected",
    [
        ("no", "2015-01-01", ["no/old-image-act-2010/5"]),
        ("no", "2020-03-01", ["no/image-act-2020/1.10", "no/image-act-2020/2"]),
        ("gb-eaw", "2013-01-01", ["gb-eaw/harassment-act-1997/2a"]),
        ("gb-eaw", "2026-01-01", ["gb-eaw/harassment-act-1997/2a", "gb/safety-act-2023/10"]),
        ("gb", "2027-01-01", ["gb/safety-act-2023/10", "gb/safety-act-2023/11"]),
    ],
)
async def test_in_force_on_query(ds_client, jurisdiction, date, expected):
    rows = await get_json(ds_client, f"/laws/in_force_on.json?jurisdiction={jurisdiction}&date={date}&_shape=array")
    assert sorted(r["id"] for r in rows) == expected


@pytest.mark.asyncio
async def test_gaps_query(ds_client):
    rows = await get_json(ds_client, "/laws/gaps.json?question=civil_action&_shape=array")
    assert [(r["jurisdiction_id"], r["answer"]) for r in rows] == [("gb", "no"), ("no", "no"), ("gb-eaw", "unknown")]


@pytest.mark.asyncio
async def test_csv_download(ds_client):
    response = await ds_client.get("/laws/protection_matrix.csv")
    assert response.status_code == 200
    header = response.text.splitlines()[0].split(",")
    assert header[:5] == ["jurisdiction_id", "jurisdiction_name", "research_status", "research_as_of", "ncii_crime"]


@pytest.mark.asyncio
async def test_sql_is_read_only_and_bounded(ds_client):
    response = await ds_client.get("/laws.json?sql=delete+from+provisions")
    assert response.status_code == 400
    response = await ds_client.get("/laws.json?sql=select+length(randomblob(300000000))")
    assert response.status_code == 400 and "too big" in response.json()["error"]
    runaway = "with recursive r(i) as (select 1 union all select i+1 from r) select count(*) from r"
    response = await ds_client.get("/laws.json", params={"sql": runaway})
    assert response.status_code == 400 and "took too long" in response.json()["error"]


def test_metadata_describes_every_table_and_column(real_db):
    tables = yaml.safe_load(METADATA.read_text())["databases"]["laws"]["tables"]
    conn = sqlite3.connect(real_db)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE '%_fts%' ORDER BY name")]
    assert sorted(tables) == names
    for name in names:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        assert sorted(tables[name].get("columns", {})) == sorted(columns), name
        assert tables[name].get("description"), name


@pytest.mark.asyncio
async def test_row_page_reads_down_the_page(ds_client):
    response = await ds_client.get("/laws/provisions/" + tilde_encode("no/image-act-2020/1.10"))
    assert response.status_code == 200
    assert '<table class="record">' in response.text
    assert '<th scope="row" class="col-summary">summary</th>' in response.text
    # The provision's amendments are one click away.
    assert "from provision_id in amendments" in response.text


@pytest.mark.asyncio
async def test_missing_page_is_a_plain_404_with_the_footer(ds_client):
    response = await ds_client.get("/laws/provisions/" + tilde_encode("no/such/provision"))
    assert response.status_code == 404
    assert "Not legal advice" in response.text


@pytest.mark.asyncio
async def test_law_changes_feed(ds_client):
    """The Atom feed of law changes: newest first, each entry a provision coming into force, amended or repealed."""
    from xml.etree import ElementTree

    response = await ds_client.get("/laws/law_changes.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(response.text).findall(f"{atom}entry")
    got = [(e.find(f"{atom}updated").text[:10], e.find(f"{atom}title").text) for e in entries]
    assert got[0] == ("2025-03-17", "United Kingdom (fixture): Fixture Safety Act 2023, 10 (Removal of intimate "
                                    "image abuse) came into force")
    assert [d for d, _ in got] == sorted((d for d, _ in got), reverse=True)
    assert any("Publishing intimate images to cause distress) repealed" in t for _, t in got)
    # A provision not yet in force (2027) is not a change that has happened.
    assert not any(d > "2026-11-25" for d, _ in got)


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/", "/laws", "/laws/provisions", "/laws/protection_matrix", "/j/no", "/map"])
async def test_every_page_shows_the_data_version(ds_client, fixture_db, path):
    import sqlite3

    version = sqlite3.connect(fixture_db).execute("SELECT value FROM build_info WHERE key = 'data_version'").fetchone()[0]
    html = (await ds_client.get(path)).text
    assert f"Data version <a href=\"/laws/build_info\">{version}</a>, built 2026-11-25." in html
