"""Validate a tree of records and report every problem as file:line:column: field: message."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from schema.official import is_official
from schema.vocab import SourceKind, VerificationStatus

from schema import Instrument

from .load import Corpus, Loaded, Problem, load_tree, locate, problem_at

STALE_AFTER = timedelta(days=365)  # a check older than a year is worth repeating: laws change
PAST_DATES = {"as_of", "checked_on", "accessed_on", "enacted_on"}


def file_checks(today, loaded: Loaded) -> tuple[list[Problem], list[Problem]]:
    """The checks that need one record and the date: (errors, warnings). They run where the file was parsed,
    while its node tree is at hand for line numbers (in a worker process on a big tree)."""
    errors, warnings = [], []
    for path, value in dated_fields(loaded.model, ()):
        # Dates that record something already done: one after the build date is a typing slip (2062 for 2026).
        if value > today:
            errors.append(problem_at(loaded, path, f"{value} is after today ({today})"))
    if isinstance(loaded.model, Instrument):
        warnings = instrument_warnings(loaded, today)
    return errors, warnings


def instrument_warnings(loaded: Loaded, today) -> list[Problem]:
    """Things that are allowed but worth a look; they print and do not fail the build."""
    warnings = []
    instrument = loaded.model
    for index, provision in enumerate(instrument.provisions):
        v = provision.verification
        if v.status is VerificationStatus.verified and v.checked_on and today - v.checked_on > STALE_AFTER:
            warnings.append(problem_at(loaded, ("provisions", index, "verification", "checked_on"),
                                    f"verified on {v.checked_on}, over a year ago; check it again"))
        status = provision.status or instrument.status
        if status.value == "repealed" and (provision.repealed_on or instrument.repealed_on) is None:
            line, col = locate(loaded.node, ("provisions", index))
            warnings.append(Problem(loaded.rel, line, col, f"provisions[{index}].repealed_on",
                                    "repealed with no repeal date recorded; add it if it can be found"))
    # A `primary` source must be the official text; a copy elsewhere is secondary (see schema/official.py).
    places = [(("sources", i), s) for i, s in enumerate(instrument.sources)]
    for p_index, provision in enumerate(instrument.provisions):
        places += [(("provisions", p_index, "sources", i), s) for i, s in enumerate(provision.sources)]
    for path, source in places:
        if source.kind is SourceKind.primary and not is_official(source.url):
            warnings.append(problem_at(
                loaded, (*path, "kind"),
                f"'primary' but {source.url.split('/')[2]} is not a recognised official site; if it is a copy, "
                "make it secondary and cite the official text"))
    return warnings


def dated_fields(value: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name in PAST_DATES and isinstance(child, date):
                yield (*path, name), child
            else:
                yield from dated_fields(child, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from dated_fields(item, (*path, index))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def report(corpus: Corpus, action: str) -> str:
    lines = [str(p) for p in corpus.errors]
    lines += [f"warning: {p}" for p in corpus.warnings]
    files = len({p.file for p in corpus.errors})
    if corpus.errors:
        lines.append(
            f"{plural(len(corpus.errors), 'error')} in {plural(files, 'file')} "
            f"({plural(corpus.files_checked, 'file')} checked). {action}"
        )
    else:
        provisions = sum(len(i.model.provisions) for i in corpus.instruments.values())
        lines.append(
            f"ok: {len(corpus.jurisdictions)} jurisdictions, {len(corpus.instruments)} instruments, "
            f"{provisions} provisions ({plural(corpus.files_checked, 'file')} checked)"
        )
    return "\n".join(lines)


def validate(laws: Path, today, cache: Path | None = None) -> Corpus:
    return load_tree(laws, partial(file_checks, today), cache)
