"""Validate a tree of records and report every problem as file:line:column: field: message."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from schema.official import is_official
from schema.vocab import SourceKind, VerificationStatus

from .load import Corpus, Problem, load_tree, locate

STALE_AFTER = timedelta(days=365)  # a check older than a year is worth repeating: laws change


def add_warnings(corpus: Corpus, today) -> None:
    """Things that are allowed but worth a look; they print and do not fail the build."""
    for loaded in corpus.instruments.values():
        for index, provision in enumerate(loaded.model.provisions):
            v = provision.verification
            if v.status is VerificationStatus.verified and v.checked_on and today - v.checked_on > STALE_AFTER:
                line, col = locate(loaded.node, ("provisions", index, "verification", "checked_on"))
                corpus.warnings.append(
                    Problem(loaded.rel, line, col, f"provisions[{index}].verification.checked_on",
                            f"verified on {v.checked_on}, over a year ago; check it again")
                )
            status = provision.status or loaded.model.status
            repealed = provision.repealed_on or loaded.model.repealed_on
            if status.value == "repealed" and repealed is None:
                line, col = locate(loaded.node, ("provisions", index))
                corpus.warnings.append(
                    Problem(loaded.rel, line, col, f"provisions[{index}].repealed_on",
                            "repealed with no repeal date recorded; add it if it can be found")
                )
    add_unofficial_primary_warnings(corpus)
    corpus.warnings.sort()


def add_unofficial_primary_warnings(corpus: Corpus) -> None:
    """A `primary` source must be the official text; a copy elsewhere is secondary (see schema/official.py)."""
    for loaded in corpus.instruments.values():
        places = [(("sources", i), s) for i, s in enumerate(loaded.model.sources)]
        for p_index, provision in enumerate(loaded.model.provisions):
            places += [(("provisions", p_index, "sources", i), s) for i, s in enumerate(provision.sources)]
        for path, source in places:
            if source.kind is SourceKind.primary and not is_official(source.url):
                line, col = locate(loaded.node, path)
                field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
                corpus.warnings.append(Problem(
                    loaded.rel, line, col, f"{field}.kind",
                    f"'primary' but {source.url.split('/')[2]} is not a recognised official site; if it is a copy, "
                    "make it secondary and cite the official text"))


# Dates that record something already done: one after the build date is a typing slip (2062 for 2026).
PAST_DATES = {"as_of", "checked_on", "accessed_on", "enacted_on"}


def add_future_date_errors(corpus: Corpus, today) -> None:
    for loaded in [*corpus.jurisdictions.values(), *corpus.instruments.values()]:
        for path, value in dated_fields(loaded.model, ()):
            if value > today:
                line, col = locate(loaded.node, path)
                field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
                corpus.errors.append(Problem(loaded.rel, line, col, field, f"{value} is after today ({today})"))
    corpus.errors.sort()


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


def validate(laws: Path, today) -> Corpus:
    corpus = load_tree(laws)
    add_future_date_errors(corpus, today)
    add_warnings(corpus, today)
    return corpus
