"""Validation: each bad tree gives exactly its listed errors (file:line:column: field: message) and exit 1."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.cli import main
from scripts.load import load_tree

from .conftest import FIXTURES, LAWS, VALID_LAWS

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_tree_gives_exactly_its_errors(case: Path, monkeypatch):
    monkeypatch.chdir(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = CliRunner().invoke(main, ["validate", "laws"])
    assert result.exit_code == 1
    # Errors only: warnings (e.g. the fixtures' example.org sources are not official sites) are not the point here.
    lines = [line for line in result.output.splitlines() if not line.startswith("warning: ")]
    assert lines[:-1] == expected
    files = len({line.split(":")[0] for line in expected})
    assert lines[-1].startswith(f"{len(expected)} error{'s' if len(expected) > 1 else ''} in {files} file")


def test_invalid_cases_cover_the_kinds_of_mistake():
    # Each kind of mistake the validator must catch has its own case; losing one silently loses coverage.
    assert len(INVALID) >= 40


def test_real_laws_validate():
    corpus = load_tree(LAWS)
    assert corpus.ok, "\n".join(map(str, corpus.errors))
    assert len(corpus.jurisdictions) >= 8


def test_valid_fixture_exits_zero(monkeypatch):
    monkeypatch.chdir(VALID_LAWS.parent)
    result = CliRunner().invoke(main, ["validate", "laws"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("ok: 3 jurisdictions, 4 instruments, 6 provisions (7 files checked)")


def test_symlink_is_rejected(tmp_path, monkeypatch):
    tree = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, tree)
    outside = tmp_path / "outside.yml"
    outside.write_text((VALID_LAWS / "gb" / "safety-act-2023.yml").read_text())
    (tree / "gb" / "linked-act-2024.yml").symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    corpus = load_tree(Path("laws"))
    assert [str(p) for p in corpus.errors] == [
        "laws/gb/linked-act-2024.yml: is a symbolic link; records must be plain files inside the tree"
    ]


def test_stale_verification_warns_but_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWKB_TODAY", "2027-06-01")
    monkeypatch.chdir(VALID_LAWS.parent)
    result = CliRunner().invoke(main, ["validate", "laws"])
    assert result.exit_code == 0
    assert (
        "warning: laws/no/image-act-2020.yml:60:7: provisions[0].verification.checked_on: "
        "verified on 2026-01-31, over a year ago; check it again"
    ) in result.output.splitlines()


def test_symlinked_folder_out_of_the_tree_is_rejected(tmp_path, monkeypatch):
    tree = tmp_path / "laws"
    shutil.copytree(VALID_LAWS, tree)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(VALID_LAWS / "gb", elsewhere)
    (tree / "us").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    corpus = load_tree(Path("laws"))
    assert [str(p) for p in corpus.errors] == [
        "laws/us: is a symbolic link; records must be plain files inside the tree"
    ]
