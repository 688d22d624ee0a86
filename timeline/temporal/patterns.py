"""Regular-expression building blocks for a language's word tables: alternations of words,
factored on common prefixes so the regex engine turns a word down after a letter or two."""

from __future__ import annotations

import re

# Each factored alternation made, and the plain one it stands for (see `unfactored`).
_PLAIN_OF: dict[str, str] = {}


def alternation(words: object) -> str:
    """A non-capturing alternation of `words`, longest first so "sept" wins over "sep";
    factored on common prefixes when the words are lower-case ASCII (`factored_alternation`)."""
    listed = {str(w) for w in words}  # type: ignore[attr-defined]
    plain = plain_alternation(listed)
    if not all(w.isascii() and w == w.lower() for w in listed):
        return plain  # "US" and "us", or "ſ" and "s", would match one letter from two branches
    factored = factored_alternation(listed)
    _PLAIN_OF[factored] = plain
    return factored


def plain_alternation(words: object) -> str:
    """`words` one after the other, longest first."""
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def unfactored(pattern: str) -> str:
    """`pattern` with its factored alternations written out plain again: for what reads words
    out of a pattern's text (the tagger's known words), which factoring cuts into pieces."""
    for factored in sorted(_PLAIN_OF, key=len, reverse=True):
        pattern = pattern.replace(factored, _PLAIN_OF[factored])
    return pattern


def factored_alternation(words: object) -> str:
    """What `plain_alternation` matches, in the same order, factored on common prefixes
    ("sign(?:ed)?") so that the regex engine turns a word down after a letter or two instead of
    trying every word in turn. The same order: the words that match at one place are prefixes
    of one another (for lower-case words: two branches never take one letter), and a longer one
    is tried first, as there."""
    tree: dict[str, dict] = {}
    for word in {str(w) for w in words}:  # type: ignore[attr-defined]
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(tree) + ")"
