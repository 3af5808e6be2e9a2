"""Detectors of the all-pages browser test, on plain data so each can be shown failing.

A page's HTML becomes the text a person reads (`page_text`); the detectors then look for a raw
code of the stored vocabulary, an English string left on a Chinese page, a serious or critical
axe-core violation, a figure that disagrees with the rows, and a request to another host.
`tests/browser/test_page_checks.py` runs each one on small snippets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Never read as text: not rendered, or code shown as code (a hash, an API field in an example).
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "code", "kbd"})
# Text inside these is one line to a reader; a break between them ends a run of words.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "label", "legend",
        "li", "main", "nav", "ol", "optgroup", "option", "p", "section", "select", "summary",
        "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Inline elements the stylesheet (config/static/breachdesk/app.css) lays out as a line of their
# own: a table cell's title and its `.sub` line (a source, a reference) are two lines to a reader.
BLOCK_CLASSES = frozenset({"sub"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes a person reads or hears as text.
READ_ATTRIBUTES = ("placeholder", "aria-label", "alt")
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})


@dataclass
class PageText:
    """What a person reads on a page: each text node alone, and the lines they form."""

    nodes: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = PageText()
        self._line: list[str] = []
        self._skip_tag = ""
        self._skip_depth = 0
        # Inline tags opened with a block class: their end ends a line too.
        self._block_ends: list[list] = []  # [tag, depth of the same tag nested inside]

    def _end_line(self) -> None:
        line = " ".join(" ".join(self._line).split())
        if line:
            self.text.blocks.append(line)
        self._line = []

    def _add(self, value: str) -> None:
        value = " ".join(value.split())
        if value:
            self.text.nodes.append(value)
            self._line.append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            if tag == self._skip_tag and tag not in VOID_TAGS:
                self._skip_depth += 1
            return
        attributes = dict(attrs)
        if tag in SKIPPED_TAGS or ("hidden" in attributes and tag not in VOID_TAGS):
            self._skip_tag, self._skip_depth = tag, 1
            return
        inline_block = self._block_class(attributes) and tag not in BLOCK_TAGS | VOID_TAGS
        if inline_block:
            self._block_ends.append([tag, 0])
        elif self._block_ends and self._block_ends[-1][0] == tag and tag not in VOID_TAGS:
            self._block_ends[-1][1] += 1  # the same tag nested inside: its end is not ours
        if tag in BLOCK_TAGS or inline_block:
            self._end_line()
        if tag == "input" and attributes.get("type") == "hidden":
            return
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self._add(attributes[name] or "")
                self._end_line()
        if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
            self._add(attributes["value"] or "")
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if tag == self._skip_tag:
                self._skip_depth -= 1
            return
        if tag in BLOCK_TAGS:
            self._end_line()
        elif self._block_ends and self._block_ends[-1][0] == tag:
            if self._block_ends[-1][1]:
                self._block_ends[-1][1] -= 1
            else:
                self._block_ends.pop()
                self._end_line()

    @staticmethod
    def _block_class(attributes: dict[str, str | None]) -> bool:
        return bool(BLOCK_CLASSES.intersection((attributes.get("class") or "").split()))

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._add(data)

    def close(self) -> None:
        super().close()
        self._end_line()


def page_text(html: str) -> PageText:
    """The text nodes and lines of an HTML page that a person reads."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.text


# ---- raw codes ---------------------------------------------------------------------------------

CODE_SHAPE = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")


def code_vocabulary(values: Iterable[str]) -> frozenset[str]:
    """The stored codes that no person should read: those joined by an underscore."""
    return frozenset(value for value in values if CODE_SHAPE.fullmatch(value))


def raw_codes(text: PageText, vocabulary: frozenset[str]) -> list[str]:
    """Each line that shows a stored code as it is, with the code."""
    found = []
    for line in text.blocks:
        for token in re.findall(r"[A-Za-z0-9_]+", line):
            if token in vocabulary:
                found.append(f"{token!r} in {line[:120]!r}")
    return found


# ---- catalogue misses --------------------------------------------------------------------------

LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[(\"'“‘]*[A-Za-z][A-Za-z'’-]*[)\"'”’.,:;!?]*")


def catalogue_misses(text: PageText, catalogue: Mapping[str, str]) -> list[str]:
    """Text nodes that are an English message of the catalogue shown untranslated."""
    return [
        node
        for node in text.nodes
        if LATIN.search(node) and node in catalogue and catalogue[node] != node
    ]


def english_runs(text: PageText, allowed: str) -> list[str]:
    """Runs of two or more English words (one of them a lowercase word) that no data explains.

    `allowed` holds the data values a page may show as typed (titles, names, descriptions), one
    a line; a run found inside it is data, not a missing translation.
    """
    found = []
    for line in text.blocks:
        run: list[str] = []
        for token in [*line.split(), ""]:
            if token and WORD.fullmatch(token):
                run.append(token)
                continue
            words = [re.sub(r"[^A-Za-z'’-]", "", word) for word in run]
            if len(run) >= 2 and any(len(w) >= 3 and w.islower() for w in words):
                phrase = " ".join(run)
                core = phrase.strip("()\"'“”‘’.,:;!?")
                if core not in allowed:
                    found.append(f"{phrase!r} in {line[:120]!r}")
            run = []
    return found


# ---- accessibility -----------------------------------------------------------------------------

BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def serious_violations(axe_results: Mapping) -> list[str]:
    """axe-core's serious and critical violations, each with the first elements it names."""
    found = []
    for violation in axe_results.get("violations", []):
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {', '.join(targets)}")
    return found


# ---- figures -----------------------------------------------------------------------------------


def figure_mismatches(shown: Mapping[str, str | None], counted: Mapping[str, int]) -> list[str]:
    """Figures whose shown number differs from the count of rows (or that are not shown)."""
    found = []
    for name, expected in counted.items():
        value = shown.get(name)
        digits = re.sub(r"\D", "", value or "")
        if not digits:
            found.append(f"{name}: not shown (expected {expected})")
        elif int(digits) != expected:
            found.append(f"{name}: shows {value.strip() if value else value}, rows say {expected}")
    return found


# ---- requests ----------------------------------------------------------------------------------

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})


def external_requests(urls: Iterable[str]) -> list[str]:
    """The requests that leave this machine."""
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname not in LOCAL_HOSTS:
            found.append(url)
    return found
