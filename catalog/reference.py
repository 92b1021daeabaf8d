"""A paper's venue as a reference list prints it, from the bibliography's fields (venue, publisher,
volume, number, pages). Kept free of pydantic: ``catalog show`` formats the read-only record view
(:mod:`catalog.store.recordview`) with it without importing the schema."""

from __future__ import annotations

import re

# The schema's patterns for these fields; ``catalog new`` keeps a BibTeX value only if it matches.
ISSUE = r"[0-9A-Za-z]{1,10}"  # a volume or number
PAGES = r"[0-9A-Za-z]{1,12}(:[0-9]{1,10})?(-[0-9A-Za-z]{1,12}(:[0-9]{1,10})?)?"  # 4057-4086, 35:1-35:24, PNAS e2311878121
ARXIV = r"(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})"  # 2203.15556, hep-th/9901001
SLUG = r"[a-z0-9][a-z0-9_\-]*"  # ids and BibTeX keys

# The conference and year a venue names: 'Conference on Language Modeling (COLM 2025)', '... (ECML PKDD 2022)'
VENUE_YEAR = re.compile(r"\((?:[A-Z][\w&.\-]*\s+)+((?:19|20)\d{2})\)")


# a proceedings' volume named before its conference and year: ACL's '(Volume 2: Short Papers)'
_VOLUME = re.compile(r"\(Volume\s+(\w+)")


def conference_year(venue: str | None) -> str | None:
    """The conference and year ``venue`` names, as one key ('ICLR 2025' for 'The Thirteenth
    International Conference on Learning Representations (ICLR 2025)'), or None when it names none.
    A volume before it and a track after it are part of the key: ACL's long and short papers
    ('(Volume 1: Long Papers) (ACL 2025)', '(Volume 2: Short Papers) (ACL 2025)') and NeurIPS's
    main and Datasets and Benchmarks tracks ('(NeurIPS 2024) Datasets and Benchmarks Track') are
    other proceedings, not other spellings of one."""
    named = VENUE_YEAR.search(venue or "")
    if named is None:
        return None
    volume = _VOLUME.search(venue, 0, named.start())
    return " ".join([*named.group(0)[1:-1].split(), *([f"(Volume {volume.group(1)})"] if volume else []),
                     *venue[named.end():].split()])


def issue_and_pages(bib) -> str:
    """What follows the venue in a reference list: ``PMLR 162, pp. 4057-4086``, ``vol. 23(9),
    pp. 1-34``, ``Springer, pp. 477-492`` (empty when none is recorded). ``bib``: a
    :class:`Bibliography` or its read-only view (:mod:`catalog.store.recordview`)."""
    parts = []
    if bib.publisher and bib.publisher != "PMLR":
        parts.append(bib.publisher)
    if bib.volume:
        issue = f"({bib.number})" if bib.number else ""
        parts.append(f"PMLR {bib.volume}" if bib.publisher == "PMLR" else f"vol. {bib.volume}{issue}")
    if bib.pages:
        parts.append(f"pp. {bib.pages}")
    return ", ".join(parts)


def published_in(bib) -> str | None:
    """The venue as a reference list prints it, e.g. ``Proceedings of the 39th International
    Conference on Machine Learning (ICML 2022), PMLR 162, pp. 4057-4086``."""
    if not bib.venue:
        return None
    return ", ".join(p for p in (bib.venue, issue_and_pages(bib)) if p)


# The last word of a group author ('Kimi Team', 'Ling Team', 'Inclusion AI', 'ByteDance Seed',
# 'OpenAI Dota Team'): the name is cited whole, not as a first name and a surname. Compared with
# its case: 'Ai' is a family name (Qingyao Ai, Guangwei Ai), 'AI' is not.
_GROUP_WORDS = {"Team", "AI", "Seed", "Research", "Lab", "Labs", "Group", "Consortium", "Collaboration", "Project"}


def is_group_author(name: str) -> bool:
    """Whether ``name`` names a group rather than a person: 'Llama Team, AI @ Meta' (a comma
    or '@', which BibTeX would read as 'Last, First'), or a name ending in one of _GROUP_WORDS."""
    words = name.split()
    return "," in name or "@" in name or (len(words) > 1 and words[-1] in _GROUP_WORDS)


def surname(name: str) -> str:
    """The part of an author's name a citation prints: a group's whole name; else the last
    word with the lowercase particles before it, as BibTeX's 'First von Last' reads a name
    ('Dimitri von Rütte' -> 'von Rütte', 'Diego de Las Casas' -> 'de Las Casas')."""
    if is_group_author(name):
        return name
    words = name.split()
    for i, word in enumerate(words[1:-1], start=1):
        if word[0].islower():  # the von part starts the surname
            return " ".join(words[i:])
    return words[-1]


def paper_label(paper) -> str:
    """How people cite a paper: the survey's citation when the survey cites it, else 'Surname et
    al. (year)' from the authors (a group author such as 'Llama Team, AI @ Meta' or 'Kimi Team'
    is kept whole, a surname keeps its particle: 'von Rütte'). Custom tables, the site,
    catalog predict and catalog search label papers with it; ``paper`` is a record or its
    read-only view."""
    bib = paper.bibliography
    return cited_as(paper.survey.citation if paper.survey else bib.survey_citation, bib.authors, bib.year)


def cited_as(survey_citation: str | None, authors, year: int) -> str:
    """:func:`paper_label` from the stored fields (the database's papers table: its survey_citation
    column, authors and year)."""
    if survey_citation:
        return survey_citation
    authors = list(authors)
    names = [surname(a) for a in authors[:2]]  # no more are printed: predict labels 780 rows, of papers of 100 authors
    if len(authors) == 1:
        who = names[0]
    elif len(authors) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} ({year})"
