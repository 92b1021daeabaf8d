"""Conventions: how a law counts what it scales, and what that means when two laws are compared.

Every law records (``Law.conventions``) whether its parameter counts include embeddings, how
compute is counted (6ND, or with attention FLOPs as ``C = MD``; in FLOPs or PF-days), the unit
of the loss (nats or bits), the validation set the loss was measured on and the tokenizer a loss
per token is counted in. Two laws that differ in any of these do not predict the same quantity,
even when their formulas look alike: Kaplan et al.'s N excludes embedding parameters,
Chinchilla's counts all of them; a loss per token of a 32,000-token vocabulary is no loss per
token of a 50,257-token one.

- :func:`stated` / :func:`describe`: a law's conventions, as recorded (shown by every evaluation).
- :func:`differences`: which conventions (and which units of matched inputs and outputs) differ
  between two laws; a convention is compared only when both laws state it ("not stated" and
  "not applicable" are never a difference; a law that does not state what the other states
  gives a note instead).
- :func:`compare` (:func:`warning` for one pair): one clear warning per pair of laws whose
  conventions differ, naming each differing convention and both values: used by
  :func:`catalog.engine.sweep.compare` (``catalog eval`` with several laws), :func:`catalog.engine.plotting.plot`
  and :mod:`catalog.publish.corrections`.

Compute conventions are free text in the records (``C = 6ND (FLOPs)``, ``C_min = 6NBS_min,
non-embedding, in PF-days``); :func:`compute_convention` reads three things from them: how FLOPs
are counted (``6ND`` or ``MD``, with attention; plus inference), over which parameters (when the
text says), and the unit (FLOPs, PF-days, TPUv3-core-days). Only what both texts say is compared.
Tokenizer texts (``GPT-2 BPE, 50,257 tokens (Section 2.1)``) are read by :func:`tokenizer` for a
name and a vocabulary size; the locator in parentheses is no part of either.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from catalog.engine import evaluation as engine


def __getattr__(name: str):
    # FIELDS (parameters, compute, loss_unit, validation_set, tokenizer) comes from the schema, imported
    # on first use only: evaluating a law read as a record view never loads pydantic.
    if name == "FIELDS":
        from catalog.schema import Conventions

        return tuple(Conventions.model_fields)
    raise AttributeError(name)
LABELS = {"parameters": "parameter counting", "compute": "compute counting", "loss_unit": "loss unit",
          "validation_set": "validation set", "tokenizer": "tokenizer", "unit": "units"}
UNSTATED = ("not stated", "not applicable")

# How a bit converts to nats: a loss in bits times ln 2 is the loss in nats.
NATS_PER_BIT = 0.6931471805599453

# The wording of differences and notes, one source for differences and the compare page's script,
# which composes a pair's texts from the two laws' readings (reading, views.compare_conventions):
# filled by str.format here and by one pass of a regex there, so a value's own braces stay text.
TEMPLATES = {
    "parameters": "parameters counted {a} vs {b} ({a_embeddings} vs {b_embeddings})",
    "compute": "compute counted as '{a}' vs '{b}' ({a_read} vs {b_read})",
    "loss_unit": f"loss in {{a}} vs {{b}} (1 bit = ln 2 = {NATS_PER_BIT:.4f} nats: a loss in bits is "
                 f"{1 / NATS_PER_BIT:.4f} times the same loss in nats)",
    "validation_set": "validation set '{a}' vs '{b}'",
    "tokenizer": "tokenizer '{a}' vs '{b}' ({what}): a loss per token depends on the tokenizer",
    "tokenizer_names": "different names",
    "tokenizer_sizes": "vocabulary {a} vs {b} tokens",
    "unit": "units {what}",
    "unit_pair": "{a} in {a_unit} vs {b} in {b_unit}",
    "note": "{silent} does not state its {label} ({other}: {value}); the two cannot be checked against each other",
    "and": "; ",
}
EMBEDDINGS = {"total": "with embeddings", "non-embedding": "without embeddings"}  # the parameter counts compared


def _unstated(value: str | None) -> bool:
    return value is None or value.strip().lower().startswith(UNSTATED)


def stated(target: Any) -> dict[str, str]:
    """The law's conventions as recorded (``'not stated'`` where the paper is silent)."""
    law, _, _ = engine.unpack(target)
    out = {f: str(v) for f, v in law.conventions.model_dump().items()}
    out.setdefault("tokenizer", "not stated")  # a record view stored before the field was added
    return out


def describe(target: Any) -> str:
    """One line: ``parameters total; compute C = 6ND; loss in nats/token; validation set
    MassiveText held-out`` and ``; tokenizer ...`` where the law states one."""
    law, _, _ = engine.unpack(target)
    out = law.symbols.get(law.output_symbol)
    return line(stated(target), out.unit if out is not None else None)


def loss_wording(loss_unit: str, output_unit: str | None = None) -> str:
    """``loss in nats/token``: the output's own unit where the output is the loss in the stated
    unit (nats/token, bits per byte), so the line says what the value beside it says; the bare
    ``loss in nats`` where the output is something else (an optimal size, an accuracy)."""
    if loss_unit in UNSTATED:
        return f"loss unit {loss_unit}"
    words = re.split(r"[\s/]", (output_unit or "").strip(), maxsplit=1)
    return f"loss in {output_unit.strip()}" if words[0] == loss_unit else f"loss in {loss_unit}"


def line(c: Mapping[str, str], output_unit: str | None = None) -> str:
    """:func:`describe`'s line from the conventions :func:`stated` gives (the loss in
    ``output_unit`` where that is a unit of the loss, :func:`loss_wording`); the tokenizer by name
    (its locator, which can quote a paragraph, is in the record, ``show`` and JSON)."""
    loss = loss_wording(c["loss_unit"], output_unit)
    text = f"parameters {c['parameters']}; compute {c['compute']}; {loss}; validation set {c['validation_set']}"
    return text if _unstated(c.get("tokenizer")) else f"{text}; tokenizer {tokenizer_name(c['tokenizer'])}"


# --------------------------------------------------------------------------------------------
# normalizing


@dataclass(frozen=True)
class ComputeConvention:
    """What a compute convention says, as far as the text tells: ``counting`` is ``6ND``,
    ``MD`` (FLOPs per token including attention, Kaplan's Eq. 2 / DeepSeek) or None (not said);
    ``over`` is ``non-embedding`` or ``total`` parameters when the text says (else None: the
    parameter convention is compared on its own); ``unit`` is ``FLOPs``,
    ``PF-days``, ``TPUv3-core-days`` or None."""

    counting: str | None
    over: str | None
    unit: str | None

    def describe(self) -> str:
        parts = []
        if self.counting:
            parts.append(self.counting + (f" over {self.over} parameters" if self.over else ""))
        elif self.over:
            parts.append(f"over {self.over} parameters")
        if self.unit:
            parts.append(f"in {self.unit}")
        return ", ".join(parts) or "not said"


# the last: '6 x parameters x tokens', the counting in words (brown2020's Table D.1)
_SIX_ND = re.compile(r"\b6\s*(?:\(\s*)?N|/\s*(?:\(\s*)?6\s*N|\bC\s*/\s*6\b|\b6\s*[x×*]\s*param(?:eter)?s\s*[x×*]\s*tokens\b")
_MD = re.compile(r"\bC\s*=\s*MD\b|\battention FLOPs\b|\b72\s*n_layer")
# 'not C = 6ND' states no relation (before a C = kND match, or before the 6 of 'not C = 6ND')
_DENIED = re.compile(r"\b(?:not|replaces|instead of|rather than|exceeds)\s*(?:[CF]\w*\s*[=≈]\s*)?$")
# characters before a match _denied reads: a denial is a few words ('instead of C_min = '); reading all
# the text before each match took quadratic time (a 20,000-character text of '6N 6N ...': 8 s)
_DENIAL_REACH = 100


def _denied(text: str, end: int) -> bool:
    """Whether the text just before ``end`` denies the relation matched there."""
    return _DENIED.search(text, max(0, end - _DENIAL_REACH), end) is not None


def _counting(text: str) -> str | None:
    """6ND or MD from the first clause that says (a later clause may name a variant); a text
    that denies 6ND ('..., not 6ND') counts otherwise."""
    for part in (text.split(";")[0], text):
        if _MD.search(part):
            return "MD (FLOPs per token, with attention)"
        said = [not _denied(part, m.start()) for m in _SIX_ND.finditer(part)]
        if any(said):
            return "6ND"
        if said:  # 'not 6ND': a counting of its own, which differs from 6ND's
            return "other than 6ND"
    return None


@functools.lru_cache(maxsize=4096)  # pure; the site compares every pair of laws it can overlay
def compute_convention(text: str) -> ComputeConvention | None:
    """Read a law's compute convention text (None when not stated or not applicable)."""
    if _unstated(text):
        return None
    low = text.lower()
    counting = _counting(text)
    if "inference" in low:
        counting = f"{counting} plus inference" if counting else "inference"
    elif "test-time" in low:
        counting = f"{counting or 'FLOPs'} at train and test time"
    if "non-embedding" in low or re.search(r"\bwithout embeddings?\b|\bexcluding embedding", low):
        over = "non-embedding"
    elif re.search(r"n_nv\s*\+\s*n_v", low):
        over = "total"
    else:
        over = None  # the text does not say; the parameter convention is compared on its own
    if "pf-day" in low or "pflop/s-day" in low:
        unit = "PF-days"
    elif "tpuv3-core-day" in low:
        unit = "TPUv3-core-days"
    elif "samples" in low:
        unit = "samples"
    elif "flop" in low or counting:
        unit = "FLOPs"
    else:
        unit = None
    return ComputeConvention(counting, over, unit)


# A stated relation C = kND, k a number: 'C = 6ND', 'C_min = 6NBS_min' (B S tokens), 'F = 6 N_act D',
# 'FLOPs = 6 (N_nv + N_v) D', 'C ≈ 6ND', 'C = 7822 N D'; not one with a further term ('C ≈ 9.59 N D + 2.3e8 D').
_KND = re.compile(r"\b[CF]\w*\s*[=≈]\s*(?P<k>\d+(?:\.\d+)?)\s*(?:\(\s*)?N\w*(?:\s*\+\s*N\w*\s*\))?\s*(?:D|BS)"
                  r"(?![a-zA-Z])(?!\w*\s*[-+])")
_D_IS_C_OVER_KN = re.compile(r"\bD\s*=\s*C\s*/\s*(?P<k>\d+(?:\.\d+)?)\s*N\b")  # henighan2020's 'D = C/6N'
_KND_IN_WORDS = re.compile(r"\b(?P<k>\d+(?:\.\d+)?)\s*[x×*]\s*param(?:eter)?s\s*[x×*]\s*tokens\b")


@functools.lru_cache(maxsize=4096)  # pure; predict asks for every law of compute alone
def nd_multiple(text: str) -> tuple[float | None, str]:
    """(k, "") where the convention text states training compute as C = kND in FLOPs (6 for
    Chinchilla's 'C = 6ND', Kaplan's 'C_min = 6NBS_min'), else (None, why not): a compute given
    N and D is read only where the record states the relation, never assumed. Counting with
    attention (C = MD) or inference is no fixed multiple of ND; a text saying the law's input is
    another quantity (Llama-2-equivalent FLOPs) states the relation for other FLOPs."""
    read = compute_convention(text)
    if read is None:
        return None, "its compute convention is not stated"
    if read.counting and read.counting != "6ND":
        return None, f"its compute is counted as {read.counting}, no fixed multiple of N D"
    if re.search(r"\bthe law's input is\b", text):
        return None, "its input is not the compute its paper counts from N and D"
    for relation in (_KND, _D_IS_C_OVER_KN, _KND_IN_WORDS):
        for m in relation.finditer(text):
            if not _denied(text, m.start()):
                k = float(m.group("k"))
                if not 0 < k < math.inf:  # C = 0ND (or 400 digits) counts no compute: record text, not a relation
                    return None, f"its compute convention states C = {m.group('k')[:12]}ND, no multiple that counts compute"
                return k, ""
    return None, "its compute convention states no C = kND"


def counted_parameters(c: Mapping[str, str]) -> str | None:
    """Which parameters the law's N counts, from conventions as :func:`stated` gives them:
    ``non-embedding`` or ``total`` from the parameter convention, else from the compute
    convention where it says (a law of compute alone, whose parameter convention is 'not
    applicable', evaluated at C = kND: Kaplan's 'C_min = 6NBS_min, non-embedding'); None when
    neither says."""
    if c["parameters"] in ("non-embedding", "total"):
        return c["parameters"]
    read = compute_convention(c["compute"])
    return read.over if read else None


_PARENTHESIZED = re.compile(r"\([^)]*\)")


def _drop_parenthesized(text: str) -> str:
    """Each '(...)' (to the first ')') as a space. Past the last ')' no '(' closes: the regex
    tried each one there to the end of the text, quadratic in a text of '(((...'."""
    end = text.rfind(")") + 1
    return _PARENTHESIZED.sub(" ", text[:end]) + text[end:]


@functools.lru_cache(maxsize=4096)  # pure; the site compares every pair of laws it can overlay
def normalized_validation_set(text: str) -> str | None:
    """Lower case, parentheses and punctuation dropped: ``MassiveText held-out (losses read from
    ...)`` and ``MassiveText held-out`` are the same set."""
    if _unstated(text):
        return None
    t = _drop_parenthesized(text.lower())
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"^(the|a|an) ", "", t.strip())
    return " ".join(t.split()) or None


@functools.lru_cache(maxsize=4096)  # pure; the site compares every pair of laws it can overlay
def normalized_unit(text: str | None) -> str | None:
    """A unit for comparison: lower case, parentheses dropped, ``per`` as ``/``, no spaces;
    None when not stated."""
    if text is None or _unstated(text):
        return None
    t = " ".join(_drop_parenthesized(text.lower()).split())  # one space each: '\s+per\s+' was quadratic in spaces
    return t.replace(" per ", "/").replace(" ", "") or None


@dataclass(frozen=True)
class Tokenizer:
    """What a tokenizer text says: ``name`` lower case, its punctuation and the vocabulary size
    dropped (``gpt 2 bpe``; '' when the text names none); ``size`` the vocabulary size as read
    (``50,257 tokens`` 50257, ``32K tokens`` 32000) or None; ``scale`` the multiple a size
    printed as ``32K`` (1000) or ``1.5M`` (10**6) was written in, None for one printed whole."""

    name: str
    size: float | None
    scale: int | None = None

    def same_size(self, other: "Tokenizer") -> bool:
        """Whether the two sizes can be one: equal, or a rounded one (``32K``, ``50K``) agreeing with
        the other at the precision printed, or as binary thousands (``32K`` for 32,768)."""
        return _same_size(self.reading, other.reading)

    @functools.cached_property  # predict compares every pair of tokenizer texts of its rows
    def reading(self) -> dict:
        """What :func:`_same_size` and :func:`tokenizer_difference` compare, as JSON (the compare
        page's script compares two the same way): ``rounded`` is, for a size printed in thousands
        or millions, [the printed mantissa, its decimals, the size as binary thousands]."""
        out = {"name": self.name, "size": _json_number(self.size), "scale": self.scale,
               "sizeText": None if self.size is None else f"{self.size:,.0f}", "rounded": None}
        if self.scale and self.size is not None:
            mantissa = self.size / self.scale
            binary = 1024 if self.scale == 1000 else 1024 ** 2
            out["rounded"] = [_json_number(mantissa), len(f"{mantissa:g}".partition(".")[2]),
                              _json_number(mantissa * binary)]
        return out


def _json_number(x: float | None) -> float | str | None:
    """``x`` as JSON: a size read from '1e999 tokens' is infinite, which JSON has no number for;
    as the text 'inf' (float() and the page's Number() read both forms back)."""
    return x if x is None or math.isfinite(x) else ("Infinity" if x > 0 else "-Infinity" if x < 0 else "NaN")


def _same_size(a: Mapping, b: Mapping) -> bool:
    """:meth:`Tokenizer.same_size` on two :meth:`Tokenizer.reading` (slc.js's sameSize is its port)."""
    if a["size"] is None or b["size"] is None or float(a["size"]) == float(b["size"]):
        return True
    for rounded, exact in ((a, b), (b, a)):
        if rounded["rounded"] and not (exact["scale"] and exact["scale"] != rounded["scale"]):
            mantissa, decimals, binary = rounded["rounded"]
            size = float(exact["size"])
            if round(size / rounded["scale"], decimals) == float(mantissa) or size == float(binary):
                return True
    return False


_SCALES = {"k": 1000, "m": 1_000_000}
# '50,257 tokens', '32K tokens', '32k-token vocabulary', 'vocabulary of 32,000', 'vocab size 151,646', '100k vocabulary'
# (not within a number: from each group of '1,111,111,...' it read to the end, quadratic in its length)
_SIZE_BEFORE = re.compile(r"(?<![\w.])(?<!\d,)(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e\d+)?)\s*(?P<s>[km])?\b[\s-]*"
                          r"(?:tokens?|tok|vocab(?:ulary)?|entries|types|subwords?|word ?pieces|pieces)\b")
_SIZE_AFTER = re.compile(r"\bvocab(?:ulary)?(?:\s+size)?(?:\s+of)?[\s:=]*(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                         r"\s*(?P<s>[km])?\b")


def outside_parentheses(text: str) -> tuple[str, str | None]:
    """(the text with every parenthesized group dropped, the last top-level group's content or
    None when the text does not end with one). Groups nest: a locator quoting the paper
    ('(Section 3.1: "... Kudo (2018) vocabulary ...")') is one group, where a regex for
    '(...)' would stop at the first ')'. An unbalanced ')' is kept as text."""
    kept, depth, start, last = [], 0, 0, None
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                last = (start, i)
                kept.append(" ")
        elif depth == 0:
            kept.append(ch)
    if depth:  # an unclosed '(' drops nothing after it
        kept.append(text[start:])
    ends = last is not None and not depth and not text[last[1] + 1:].strip()
    return "".join(kept), (text[last[0] + 1:last[1]] if ends else None)


@functools.lru_cache(maxsize=4096)  # pure; predict names each of its 780 rows' tokenizer, from a few hundred texts
def tokenizer_name(text: str) -> str:
    """The tokenizer as a table cell names it: ``GPT-2 BPE, 50,257 tokens`` without its locator,
    ``not stated``, ``not applicable`` or ``varies`` without their reasons (which can run to a
    quoted paragraph: the whole text stays in CSV and JSON)."""
    word = _uncompared(text)
    return word or " ".join(outside_parentheses(text)[0].split()).strip(" ,;") or text


# a tokenizer text naming no one tokenizer to compare
_UNCOMPARED = (*UNSTATED, "varies")


def _uncompared(text: str) -> str | None:
    """``not stated``, ``not applicable`` or ``varies`` where ``text`` starts with it, else None."""
    low = text.strip().lower()
    return next((word for word in _UNCOMPARED if low.startswith(word)), None)


@functools.lru_cache(maxsize=4096)  # pure; the site compares every pair of laws it can overlay
def tokenizer(text: str | None) -> Tokenizer | None:
    """Read a tokenizer text: lower case, the parenthesized locator dropped, the vocabulary size
    read and taken out of the name, punctuation and spaces collapsed. None when not stated, not
    applicable or varying (``varies: ...``: no one tokenizer to compare)."""
    if text is None or _uncompared(text):
        return None
    low = outside_parentheses(text.lower())[0]
    # 'MassiveText SentencePiece as in Hoffmann et al. 2022': the tokenizer, not who described it
    low = re.sub(r"\b(?:as in|as used in)\s+[a-z][\w-]*(?:\s+et al)?\.?\s*(?:\d{4}[a-z]?)?", " ", low)
    size = scale = None
    for pattern in (_SIZE_BEFORE, _SIZE_AFTER):
        found = pattern.search(low)
        if found:
            scale = _SCALES.get(found.group("s") or "")
            size = float(found.group("n").replace(",", "")) * (scale or 1)
            low = low[:found.start()] + " " + low[found.end():]
            break
    # what is left of a size phrase ('128k-token vocabulary') names no tokenizer
    low = re.sub(r"\b(?:vocab(?:ulary)?|size|tokens?|tokeni[sz]er)\b", " ", low)
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", low).split())
    return Tokenizer(name, size, scale)


def tokenizer_difference(a: str | None, b: str | None) -> str | None:
    """What differs between two tokenizer texts in words (``vocabulary 50,257 vs 32,000 tokens``,
    ``names differ``), None when they may be the same tokenizer or either is not stated."""
    ta, tb = tokenizer(a), tokenizer(b)
    return None if ta is None or tb is None else _tokenizer_difference(ta.reading, tb.reading)


def _tokenizer_difference(ta: Mapping, tb: Mapping) -> str | None:
    """:func:`tokenizer_difference` on two :meth:`Tokenizer.reading`."""
    what = []
    if ta["name"] and tb["name"] and ta["name"] != tb["name"]:
        what.append(TEMPLATES["tokenizer_names"])
    if not _same_size(ta, tb):
        what.append(TEMPLATES["tokenizer_sizes"].format(a=ta["sizeText"], b=tb["sizeText"]))
    return TEMPLATES["and"].join(what) or None


# --------------------------------------------------------------------------------------------
# differences


@dataclass(frozen=True)
class Difference:
    """One differing convention: ``field`` is one of :data:`FIELDS` or ``unit``; ``a`` and ``b``
    are the two laws' recorded values; ``detail`` says what differs in words."""

    field: str
    a: str
    b: str
    detail: str

    def as_dict(self) -> dict:
        return {"field": self.field, "a": self.a, "b": self.b, "detail": self.detail}


def matched_inputs(a: Any, b: Any) -> dict[str, str]:
    """Inputs of ``a`` -> the input of ``b`` they correspond to: the same name, else the one
    input of ``b`` with the same normalized variable."""
    la, _, _ = engine.unpack(a)
    lb, _, _ = engine.unpack(b)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for n in la.input_symbols:
        if n in lb.input_symbols:
            out[n] = n
            taken.add(n)
    for n in la.input_symbols:
        if n in out:
            continue
        var = la.symbols[n].variable
        same = [m for m in lb.input_symbols if var and lb.symbols[m].variable == var and m not in taken]
        if len(same) == 1:
            out[n] = same[0]
            taken.add(same[0])
    return out


_READ_FIELDS = ("parameters", "compute", "loss_unit", "validation_set", "tokenizer")  # FIELDS without pydantic


def reading(c: Mapping[str, str]) -> dict:
    """What :func:`compose` compares of one law's conventions (as :func:`stated` gives them), read
    once: JSON, the compare page's data per convention class (views.compare_conventions), from
    which its script composes a pair's texts as :func:`compose` does, in data linear in the classes
    where the texts of every pair of classes were quadratic. Shared between calls: not to be changed."""
    return _reading(tuple(c.get(f, "not stated") for f in _READ_FIELDS))


@functools.lru_cache(maxsize=4096)  # pure; eval compares every pair of the laws it evaluates
def _reading(texts: tuple[str, ...]) -> dict:
    c = dict(zip(_READ_FIELDS, texts))
    compute = compute_convention(c["compute"])
    tok = tokenizer(c["tokenizer"])
    return {
        "stated": c,
        "unstated": [f for f in _READ_FIELDS if _unstated(c[f])],
        "notApplicable": [f for f in _READ_FIELDS if c[f].startswith("not applicable")],
        "embeddings": EMBEDDINGS.get(c["parameters"]),
        # what is compared (counting, over which parameters, unit), then the three in words
        "compute": None if compute is None else [compute.counting, compute.over, compute.unit, compute.describe()],
        "validationSet": normalized_validation_set(c["validation_set"]),
        # the tokenizer as read, with its name as a table cell names it (no locator)
        "tokenizer": None if tok is None else {**tok.reading, "text": tokenizer_name(c["tokenizer"])},
    }


def compose(ra: Mapping, rb: Mapping, a_ref: str, b_ref: str,
            units: Sequence[tuple[Sequence, Sequence]] = ()) -> tuple[list[Difference], list[str]]:
    """(differences, notes) between laws ``a_ref`` and ``b_ref`` from their :func:`reading`; ``units``
    are the pairs of symbols whose units are compared, each side ``(name, unit, normalized_unit)``.
    slc.js's conventionDifferences is its port (the compare page composes its warnings so)."""
    diffs: list[Difference] = []
    notes: list[str] = []
    ca, cb = ra["stated"], rb["stated"]

    def one_sided(field: str) -> None:
        sa, sb = field in ra["unstated"], field in rb["unstated"]
        if sa != sb and field not in ra["notApplicable"] and field not in rb["notApplicable"]:
            silent, other, value = (a_ref, b_ref, cb[field]) if sa else (b_ref, a_ref, ca[field])
            notes.append(TEMPLATES["note"].format(silent=silent, label=LABELS[field], other=other, value=value))

    pa, pb = ca["parameters"], cb["parameters"]
    if ra["embeddings"] and rb["embeddings"] and pa != pb:
        diffs.append(Difference("parameters", pa, pb, TEMPLATES["parameters"].format(
            a=pa, b=pb, a_embeddings=ra["embeddings"], b_embeddings=rb["embeddings"])))
    else:
        one_sided("parameters")

    xa, xb = ra["compute"], rb["compute"]
    if xa and xb:
        if any(u and v and u != v for u, v in zip(xa[:3], xb[:3])):
            diffs.append(Difference("compute", ca["compute"], cb["compute"], TEMPLATES["compute"].format(
                a=ca["compute"], b=cb["compute"], a_read=xa[3], b_read=xb[3])))
    else:
        one_sided("compute")

    ua, ub = ca["loss_unit"], cb["loss_unit"]
    if ua in ("nats", "bits") and ub in ("nats", "bits") and ua != ub:
        diffs.append(Difference("loss_unit", ua, ub, TEMPLATES["loss_unit"].format(a=ua, b=ub)))
    else:
        one_sided("loss_unit")

    va, vb = ra["validationSet"], rb["validationSet"]
    if va and vb and va != vb:
        diffs.append(Difference("validation_set", ca["validation_set"], cb["validation_set"],
                                TEMPLATES["validation_set"].format(a=ca["validation_set"], b=cb["validation_set"])))
    else:
        one_sided("validation_set")

    ta, tb = ra["tokenizer"], rb["tokenizer"]
    what = _tokenizer_difference(ta, tb) if ta and tb else None
    if what:  # the names without their locators, a quoted sentence each
        diffs.append(Difference("tokenizer", ca["tokenizer"], cb["tokenizer"],
                                TEMPLATES["tokenizer"].format(a=ta["text"], b=tb["text"], what=what)))
    else:
        one_sided("tokenizer")

    differing = [(sa, sb) for sa, sb in units if sa[2] and sb[2] and sa[2] != sb[2]]
    if differing:
        text = TEMPLATES["and"].join(TEMPLATES["unit_pair"].format(a=sa[0], a_unit=sa[1], b=sb[0], b_unit=sb[1])
                                     for sa, sb in differing)
        diffs.append(Difference("unit", ", ".join(f"{sa[0]}: {sa[1]}" for sa, _ in differing),
                                ", ".join(f"{sb[0]}: {sb[1]}" for _, sb in differing),
                                TEMPLATES["unit"].format(what=text)))
    return diffs, notes


def differences(a: Any, b: Any, matched: Mapping[str, str] | None = None,
                converted: tuple[Collection[str], Collection[str]] = ((), ())) -> tuple[list[Difference], list[str]]:
    """(differences, notes) between the conventions of laws ``a`` and ``b`` (:func:`compose`).
    ``matched`` maps inputs of ``a`` to inputs of ``b`` whose units are compared (default
    :func:`matched_inputs`); the outputs' units are compared too. ``converted`` names the symbols
    of ``a`` and of ``b`` the caller has put in one common unit (a plot's axes: PF-days drawn in
    FLOPs): a pair of them is no unit difference."""
    la, _, ra = engine.unpack(a)
    lb, _, rb = engine.unpack(b)
    pairs = [(la.output_symbol, lb.output_symbol)] if la.symbols[la.output_symbol].variable == \
        lb.symbols[lb.output_symbol].variable else []
    # inputs in the order of their variables, not of the mapping: the site stores one reading per
    # convention class, which must pair the same for every law of the class
    inputs = (matched if matched is not None else matched_inputs(a, b)).items()
    pairs += sorted(inputs, key=lambda p: ((la.symbols[p[0]].variable or "") if p[0] in la.symbols else "", p[0]))
    units = [(unit_side(na, la.symbols[na].unit), unit_side(nb, lb.symbols[nb].unit)) for na, nb in pairs
             if na in la.symbols and nb in lb.symbols and not (na in converted[0] and nb in converted[1])]
    return compose(reading(stated(a)), reading(stated(b)), ra, rb, units)


def unit_side(name: str, unit: str | None) -> tuple[str, str | None, str | None]:
    """A symbol as :func:`compose` compares its unit: (name, unit, :func:`normalized_unit`)."""
    return name, unit, normalized_unit(unit)


def warning(a_ref: str, b_ref: str, diffs: Sequence[Difference]) -> str:
    """The one-line warning for a pair of laws whose conventions differ."""
    names = ", ".join(dict.fromkeys(LABELS[d.field] for d in diffs))
    return (f"conventions differ between {a_ref} and {b_ref} ({names}): "
            + "; ".join(d.detail for d in diffs) + "; the values are not directly comparable")


def brief_warning(a_ref: str, b_ref: str, diffs: Sequence[Difference]) -> str:
    """:func:`warning` without the details, for output that prints each law's conventions beside it."""
    names = ", ".join(dict.fromkeys(LABELS[d.field] for d in diffs))
    return (f"conventions differ between {a_ref} and {b_ref} ({names}; each law's conventions line states its "
            f"own): the values are not directly comparable")


@dataclass
class Comparison:
    """The outcome of comparing several laws' conventions: warnings (one per pair that differs),
    notes (conventions one law states and the other does not), and the differences per pair."""

    warnings: list[str]
    notes: list[str]
    pairs: list[tuple[str, str, list[Difference]]]


def compare(targets: Sequence[Any], matches: Sequence[Mapping[str, str] | None] | None = None,
            converted: Sequence[Collection[str]] | None = None) -> Comparison:
    """Compare every pair of distinct laws among ``targets`` (a law given twice, e.g. with two
    constant sets, is compared once). ``matches[i]`` optionally maps shared names (such as a
    plot's x axis) to law ``i``'s own input names, for the unit check; ``converted[i]`` names law
    ``i``'s symbols the caller draws in a common unit (:func:`differences`)."""
    seen: dict[str, int] = {}
    for i, t in enumerate(targets):
        seen.setdefault(engine.unpack(t)[2], i)
    order = list(seen.items())
    warnings: list[str] = []
    notes: list[str] = []
    pairs = []
    for x in range(len(order)):
        for y in range(x + 1, len(order)):
            (ra, i), (rb, j) = order[x], order[y]
            matched = None
            if matches is not None and matches[i] is not None and matches[j] is not None:
                matched = {matches[i][k]: matches[j][k] for k in matches[i]
                           if matches[i].get(k) and matches[j].get(k)}
            diffs, more = differences(targets[i], targets[j], matched,
                                      (converted[i], converted[j]) if converted is not None else ((), ()))
            notes.extend(more)
            if diffs:
                pairs.append((ra, rb, diffs))
                warnings.append(warning(ra, rb, diffs))
    return Comparison(warnings, list(dict.fromkeys(notes)), pairs)


def comparison_warnings(targets: Sequence[Any]) -> list[str]:
    """Only the warnings of :func:`compare`."""
    return compare(targets).warnings
