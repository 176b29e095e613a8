"""Read a tree of YAML records into validated models, collecting every error with its file, line and field."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from schema import Instrument, Jurisdiction, section_id
from schema.evidence import FieldError
from schema.law import has_primary
from schema.vocab import Level, check_jurisdiction_id, jurisdiction_country

JURISDICTION_FILE = "jurisdiction.yml"
MAX_FILE_BYTES = 1_000_000  # a record is a few KB; a megabyte is a mistake or an attack, not a law


class LawLoader(yaml.CSafeLoader):
    """YAML with every plain scalar read as text, except null.

    PyYAML follows YAML 1.1, where `no` (Norway) is False, `on` is True, `1.10` is the float 1.1 and
    `2024-07-01` becomes a date object. Reading scalars as text and letting pydantic parse each field by
    its declared type keeps codes and section numbers exactly as written.
    """


LawLoader.yaml_implicit_resolvers = {}
LawLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or, as a warning, worth a look) in one file."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Loaded:
    """A record that passed its own checks.

    Its YAML node tree (for the line of a cross-file error or a warning) is parsed again only when asked for:
    keeping every file's tree in memory cost 3.7 GB on a tree 100 times the real one.
    """

    path: Path
    rel: str
    model: Any
    _node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node:
        if self._node is None:
            self._node = compose_yaml(self.path.read_text(encoding="utf-8"))
        return self._node


@dataclass
class Corpus:
    root: Path
    jurisdictions: dict[str, Loaded] = field(default_factory=dict)
    instruments: dict[str, Loaded] = field(default_factory=dict)  # keyed by instrument id
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    files_parsed: int = 0  # of those, parsed now rather than taken from the record cache

    @property
    def ok(self) -> bool:
        return not self.errors


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def compose_yaml(text: str) -> yaml.Node | None:
    """Parse to a node tree (for line numbers), refusing duplicate keys, which YAML would silently merge."""
    try:
        node = yaml.compose(text, Loader=LawLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, col, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"not valid YAML: {exc}") from None
    check_nodes(node)
    return node


def check_nodes(node: yaml.Node | None) -> None:
    """One walk over the tree for two things YAML would silently accept.

    - Aliases (*name): a record spells out every value, and nested aliases can expand a tiny file into
      billions of values (the "billion laughs" attack) once constructed. An alias anywhere is reported first.
    - Duplicate keys in one mapping, which YAML would silently merge.
    """
    seen: set[int] = set()
    duplicate: YamlProblem | None = None
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise YamlProblem(current.start_mark.line + 1, current.start_mark.column + 1,
                              "aliases (*name) are not allowed in records: write each value out")
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            duplicate = duplicate or duplicate_key(current)
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    if duplicate:
        raise duplicate


def duplicate_key(mapping: yaml.MappingNode) -> YamlProblem | None:
    first_line: dict[str, int] = {}
    for key, _ in mapping.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
        if name in first_line:
            return YamlProblem(key.start_mark.line + 1, key.start_mark.column + 1,
                               f"key {name!r} appears twice in one mapping (first on line {first_line[name]})")
        first_line[name] = key.start_mark.line + 1
    return None


def construct(node: yaml.Node) -> Any:
    loader = LawLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def locate(node: yaml.Node | None, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of the deepest node that a pydantic error location reaches (rendercv's approach)."""
    if node is None:
        return 1, 1
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    current = node
    for part in loc:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            match = next(((k, v) for k, v in current.value if getattr(k, "value", None) == part), None)
            if match is None:
                break  # a missing field: point at the mapping that lacks it
            key, current = match
            # Point at the key for scalars (where the eye looks), at the value's start for blocks.
            anchor = key if isinstance(current, yaml.ScalarNode) else current
            line, col = anchor.start_mark.line + 1, anchor.start_mark.column + 1
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
            line, col = current.start_mark.line + 1, current.start_mark.column + 1
        else:
            break
    return line, col


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(error: dict[str, Any]) -> str:
    message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "extra_forbidden":
        return "unknown field (not in the schema; check the spelling)"
    value = error.get("input")
    if error["type"] not in ("missing",) and isinstance(value, (str, int, float, bool)) and value is not None:
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        if shown not in message:
            message += f"; got {shown}"
    return message


def validation_problems(rel: str, node: yaml.Node, exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors():
        # Pydantic adds the enum/union member name to loc for tagged types; drop what the YAML cannot hold.
        loc = tuple(p for p in error["loc"] if isinstance(p, (int, str)))
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            loc += (cause.field,)
        line, col = locate(node, loc)
        problems.append(Problem(rel, line, col, field_path(loc), describe(error)))
    return problems


def read_record(path: Path, rel: str, model: type[BaseModel]) -> tuple[Loaded | None, list[Problem]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(rel, 0, 0, "", f"is {size} bytes; a record may be at most {MAX_FILE_BYTES}")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, 1, "", f"is not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})")]
    try:
        node = compose_yaml(text)
    except YamlProblem as exc:
        return None, [Problem(rel, exc.line, exc.column, "", exc.message)]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(rel, 1, 1, "", "must be a YAML mapping of fields (key: value)")]
    try:
        data = construct(node)
    except yaml.MarkedYAMLError as exc:  # e.g. a tag such as !!python/object that safe loading refuses
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(rel, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "",
                              f"not valid YAML for a record: {exc.problem or exc.context}")]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(rel, node, exc)
    return Loaded(path, rel, record, node), []


PARALLEL_FROM = 400  # files; below this, starting worker processes costs more than it saves


def load_tree(root: Path | str, file_checks=None, cache: Path | None = None) -> Corpus:
    """Load and check every record under root. Per-file checks first, then cross-file ones (openstates).

    `file_checks(loaded)`, if given, returns more (errors, warnings) for one record; it runs with the file's
    node tree still in memory, so it must be picklable (a module-level function, or a partial of one).
    `cache`, if given, is a folder where each file's result is kept, keyed by its content and the code that
    checks it: a rebuild parses only the files that changed.
    """
    root = Path(root)
    corpus = Corpus(root)
    if not root.is_dir():
        corpus.errors.append(Problem(str(root), 0, 0, "", "is not a folder of records"))
        return corpus
    inside = root.resolve()
    tasks: list[tuple] = []  # (path, rel, folder, stem or JURISDICTION_FILE, file_checks)
    for path in sorted(root.rglob("*")):
        rel = os.path.relpath(path)
        if path.name.startswith("."):
            continue
        if path.is_symlink() or not path.resolve().is_relative_to(inside):
            corpus.files_checked += 1
            corpus.errors.append(Problem(rel, 0, 0, "", "is a symbolic link; records must be plain files inside the tree"))
            continue
        if path.is_dir():
            continue
        corpus.files_checked += 1
        parts = path.relative_to(root).parts
        if len(parts) != 2:
            corpus.errors.append(Problem(rel, 0, 0, "", "records live at laws/<jurisdiction-id>/<name>.yml"))
            continue
        if path.suffix != ".yml":
            corpus.errors.append(Problem(rel, 0, 0, "", "is not a .yml record (use the .yml extension)"))
            continue
        folder = parts[0]
        try:
            check_jurisdiction_id(folder)
        except ValueError as exc:
            corpus.errors.append(Problem(rel, 1, 1, "jurisdiction", f"folder name: {exc}"))
            continue
        if path.name != JURISDICTION_FILE and not SLUG.fullmatch(path.stem):
            corpus.errors.append(
                Problem(rel, 0, 0, "", "file name must be a lowercase slug like 'online-safety-act-2023.yml'")
            )
            continue
        tasks.append((path, rel, folder, path.name if path.name == JURISDICTION_FILE else path.stem, file_checks, cache))
    for (path, rel, folder, stem, _, _), (loaded, problems, warnings, parsed) in zip(tasks, read_all(tasks)):
        corpus.files_parsed += parsed
        corpus.errors += problems
        corpus.warnings += warnings
        if loaded is None:
            continue
        if stem == JURISDICTION_FILE:
            if loaded.model.id != folder:
                line, col = locate(loaded.node, ("id",))
                corpus.errors.append(
                    Problem(rel, line, col, "id", f"{loaded.model.id!r} does not match its folder {folder!r}")
                )
            else:
                corpus.jurisdictions[folder] = loaded
        else:
            corpus.instruments[f"{folder}/{stem}"] = loaded
    check_corpus(corpus)
    corpus.errors.sort()
    corpus.warnings.sort()
    return corpus


def read_task(task: tuple) -> tuple[Loaded | None, list[Problem], list[Problem], bool]:
    path, rel, _, stem, file_checks, cache = task
    cached = cache_path(cache, path, rel, file_checks) if cache is not None else None
    if cached is not None and cached.exists():
        try:
            with open(cached, "rb") as handle:
                return (*pickle.load(handle), False)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # a damaged or outdated entry: parse the file again
    loaded, problems = read_record(path, rel, Jurisdiction if stem == JURISDICTION_FILE else Instrument)
    warnings: list[Problem] = []
    if loaded is not None and file_checks is not None:
        errors, warnings = file_checks(loaded)
        problems += errors
    if loaded is not None:
        loaded._node = None  # parsed again only if a cross-file error needs a line
    if cached is not None:
        store(cached, (loaded, problems, warnings))
    return loaded, problems, warnings, True


def store(cached: Path, result: tuple) -> None:
    """Keep one file's result; the cache only saves time, so a full disk or read-only folder just skips it."""
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cached)  # whole or absent, even with two builds at once
    except OSError:
        temporary.unlink(missing_ok=True)


def code_version() -> str:
    """A hash of the code that turns a file into a checked record: changing it empties the cache in effect."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for source in sorted([*(here.parent / "schema").glob("*.py"), here / "load.py", here / "validate.py"]):
        digest.update(source.read_bytes())
    return digest.hexdigest()


CODE_VERSION = code_version()


def cache_path(cache: Path, path: Path, rel: str, file_checks) -> Path | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    for part in (CODE_VERSION, rel, repr(getattr(file_checks, "args", file_checks))):
        digest.update(part.encode() + b"\0")
    digest.update(raw)
    key = digest.hexdigest()
    return cache / key[:2] / f"{key}.pickle"


def read_all(tasks: list[tuple]) -> list[tuple[Loaded | None, list[Problem], list[Problem], bool]]:
    """Parse and check each file; on a big tree, in one worker process per core (YAML parsing is CPU-bound)."""
    workers = os.cpu_count() or 1
    if len(tasks) < PARALLEL_FROM or workers < 2:
        return [read_task(t) for t in tasks]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(read_task, tasks, chunksize=256))


def provision_id(instrument_id: str, provision) -> str:
    return f"{instrument_id}/{section_id(provision.section)}"


def provision_ids(instrument_id: str, instrument: Instrument) -> list[str]:
    return [provision_id(instrument_id, p) for p in instrument.provisions]


def problem_at(loaded: Loaded, loc: tuple[Any, ...], message: str) -> Problem:
    """A problem in a loaded record, at the line of the field `loc` points to."""
    line, col = locate(loaded.node, loc)
    return Problem(loaded.rel, line, col, field_path(loc), message)


def check_corpus(corpus: Corpus) -> None:
    """Checks that need more than one file: references, hierarchy, duplicates, sources."""
    errors = corpus.errors
    jurisdictions = corpus.jurisdictions

    for jid, loaded in jurisdictions.items():
        parent = loaded.model.parent
        if loaded.model.level is Level.subnational and parent is None:
            errors.append(problem_at(loaded, ("parent",), "a subnational jurisdiction needs its parent (e.g. 'us' for 'us-ca')"))
        if parent is None:
            continue
        if parent not in jurisdictions:
            errors.append(problem_at(loaded, ("parent",), f"{parent!r} is not a jurisdiction in this tree"))
        elif jurisdiction_country(parent) != jurisdiction_country(jid) and parent != "eu":
            errors.append(problem_at(loaded, ("parent",), f"{parent!r} is not in the same country as {jid!r}"))
        seen = {jid}
        while parent in jurisdictions and parent is not None:
            if parent in seen:
                errors.append(problem_at(loaded, ("parent",), "the parent chain loops back on itself"))
                break
            seen.add(parent)
            parent = jurisdictions[parent].model.parent

    def check_amendments(loaded: Loaded, at: tuple[Any, ...], amendments) -> None:
        for index, amendment in enumerate(amendments):
            if amendment.by_instrument and amendment.by_instrument not in corpus.instruments:
                errors.append(
                    problem_at(loaded, at + ("amendments", index, "by_instrument"),
                            f"{amendment.by_instrument!r} is not an instrument in this tree")
                )

    all_provisions: dict[str, tuple[str, int]] = {}
    for iid, loaded in corpus.instruments.items():
        folder = iid.split("/")[0]
        if folder not in jurisdictions:
            errors.append(Problem(loaded.rel, 1, 1, "", f"its folder has no valid {JURISDICTION_FILE}"))
        for index, pid in enumerate(provision_ids(iid, loaded.model)):
            if pid in all_provisions:
                first = all_provisions[pid][1]
                errors.append(
                    problem_at(loaded, ("provisions", index, "section"), f"provision id {pid!r} repeats provisions[{first}]")
                )
            else:
                all_provisions[pid] = (iid, index)

    for iid, loaded in corpus.instruments.items():
        instrument: Instrument = loaded.model
        ref = instrument.replaced_by
        if ref is not None and ref not in corpus.instruments:
            errors.append(problem_at(loaded, ("replaced_by",), f"{ref!r} is not an instrument in this tree"))
        if ref == iid:
            errors.append(problem_at(loaded, ("replaced_by",), "an instrument cannot replace itself"))
        check_amendments(loaded, (), instrument.amendments)
        instrument_primary = has_primary(instrument.sources)
        for index, provision in enumerate(instrument.provisions):
            at = ("provisions", index)
            if provision.replaced_by is not None and provision.replaced_by not in all_provisions:
                errors.append(
                    problem_at(loaded, at + ("replaced_by",), f"{provision.replaced_by!r} is not a provision in this tree")
                )
            check_amendments(loaded, at, provision.amendments)
            if not instrument_primary and not has_primary(provision.sources):
                errors.append(
                    problem_at(loaded, at + ("sources",), "no primary source: cite the official text here or on the instrument")
                )
            effective_in = provision.in_force_on or instrument.in_force_on
            effective_out = provision.repealed_on or instrument.repealed_on
            if effective_in and effective_out and effective_out < effective_in:
                errors.append(
                    problem_at(loaded, at + ("repealed_on",), f"repealed ({effective_out}) before in force ({effective_in})")
                )
