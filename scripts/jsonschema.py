"""Write the JSON Schemas that editors use to autocomplete and check records as you type."""

from __future__ import annotations

import json
from pathlib import Path

from schema import Instrument, Jurisdiction

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SCHEMAS = {"instrument.schema.json": Instrument, "jurisdiction.schema.json": Jurisdiction}


def render(model) -> str:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written
