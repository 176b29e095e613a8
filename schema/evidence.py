"""Where a fact comes from and whether we checked it: sources and verification."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, model_validator

from .vocab import HttpsUrl, LongText, ShortText, SourceKind, VerificationStatus


class FieldError(ValueError):
    """A whole-record check that is about one field: the loader points the error at that field's line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Record(BaseModel):
    # Unknown keys are errors: a misspelt key silently dropped is a fact silently lost.
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=True)


class Source(Record):
    url: HttpsUrl
    title: ShortText
    publisher: ShortText | None = None
    kind: SourceKind
    accessed_on: date


class Verification(Record):
    status: VerificationStatus
    checked_on: date | None = None
    url: HttpsUrl | None = None  # the page whose wording we read
    notes: LongText | None = None

    @model_validator(mode="after")
    def verified_needs_evidence(self) -> "Verification":
        if self.status is VerificationStatus.verified:
            missing = [f for f in ("url", "checked_on") if getattr(self, f) is None]
            if missing:
                raise FieldError(
                    missing[0], f"status 'verified' needs {' and '.join(missing)}: the page read and when"
                )
        return self
