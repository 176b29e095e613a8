"""Reader-facing pages inside Datasette: /j/<id> profiles, /compare, /map, /timeline, each also as .json.

Thin glue: scripts/pages.py reads the data; this file routes, validates parameters and renders templates
under templates/lawkb/. Every page is server-rendered, so it works with JavaScript off.
"""

from __future__ import annotations

import re

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from scripts import geo, pages

JID = r"[a-z]{2}(?:-[a-z0-9]{1,3})?"
MAX_COMPARE = 4


def laws_db(datasette):
    return datasette.get_database("laws")


async def read(datasette, fn, *args):
    try:
        return await laws_db(datasette).execute_fn(lambda conn: fn(conn, *args))
    except pages.NotFound as exc:
        raise NotFound(f"Not found: {exc}") from None


async def respond(datasette, request, template: str, data: dict, fmt: str | None, **extra) -> Response:
    if fmt == ".json":
        return Response.json(data, headers={"Cache-Control": "max-age=60"})
    base = request.path
    json_url = base + ".json" + (f"?{request.query_string}" if request.query_string else "")
    html = await datasette.render_template(
        [f"lawkb/{template}"], {**data, **extra, "json_url": json_url}, request=request
    )
    return Response.html(html)


async def directory(request, datasette):
    """/j: every jurisdiction (and, from the picker form, a redirect to the one chosen)."""
    chosen = request.args.get("id", "")
    if re.fullmatch(JID, chosen):
        return Response.redirect(f"/j/{chosen}")
    fmt = request.url_vars.get("fmt")
    places = await read(datasette, pages.jurisdiction_list)
    return await respond(datasette, request, "directory.html", {"jurisdictions": places}, fmt, quick_exit=True)


async def profile(request, datasette):
    data = await read(datasette, pages.profile, request.url_vars["jid"])
    return await respond(datasette, request, "profile.html", data, request.url_vars.get("fmt"), quick_exit=True)


async def compare(request, datasette):
    fmt = request.url_vars.get("fmt")
    chosen = []
    for jid in request.args.getlist("j"):
        if re.fullmatch(JID, jid) and jid not in chosen:
            chosen.append(jid)
    places = await read(datasette, pages.jurisdiction_list)
    known = {p["id"] for p in places}
    unknown = [j for j in chosen if j not in known]
    problem = None
    if unknown:
        problem = f"Not in the database: {', '.join(unknown)}."
    elif len(chosen) > MAX_COMPARE:
        problem = f"Pick at most {MAX_COMPARE} places; you picked {len(chosen)}."
    elif len(chosen) == 1:
        problem = "Pick at least two places to compare."
    data = {"chosen": chosen, "own_law_only": request.args.get("own") == "1", "problem": problem, "comparison": None}
    if len(chosen) >= 2 and problem is None:
        data["comparison"] = await read(datasette, pages.compare, chosen, request.args.get("own") == "1")
    if fmt == ".json" and problem:
        return Response.json({**data, "ok": False}, status=400)
    return await respond(datasette, request, "compare.html", data, fmt, all_jurisdictions=places,
                         max_compare=MAX_COMPARE)


async def map_page(request, datasette):
    fmt = request.url_vars.get("fmt")
    question = request.args.get("q", "synthetic_covered")
    data = await read(datasette, pages.map_data, question, request.args.get("own") == "1")
    if fmt == ".json":
        return Response.json(data)
    by_id = {a["id"]: a for a in data["answers"]}
    maps = []
    for make in (geo.world_map, geo.us_map):
        m = make()
        drawn = {s.jurisdiction_id for s in m.shapes}
        maps.append(
            {
                "map": m,
                "answers": by_id,
                # Places we hold that this map cannot draw (too small at this scale, or sub-national).
                "tiles": [a for a in data["answers"] if a["id"] not in drawn and in_map(m.id, a)],
            }
        )
    return await respond(datasette, request, "map.html", data, None, maps=maps)


def in_map(map_id: str, answer: dict) -> bool:
    if map_id == "us":
        return answer["parent_id"] == "us"
    return answer["parent_id"] != "us"


async def timeline(request, datasette):
    fmt = request.url_vars.get("fmt")
    jid = request.args.get("j", "")
    if jid:
        if not re.fullmatch(JID, jid):
            raise NotFound("Not a jurisdiction id")
        data = await read(datasette, pages.history, jid)
        return await respond(datasette, request, "history.html", data, fmt)
    data = await read(datasette, pages.timeline, request.args.get("region", "all"))
    return await respond(datasette, request, "timeline.html", data, fmt, chart=chart(data))


def chart(data: dict) -> dict:
    """SVG coordinates for the cumulative-count chart (drawn on the server, so it needs no script)."""
    years = data["years"]
    width, height, left, bottom, top = 720, 300, 40, 30, 10
    peak = max([p["cumulative"] for s in data["series"] for p in s["points"]] or [0]) or 1
    if not years:
        return {"width": width, "height": height, "lines": [], "ticks": [], "yticks": []}
    span = max(len(years) - 1, 1)

    def x(i: int) -> float:
        return round(left + (width - left - 10) * i / span, 1)

    def y(value: int) -> float:
        return round(top + (height - top - bottom) * (1 - value / peak), 1)

    lines = []
    for s in data["series"]:
        points = []
        previous = 0
        for i, p in enumerate(s["points"]):
            points.append((x(i), y(previous)))
            points.append((x(i), y(p["cumulative"])))
            previous = p["cumulative"]
        dots = [
            {"x": x(i), "y": y(p["cumulative"]), "year": p["year"], "cumulative": p["cumulative"],
             "new": ", ".join(n["name"] for n in p["new"])}
            for i, p in enumerate(s["points"]) if p["new"]
        ]
        lines.append({"question_id": s["question_id"], "question": s["question"],
                      "points": " ".join(f"{a},{b}" for a, b in points), "dots": dots})
    step = max(1, len(years) // 8)
    ticks = [{"x": x(i), "year": year} for i, year in enumerate(years) if i % step == 0]
    if (len(years) - 1) % step > step // 2:  # label the last year too, unless it would overlap the one before
        ticks.append({"x": x(len(years) - 1), "year": years[-1]})
    ystep = max(1, peak // 5)
    yticks = [{"y": y(v), "value": v} for v in range(0, peak + 1, ystep)]
    return {"width": width, "height": height, "lines": lines, "ticks": ticks, "yticks": yticks,
            "left": left, "bottom": height - bottom}


@hookimpl
def register_routes():
    return [
        (r"^/j(?P<fmt>\.json)?$", directory),
        (rf"^/j/(?P<jid>{JID})(?P<fmt>\.json)?$", profile),
        (r"^/compare(?P<fmt>\.json)?$", compare),
        (r"^/map(?P<fmt>\.json)?$", map_page),
        (r"^/timeline(?P<fmt>\.json)?$", timeline),
    ]


@hookimpl
def extra_template_vars(datasette, view_name):
    async def inner():
        try:
            db = laws_db(datasette)
        except KeyError:  # a Datasette without our database (never in production)
            return {}
        found = await db.execute("SELECT key, value FROM build_info")
        context = {"data_version": {r["key"]: r["value"] for r in found.rows}}
        if view_name == "index":
            context["lawkb_places"] = await read(datasette, pages.jurisdiction_list)
        return context

    return inner
