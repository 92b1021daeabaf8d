"""An open catalog for notebooks and scripts: ``catalog.open()`` returns a :class:`Session`.

>>> import catalog
>>> cat = catalog.open()
>>> chinchilla = cat.law("hoffmann2022")      # shows its formula and constants in Jupyter
>>> chinchilla(N=7e10, D=1.4e12)              # 1.93665...
>>> cat.search(variable="experts").to_dataframe()
>>> cat.table(7).to_dataframe()
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the return types, for help() and type checkers; imported when used
    from catalog.engine.predict import Predictions
    from catalog.publish.tables import Table
    from catalog.schema import Paper
    from catalog.store.lawstore import LawRef
    from catalog.store.query import SearchResult
    from catalog.store.reader import Store


class Session:
    """Search (:class:`catalog.store.query.Catalog`), papers and laws (:class:`catalog.store.reader.Store`)
    and survey tables of one catalog database."""

    def __init__(self, url: str | None = None, data: tuple[str | Path, ...] | list = ()):
        from catalog import paths
        from catalog.store.query import Catalog
        from catalog.store.reader import Store

        for directory in data:  # a user's records, layered as with `catalog --data DIR`
            path = Path(directory).expanduser().resolve()
            if path not in paths.extra_dirs_from_options:
                paths.extra_dirs_from_options.append(path)
        self.store = Store(url)
        self.url = self.store.url
        self.query = Catalog(self.url)
        # the laws this session handed out by name (cat.law), in order: cat.bib(used=True) cites them
        self.used: list[str] = []

    def _with_stored_forms(self) -> Store:
        """The store, its laws given the formula trees ``catalog load`` stored, so that they
        evaluate, solve and optimise with numpy as ``catalog eval`` does."""
        return self.store.with_stored_forms()

    def search(self, text: str | None = None, **filters) -> SearchResult:
        """Papers (and their laws) matching every filter, as ``catalog search``: ``text`` (free text,
        ranked), and ``modality``, ``category``, ``architecture``, ``task``, ``dataset``, ``year``
        (``2022``, ``"2020-2022"``), ``training_code``, ``analysis_code``, ``covers`` (``"N=70B"``) of
        the paper; ``variable``, ``dependent``, ``has_constants``, ``checked`` (``"printed"`` or
        ``"precision"``) of a law. A list matches any of its values (``match="all"``: every one);
        ``limit``/``offset`` page. The result has ``.ids()``, ``.law_ids()``, ``.laws`` and
        ``.to_dataframe("papers" or "laws")``; each filter is described in :mod:`catalog.store.query`.
        E.g. ``cat.search(dependent="loss", variable=["N", "D"], match="all", has_constants=True)``."""
        if text is not None:
            filters["text"] = text
        return self.query.search(**filters)

    def paper(self, paper_id: str) -> Paper:
        """The whole record of a paper, by id or nickname (``cat.paper("chinchilla")``), as ``catalog
        show`` reads it: ``.bibliography``, ``.laws`` (each with ``.symbols``, ``.constant_sets`` and
        their sources, ``.check_values``, ``.errata``), ``.survey``, ``.reproducibility``. It prints as one
        line; ``print(paper)`` shows the record as YAML, every field set, ``paper.model_dump()`` as a dict."""
        return self.store.paper(paper_id)

    def law(self, ref: str) -> LawRef:
        """A callable law: ``cat.law("hoffmann2022")(N=7e10, D=1.4e12)``. A constant set goes to
        the call (``constant_set="besiroglu2024"``), not into the name as the commands' ``@SET``."""
        name, at, set_id = ref.partition("@")
        if at:  # the commands' LAW@SET: without this, 'unknown paper 'hoffmann2022@besiroglu2024''
            from catalog.store.lawstore import NotFound

            law = self._with_stored_forms().law(name)  # an unknown law is told as such first
            raise NotFound(f"cat.law takes PAPER or PAPER/LAW, not a constant set: give {set_id!r} to the call, "
                           f"cat.law({name!r})(constant_set={set_id!r}, ...) (also .evaluate, .solve, .sweep, "
                           f".optimal; sets of {law.id}: {', '.join(c.id for c in law.law.constant_sets) or 'none'})")
        found = self._with_stored_forms().law(ref)
        if found.id not in self.used:
            self.used.append(found.id)
        return found

    def laws(self) -> list[LawRef]:
        """Every law of the catalog, as :meth:`law` gives one (callable; ``.id``, ``.law`` the record,
        ``.paper`` its paper), ordered by paper id and then as each paper lists them."""
        return self._with_stored_forms().laws()

    def predict(self, where=None, *, partial: bool = False, all_sets: bool = False, inside: bool = False,
                k=None, **values) -> Predictions:
        """What every law taking these variables predicts at one point, as ``catalog predict``:
        ``cat.predict(N="70B", D="1.4T")``, ``cat.predict(["dependent=loss"], C=1e24)``
        (``where``: ``--where`` filters); see :mod:`catalog.engine.predict`. The laws are read as
        the command reads them, as views of the stored records with their formula trees (a row's
        ``evaluation.law``), unless this session already holds every paper: validating the 135
        papers that can answer at N and D into pydantic, and importing the schema to do it, was
        half of a notebook's first predict. ``inside=True``: only the rows whose inputs lie inside the
        constant set's stated fitted ranges (``catalog predict --inside``); ``k=4``: a budget split
        along C = 4ND, not 6ND (``--k``)."""
        from catalog.engine.errors import EngineError
        from catalog.store import recordview, selection

        if "papers" in self.store.__dict__:
            return selection.predictions(self._with_stored_forms(), values, where, partial=partial, all_sets=all_sets,
                                         inside=inside, k=k)
        recordview.forget_read()
        try:
            return selection.predictions(self.url, values, where, partial=partial, all_sets=all_sets, inside=inside,
                                         k=k)
        except (EngineError, selection.FilterError, recordview.InvalidRecord):
            raise  # the point, the filter or a record refused, each worded to be shown as is
        except Exception as exc:
            # a record the views read that the schema refuses (a database no load wrote) is the
            # cause to name, not the error its shape led to, as the command line names it
            invalid = recordview.first_invalid()
            if invalid is not None:
                raise invalid from exc
            raise

    def change(self, at: dict, to: dict, where=None, *, partial: bool = False, all_sets: bool = False,
               inside: bool = False, k=None):
        """How each law's prediction changes from the point ``at`` to ``at`` with the variables of
        ``to`` replaced, as ``catalog predict ... --to``: ``cat.change({"C": "1e24"}, {"C": "1e25"})``,
        ``.rows`` (each ``.at``, ``.to``, ``.ratio``, ``.difference``), ``.to_dataframe()``
        (:mod:`catalog.engine.change`)."""
        from catalog.store import selection

        return selection.changes(self._with_stored_forms() if "papers" in self.store.__dict__ else self.url,
                                 at, to, where, partial=partial, all_sets=all_sets, inside=inside, k=k)

    def table(self, number: int | None = None, **custom) -> Table:
        """The survey's Table ``number`` (2 to 8) as a :class:`catalog.publish.tables.Table`; without
        a number, your own table as ``catalog table --columns ...`` builds it: ``columns=``, ``where=``,
        ``sort=``, ``group_by=``, ``constants=``, ``caption=`` (see
        :func:`catalog.publish.custom_tables.custom_table`), e.g.
        ``cat.table(columns="paper,form", where="modality=vision").to_latex()``."""
        from catalog.publish import custom_tables, tables

        if number is None:
            return custom_tables.custom_table(self.store, **custom)
        if custom:
            raise TypeError(f"a survey table is regenerated as printed: drop {', '.join(custom)}, "
                            f"or give no number for your own table")
        return tables.survey_table(self.store.papers, number)

    def bib(self, *ids: str, where=None, used: bool = False) -> str:
        """BibTeX of the papers named (ids, nicknames or law ids, a law citing its paper) and/or
        matching ``where`` (default: every paper), as ``catalog bib``: ``cat.bib("chinchilla",
        "kaplan2020")``, ``cat.bib("hoffmann2022/parametric-loss")``. ``used=True`` adds the papers
        of every law this session gave by name (``cat.law``; listed in ``cat.used``): the
        references of a notebook's laws in one call."""
        from catalog.publish import bibtex

        if used and not self.used:
            raise ValueError("no law used yet in this session: cat.law(...) records the laws it gives (cat.used)")
        named = [*ids, *(self.used if used else ())]
        return bibtex.bibliography(self.store, where, ids=named or None)

    def close(self) -> None:
        self.query.close()
        self.store.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<catalog {self.url}: {len(self.store.papers)} papers>"
