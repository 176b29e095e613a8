"""`lawkb release`: a bundle that validates as a Frictionless Data Package, cites its version, and lists the
data changes since the previous release."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import yaml
from click.testing import CliRunner
from frictionless import validate

from scripts.cli import main

from .conftest import VALID_LAWS


def test_release_bundle_validates_and_matches_the_database(tmp_path):
    result = CliRunner().invoke(main, ["release", "--laws", str(VALID_LAWS), "--dist", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (bundle,) = [p for p in tmp_path.iterdir() if p.name.startswith("lawkb-")]
    report = validate(str(bundle / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((bundle / "datapackage.json").read_text())
    names = [r["name"] for r in package["resources"]]
    assert {"jurisdictions", "instruments", "provisions", "sources", "protection_matrix", "first_laws"} <= set(names)
    assert not any("fts" in n for n in names)
    conn = sqlite3.connect(bundle / "laws.db")
    for resource in package["resources"]:
        count = conn.execute(f"SELECT count(*) FROM {resource['name']}").fetchone()[0]
        with open(bundle / resource["path"], newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) - 1 == count == resource["lawkb_rows"]
        assert len(json.loads((bundle / "json" / f"{resource['name']}.json").read_text())) == count
    provisions = next(r for r in package["resources"] if r["name"] == "provisions")
    assert provisions["schema"]["primaryKey"] == ["id"]
    assert "plain-language summary" in provisions["description"]
    version = conn.execute("SELECT value FROM build_info WHERE key = 'data_version'").fetchone()[0]
    assert bundle.name == "lawkb-" + version.replace("+", "-") and package["version"] == bundle.name[6:]
    cff = yaml.safe_load((bundle / "CITATION.cff").read_text())
    assert cff["version"] == package["version"] and cff["date-released"] == "2026-11-25"
    assert (bundle / "schema" / "instrument.schema.json").exists() and (bundle / "codebook.md").exists()
    assert "First release: 6 provisions." in (bundle / "CHANGELOG.md").read_text()


def test_changelog_lists_added_repealed_and_amended_provisions(tmp_path):
    dist = tmp_path / "dist"
    first = CliRunner().invoke(main, ["release", "--laws", str(VALID_LAWS), "--dist", str(dist)])
    assert first.exit_code == 0, first.output
    laws = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, laws)
    record = laws / "no" / "image-act-2020.yml"
    text = record.read_text()
    # Amend one provision (its maximum term) and repeal the other, then add a provision.
    text = text.replace("max_imprisonment_months: 24", "max_imprisonment_months: 36", 1)
    record.write_text(text)
    harassment = laws / "gb-eaw" / "harassment-act-1997.yml"
    h = harassment.read_text()
    assert "    repealed_on: null\n" in h
    harassment.write_text(h.replace("    status: null\n", "    status: repealed\n", 1)
                           .replace("    repealed_on: null\n", "    repealed_on: 2026-01-01\n", 1))
    second = CliRunner().invoke(main, ["release", "--laws", str(laws), "--dist", str(dist)])
    assert second.exit_code == 0, second.output
    bundles = sorted(p for p in dist.iterdir() if p.name.startswith("lawkb-"))
    assert len(bundles) == 2
    newest = max(bundles, key=lambda p: p.stat().st_mtime)
    log = (newest / "CHANGELOG.md").read_text()
    assert "## Repealed or struck down (1)\n\n- gb-eaw/harassment-act-1997/2a: repealed on 2026-01-01" in log
    assert "## Amended or corrected (1)\n\n- no/image-act-2020/1.10: max_imprisonment_months" in log
    assert "## Added (0)" in log and "## Removed from the data (0)" in log


def test_release_refuses_an_invalid_tree(tmp_path):
    bad = VALID_LAWS.parent.parent / "invalid" / "markup-in-text" / "laws"
    result = CliRunner().invoke(main, ["release", "--laws", str(bad), "--dist", str(tmp_path)])
    assert result.exit_code == 1 and "validation failed" in result.output
    assert [p.name for p in tmp_path.iterdir()] == []
