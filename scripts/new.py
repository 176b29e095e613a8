"""Scaffold a new record with every field present, unknowns left null, ready to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from schema.vocab import check_jurisdiction_id

INSTRUMENT_TEMPLATE = """\
# yaml-language-server: $schema=../../schema/instrument.schema.json
title: {title}
citation: null
year: {year}
kind: act
status: in_force
enacted_on: null
in_force_on: null
repealed_on: null
replaced_by: null
url: null  # required: the official text
section_term: section
amendments: []
sources:
  - url: null  # required: the official text
    title: {title} (official text)
    publisher: null
    kind: primary
    accessed_on: {today}
notes: null
provisions:
  - section: "1"
    heading: null  # required
    summary: null  # required: a short summary in your own words
    topics: [intimate_image_sharing]
    status: null
    enacted_on: null
    enacted_year: null
    enacted_by: null
    in_force_on: null
    repealed_on: null
    replaced_by: null
    liability: null
    intent_to_harm_required: null
    covers_threats: null
    covers_synthetic: null
    covers_capture: null
    civil_remedy: null
    takedown_order: null
    platform_removal_hours: null
    max_imprisonment_months: null
    max_fine: null
    offense_class: null
    platform_duty: null
    amendments: []
    sources: []
    verification:
      status: unverified
      checked_on: null
      url: null
      notes: null
    notes: null
"""

JURISDICTION_TEMPLATE = """\
# yaml-language-server: $schema=../../schema/jurisdiction.schema.json
id: {id}
name: {name}
level: {level}
parent: {parent}
research:
  status: not_started
  as_of: {today}
  notes: null
resources: []
notes: null
"""


def new_jurisdiction(laws: Path, jid: str, name: str, parent: str | None) -> Path:
    check_jurisdiction_id(jid)
    path = laws / jid / "jurisdiction.yml"
    level = "subnational" if parent else "national"
    return write_new(path, JURISDICTION_TEMPLATE.format(
        id=jid, name=name, level=level, parent=parent or "null", today=date.today().isoformat()))


def new_instrument(laws: Path, jid: str, slug: str, title: str, year: int) -> Path:
    check_jurisdiction_id(jid)
    if not (laws / jid / "jurisdiction.yml").exists():
        raise ValueError(f"{laws / jid} has no jurisdiction.yml; create it first with `lawkb new {jid} --name ...`")
    path = laws / jid / f"{slug}.yml"
    return write_new(path, INSTRUMENT_TEMPLATE.format(title=title, year=year, today=date.today().isoformat()))


def write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ValueError(f"{path} already exists; edit it instead")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
