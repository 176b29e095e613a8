"""lawkb: one command line for every stage (validate, build, serve, new, schema)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from . import build as build_stage
from . import docs, jsonschema, new, serve as serve_stage, validate as validate_stage


@click.group()
def main() -> None:
    """Privacy, harassment and image-abuse laws: validate, build and serve the knowledge base."""


@main.command()
@click.argument("laws_dir", default="laws", type=click.Path(path_type=Path))
def validate(laws_dir: Path) -> None:
    """Check every record under LAWS_DIR (default laws/); exit 1 on any error."""
    corpus = validate_stage.validate(laws_dir, build_stage.today())
    click.echo(validate_stage.report(corpus, "Fix them and run again."))
    sys.exit(0 if corpus.ok else 1)


@main.command()
@click.option("--laws", "laws_dir", default="laws", type=click.Path(path_type=Path), show_default=True)
@click.option("--out", default=str(build_stage.DEFAULT_OUT), type=click.Path(path_type=Path), show_default=True)
def build(laws_dir: Path, out: Path) -> None:
    """Validate, then build the SQLite database; the previous one stays unless the new one is whole."""
    try:
        corpus, seconds = build_stage.build(laws_dir, out)
    except (build_stage.BuildError, sqlite3.Error, OSError) as exc:  # e.g. a full disk or read-only folder
        click.echo(f"build failed: {exc}. {out} was not changed.", err=True)
        sys.exit(1)
    if not corpus.ok:
        click.echo(validate_stage.report(corpus, "Database not written."), err=True)
        sys.exit(1)
    click.echo(validate_stage.report(corpus, ""))
    click.echo(f"built {out} in {seconds:.2f}s")


@main.command()
@click.argument("jurisdictions", nargs=-1, required=True)
@click.option("--db", default=str(build_stage.DEFAULT_OUT), type=click.Path(path_type=Path), show_default=True)
def answers(jurisdictions: tuple[str, ...], db: Path) -> None:
    """Print the protection matrix answers for JURISDICTIONS from a built database (run `lawkb build` first)."""
    if not db.exists():
        raise click.ClickException(f"{db} does not exist; run `lawkb build` first")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for jid in jurisdictions:
            found = conn.execute(
                "SELECT a.question_id, a.answer, a.grounds, j.research_status FROM protection_answers a "
                "JOIN jurisdictions j ON j.id = a.jurisdiction_id WHERE a.jurisdiction_id = ? ORDER BY a.position",
                (jid,),
            ).fetchall()
            if not found:
                click.echo(f"{jid}: not in {db}")
                continue
            click.echo(f"{jid} (research {found[0][3]}):")
            for question, answer, grounds, _ in found:
                click.echo(f"  {question:28} {answer:8} {grounds}")


@main.command()
@click.option("--db", default=str(build_stage.DEFAULT_OUT), type=click.Path(path_type=Path), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, type=int, show_default=True)
def serve(db: Path, host: str, port: int) -> None:
    """Serve the database with Datasette (read-only, immutable)."""
    serve_stage.serve(db, host, port)


@main.command("coverage")
@click.option("--db", default=str(build_stage.DEFAULT_OUT), type=click.Path(path_type=Path, exists=True),
              show_default=True)
def coverage_command(db: Path) -> None:
    """Report each committed wave of jurisdictions: present or missing, research status, verified share."""
    from . import coverage

    click.echo(coverage.report(db))


@main.command("release")
@click.option("--laws", "laws_dir", default="laws", type=click.Path(path_type=Path), show_default=True)
@click.option("--dist", default="dist", type=click.Path(path_type=Path), show_default=True)
@click.option("--previous", type=click.Path(path_type=Path, exists=True),
              help="The release (folder or laws.db) to list changes against; default: the newest in --dist.")
def release_command(laws_dir: Path, dist: Path, previous: Path | None) -> None:
    """Write a versioned bundle: SQLite, CSV and JSON per table, datapackage.json, CITATION.cff, changelog."""
    from . import release

    try:
        target = release.release(laws_dir, dist, previous)
    except release.ReleaseError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {target}")


@main.command("new")
@click.argument("jurisdiction")
@click.argument("slug", required=False)
@click.option("--title", help="Instrument title, e.g. 'Online Safety Act 2023'.")
@click.option("--year", type=int, help="Year the instrument was enacted or made.")
@click.option("--name", help="With no SLUG: the new jurisdiction's name.")
@click.option("--parent", help="With no SLUG: the parent jurisdiction id, e.g. 'us' for 'us-tx'.")
@click.option("--laws", "laws_dir", default="laws", type=click.Path(path_type=Path), show_default=True)
def new_command(jurisdiction, slug, title, year, name, parent, laws_dir) -> None:
    """Scaffold laws/JURISDICTION/SLUG.yml (an instrument), or with no SLUG a jurisdiction.yml."""
    try:
        if slug is None:
            if not name:
                raise click.UsageError("a new jurisdiction needs --name")
            path = new.new_jurisdiction(laws_dir, jurisdiction, name, parent)
        else:
            if not title or not year:
                raise click.UsageError("a new instrument needs --title and --year")
            path = new.new_instrument(laws_dir, jurisdiction, slug, title, year)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}; fill in the nulls you can verify, then run `lawkb validate`")


@main.command("schema")
def schema_command() -> None:
    """Regenerate the JSON Schema files in schema/ from the pydantic models."""
    for path in jsonschema.write_schemas():
        click.echo(f"wrote {path}")


@main.command("docs")
@click.option("--laws", "laws_dir", default="laws", type=click.Path(path_type=Path), show_default=True)
def docs_command(laws_dir: Path) -> None:
    """Regenerate README's coverage table and the codebook's generated tables."""
    corpus = validate_stage.validate(laws_dir, build_stage.today())
    if not corpus.ok:
        click.echo(validate_stage.report(corpus, "Docs not written."), err=True)
        sys.exit(1)
    changed = docs.write_docs(corpus)
    click.echo("\n".join(f"wrote {p}" for p in changed) or "docs already current")


if __name__ == "__main__":
    main()
