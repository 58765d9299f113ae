"""Hold the course's text to its one cast (toolkit/forum/cast.toml).

    python -m toolkit.course.names          # lists every name, handle or town out of step

Three findings: a handle the cast does not know (``guest_77``), a capitalised name that is
neither cast nor an ordinary word (``Hillview``), and a cast person used differently (Rosa in
another town, Rosa with another surname).
"""

from __future__ import annotations

import io
import re
import string
import sys
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import nbformat

from toolkit.forum.cast import Cast, cast

__all__ = ["Finding", "Text", "course_texts", "findings", "main"]

_HANDLE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*_[a-z0-9_]*(?![\w(])")
# A capitalised word, not the first half of a contraction ("Don't allow").
_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b(?!['’][a-z])")
_LOWER = re.compile(r"\b[a-z][a-z']+\b")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?\n])\s+")


@dataclass(frozen=True)
class Text:
    where: str  # "lessons/08-privacy.ipynb cell 12"
    text: str
    handles: bool = True  # scan for handles too (scenario code names roles, not handles)


@dataclass(frozen=True)
class Finding:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def _strings(code: str) -> tuple[list[str], set[str]]:
    """The string literals and the identifiers of some Python code."""
    strings: list[str] = []
    names: set[str] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.STRING:
                strings.append(token.string)
            elif token.type == tokenize.NAME:
                names.add(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        strings.append(code)  # cell magics or half-written code: scan it all
    return strings, names


def _flatten(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)


def course_texts(root: Path) -> tuple[list[Text], set[str]]:
    """Every learner- or trainer-facing string of the course, and every code identifier."""
    texts: list[Text] = []
    names: set[str] = set()
    notebooks = sorted(
        [*root.glob("lessons/*.ipynb"), *root.glob("lessons/front/*.ipynb")]
        + [*root.glob("exercises/*.ipynb")]
    )
    for path in notebooks:
        rel = path.relative_to(root).as_posix()
        nb = nbformat.read(path, as_version=4)
        texts += [Text(f"{rel} header", s) for s in _flatten(dict(nb.metadata.get("course", {})))]
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                strings, idents = _strings(cell.source)
                names |= idents
                texts += [Text(f"{rel} cell {index}", s) for s in strings]
            else:
                texts.append(Text(f"{rel} cell {index}", cell.source))
    for path in sorted((root / "toolkit" / "quizzes").glob("*.toml")):
        texts.append(Text(path.relative_to(root).as_posix(), path.read_text("utf-8")))
    for path in sorted((root / "toolkit").rglob("*.py")):
        strings, idents = _strings(path.read_text("utf-8"))
        names |= idents
        if path.name == "scenarios.py":
            # Its handles are checked by building the scenarios (tests/test_cast.py).
            texts += [Text(path.relative_to(root).as_posix(), s, False) for s in strings]
        elif path.name not in {"sample.py", "cast.py"}:
            # Setting values and answer keys the toolkit defines ("only_me", "home_details").
            names |= {m for s in strings for m in _HANDLE.findall(s) if s.strip("'\"") == m}
    return texts, names


@cache
def _easy_words() -> frozenset[str]:
    # The Dale-Chall list that ships with textstat: ordinary words, offline.
    words = resources.files("textstat") / "resources" / "en" / "easy_words.txt"
    return frozenset(words.read_text("utf-8").split())


def findings(
    texts: Sequence[Text], identifiers: set[str], people: Cast | None = None
) -> list[Finding]:
    """Everything in ``texts`` that is out of step with the cast."""
    the_cast = people or cast()
    known_words = (
        the_cast.names()
        | the_cast.place_words()
        | the_cast.source_words()
        | the_cast.not_cast
        | {the_cast.town}
    )
    vocabulary: frozenset[str] = _easy_words() | {
        w.lower() for t in texts for w in _LOWER.findall(_URL.sub(" ", t.text))
    }
    found: list[Finding] = []
    for item in texts:
        text = _URL.sub(" ", item.text)
        for handle in dict.fromkeys(_HANDLE.findall(text) if item.handles else ()):
            if handle not in the_cast.handles and handle not in identifiers:
                found.append(Finding(item.where, f'the handle "{handle}" is not in the cast'))
        for word in dict.fromkeys(_mid_sentence(text)):
            parts = word.split("-")
            if all(p in known_words or _ordinary(p.lower(), vocabulary) for p in parts):
                continue
            found.append(
                Finding(item.where, f'"{word}" is not in the cast (toolkit/forum/cast.toml)')
            )
        found += _out_of_step(item, text, the_cast)
    return found


def _mid_sentence(text: str) -> Iterable[str]:
    """Capitalised words inside a sentence; a sentence's, heading's or cell's first word is
    capitalised anyway ("Managing", "Stress"), so it says nothing about names."""
    for match in _WORD.finditer(text):
        before = text[: match.start()].rstrip(" *_")
        if before and before[-1] not in ".!?:;\n#-|>\"“‘('[/\\" + string.digits:
            yield match.group()


def _ordinary(word: str, vocabulary: frozenset[str] | set[str]) -> bool:
    """An English word, or one of its plain inflections ("Managing", "Schools", "Seating")."""
    stems = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ed")}
    for end in ("ing", "ion", "ment", "ness", "ity", "er"):
        if word.endswith(end):
            stem = word[: -len(end)]
            stems |= {stem, stem + "e", stem + "y", stem[:-1] if stem[-1:] == stem[-2:-1] else stem}
    return any(s in vocabulary for s in stems)


def _out_of_step(item: Text, text: str, the_cast: Cast) -> list[Finding]:
    found: list[Finding] = []
    towns = the_cast.towns()
    # Only another cast surname counts: "Rosa Wants ..." at a line start is not a surname.
    surnames = {p.surname for p in the_cast.people if p.surname}
    for person in the_cast.people:
        if person.surname:
            for other in re.findall(rf"\b{person.name} ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b", text):
                if other != person.surname and other in surnames:
                    found.append(
                        Finding(
                            item.where,
                            f"{person.name} is {person.name} {person.surname}, "
                            f"not {person.name} {other}",
                        )
                    )
        if not person.towns:
            continue
        for sentence in _SENTENCE.split(text):
            if not re.search(rf"\b{person.name}\b", sentence):
                continue
            for town in towns - set(person.towns):
                if re.search(rf"\b{town}\b", sentence):
                    found.append(
                        Finding(
                            item.where,
                            f"{person.name} lives in {', '.join(person.towns)}, not {town}",
                        )
                    )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path()
    texts, identifiers = course_texts(root)
    found = findings(texts, identifiers)
    for finding in found:
        print(finding)
    print(f"{len(found)} names, handles or towns out of step with toolkit/forum/cast.toml.")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
