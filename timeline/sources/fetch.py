"""Fetching pages politely: a site's robots.txt obeyed, a bounded number of requests in flight,
retries with backoff (and a server's Retry-After), a size limit, and a cache on disk so that a
rerun within a day does not download again.

A hostile or broken server cannot stall a build: each request (connecting, the headers, the
page, and its retries with their waits) has one deadline, --timeout seconds from its start. A
server that trickles its headers or its page a byte at a time has its connection shut at the
deadline; a Retry-After that would end past it is not waited for. Requests run on daemon
threads, so a build stopped by SIGTERM or Ctrl-C never waits for one in flight.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.robotparser import RobotFileParser

import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from timeline.files import write_atomically
from timeline.sources.decoding import too_big
from timeline.sources.errors import HTTPStatusError, SourceError
from timeline.sources.fields import unforeseen
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


class _Deadline:
    """The deadline of the request this thread is making, and the connections it has used: at the
    deadline their sockets are shut, which ends any read blocked on a server trickling bytes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.connections: list[urllib3.connection.HTTPConnection] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True  # never keeps a stopped build alive

    def left(self) -> float:
        return self.at - time.monotonic()

    def watch(self, connection: urllib3.connection.HTTPConnection) -> None:
        with self._lock:
            self.connections.append(connection)
            if not self.expired:
                return
        _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            connections = list(self.connections)
        for connection in connections:
            _shut(connection)

    def __enter__(self) -> _Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = None


def _shut(connection: urllib3.connection.HTTPConnection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()  # .deadline: the _Deadline of this thread's request, if any


class _Watched:
    """A connection that puts itself under the deadline of the request it serves."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        deadline: _Deadline | None = getattr(_current, "deadline", None)
        if deadline is not None:
            deadline.watch(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Retry(Exception):
    """An attempt that failed in a way worth another try, after `wait` seconds."""

    def __init__(self, error: SourceError, wait: float | None = None):
        super().__init__(str(error))
        self.error = error
        self.wait = wait


class Fetcher:
    """GETs pages; one instance per run, shared by its threads (urllib3's pool is thread-safe)."""

    def __init__(self, options: ReadOptions):
        self.options = options
        self.cache = PageCache(options.cache_dir, options.cache_max_age) if options.cache_dir else None
        self._robots: dict[str, RobotFileParser] = {}  # by origin, read once a run
        self._robots_lock = threading.Lock()
        # Redirects are followed by urllib3; retries are made here, within the request's deadline.
        retry = urllib3.Retry(total=None, connect=0, read=0, other=0, status=0, redirect=5, raise_on_status=False)
        self._pool = urllib3.PoolManager(
            num_pools=32, maxsize=max(1, options.concurrency), block=False, retries=retry,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"},
        )  # fmt: skip
        self._pool.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

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
        """The page at `url`, within one deadline of --timeout seconds for every try and wait."""
        with _Deadline(self.options.timeout) as deadline:
            for attempt in range(self.options.retries + 1):
                try:
                    return self._attempt(url, deadline)
                except _Retry as retry:
                    wait = retry.wait if retry.wait is not None else self.options.backoff * 2**attempt
                    if attempt == self.options.retries:
                        raise retry.error from None
                    if wait >= deadline.left():
                        error = retry.error
                        if retry.wait is not None and isinstance(error, HTTPStatusError):  # say why the wait was not made
                            why = f"asked to retry after {wait:g} s, past the --timeout of {deadline.seconds:g} s"
                            raise HTTPStatusError(url, error.status, f"{error.reason}; {why}".lstrip("; ")) from None
                        raise error from None
                    time.sleep(wait)
            raise AssertionError("unreachable")  # the loop returns or raises

    def _attempt(self, url: str, deadline: _Deadline) -> Page:
        left = deadline.left()
        if left <= 0:
            raise SourceError(url, f"timed out (no complete answer within {deadline.seconds:g} s)")
        timeout = urllib3.Timeout(connect=left, read=left)
        try:
            response = self._pool.request("GET", url, preload_content=False, redirect=True, timeout=timeout)
        except MaxRetryError as error:
            raise self._failed(url, error.reason, deadline, None) from None
        except (HTTPError, OSError) as error:
            raise self._failed(url, error, deadline, None) from None
        body = bytearray()
        try:
            if response.status != 200:
                failure = HTTPStatusError(url, response.status, response.reason or "")
                if response.status in _RETRY_STATUSES:
                    raise _Retry(failure, _retry_after(response.headers.get("Retry-After")))
                raise failure
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.options.max_size:
                raise SourceError(url, too_big(int(declared), self.options.max_size))
            for chunk in response.stream(_CHUNK):
                body += chunk
                if len(body) > self.options.max_size:
                    raise SourceError(url, "more than " + too_big(len(body), self.options.max_size))
                if deadline.left() <= 0:
                    break
            if deadline.expired or deadline.left() <= 0:
                raise SourceError(url, _late(deadline, len(body)))
        except (HTTPError, OSError) as error:
            raise self._failed(url, error, deadline, len(body)) from None
        finally:
            response.release_conn()
        media_type, _, parameters = (response.headers.get("Content-Type") or "").partition(";")
        charset = next((p.split("=", 1)[1].strip(" \"'").lower() for p in parameters.split(";") if "charset=" in p.lower()), None)
        final = response.url or url
        if final and final.startswith("/"):
            final = urllib3.util.parse_url(url)._replace(path=final, query=None, fragment=None).url
        return Page(url, final or url, media_type.strip().lower(), charset, bytes(body))

    def _failed(self, url: str, error: BaseException | None, deadline: _Deadline, received: int | None) -> Exception:
        """The error for a try that raised: past the deadline, what was late; else why it failed,
        as a _Retry where another try may do better (a timeout, a dropped connection)."""
        if deadline.expired or deadline.left() <= 0:
            return SourceError(url, _late(deadline, received))
        failure = SourceError(url, _why(error, deadline.seconds))
        if isinstance(error, urllib3.exceptions.ResponseError | urllib3.exceptions.SSLError):
            return failure  # too many redirects, a bad certificate: the same again next time
        if isinstance(error, urllib3.exceptions.NameResolutionError):
            return failure
        return _Retry(failure)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, Page | SourceError]]:
        """(url, page or error) for every URL, in order, with at most `concurrency` requests in
        flight; lazy, so a long list is fetched as it is consumed."""
        workers = max(1, self.options.concurrency)
        pending: deque[tuple[str, Future[Page]]] = deque()
        for url in urls:
            pending.append((url, self._start(url)))
            if len(pending) >= workers:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())

    def _start(self, url: str) -> Future[Page]:
        """`fetch(url)` on a thread of its own. A daemon thread: a build that stops (SIGTERM,
        Ctrl-C, --strict) ends at once instead of waiting for a request in flight, as a thread
        pool's threads would make it do."""
        future: Future[Page] = Future()

        def run() -> None:
            try:
                future.set_result(self.fetch(url))
            except BaseException as error:  # handed to whoever reads the result
                future.set_exception(error)

        threading.Thread(target=run, name="fetch", daemon=True).start()
        return future


def _result(url: str, future: Future[Page]) -> tuple[str, Page | SourceError]:
    try:
        return url, future.result()
    except Exception as error:  # whatever failed, ours or a library's, costs this URL alone
        return url, unforeseen(url, error)


def _late(deadline: _Deadline, received: int | None) -> str:
    """What was late: the answer (`received` None) or the page after its headers."""
    if received is None:
        return f"timed out (no complete answer within {deadline.seconds:g} s: the server was silent or too slow)"
    return f"timed out (the headers came, but the page was not complete within {deadline.seconds:g} s)"


def _retry_after(value: str | None) -> float | None:
    """The seconds a Retry-After header asks for (a number, or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value) if len(value) < 12 else float("inf")
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


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
