"""The lawkb command: scaffolding new records, and build exit codes."""

import shutil

from click.testing import CliRunner

from scripts import build as build_stage
from scripts.cli import main

from .conftest import VALID_LAWS


def test_new_jurisdiction_and_instrument_scaffold_then_fail_until_filled(tmp_path):
    laws = tmp_path / "laws"
    runner = CliRunner()
    result = runner.invoke(main, ["new", "us-tx", "--name", "Texas", "--parent", "us", "--laws", str(laws)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["new", "us-tx", "penal-code", "--title", "Texas Penal Code", "--year", "1973",
                                  "--laws", str(laws)])
    assert result.exit_code == 0, result.output
    assert (laws / "us-tx" / "penal-code.yml").exists()
    again = runner.invoke(main, ["new", "us-tx", "penal-code", "--title", "X", "--year", "1973", "--laws", str(laws)])
    assert again.exit_code != 0 and "already exists" in again.output
    # The scaffold is deliberately incomplete: required facts start null, so it cannot slip in unfilled.
    result = runner.invoke(main, ["validate", str(laws)])
    assert result.exit_code == 1
    fields = {line.split(": ")[1] for line in result.output.splitlines() if "penal-code.yml" in line}
    assert {"url", "sources[0].url", "provisions[0].heading", "provisions[0].summary"} <= fields
    assert any("parent: 'us' is not a jurisdiction in this tree" in line for line in result.output.splitlines())


def test_new_rejects_a_bad_code(tmp_path):
    result = CliRunner().invoke(main, ["new", "xx", "--name", "Nowhere", "--laws", str(tmp_path)])
    assert result.exit_code != 0 and "not an ISO 3166 code" in result.output


def test_build_exit_codes(tmp_path):
    runner = CliRunner()
    out = tmp_path / "laws.db"
    ok = runner.invoke(main, ["build", "--laws", str(VALID_LAWS), "--out", str(out)])
    assert ok.exit_code == 0 and out.exists(), ok.output
    bad = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, bad)
    (bad / "gb" / "jurisdiction.yml").write_text("id: gb\n")
    failed = runner.invoke(main, ["build", "--laws", str(bad), "--out", str(out)])
    assert failed.exit_code == 1
    assert "Database not written." in failed.output


def test_disk_error_during_build_fails_cleanly(tmp_path, monkeypatch):
    out = tmp_path / "laws.db"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--laws", str(VALID_LAWS), "--out", str(out)]).exit_code == 0
    before = out.read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_stage.os, "replace", full_disk)
    result = runner.invoke(main, ["build", "--laws", str(VALID_LAWS), "--out", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "was not changed" in result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".records-cache") == ["laws.db"]
