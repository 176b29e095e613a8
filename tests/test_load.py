"""Loading YAML: YAML 1.1 traps, duplicate keys, and pydantic errors mapped back to lines."""

from pathlib import Path

import pytest

from schema import Instrument
from scripts.load import YamlProblem, compose_yaml, construct, load_tree, read_record

from .conftest import VALID_LAWS


def parse(text: str):
    return construct(compose_yaml(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("id: no", {"id": "no"}),
        ("x: on", {"x": "on"}),
        ("x: yes", {"x": "yes"}),
        ("section: 1.10", {"section": "1.10"}),
        ("section: 66", {"section": "66"}),
        ("d: 2024-07-01", {"d": "2024-07-01"}),
        ("d: '2024-07-01'", {"d": "2024-07-01"}),
        ("x: null", {"x": None}),
        ("x: ~", {"x": None}),
        ("x:", {"x": None}),
    ],
)
def test_plain_scalars_stay_text(text, expected):
    assert parse(text) == expected


def test_duplicate_key_is_an_error_with_its_line():
    with pytest.raises(YamlProblem) as caught:
        compose_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (caught.value.line, caught.value.column) == (4, 3)
    assert "'c' appears twice" in caught.value.message


def test_fixture_values_survive_yaml_1_1():
    corpus = load_tree(VALID_LAWS)
    assert corpus.ok, corpus.errors
    assert "no" in corpus.jurisdictions
    provision = corpus.instruments["no/image-act-2020"].model.provisions[0]
    assert provision.section == "1.10"
    assert provision.offense_class == "on"
    assert provision.intent_to_harm_required is False  # `no` in a boolean field is still false
    assert provision.covers_threats is True
    assert str(provision.max_fine.amount) == "1500.50"
    instrument = corpus.instruments["no/image-act-2020"].model
    assert str(instrument.in_force_on) == "2020-03-01"  # quoted date
    assert str(instrument.enacted_on) == "2020-01-15"  # unquoted date


def test_error_points_at_the_line_of_the_field(tmp_path: Path):
    path = tmp_path / "x.yml"
    text = (VALID_LAWS / "no" / "image-act-2020.yml").read_text()
    path.write_text(text.replace("max_imprisonment_months: 24", "max_imprisonment_months: twenty"))
    loaded, problems = read_record(path, "x.yml", Instrument)
    assert loaded is None
    line = text.splitlines().index("    max_imprisonment_months: 24") + 1
    assert [(p.line, p.column, p.field) for p in problems] == [(line, 5, "provisions[0].max_imprisonment_months")]
    assert "'twenty'" in problems[0].message
