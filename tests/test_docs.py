"""Docs and schemas stay true: generated parts are current, and every field is documented."""


from pydantic import BaseModel

from schema import Instrument, Jurisdiction
from scripts import docs, jsonschema
from scripts.load import load_tree

from .conftest import LAWS, ROOT

CODEBOOK = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")


def field_names(model: type[BaseModel], seen=None) -> set[str]:
    """Every field name of a model and of the models nested in it."""
    seen = seen if seen is not None else set()
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for candidate in getattr(info.annotation, "__args__", ()) + (info.annotation,):
            inner = getattr(candidate, "__args__", (candidate,))
            for kind in inner:
                if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
                    seen.add(kind)
                    names |= field_names(kind, seen)
    return names


def test_every_field_is_in_the_codebook():
    missing = sorted(n for n in field_names(Instrument) | field_names(Jurisdiction) if f"`{n}`" not in CODEBOOK
                     and f"`research.{n}`" not in CODEBOOK)
    assert missing == []


def test_json_schemas_are_current():
    for name, model in jsonschema.SCHEMAS.items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == jsonschema.render(model), (
            f"schema/{name} is stale: run `lawkb schema`"
        )


def test_generated_docs_are_current():
    corpus = load_tree(LAWS)
    for path, text in docs.render(corpus).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `lawkb docs`"


def test_every_record_points_to_its_json_schema():
    for path in sorted(LAWS.rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "jurisdiction" if path.name == "jurisdiction.yml" else "instrument"
        assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json", path


def test_records_keep_schema_key_order():
    """Keys in the order the model declares them, so every record reads the same way."""
    corpus = load_tree(LAWS)
    out_of_order = []
    for loaded in list(corpus.instruments.values()) + list(corpus.jurisdictions.values()):
        stack = [(loaded.node, type(loaded.model))]
        while stack:
            node, model = stack.pop()
            keys = [k.value for k, _ in node.value]
            order = list(model.model_fields)
            if keys != sorted(keys, key=order.index):
                out_of_order.append(f"{loaded.rel}:{node.start_mark.line + 1}")
            for key, value in node.value:
                nested = nested_model(model, key.value)
                if nested and value.tag.endswith(":map"):
                    stack.append((value, nested))
                elif nested and value.tag.endswith(":seq"):
                    stack += [(item, nested) for item in value.value if item.tag.endswith(":map")]
    assert out_of_order == []


def nested_model(model, key):
    annotation = model.model_fields[key].annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        for kind in (candidate, *getattr(candidate, "__args__", ())):
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                return kind
    return None


def test_annotated_examples_are_valid_records():
    """The examples contributors copy from must themselves pass validation."""
    from scripts.load import read_record

    for name, model in [("example-instrument.yml", Instrument), ("example-jurisdiction.yml", Jurisdiction)]:
        loaded, problems = read_record(ROOT / "docs" / name, name, model)
        assert problems == [], problems
