"""Citing one law in a paper: a LaTeX snippet with the law's formula (its constants put in, in the
digits the record prints) and the ``\\cite`` of its paper and of where the constants are printed,
keyed as ``catalog bib`` keys the entry. ``catalog cite`` and the site's law page print the same
snippet. Every record text in it is escaped for LaTeX (in a locator inside ``\\cite[...]`` a ``]`` is
braced, so that it does not end the option)."""

from __future__ import annotations

from catalog import textguard

# constant sets that the law's own paper (or its authors' code) prints: cited with the paper's key
CITED_WITH_THE_PAPER = ("paper", "code")


class UnknownSet(LookupError):
    """A constant set the law does not have; the message names those it has."""


def chosen_set(law, set_id: str | None, ref: str):
    """The constant set ``set_id`` of ``law`` (its default for None; None for a law without sets);
    ``ref``, the law's PAPER/LAW, names it in the error."""
    if set_id is None:
        return law.default_constants()
    found = next((cs for cs in law.constant_sets if cs.id == set_id), None)
    if found is None:
        known = ", ".join(cs.id for cs in law.constant_sets) or "none"
        raise UnknownSet(f"unknown constant set {textguard.quoted(set_id)} of {ref}; its sets: {known}")
    return found


def latex_snippet(paper, law, set_id: str | None = None, formula: str | None = None) -> str:
    """The LaTeX to paste: a comment naming the law and set, the formula in an ``equation``, and a
    sentence citing the paper (``\\cite{key}``) and, for a set the paper or its code prints, the
    place (``\\cite[Appendix D.2, Eq. (10)]{key}``); a set from elsewhere (a replication, Wikipedia,
    your own fit) is named with its source, which the reader must cite too. ``formula``: the
    formula's LaTeX with that set's constants, when the caller has it printed (the site's law
    view has its display lines), else printed here (:func:`law_formula`, with its plain text)."""
    from catalog import provenance
    from catalog.publish.custom_tables import law_formula
    from catalog.publish.tables import latex_escape

    cs = chosen_set(law, set_id, f"{paper.id}/{law.id}")
    key = paper.bibliography.bibtex_key
    if formula is None:
        formula = law_formula(law, cs.id if cs is not None else None).latex
    lines = [f"% {latex_escape(law.name)}: {paper.id}/{law.id}"
             + (f", constant set {cs.id} ({latex_escape(cs.provenance)})" if cs is not None else ", no published constants"),
             "\\begin{equation}", f"  {formula}", "\\end{equation}"]
    sentence = f"{latex_escape(law.name)} \\cite{{{key}}}"
    if cs is None:
        lines.append(sentence + ".")
    elif cs.provenance in CITED_WITH_THE_PAPER:
        # a ']' braced: '\cite[{...}]' alone let hyperref and natbib end the option at a ']' inside
        where = f"[{latex_escape(cs.locator).replace(']', '{]}')}]" if cs.locator else ""
        lines.append(f"{sentence}, with the constants of \\cite{where}{{{key}}}.")
    else:
        lines.append(f"{sentence}, with the constants of {latex_escape(cs.label)} "
                     f"({latex_escape(provenance.source_of(cs))}).")
        lines.append(f"% these constants are not printed in {paper.id}: cite their source too ({latex_escape(cs.source)})")
    return "\n".join(lines) + "\n"
