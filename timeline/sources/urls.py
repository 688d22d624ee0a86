"""URLs: recognising them and lists of them, canonical forms for spotting the same article
twice, and article ids made from them."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)
# Query parameters that track a click and never change the page.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_\w+|ref|src)$", re.I)


def is_url(text: str) -> bool:
    return bool(_URL.fullmatch(text.strip()))


def url_list(text: str) -> list[str] | None:
    """The URLs of a text whose every non-blank, non-comment line is one http(s) URL; else None."""
    lines = [line.strip() for line in text.split("\n")]
    urls = [line for line in lines if line and not line.startswith("#")]
    return urls if urls and all(is_url(u) for u in urls) else None


def canonical_url(url: str | None) -> str | None:
    """`url` with the host lower-cased, default port, fragment and tracking parameters dropped:
    two links to one page become one string."""
    if not url or not is_url(url):
        return url or None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port out of range, a malformed IPv6 host: kept as written
        return url.strip()
    host = (parts.hostname or "").lower()
    netloc = host if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def same_page_key(url: str | None) -> str | None:
    """What two URLs of one article share: the canonical URL without its scheme."""
    canonical = canonical_url(url)
    return canonical.split("://", 1)[1] if canonical and "://" in canonical else None


def id_from_url(url: str) -> str:
    """A readable article id: the host and the last words of the path."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host
        parts = urlsplit("")
    host = (parts.hostname or "page").removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", parts.path.lower()).strip("-")
    slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", slug)
    slug = re.sub(r"-(?:s?html?|php|aspx?|txt|md)$", "", slug)
    return f"{host}-{slug[-60:].strip('-')}" if slug else host
