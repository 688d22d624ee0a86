"""Saved web pages and fetched ones: main text through trafilatura, publication date through
htmldate's reading of the markup (JSON-LD, meta tags, <time>, the URL), title and canonical URL.

htmldate's search of the page's text is left off: a date taken from text is the sources'
own last resort, made with a warning (see dates.py), never silently.
"""

from __future__ import annotations

import re

from timeline.records import Article
from timeline.sources.dates import publication_date
from timeline.sources.errors import Notice, NoticeHandler, SourceError
from timeline.sources.options import ReadOptions
from timeline.sources.urls import canonical_url, id_from_url

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# htmldate ignores dates after max_date; a far bound lets a future date reach our own check
# (an error) instead of htmldate quietly picking some other date on the page.
_FAR_FUTURE = "2100-01-01"


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes (<meta charset> or http-equiv)."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "replace").lower() if found else None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:html|head|body)[\s>]", head))


def page_article(
    html: str, where: str, options: ReadOptions, notify: NoticeHandler, *, url: str | None = None, article_id: str | None,
    published: object = None,
) -> Article:  # fmt: skip
    """The article of a web page. `published` (a feed entry's date) outranks the page's own;
    without `article_id` the id is made from the page's canonical URL."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True, "max_date": _FAR_FUTURE},
    )  # fmt: skip
    text = _clean_text(getattr(document, "text", None) or "", getattr(document, "title", None))
    if not text.strip():
        raise SourceError(where, "no article text found on the page (is it an index page, or empty?)")
    title = getattr(document, "title", None) or None
    page_url = canonical_url(getattr(document, "url", None) or url)
    when = published if published is not None else getattr(document, "date", None)
    if when is not None and notify is not None:
        notify(Notice("info", where, f"publication date {when} from the page's markup" if published is None else
                      f"publication date {when} from the feed"))  # fmt: skip
    return Article(
        id=article_id or id_from_url(page_url or where),
        text=text,
        published=publication_date(
            when, where, fallback=options.published, text=text, url=page_url,
            hint="no date in the page's markup; pass --published YYYY-MM-DD", today=options.today, notify=notify,
        ),
        title=title,
        url=page_url,
        path=where,
    )


def _clean_text(text: str, title: str | None) -> str:
    """Trafilatura's text less a first line that repeats the headline, paragraphs apart."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary): block elements on their own lines."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on junk; a fragment is then taken as text
        return " ".join(html.split())
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("script", "style", "figcaption"):
        element.drop_tree()
    paragraphs = (" ".join(part.split()) for part in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
