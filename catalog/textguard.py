"""Checks on record text that every output relies on: no control characters, and LaTeX fields
limited to a whitelist of math commands.

Record text reaches terminals, HTML, Markdown, CSV, BibTeX and pdflatex. Control characters
(ESC, OSC, BEL, the C1 range) can clear a terminal, retitle it or hide a link, and the
verbatim LaTeX fields are written into ``--format latex`` output as they are, where a command
such as ``\\input``, ``\\openin``/``\\read``, ``\\catcode``, ``\\write`` or ``\\csname`` reads
files or runs code. So the schema refuses both at validation; outputs still escape for their
own format.
"""

from __future__ import annotations

import re
import unicodedata

from catalog import mathsyntax

# Code points refused in record text, as (first, last) ranges: C0 controls except tab and newline,
# DEL and the C1 range (terminal escape sequences); the bidirectional embeddings, overrides and
# isolates that reorder what a reader sees (the "Trojan Source" characters) and the bidirectional
# marks; and the invisible formatting characters (zero-width space, word joiner, invisible
# operators, byte-order mark), which make two strings that print the same differ (a DOI, a URL,
# a nickname); and the line and paragraph separators, which split a line where no newline shows.
# Zero-width joiner and non-joiner stay: scripts and emoji need them. And the surrogates, which are
# no characters: a lone one (JSON's '\ud800') cannot be printed or written as UTF-8. Invisible too:
# the deprecated format characters (U+206A-206F), the interlinear annotation controls (U+FFF9-FFFB,
# whose annotation some readers hide) and the tag characters (U+E0000-E007F: a whole invisible copy
# of ASCII, 'ASCII smuggling', which terminals and pages print as nothing).
REFUSED = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x200B, 0x200B), (0x200E, 0x200F),
           (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF), (0xFEFF, 0xFEFF),
           (0xFFF9, 0xFFFB), (0xE0000, 0xE007F))


# A symbol name (the schema's SymbolName): an identifier of Python and sympy that LaTeX prints as
# letters. A stored record's names are checked against it again (catalog.store.recordview): a name
# with a quote, a space, a backslash or a brace would reach lambdify's source or a LaTeX table.
SYMBOL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
SYMBOL_NAME_LENGTH = 40


# A number as a source prints it (the schema's PrintedNumber: "0.3478", "1.8e-3"), checked again
# in a stored record (catalog.store.recordview): show prints it as the set's digits.
PRINTED_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
PRINTED_NUMBER_LENGTH = 40


# Characters of a user's name or value an error message quotes: an id or value is short, and one
# of thousands of characters (pasted by mistake, or hostile) would bury the message under it.
QUOTED = 80


def quoted(value: object, limit: int = QUOTED) -> str:
    """``repr(value)``, cut to its first ``limit`` characters with the length said when longer:
    ``'xxxx'... (5,000 characters)`` (a string's first characters are quoted)."""
    if not isinstance(value, str):
        return clipped(repr(value), limit)
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}... ({len(value):,} characters)"


def clipped(text: str, limit: int = QUOTED) -> str:
    """``text`` as it is, or its first ``limit`` characters and its length: :func:`quoted` for a
    message that shows a value unquoted (``N=lots is not a number``)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def printed_differs(text: str, value: float) -> bool:
    """Whether a set's printed digits ``text`` are another number than its stored ``value``: every
    output prints the digits and the engine computes with the value, so they must be one number."""
    return abs(float(text) - value) > 1e-12 * max(abs(value), 1e-300)


# A link (the schema's Url): http or https only, checked again in a stored record
# (catalog.store.recordview): tables write it as an HTML href, a Markdown link and a LaTeX \href,
# where a javascript: one would run.
URL = re.compile(r"https?://\S+")


def symbol_name_reason(name: object) -> str | None:
    """Why ``name`` is no symbol name, or None for one."""
    if isinstance(name, str) and len(name) <= SYMBOL_NAME_LENGTH and SYMBOL_NAME.fullmatch(name):
        return None
    return (f"{name!r} is no symbol name (a letter, then letters, digits or '_', "
            f"at most {SYMBOL_NAME_LENGTH} characters)")


def character_class(ranges) -> str:
    """A regular-expression class of the code point ``ranges``."""
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


def refused(code_point: int) -> bool:
    return any(a <= code_point <= b for a, b in REFUSED)


# Every code point refused (REFUSED) or unassigned is one str.isprintable() is false for (categories
# Cc, Cf, Cs, Zl, Zp and Cn; test_textguard checks each): a printable text, as most records' whole
# JSON is, holds none, and isprintable() answers in a third of this class's time (a --db's records
# are checked each time they are read).
_CONTROL = re.compile(character_class(REFUSED))
_UNPRINTABLE = re.compile(character_class(REFUSED + ((0x09, 0x0A),)))  # and newline and tab


def escaped(text: str) -> str:
    """``text`` on one line with nothing a terminal runs: each control character (newline and
    tab too) written as its Python escape, ``\\x1b``. For messages that quote what a file holds
    (a key of a record, a TODO hint, a file name), which no validation has passed yet."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def bindable(value):
    """``value`` as a database driver takes it: a string holding lone surrogates (Python's reading of
    command-line bytes that are not UTF-8, e.g. a Latin-1 terminal's 0xff) with each written as its
    escape, which matches no stored text; the driver's UTF-8 encoding raised on them. Anything else
    as it is."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


_LINE_END = re.compile(rb"\r\n|\r|\n")


def not_utf8(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, 'not UTF-8 text (byte 0xe9 at column 12)') of the first byte of ``raw`` that is no
    UTF-8, ``exc`` being the error of decoding ``raw`` whole. The column counts characters, as an
    editor does (the line's bytes before it are UTF-8: it is the first that is not). A CR, a CRLF and
    an LF each end a line, as in the text read with universal newlines that the YAML parser's and the
    validator's lines count (a classic Mac file's bare CRs were one line)."""
    line, start = 1, 0
    for end in _LINE_END.finditer(raw, 0, exc.start):  # not a list: a 16 MB file of empty lines
        line, start = line + 1, end.end()
    column = len(raw[start:exc.start].decode("utf-8")) + 1
    return line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column})"


def line_break_reason(text: str) -> str | None:
    """Why ``text`` is refused in a field printed as one line (a row of a table or listing, after a
    label), where a line break forges rows or an 'error:' line; None when it holds none."""
    if "\n" in text or "\r" in text:
        return "a line break is not allowed here (the field is printed as one line)"
    return None


def holds_refused(text: str) -> bool:
    """Whether ``text`` holds a refused character (:data:`REFUSED`). Every one is unprintable to
    Python (a test holds the ranges to it), so printable text, nearly all that is checked, is told
    by ``str.isprintable`` in C at a third of the class's search (a stored record's JSON is one line)."""
    return not text.isprintable() and _CONTROL.search(text) is not None


def control_character_reason(text: str) -> str | None:
    """Why ``text`` is refused for holding a control, bidirectional or invisible formatting
    character, or None."""
    found = None if text.isprintable() else _CONTROL.search(text)  # see _CONTROL
    if found is None:
        return None
    char = found.group()
    if 0xD800 <= ord(char) <= 0xDFFF:
        return (f"lone surrogate U+{ord(char):04X} at position {found.start()} is not allowed (it is no character: "
                "it cannot be printed or written as UTF-8)")
    if ord(char) < 0x100:
        return (f"control character U+{ord(char):04X} at position {found.start()} is not allowed "
                "(only newline and tab)")
    # the tag block's unassigned code points (U+E0000, U+E0002 to U+E001F) have no name: unicodedata.name
    # raised ValueError('no such name'), which validation reported as the reason
    return (f"invisible, bidirectional or line-separating character U+{ord(char):04X} "
            f"({unicodedata.name(char, 'unassigned')}) at position {found.start()} is not allowed")


def unassigned(code_point: int) -> bool:
    """Whether this Python's Unicode database assigns no character to ``code_point`` (category Cn:
    a character of a newer Unicode, or a noncharacter): :func:`unassigned_reason`'s test of one."""
    return unicodedata.category(chr(code_point)) == "Cn"


def unassigned_reason(text: str) -> str | None:
    """Why record ``text`` is refused for holding a code point this Python's Unicode database does
    not assign (a character of a newer Unicode, a noncharacter), or None. Readers of other Unicode
    versions lowercase, measure and draw it differently: the site's search list lowercased U+A7CB
    otherwise than the browser (Unicode 16 gave it a lowercase), and a terminal's width of it is a
    guess."""
    if text.isascii() or text.isprintable():  # see _CONTROL
        return None
    # each distinct character once: a 4 MB record's text is one field
    unknown = [c for c in set(text) if c > "\x7f" and unicodedata.category(c) == "Cn"]
    if not unknown:
        return None
    at = min(text.index(c) for c in unknown)
    return (f"unassigned code point U+{ord(text[at]):04X} at position {at} is not allowed (this catalog's "
            f"Unicode {unicodedata.unidata_version} does not know it, and readers of other versions print, sort "
            "and lowercase it differently)")


def record_text_reason(text: str) -> str | None:
    """Why ``text`` of a record (a field, or a line of its file) is refused: a control, bidirectional
    or invisible character (:func:`control_character_reason`) or an unassigned code point
    (:func:`unassigned_reason`); None when neither."""
    if text.isprintable():  # one pass for both (see _CONTROL)
        return None
    return control_character_reason(text) or unassigned_reason(text)


# Math-mode commands a formula's LaTeX may use: letters, operators, relations, delimiters,
# accents and fonts. Nothing that defines, reads, writes, expands or switches catcodes; and each
# defined by the packages a LaTeX table needs (amsmath, amssymb: tables.latex_document), as an
# undefined one stops pdflatex on the whole table: \argmin, \erf and \bm are
# \operatorname*{argmin}, \operatorname{erf} and \boldsymbol.
GREEK_LETTERS = tuple("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi
rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega
""".split())
MATH_COMMANDS = frozenset(GREEK_LETTERS) | frozenset("""
ell hbar partial nabla infty prime emptyset
frac dfrac tfrac sqrt binom left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr
cdot cdots ldots dots times div pm mp ast star circ bullet otimes oplus odot wedge vee cap cup setminus
sum prod int oint lim limsup liminf sup inf min max arg log ln lg exp sin cos tan tanh sinh
cosh det dim mod bmod pmod
propto approx sim simeq cong equiv triangleq doteq neq ne leq le geq ge ll gg lesssim gtrsim in notin subset
subseteq supset supseteq mid parallel to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow
Leftrightarrow mapsto uparrow downarrow
langle rangle lfloor rfloor lceil rceil vert Vert lvert rvert lVert rVert lbrace rbrace
hat widehat tilde widetilde bar overline underline vec dot ddot check breve acute grave
mathcal mathrm mathbf mathit mathsf mathtt mathbb mathfrak boldsymbol operatorname text textrm textit
textbf mbox
displaystyle textstyle scriptstyle limits nolimits quad qquad
""".split())
# Escaped characters and spacing commands: \, \; \! \: \{ \} \| \% \& \_ \# \$ and \\ .
MATH_SYMBOLS = frozenset(",;!: {}|%&_#$\\")
_TOKEN = re.compile(r"\\([A-Za-z]+|.|\Z)|[{}$%#&]", re.DOTALL)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def latex_reason(text: str) -> str | None:
    """Why a LaTeX math field is refused, or None: commands outside :data:`MATH_COMMANDS`,
    unbalanced braces, TeX's ``^^`` character codes, characters outside ASCII, a lone ``\\`` at the
    end, and raw ``$``, ``%``, ``#`` or ``&`` (which leave math mode, comment out the rest of a line,
    define parameters or split table cells); and
    math TeX cannot typeset (:func:`catalog.mathsyntax.structure_reason`: a command short of its
    arguments, a ``\\left`` without its ``\\right``), which stops pdflatex on a whole table."""
    if "^^" in text:
        return "'^^' (TeX character codes) is not allowed in LaTeX fields"
    if (found := _NOT_ASCII.search(text)) is not None:  # pdflatex stops on one it has no definition for (α)
        return (f"the character {found.group()!r} (U+{ord(found.group()):04X}) at position {found.start()} is not "
                "ASCII: a LaTeX field writes it as a command (\\alpha, not α)")
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith("\\"):
            name = match.group(1)
            if not name:  # it would escape what an output writes after the field: a table's closing '$'
                return f"a lone '\\' at the end (position {match.start()}) is no command"
            if len(name) == 1 and not name.isalpha():
                if name not in MATH_SYMBOLS:
                    return f"LaTeX command '\\{name}' is not allowed (use math commands only)"
            elif name not in MATH_COMMANDS:
                return (f"LaTeX command '\\{name}' is not allowed; LaTeX fields take math commands only "
                        "(see catalog/textguard.py)")
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return f"unbalanced '}}' at position {match.start()}"
        else:
            return f"a raw {token!r} is not allowed in a LaTeX math field (escape it as '\\{token}')"
    if depth:
        return f"{depth} unclosed '{{'"
    return mathsyntax.structure_reason(text)


# A TeX command in plain text: a control word (\input, \textbf, \L) or an accent (\'e, \"o).
# The bibliography's text fields hold what the paper prints, in Unicode, and every output escapes
# it for its own format; a command there is BibTeX that was not converted (catalog new keeps what
# it cannot convert faithfully as written, for the validator to name). A backslash before a brace
# or a special (\}, \&) is no command that reads, writes or changes text: outputs escape it as text.
TEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+|['\"`^~=.])")


def tex_command_reason(text: str) -> str | None:
    """Why plain text holding a TeX command is refused, or None."""
    found = TEX_COMMAND.search(text)
    if found is None:
        return None
    return (f"the TeX command '{found.group()}' is not text: write it as the paper prints it, in Unicode "
            "(é, not \\'e); every output escapes the text for its own format")

