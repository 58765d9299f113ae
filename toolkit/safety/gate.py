"""Words a regular expression cannot match without: a cheap test before the real search.

    >>> sorted(needed_words(r"\\bwatch\\s+(?:your|ur)\\s+back\\b"))
    ['watch']

A text that contains none of the words (compared in lower case) cannot match the pattern, so
the finder skips it: most patterns then cost one substring test. The reading below covers the
regular-expression syntax the pattern files use (groups, alternation, classes, escapes and
repeats); anything it does not understand counts as "no word needed" there, which is always
safe: the pattern is then simply searched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["needed_words"]

# One node of the parsed pattern: a literal letter, something else ("any"), a group of
# alternatives, or a repeat of a node at least ``least`` times.


@dataclass
class _Alt:
    branches: list[list[object]] = field(default_factory=list)


@dataclass
class _Repeat:
    least: int
    node: object


_ANY = object()  # a class, an escape like \s or \b, a look-around: no literal letter


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.s, self.i = pattern, 0

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def alternation(self) -> _Alt:
        alt = _Alt([self.sequence()])
        while self.peek() == "|":
            self.i += 1
            alt.branches.append(self.sequence())
        return alt

    def sequence(self) -> list[object]:
        items: list[object] = []
        while self.i < len(self.s) and self.peek() not in "|)":
            items.append(self.quantified(self.atom()))
        return items

    def atom(self) -> object:
        ch = self.peek()
        self.i += 1
        if ch == "(":
            return self.group()
        if ch == "[":
            self.skip_class()
            return _ANY
        if ch == "\\":
            nxt = self.peek()
            self.i += 1
            # \s, \b, \d, \1, \x41 ... are not a plain letter; "\." is a full stop.
            return _ANY if nxt.isalnum() else nxt
        if ch in ".^$":
            return _ANY
        return ch

    def group(self) -> object:
        look = False
        if self.peek() == "?":
            self.i += 1
            if self.peek() in "=!" or self.peek(2) in ("<=", "<!"):
                look = True  # a look-around: it matches no letters of its own
                self.i += 1 if self.peek() in "=!" else 2
            elif self.peek(2) == "P<":  # a named group
                self.i = self.s.index(">", self.i) + 1
            else:  # flags: "(?i:...)", or a whole "(?i)", "(?P=name)", "(?#...)"
                stop = min(
                    (k for k in (self.s.find(":", self.i), self.s.find(")", self.i)) if k >= 0),
                    default=len(self.s),
                )
                self.i = stop + 1
                if self.s[stop : stop + 1] != ":":
                    return _ANY
        inner = self.alternation()
        if self.peek() == ")":
            self.i += 1
        return _ANY if look else inner

    def skip_class(self) -> None:
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while self.i < len(self.s) and self.peek() != "]":
            self.i += 2 if self.peek() == "\\" else 1
        self.i += 1

    def quantified(self, node: object) -> object:
        ch = self.peek()
        least = None
        if ch and ch in "?*+":  # ("" is in every string: the pattern's end is no repeat)
            least = 1 if ch == "+" else 0
            self.i += 1
        elif ch == "{":
            end = self.s.find("}", self.i)
            body = self.s[self.i + 1 : end] if end > 0 else ""
            low = body.split(",")[0]
            if end > 0 and (body.replace(",", "").isdigit() or body.startswith(",")):
                least = int(low) if low else 0
                self.i = end + 1
        if least is None:
            return node
        if self.peek() and self.peek() in "?+":  # lazy or possessive
            self.i += 1
        return _Repeat(least, node)


def _needs(items: list[object]) -> frozenset[str] | None:
    """The best set of words of which a match of ``items`` must contain one (None: none)."""
    best: frozenset[str] | None = None

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if not found:
            return
        # "sleep" already stands for "sleeps": keep the shortest words only.
        found = frozenset(w for w in found if not any(v != w and v in w for v in found))
        # Longer words let fewer texts through; at equal length, fewer words do.
        if best is None or (min(map(len, found)), -len(found)) > (
            min(map(len, best)),
            -len(best),
        ):
            best = found

    run: list[str] = []
    for item in [*items, None]:
        if isinstance(item, str):
            run.append(item)
            continue
        if len(run) >= 2:  # a one-letter word would let every text through
            consider(frozenset({"".join(run).lower()}))
        run = []
        if isinstance(item, _Alt):
            options = [_needs(branch) for branch in item.branches]
            if all(options):
                consider(frozenset().union(*options))  # type: ignore[arg-type]
        elif isinstance(item, _Repeat) and item.least >= 1:
            consider(_needs([item.node]))
    return best


def needed_words(pattern: str) -> frozenset[str] | None:
    """Lower-case words of which any match of ``pattern`` contains at least one; None if the
    pattern needs no word this reader can be sure of."""
    reader = _Reader(pattern)
    tree = reader.alternation()
    if reader.i < len(pattern):  # an unmatched ")" or a syntax this reader does not know
        return None
    return _needs([tree])
