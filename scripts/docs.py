"""Regenerate the parts of README.md and docs/codebook.md that come from the data and the codebook."""

from __future__ import annotations

import re
from pathlib import Path

from schema import Instrument, Jurisdiction
from schema.vocab import TOPIC_DESCRIPTIONS, VerificationStatus

from .codebook import QUESTIONS
from .load import Corpus

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CODEBOOK = ROOT / "docs" / "codebook.md"


def coverage_table(corpus: Corpus) -> str:
    as_of = max((j.model.research.as_of for j in corpus.jurisdictions.values()), default=None)
    lines = [
        f"As of {as_of}:",
        "",
        "| Jurisdiction | Research | Instruments | Provisions | Verified | Help resources |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    totals = [0, 0, 0, 0]
    for jid in sorted(corpus.jurisdictions):
        j: Jurisdiction = corpus.jurisdictions[jid].model
        instruments: list[Instrument] = [
            loaded.model for iid, loaded in corpus.instruments.items() if iid.split("/")[0] == jid
        ]
        provisions = [p for i in instruments for p in i.provisions]
        verified = sum(p.verification.status is VerificationStatus.verified for p in provisions)
        share = f"{verified} ({verified / len(provisions):.0%})" if provisions else "0"
        lines.append(
            f"| `{jid}` {j.name} | {j.research.status.value} | {len(instruments)} | {len(provisions)} | "
            f"{share} | {len(j.resources)} |"
        )
        for index, count in enumerate([len(instruments), len(provisions), verified, len(j.resources)]):
            totals[index] += count
    share = f"{totals[2]} ({totals[2] / totals[1]:.0%})" if totals[1] else "0"
    lines.append(f"| **All {len(corpus.jurisdictions)}** | | {totals[0]} | {totals[1]} | {share} | {totals[3]} |")
    return "\n".join(lines)


def questions_table() -> str:
    lines = ["| # | Column | Question | Answer | Derivation |", "| ---: | --- | --- | --- | --- |"]
    for position, q in enumerate(QUESTIONS, start=1):
        lines.append(f"| {position} | `{q.id}` | {q.question} | {q.answer_type} | {q.derivation} |")
    return "\n".join(lines)


def topics_table() -> str:
    lines = ["| Topic | Label | What it covers |", "| --- | --- | --- |"]
    for topic, (label, description) in TOPIC_DESCRIPTIONS.items():
        lines.append(f"| `{topic.value}` | {label} | {description} |")
    return "\n".join(lines)


def replace_between(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"markers for {name!r} not found")
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


def render(corpus: Corpus) -> dict[Path, str]:
    readme = replace_between(README.read_text(encoding="utf-8"), "coverage", coverage_table(corpus))
    codebook = CODEBOOK.read_text(encoding="utf-8")
    codebook = replace_between(codebook, "questions", questions_table())
    codebook = replace_between(codebook, "topics", topics_table())
    return {README: readme, CODEBOOK: codebook}


def write_docs(corpus: Corpus) -> list[Path]:
    changed = []
    for path, text in render(corpus).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
