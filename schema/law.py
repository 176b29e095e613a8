"""One legal instrument (Act, code, regulation, directive) and the provisions in it that we code."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from .evidence import FieldError, Record, Source, Verification
from .vocab import (
    Currency,
    HttpsUrl,
    InstrumentKind,
    Liability,
    LongText,
    Requester,
    SectionTerm,
    ShortText,
    SourceKind,
    Status,
    Topic,
)

# '<jurisdiction>/<file stem>' and '<instrument id>/<section id>'.
InstrumentRef = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[a-z0-9]{1,3})?/[a-z0-9]+(-[a-z0-9]+)*$")]
ProvisionRef = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2}(-[a-z0-9]{1,3})?/[a-z0-9]+(-[a-z0-9]+)*/[^/\s]+$")
]
# As officially cited: '66E', '1708.85', '17', '4(1)'. No 's.', 'section' or '§' - pages add the word.
Section = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
SECTION_PREFIX = re.compile(r"^(s\.|ss\.|sec\.?|section|art\.?|article|rule|§)\s*", re.IGNORECASE)


def section_id(section: str) -> str:
    """The id part for a section: lower case, spaces to hyphens, so '66E' -> '66e', 'Part 3' -> 'part-3'."""
    return re.sub(r"\s+", "-", section.strip().lower())


class Amendment(Record):
    amended_on: date | None = None  # when the change took effect; null if not known
    by: ShortText  # the amending instrument as cited
    by_instrument: InstrumentRef | None = None  # its id here, when we have it
    summary: LongText


class Fine(Record):
    amount: Decimal | None = Field(default=None, ge=0)  # null with unlimited, or when not known
    currency: Currency
    unlimited: bool = False
    notes: LongText | None = None

    @model_validator(mode="after")
    def amount_or_unlimited(self) -> "Fine":
        if self.unlimited and self.amount is not None:
            raise FieldError("amount", "an unlimited fine has no amount")
        return self


class PlatformDuty(Record):
    requesters: list[Requester] = Field(default_factory=list)  # who may ask for removal
    identical_copies: bool | None = None  # must known identical copies be removed too?
    enforcer: ShortText | None = None  # who enforces the duty (regulator, court)


class Provision(Record):
    section: Section
    heading: ShortText
    summary: LongText  # plain words, our own; quote the law only briefly
    topics: list[Topic] = Field(min_length=1)
    # Status and dates: null means "as the instrument".
    status: Status | None = None
    # When and by what the provision was first made law (e.g. the session law that added a code section):
    # the year a jurisdiction first acted, which timelines cite, even where the text was later amended.
    enacted_on: date | None = None
    enacted_year: int | None = Field(default=None, ge=1700, le=2100)  # when only the year is known
    enacted_by: ShortText | None = None
    in_force_on: date | None = None
    repealed_on: date | None = None
    replaced_by: ProvisionRef | None = None
    # Coded elements: null is "not known", never "no".
    liability: Liability | None = None
    intent_to_harm_required: bool | None = None
    covers_threats: bool | None = None
    covers_synthetic: bool | None = None
    covers_capture: bool | None = None
    civil_remedy: bool | None = None
    takedown_order: bool | None = None
    platform_removal_hours: int | None = Field(default=None, gt=0)
    max_imprisonment_months: int | None = Field(default=None, ge=0)
    max_fine: Fine | None = None
    offense_class: ShortText | None = None
    platform_duty: PlatformDuty | None = None
    amendments: list[Amendment] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    verification: Verification
    notes: LongText | None = None

    @field_validator("section")
    @classmethod
    def section_as_cited(cls, value: str) -> str:
        if SECTION_PREFIX.match(value):
            raise ValueError(f"write the section as cited without 's.', '§' or a word before it; got {value!r}")
        if "/" in value:
            raise ValueError(f"a section may not contain '/'; got {value!r}")
        return value

    @field_validator("topics")
    @classmethod
    def topics_once(cls, value: list[Topic]) -> list[Topic]:
        if len(set(value)) != len(value):
            raise ValueError("a topic is listed twice")
        return value

    @model_validator(mode="after")
    def dates_in_order(self) -> "Provision":
        check_dates(self.in_force_on, self.repealed_on)
        if self.enacted_on and self.in_force_on and self.in_force_on < self.enacted_on:
            raise FieldError("in_force_on", f"{self.in_force_on} is before enacted_on ({self.enacted_on})")
        if self.enacted_on and self.enacted_year and self.enacted_year != self.enacted_on.year:
            raise FieldError("enacted_year", f"{self.enacted_year} disagrees with enacted_on ({self.enacted_on})")
        if self.enacted_year and self.in_force_on and self.in_force_on.year < self.enacted_year:
            raise FieldError("enacted_year", f"{self.enacted_year} is after in_force_on ({self.in_force_on})")
        if self.repealed_on is not None and self.status not in (None, Status.repealed, Status.struck_down):
            raise FieldError("status", f"is {self.status.value!r} but repealed_on is set")
        return self


class Instrument(Record):
    title: ShortText
    citation: ShortText | None = None  # official citation: 'Act No. 45 of 2023', '18 U.S.C. 2261A'
    year: int = Field(ge=1700, le=2100)  # year enacted or made
    kind: InstrumentKind
    status: Status
    enacted_on: date | None = None  # assent / signature / adoption
    in_force_on: date | None = None
    repealed_on: date | None = None
    replaced_by: InstrumentRef | None = None
    url: HttpsUrl  # official text
    section_term: SectionTerm = SectionTerm.section
    amendments: list[Amendment] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    notes: LongText | None = None
    provisions: list[Provision] = Field(min_length=1)

    @model_validator(mode="after")
    def consistent(self) -> "Instrument":
        check_dates(self.in_force_on, self.repealed_on)
        if self.enacted_on and self.in_force_on and self.in_force_on < self.enacted_on:
            raise FieldError("in_force_on", f"{self.in_force_on} is before enacted_on ({self.enacted_on})")
        if self.repealed_on is not None and self.status not in (Status.repealed, Status.struck_down):
            raise FieldError("status", f"is {self.status.value!r} but repealed_on is set")
        if self.replaced_by is not None and self.status is Status.in_force:
            raise FieldError("replaced_by", "is set but status is 'in_force'; only a repealed instrument is replaced")
        return self


def check_dates(in_force_on: date | None, repealed_on: date | None) -> None:
    if in_force_on and repealed_on and repealed_on < in_force_on:
        raise FieldError("repealed_on", f"{repealed_on} is before in_force_on ({in_force_on})")


def has_primary(sources: list[Source]) -> bool:
    return any(s.kind is SourceKind.primary for s in sources)
