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
        if self.size is None or other.size is None or self.size == other.size:
            return True
        for rounded, exact in ((self, other), (other, self)):
            if rounded.scale and not (exact.scale and exact.scale != rounded.scale):
                mantissa = rounded.size / rounded.scale
                decimals = len(f"{mantissa:g}".partition(".")[2])
                binary = 1024 if rounded.scale == 1000 else 1024 ** 2
                if round(exact.size / rounded.scale, decimals) == mantissa or exact.size == mantissa * binary:
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
    if ta is None or tb is None:
        return None
    what = []
    if ta.name and tb.name and ta.name != tb.name:
        what.append("different names")
    if not ta.same_size(tb):
        what.append(f"vocabulary {ta.size:,.0f} vs {tb.size:,.0f} tokens")
    return "; ".join(what) or None


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


def differences(a: Any, b: Any, matched: Mapping[str, str] | None = None,
                converted: tuple[Collection[str], Collection[str]] = ((), ())) -> tuple[list[Difference], list[str]]:
    """(differences, notes) between the conventions of laws ``a`` and ``b``. ``matched`` maps
    inputs of ``a`` to inputs of ``b`` whose units are compared (default :func:`matched_inputs`);
    the outputs' units are compared too. ``converted`` names the symbols of ``a`` and of ``b`` the
    caller has put in one common unit (a plot's axes: PF-days drawn in FLOPs): a pair of them is
    no unit difference."""
    la, _, ra = engine.unpack(a)
    lb, _, rb = engine.unpack(b)
    ca, cb = stated(a), stated(b)
    diffs: list[Difference] = []
    notes: list[str] = []

    def one_sided(field: str) -> None:
        sa, sb = _unstated(ca[field]), _unstated(cb[field])
        if sa != sb and not (ca[field].startswith("not applicable") or cb[field].startswith("not applicable")):
            silent, other = (ra, rb) if sa else (rb, ra)
            value = cb[field] if sa else ca[field]
            notes.append(f"{silent} does not state its {LABELS[field]} ({other}: {value}); the two cannot be "
                         f"checked against each other")

    pa, pb = ca["parameters"], cb["parameters"]
    if pa in ("non-embedding", "total") and pb in ("non-embedding", "total") and pa != pb:
        diffs.append(Difference("parameters", pa, pb, f"parameters counted {pa} vs {pb} "
                                f"({'with' if pa == 'total' else 'without'} embeddings vs "
                                f"{'with' if pb == 'total' else 'without'} embeddings)"))
    else:
        one_sided("parameters")

    xa, xb = compute_convention(ca["compute"]), compute_convention(cb["compute"])
    if xa and xb:
        what = [name for name, u, v in (("counting", xa.counting, xb.counting), ("parameters", xa.over, xb.over),
                                        ("unit", xa.unit, xb.unit)) if u and v and u != v]
        if what:
            diffs.append(Difference("compute", ca["compute"], cb["compute"],
                                    f"compute counted as '{ca['compute']}' vs '{cb['compute']}' "
                                    f"({xa.describe()} vs {xb.describe()})"))
    else:
        one_sided("compute")

    ua, ub = ca["loss_unit"], cb["loss_unit"]
    if ua in ("nats", "bits") and ub in ("nats", "bits") and ua != ub:
        diffs.append(Difference("loss_unit", ua, ub, f"loss in {ua} vs {ub} (1 bit = ln 2 = {NATS_PER_BIT:.4f} nats: "
                                                     f"a loss in bits is {1 / NATS_PER_BIT:.4f} times the same loss in nats)"))
    else:
        one_sided("loss_unit")

    va, vb = normalized_validation_set(ca["validation_set"]), normalized_validation_set(cb["validation_set"])
    if va and vb and va != vb:
        diffs.append(Difference("validation_set", ca["validation_set"], cb["validation_set"],
                                f"validation set '{ca['validation_set']}' vs '{cb['validation_set']}'"))
    else:
        one_sided("validation_set")

    ta, tb = ca["tokenizer"], cb["tokenizer"]
    what = tokenizer_difference(ta, tb)
    if what:
        na, nb = tokenizer_name(ta), tokenizer_name(tb)  # without their locators, a quoted sentence each
        diffs.append(Difference("tokenizer", ta, tb, f"tokenizer '{na}' vs '{nb}' ({what}): a loss per token "
                                                     "depends on the tokenizer"))
    else:
        one_sided("tokenizer")

    pairs = [(la.output_symbol, lb.output_symbol)] if la.symbols[la.output_symbol].variable == \
        lb.symbols[lb.output_symbol].variable else []
    # inputs in the order of their variables, not of the mapping: the site stores one text per
    # pair of convention classes, which must read the same for every law of the class
    inputs = (matched if matched is not None else matched_inputs(a, b)).items()
    pairs += sorted(inputs, key=lambda p: ((la.symbols[p[0]].variable or "") if p[0] in la.symbols else "", p[0]))
    units = []
    for na, nb in pairs:
        sa, sb = la.symbols.get(na), lb.symbols.get(nb)
        if sa is None or sb is None or (na in converted[0] and nb in converted[1]):
            continue
        if normalized_unit(sa.unit) and normalized_unit(sb.unit) and normalized_unit(sa.unit) != normalized_unit(sb.unit):
            units.append((na, sa.unit, nb, sb.unit))
    if units:
        text = "; ".join(f"{na} in {ua_} vs {nb} in {ub_}" for na, ua_, nb, ub_ in units)
        diffs.append(Difference("unit", ", ".join(f"{na}: {u}" for na, u, _, _ in units),
                                ", ".join(f"{nb}: {u}" for _, _, nb, u in units), f"units {text}"))
    return diffs, notes


def warning(a_ref: str, b_ref: str, diffs: Sequence[Difference]) -> str:
    """The one-line warning for a pair of laws whose conventions differ."""
    names = ", ".join(dict.fromkeys(LABELS[d.field] for d in diffs))
    return (f"conventions differ between {a_ref} and {b_ref} ({names}): "
            + "; ".join(d.detail for d in diffs) + "; the values are not directly comparable")


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
