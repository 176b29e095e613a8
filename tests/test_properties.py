"""Property-based tests over the loader: whatever a record file holds, validation ends in clean errors (file,
line, field) or success, never a crash, and a failed build never touches the last good database."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.build import build
from scripts.load import Problem, load_tree

from .conftest import VALID_LAWS

RECORD = VALID_LAWS / "no" / "image-act-2020.yml"
VALID_TEXT = RECORD.read_text(encoding="utf-8")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def check_tree_with(content: bytes) -> None:
    """Put `content` in place of one valid record and load the tree: errors must be well-formed Problems."""
    with tempfile.TemporaryDirectory() as tmp:
        laws = Path(tmp) / "laws"
        shutil.copytree(VALID_LAWS, laws)
        (laws / "no" / "image-act-2020.yml").write_bytes(content)
        corpus = load_tree(laws)
        for problem in corpus.errors:
            assert isinstance(problem, Problem)
            assert (Path.cwd() / problem.file).resolve().is_relative_to(laws.resolve()), problem  # names its file
            assert problem.message and "Traceback" not in problem.message
            if problem.file.endswith("image-act-2020.yml") and problem.line:
                assert 1 <= problem.line <= content.count(b"\n") + 2  # a YAML error at the end marks the line after
        if not corpus.ok:  # the blame lands on the file that changed (or on what refers to it)
            assert any("image-act-2020" in p.file + p.message for p in corpus.errors)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(content):
    check_tree_with(content)


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text(content):
    check_tree_with(content.encode("utf-8", "replace"))


@SETTINGS
@given(json_values)
def test_any_yaml_structure(value):
    check_tree_with(yaml.safe_dump(value, allow_unicode=True).encode())


@SETTINGS
@given(st.data())
def test_mutated_valid_record(data):
    """Small edits to a real record: a deleted, repeated or rewritten line, or stray characters anywhere."""
    lines = VALID_TEXT.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(st.sampled_from(["delete", "repeat", "rewrite", "insert"]))
    if edit == "delete":
        del lines[index]
    elif edit == "repeat":
        lines.insert(index, lines[index])
    elif edit == "rewrite":
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {data.draw(st.text(max_size=20))}\n"
    else:
        at = data.draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:at] + data.draw(st.text(min_size=1, max_size=5)) + lines[index][at:]
    check_tree_with("".join(lines).encode("utf-8", "replace"))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "replace")))
def test_failed_build_never_touches_the_database(content):
    with tempfile.TemporaryDirectory() as tmp:
        laws = Path(tmp) / "laws"
        shutil.copytree(VALID_LAWS, laws)
        out = Path(tmp) / "out" / "laws.db"
        assert build(laws, out)[0].ok
        before = out.read_bytes()
        (laws / "no" / "image-act-2020.yml").write_bytes(content)
        corpus, _ = build(laws, out)
        if not corpus.ok:
            assert out.read_bytes() == before
        assert sorted(p.name for p in out.parent.iterdir() if p.name != ".records-cache") == ["laws.db"]
