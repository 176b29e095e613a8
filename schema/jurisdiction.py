"""A jurisdiction (country, state, province, the EU): its place in the hierarchy, research status and help."""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field, field_validator, model_validator

from .evidence import FieldError, Record, Verification
from .vocab import (
    HttpsUrl,
    JurisdictionId,
    Language,
    Level,
    LongText,
    ResearchStatus,
    ResourceKind,
    ShortText,
)


class Research(Record):
    status: ResearchStatus
    as_of: date  # the date the status holds as of
    notes: LongText | None = None


class Resource(Record):
    name: ShortText
    kind: ResourceKind
    url: HttpsUrl | None = None
    phone: ShortText | None = None  # as dialled locally, e.g. '1930' or '+44 345 6000 459'
    languages: list[Language] = Field(default_factory=list)  # ISO 639 codes served
    operator: ShortText | None = None
    hours: ShortText | None = None
    verification: Verification
    notes: LongText | None = None

    @property
    def slug(self) -> str:
        """The resource's id within its jurisdiction, from its name so that reordering keeps ids."""
        return re.sub(r"[\W_]+", "-", self.name.lower()).strip("-")

    @model_validator(mode="after")
    def reachable(self) -> "Resource":
        if self.url is None and self.phone is None:
            raise FieldError("url", "a resource needs a url or a phone number")
        return self


class Jurisdiction(Record):
    id: JurisdictionId
    name: ShortText
    level: Level
    parent: JurisdictionId | None = None
    research: Research
    resources: list[Resource] = Field(default_factory=list)
    notes: LongText | None = None

    @field_validator("resources")
    @classmethod
    def names_once(cls, value: list[Resource]) -> list[Resource]:
        slugs = [r.slug for r in value]
        if len(set(slugs)) != len(slugs):
            raise ValueError("two resources have the same name (ids come from names)")
        return value
