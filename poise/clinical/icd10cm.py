"""ICD-10-CM, the CMS code set of April 2026: whether a code exists and what it is called.

The tables come from the `simple_icd_10_cm` package (MIT), which ships CMS's code list and
tabular list. Importing that package builds its whole tree (about 1.5 s and 200 MB); Poise
reads the two files itself, once per process: the code list (tens of milliseconds) is
enough to check that a code exists, and the tabular list (about half a second) is read
only for names and a search (see docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path
from typing import NamedTuple

from poise.clinical.formulary.model import ICD10CM

EDITION = "ICD-10-CM, CMS code set of April 2026"


@dataclass(frozen=True)
class _Tables:
    headings: frozenset[str]  # the codes that have more specific codes under them
    names: dict[str, str]  # code without its dot -> description, for the tabular list's codes
    # The same codes -> their names, and their names with inclusion terms, in lower case.
    searched: dict[str, tuple[str, str]]
    # Where a category sets a 7th character (T43.221A: "initial encounter"), its meanings.
    seventh: dict[str, dict[str, str]]


def _data_file(suffix: str) -> Path:
    files = distribution("simple-icd-10-cm").files or []
    (found,) = [f for f in files if f.parent.name == "data" and f.name.endswith(suffix)]
    return Path(str(found.locate()))


@functools.cache
def _codes() -> frozenset[str]:
    """Every code and category, without its dot: the code list alone, so checking that a code
    exists does not wait for the tabular list's names."""
    # The list also holds chapters (numbers) and blocks (ranges such as F30-F39).
    return frozenset(
        line
        for line in _data_file(".txt").read_text(encoding="utf-8").split()
        if "-" not in line and not line.isdigit()
    )


@functools.cache
def _tables() -> _Tables:
    codes = _codes()
    # Each code's parent, skipping the X placeholders before a 7th character (M48.54XA).
    headings = frozenset(code[:-1].rstrip("X") for code in codes if len(code) > 3)
    names: dict[str, str] = {}
    searched: dict[str, tuple[str, str]] = {}
    seventh: dict[str, dict[str, str]] = {}
    # The file is the hash-pinned package's own data, not input from anyone.
    for _, element in ET.iterparse(_data_file(".xml")):  # noqa: S314
        if element.tag != "diag":
            continue
        code = (element.findtext("name") or "").replace(".", "")
        names[code] = element.findtext("desc") or ""
        included = [
            note.text or ""
            for part in ("includes", "inclusionTerm")
            for note in element.iterfind(f"{part}/note")
        ]
        searched[code] = (names[code].lower(), " | ".join([names[code], *included]).lower())
        extensions = element.find("sevenChrDef")
        if extensions is not None:
            seventh[code] = {e.get("char", ""): e.text or "" for e in extensions}
        for child in element.findall("diag"):  # already read: keep memory flat
            element.remove(child)
    return _Tables(headings, names, searched, seventh)


def _dotted(code: str) -> str:
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def normalise(code: str) -> str:
    """As people type it ("f33.1 ", "F331") to the form codes are written in: "F33.1"."""
    return _dotted(code.strip().upper().replace(".", ""))


def describe(code: str) -> str | None:
    """The code's description, or None when ICD-10-CM has no such code."""
    bare = normalise(code).replace(".", "")
    if bare not in _codes():
        return None
    tables = _tables()
    if bare in tables.names:
        return tables.names[bare]
    # A 7th-character code (T43.221A): its base code's name and the character's meaning.
    base = bare[:-1].rstrip("X")
    for end in range(len(base), 2, -1):
        meanings = tables.seventh.get(base[:end])
        if meanings and bare[-1] in meanings:
            return f"{tables.names[base]}, {meanings[bare[-1]]}"
    return tables.names.get(base)


def nearest(code: str) -> str | None:
    """The closest code above one that does not exist (F33.10 -> F33.1), if any."""
    bare = normalise(code).replace(".", "")
    codes = _codes()
    for end in range(len(bare) - 1, 2, -1):
        if bare[:end] in codes:
            return _dotted(bare[:end])
    return None


class Match(NamedTuple):
    code: str
    name: str
    heading: bool  # more specific codes lie under it


# What clinicians type for some common diagnoses, searched as the words of the ICD-10-CM
# titles they stand for: abbreviations of the disorders' own names (ADHD is attention-deficit
# hyperactivity disorder, F90) and everyday words ("heart attack": myocardial infarction,
# I21). Longer phrases first, so "heart attack" is read before any single word in it.
SEARCH_ALIASES = {
    "heart attack": "myocardial infarction",
    "adhd": "attention-deficit hyperactivity",
    "ocd": "obsessive-compulsive",
    "gad": "generalized anxiety",
    "mdd": "major depressive",
    "copd": "chronic obstructive pulmonary",
    "mi": "myocardial infarction",
    "afib": "atrial fibrillation",
    "htn": "hypertension",
    "oud": "opioid dependence",
    "aud": "alcohol dependence",
}
SHORT_TERM = 3  # a term this short matches only at the start of a word ("mi" is not "mild")


def _expanded(words: str) -> list[str]:
    text = f" {' '.join(words.lower().split())} "
    for alias, meaning in SEARCH_ALIASES.items():
        text = text.replace(f" {alias} ", f" {meaning} ")
    return text.split()


def search(words: str, limit: int = 30) -> tuple[list[Match], int]:
    """The tabular list's codes that begin with the code typed ("F31.8") or whose names hold
    every word ("bipolar depress"), in code order, then those whose inclusion terms do
    ("manic-depressive": F31): the first `limit` and how many there are. Common
    abbreviations and everyday words are read as the titles' words (`SEARCH_ALIASES`)."""
    terms = _expanded(words)
    if not terms:
        return [], 0
    prefix = normalise(words).replace(".", "") if len(words.split()) == 1 else ""
    tables = _tables()
    # A short term as a word's start, a longer one anywhere ("thyroid" in "hypothyroidism");
    # the plain substring test first, as it rules out most codes quickest. Not after a letter
    # or digit, rather than at a word boundary, so a term that opens with a bracket ("[m.")
    # still matches.
    checks = [
        (term, re.compile(rf"(?<!\w){re.escape(term)}") if len(term) <= SHORT_TERM else None)
        for term in terms
    ]

    def has_all(text: str) -> bool:
        return all(term in text and (word is None or word.search(text)) for term, word in checks)

    def rank(code: str) -> int | None:
        name, text = tables.searched[code]
        if (prefix and code.startswith(prefix)) or has_all(name):
            return 0
        return 1 if has_all(text) else None

    found = sorted(
        (order, Match(_dotted(code), tables.names[code], code in tables.headings))
        for code in tables.names
        if (order := rank(code)) is not None
    )
    return [match for _, match in found[:limit]], len(found)


def not_a_code(code: str) -> str | None:
    """Why a well-formed code is refused ("F33.10 is not in ICD-10-CM ..."), naming the nearest
    code above it, or None when it exists."""
    if normalise(code).replace(".", "") in _codes():
        return None
    above = nearest(code)
    hint = f" The nearest code above it is {above}: {describe(above)}." if above else ""
    return f"{normalise(code)} is not in {EDITION}.{hint}"


class CodeError(ValueError):
    """Why a typed code is refused. `malformed`: it is not even shaped like a code, so each
    caller says how to write one in its own way (an example, or the page's code finder)."""

    def __init__(self, message: str, *, malformed: bool) -> None:
        super().__init__(message)
        self.malformed = malformed


def code_from(typed: str) -> str:
    """The code as it is written (f331 -> F33.1) if ICD-10-CM has it; else a CodeError."""
    code = normalise(typed)
    if not ICD10CM.match(code):
        raise CodeError(f"{typed!r} is not shaped like an ICD-10-CM code", malformed=True)
    problem = not_a_code(code)
    if problem:
        raise CodeError(problem, malformed=False)
    return code
