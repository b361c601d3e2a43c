"""The manual: HTML pages shipped with the app (``resources/help/<language>/``), and its search.

Each language has a folder with ``inhalt.txt`` (the page names in reading order; ``#`` starts a
comment) and one ``<name>.html`` per page that begins with ``<h1>title</h1>``; pictures lie in
``bilder/``. A language without its own folder reads the German pages. The search looks for every
word of the query in the pages' plain text (case and umlauts folded: "ubernehmen" finds
"übernehmen"), ranks titles and headings above body text and returns a snippet around the first
hit. Nothing here imports Qt (the window is `kooperation.ui.help_window`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from kooperation.resources import resource_path

DEFAULT_LANGUAGE = "de"

TOPICS = {
    "start": "start",
    "partners": "partner",
    "business_model": "geschaeftsmodell",
    "goals": "ziele",
    "rules": "regeln",
    "drafts": "entwuerfe",
    "readiness": "treffen#startklar",
    "factors": "treffen#erfolgsfaktoren",
    "form_guide": "treffen#form-finden",
    "board": "treffen#vereinbart",
    "living": "treffen#lebendig",
    "workshop": "treffen#workshop",
    "review": "pruefung",
    "compare": "pruefung",
    "merge": "zusammenarbeit",
    "settings": "einstellungen",
}
"""Where F1 leads from each place of the window (a page of the project window by its key, the
start page, the dialogs): ``page`` or ``page#anchor``."""


@dataclass(frozen=True)
class HelpPage:
    name: str
    title: str
    html: str
    text: str  # the plain text (for the search)
    headings: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    page: HelpPage
    score: int
    snippet: str


def help_folder(language: str) -> Path:
    """The folder of the manual in ``language`` (the German one if there is none)."""
    folder = resource_path("help", language)
    return folder if (folder / "inhalt.txt").is_file() else resource_path("help", DEFAULT_LANGUAGE)


class _Text(HTMLParser):
    """Plain text and headings of a page (tags dropped, entities resolved)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        if tag in ("p", "li", "tr", "h1", "h2", "h3", "br"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)


@lru_cache(maxsize=4)
def manual(language: str = DEFAULT_LANGUAGE) -> tuple[HelpPage, ...]:
    """The pages of the manual in reading order. Read once per process (the files ship with the
    app and do not change while it runs)."""
    folder = help_folder(language)
    names = [
        line.strip()
        for line in (folder / "inhalt.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    pages = []
    for name in names:
        source = (folder / f"{name}.html").read_text(encoding="utf-8")
        parser = _Text()
        parser.feed(source)
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        title = parser.headings[0] if parser.headings else name
        pages.append(HelpPage(name, title, source, text, tuple(parser.headings)))
    return tuple(pages)


def page_for(topic: str, language: str = DEFAULT_LANGUAGE) -> tuple[HelpPage, str]:
    """The page (and anchor, "" for none) F1 shows for ``topic`` (a key of `TOPICS`); the first
    page for a topic without its own."""
    target = TOPICS.get(topic, "start")
    name, _, anchor = target.partition("#")
    pages = manual(language)
    for page in pages:
        if page.name == name:
            return page, anchor
    return pages[0], ""


def fold(text: str) -> str:
    """Lower case without accents, ß as ss: how the search compares words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


SNIPPET_CHARS = 90


def search(query: str, language: str = DEFAULT_LANGUAGE) -> list[Hit]:
    """Pages containing every word of ``query``, best first: a word in the title counts 10, in a
    heading 3, in the text 1 per occurrence."""
    words = [fold(w) for w in re.findall(r"\w+", query)]
    if not words:
        return []
    hits = []
    for page in manual(language):
        text = fold(page.text)
        if not all(word in text for word in words):
            continue
        title = fold(page.title)
        headings = fold(" ".join(page.headings))
        score = sum(10 * title.count(w) + 3 * headings.count(w) + text.count(w) for w in words)
        hits.append(Hit(page, score, _snippet(page.text, words)))
    hits.sort(key=lambda hit: (-hit.score, hit.page.title))
    return hits


def _snippet(text: str, words: list[str]) -> str:
    """About `SNIPPET_CHARS` characters of ``text`` around the first place of the words sought
    together ("Workshop-Modus"), else of the first word."""
    flat = " ".join(text.split())
    folded, origin = [], []  # the folded text, and for each of its letters the place in flat
    for at, char in enumerate(flat):
        for letter in fold(char):
            folded.append(letter)
            origin.append(at)
    folded_text = "".join(folded)
    found = re.search(r"\W+".join(map(re.escape, words)), folded_text) or re.search(
        re.escape(words[0]), folded_text
    )
    at = origin[found.start()] if found else 0
    start = max(0, at - SNIPPET_CHARS // 3)
    end = min(len(flat), start + SNIPPET_CHARS)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


