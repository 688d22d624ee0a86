"""Fetching pages politely: a site's robots.txt obeyed, a timeout, a bounded number of requests
in flight, retries with backoff (urllib3's Retry, which also honours Retry-After), a size limit,
and a cache on disk so that a rerun within a day does not download again."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.robotparser import RobotFileParser

import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from timeline.files import write_atomically
from timeline.sources.decoding import too_big
from timeline.sources.errors import HTTPStatusError, SourceError
from timeline.sources.options import ReadOptions

USER_AGENT = "timeline/0.1 (builds a news timeline from the pages it is given)"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    content_type: str  # media type, lower case ("text/html")
    charset: str | None  # declared in the Content-Type header
    body: bytes
    from_cache: bool = False


class PageCache:
    """Pages kept on disk by URL: `<sha256>.json` (what the server said) beside `<sha256>.body`.
    Only complete, successful responses are kept; both files are written atomically."""

    def __init__(self, folder: Path, max_age: float = float("inf")):
        self.folder = folder
        self.max_age = max_age  # seconds: an older page is fetched again (news pages are updated)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> Page | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or len(body) != meta.get("size"):
            return None  # a hash collision or a torn write: fetch again
        if not time.time() - meta.get("fetched_at", 0) < self.max_age:
            return None  # stale: the page may have been updated since
        return Page(url, meta["final_url"], meta["content_type"], meta.get("charset"), body, from_cache=True)

    def put(self, page: Page) -> None:
        meta_path, body_path = self._paths(page.url)
        meta = {k: v for k, v in asdict(page).items() if k not in ("body", "from_cache")}
        meta |= {"size": len(page.body), "fetched_at": time.time()}
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs a refetch
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(body_path, page.body)
            write_atomically(meta_path, json.dumps(meta).encode("utf-8"))


class Fetcher:
    """GETs pages; one instance per run, shared by its threads (urllib3's pool is thread-safe)."""

    def __init__(self, options: ReadOptions):
        self.options = options
        self.cache = PageCache(options.cache_dir, options.cache_max_age) if options.cache_dir else None
        self._robots: dict[str, RobotFileParser] = {}  # by origin, read once a run
        self._robots_lock = threading.Lock()
        retry = urllib3.Retry(
            total=options.retries, connect=options.retries, read=options.retries, status=options.retries, redirect=5,
            backoff_factor=options.backoff, status_forcelist=_RETRY_STATUSES, allowed_methods={"GET"},
            raise_on_status=False, respect_retry_after_header=True,
        )  # fmt: skip
        self._pool = urllib3.PoolManager(
            num_pools=32, maxsize=max(1, options.concurrency), block=False, retries=retry,
            timeout=urllib3.Timeout(connect=options.timeout, read=options.timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"},
        )  # fmt: skip

    def fetch(self, url: str) -> Page:
        """The page at `url` (from the cache when there); an error names the URL and what failed."""
        if self.cache is not None and (cached := self.cache.get(url)) is not None:
            return cached
        if self.options.obey_robots and not self._robots_allow(url):
            raise SourceError(url, "the site's robots.txt does not allow fetching it (--ignore-robots to fetch anyway)")
        page = self._download(url)
        if self.cache is not None:
            self.cache.put(page)
        return page

    def _robots_allow(self, url: str) -> bool:
        """Whether the site's robots.txt lets our user agent fetch `url`. As RFC 9309 says: no
        robots.txt (a 4xx) allows everything, a 401 or 403 nothing, and a server error nothing
        until it answers; a robots.txt that cannot be reached at all leaves the page to fail alone."""
        parts = urllib3.util.parse_url(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:  # one request for robots.txt per site, whichever thread asks first
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._robots[origin] = self._read_robots(origin)
        return rules.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            page = self._download(origin + "/robots.txt")
        except HTTPStatusError as error:  # RFC 9309: 401/403 and 5xx disallow; other 4xx allow
            rules.disallow_all = error.status in (401, 403) or error.status >= 500
            rules.allow_all = not rules.disallow_all
            return rules
        except SourceError:  # unreachable: fetching the page itself will say why
            rules.allow_all = True
            return rules
        rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return rules

    def _download(self, url: str) -> Page:
        started = time.monotonic()
        try:
            response = self._pool.request("GET", url, preload_content=False, redirect=True)
        except MaxRetryError as error:
            raise SourceError(url, _why(error.reason, self.options.timeout)) from None
        except (HTTPError, OSError) as error:
            raise SourceError(url, _why(error, self.options.timeout)) from None
        try:
            if response.status != 200:
                raise HTTPStatusError(url, response.status, response.reason or "")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.options.max_size:
                raise SourceError(url, too_big(int(declared), self.options.max_size))
            body = bytearray()
            for chunk in response.stream(_CHUNK):
                body += chunk
                if len(body) > self.options.max_size:
                    raise SourceError(url, "more than " + too_big(len(body), self.options.max_size))
                # A server trickling bytes never trips the per-read timeout; this bounds the whole page.
                if time.monotonic() - started > 4 * self.options.timeout:
                    raise SourceError(url, f"too slow: not complete after {4 * self.options.timeout:g} s")
        except (HTTPError, OSError) as error:
            raise SourceError(url, _why(error, self.options.timeout)) from None
        finally:
            response.release_conn()
        media_type, _, parameters = (response.headers.get("Content-Type") or "").partition(";")
        charset = next((p.split("=", 1)[1].strip(" \"'").lower() for p in parameters.split(";") if "charset=" in p.lower()), None)
        final = response.url or url
        if final and final.startswith("/"):
            final = urllib3.util.parse_url(url)._replace(path=final, query=None, fragment=None).url
        return Page(url, final or url, media_type.strip().lower(), charset, bytes(body))

    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, Page | SourceError]]:
        """(url, page or error) for every URL, in order, with at most `concurrency` requests in
        flight; lazy, so a long list is fetched as it is consumed."""
        workers = max(1, self.options.concurrency)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
        try:
            pending: deque[tuple[str, Future[Page]]] = deque()
            for url in urls:
                pending.append((url, pool.submit(self.fetch, url)))
                if len(pending) >= workers:
                    yield _result(*pending.popleft())
            while pending:
                yield _result(*pending.popleft())
        finally:
            # A run stopped early (--strict) leaves this generator to the garbage collector, which
            # may close it on one of the pool's own threads: a thread cannot wait for itself, so
            # what has not started is cancelled and nothing is waited for.
            pool.shutdown(wait=False, cancel_futures=True)


def _result(url: str, future: Future[Page]) -> tuple[str, Page | SourceError]:
    try:
        return url, future.result()
    except SourceError as error:
        return url, error


def _why(error: BaseException | None, timeout: float) -> str:
    # NameResolutionError < NewConnectionError < ConnectTimeoutError: the narrowest first.
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return "unknown host"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "cannot connect (" + str(error).rsplit(":", 1)[-1].strip() + ")"
    if isinstance(error, Urllib3Timeout):
        return f"timed out (no answer within {timeout:g} s)"
    if isinstance(error, urllib3.exceptions.ResponseError):
        return str(error)  # "too many redirects", "too many 503 error responses"
    if isinstance(error, urllib3.exceptions.SSLError):
        return "TLS error (certificate or protocol)"
    return f"download failed ({error})"
