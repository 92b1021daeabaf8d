"""The site's downloads: each record as YAML, JSON and BibTeX, and the SQLite database."""

from __future__ import annotations

import tempfile
from pathlib import Path

from catalog import paths, yamlio
from catalog.store import db
from catalog.schema import Paper


def record_yaml(paper: Paper, records_dirs: list[Path]) -> str:
    """The record file as written (comments and all) when it is in one of ``records_dirs``, else
    the record dumped from the database."""
    for directory in records_dirs:
        source = Path(directory) / f"{paper.id}.yaml"
        if source.is_file():
            return source.read_text(encoding=yamlio.RECORD_ENCODING)
    import yaml

    return yaml.safe_dump(paper.model_dump(mode="json", exclude_none=True), sort_keys=False, allow_unicode=True)


def record_json(paper: Paper) -> str:
    return paper.model_dump_json(indent=2, exclude_none=True) + "\n"


def bibtex(paper: Paper) -> str:
    """One BibTeX entry (``catalog.publish.bibtex``, the same export as ``catalog bib``)."""
    from catalog.publish import bibtex as bib

    return bib.entry(paper)


def write(papers: list[Paper], out: dict[str, str | bytes], folder: str, db_url: str,
          records_dirs: list[Path]) -> dict[str, dict[str, str]]:
    """Add every download to ``out`` (path under ``folder`` -> content); return, per paper id,
    its file names by kind."""
    files: dict[str, dict[str, str]] = {}
    for p in papers:
        names = {"yaml": f"{p.id}.yaml", "json": f"{p.id}.json", "bib": f"{p.id}.bib"}
        out[f"{folder}/{names['yaml']}"] = record_yaml(p, records_dirs)
        out[f"{folder}/{names['json']}"] = record_json(p)
        out[f"{folder}/{names['bib']}"] = bibtex(p)
        files[p.id] = names
    from catalog.publish import bibtex as bib

    out[f"{folder}/catalog.bib"] = bib.export(papers)
    source = db.sqlite_path(db_url)
    if source is not None and source.is_file():
        out[f"{folder}/catalog.sqlite"] = source.read_bytes()
    else:  # a server database: ship an embedded copy of the same records
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "catalog.sqlite"
            db.load(papers, paths.sqlite_url(database))
            out[f"{folder}/catalog.sqlite"] = database.read_bytes()
    return files
