"""RSS and Atom feeds through feedparser: each entry an article dated by the entry.

An entry carries a summary, sometimes the full text; with --fetch-links the page it links to is
read instead (its main text; the entry's date still rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from timeline.records import Article
from timeline.sources.dates import publication_date
from timeline.sources.errors import Notice, NoticeHandler, SourceError
from timeline.sources.fetch import Fetcher
from timeline.sources.fields import unforeseen
from timeline.sources.html import fragment_text, page_article
from timeline.sources.options import ReadOptions
from timeline.sources.urls import canonical_url, id_from_url, is_url

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


def looks_like_feed(text: str) -> bool:
    head = re.sub(r"<!--.*?-->", "", text[:4096], flags=re.S)
    head = re.sub(r"<\?.*?\?>", "", head, flags=re.S).lstrip()
    return bool(_FEED_ROOT.match(head))


def load_feed(
    data: bytes, where: str, options: ReadOptions, notify: NoticeHandler, fetcher: Fetcher | None, feed_url: str | None = None,
    media_type: str = "",
) -> Iterator[Article | SourceError]:  # fmt: skip
    import feedparser

    # The feed's own address resolves relative links; without a media type feedparser would
    # flag a fetched feed as not well-formed.
    headers = {"content-location": feed_url, "content-type": media_type or "application/xml"} if feed_url else None
    data, replaced = _without_impossible_characters(data)
    if replaced:
        notify(Notice("warning", where, f"{replaced} character reference(s) to no character (such as &#xD800;) read as \ufffd"))
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as error:  # feedparser's own failures on junk cost this feed, never the build
        raise unforeseen(where, error) from None
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        raise SourceError(where, f"not a readable RSS or Atom feed ({reason})" if reason else "feed has no entries")
    if parsed.get("bozo"):
        notify(Notice("warning", where, f"feed is not well-formed ({parsed.get('bozo_exception')}); read what could be"))
    notify(Notice("info", where, f"feed {parsed.feed.get('title', '')!r}: {len(entries)} entries"))
    links = [_entry_link(entry) for entry in entries]
    pages = iter(fetcher.fetch_many(link for link in links if link)) if options.fetch_links and fetcher else None
    for number, (entry, link) in enumerate(zip(entries, links, strict=True), 1):
        label = f"{where} entry {number}" + (f" ({link})" if link else "")
        page = next(pages) if pages is not None and link else None
        try:
            yield _entry_article(entry, link, label, options, notify, page)
        except Exception as error:  # whatever fails, ours or a library's, costs this entry alone
            yield unforeseen(label, error)


# A character reference to a surrogate, to nothing past U+10FFFF or to NUL names no character:
# feedparser fails on the whole feed at the first one.
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,16}))(?=;)")


def _without_impossible_characters(data: bytes) -> tuple[bytes, int]:
    """`data` with each character reference to no character made U+FFFD, and how many there were."""
    replaced = 0

    def replacement(reference: re.Match[bytes]) -> bytes:
        nonlocal replaced
        hexadecimal, decimal = reference.groups()
        number = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
            return reference.group()
        replaced += 1
        return b"&#xFFFD"

    return _CHARACTER_REFERENCE.sub(replacement, data), replaced


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    return link if isinstance(link, str) and is_url(link) else None


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry_article(
    entry: Any, link: str | None, label: str, options: ReadOptions, notify: NoticeHandler, page: tuple[str, object] | None
) -> Article:
    written = _entry_date(entry)
    if written is None and (entry.get("published") or entry.get("updated")):
        notify(Notice("warning", label, f"entry date {entry.get('published') or entry.get('updated')!r} could not be read"))
    # The link makes a readable id; a guid ("urn:...", "tag:...") is the fallback.
    article_id = id_from_url(link) if link else re.sub(r"[^\w.-]+", "-", str(entry.get("id") or label)).strip("-")
    title = entry.get("title") or None
    if page is not None:
        _, result = page
        if isinstance(result, SourceError):
            raise result
        from timeline.sources.decoding import decode
        from timeline.sources.html import declared_charset

        html = decode(result.body, result.final_url, notify, result.charset or declared_charset(result.body))
        article = page_article(html, result.final_url, options, notify, url=result.final_url, article_id=article_id, published=written)
        return Article(article.id, article.text, article.published, title or article.title, article.url, label)
    text = _entry_text(entry)
    if not text:
        raise SourceError(label, "entry has no text (try --fetch-links to read its page)")
    return Article(
        id=article_id,
        text=text,
        published=publication_date(
            written, label, fallback=options.published, text=text, url=link,
            hint="the entry has no date; pass --published", today=options.today, notify=notify,
        ),
        title=title,
        url=canonical_url(link),
        path=label,
    )


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    bodies = [c.get("value", "") for c in contents if c.get("value")]
    html = max(bodies, key=len) if bodies else entry.get("summary", "")
    return fragment_text(html) if html else ""
