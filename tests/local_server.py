"""A web server on 127.0.0.1 (a random free port) for tests of fetching: article pages, a feed,
a redirect, a 404, a slow page, a malformed page, a page that fails once, and hostile ones: a
503 asking to come back in an hour or a minute, headers or a page trickled a byte at a time. It never leaves the
machine and counts the requests it gets, so tests can see what a cache saved."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STORIES = Path(__file__).parent / "data" / "stories"
SLOW_SECONDS = 1.5  # the /slow page answers after this; tests use a much shorter timeout
TRICKLE_SECONDS = 0.1  # the trickling pages send a byte this often (each read is quick: no per-read timeout trips)
TRICKLE_LIMIT = 30.0  # and give up after this, so a test that fails cannot hang


@dataclass
class Site:
    base: str
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return self.base + path


def _routes(site: Site) -> dict[str, Callable[[], tuple[int, dict[str, str], bytes]]]:
    def page(name: str) -> Callable[[], tuple[int, dict[str, str], bytes]]:
        return lambda: (200, {"Content-Type": "text/html; charset=utf-8"}, (STORIES / "html" / name).read_bytes())

    def feed() -> tuple[int, dict[str, str], bytes]:
        text = (STORIES / "harbour.rss").read_text(encoding="utf-8")
        for story, name in (("2024/03/15/tram-fares", "tram-fares"), ("2024/03/14/harbour-tram-opens", "tram-opens"),
                            ("2024/02/20/tram-wires", "tram-wires")):  # fmt: skip
            text = text.replace(f"<link>https://harbour-herald.example/news/{story}</link>", f"<link>{site.url('/news/' + name + '.html')}</link>")
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, text.encode("utf-8")

    def slow() -> tuple[int, dict[str, str], bytes]:
        time.sleep(SLOW_SECONDS)
        return page("tram-opens.html")()

    def flaky() -> tuple[int, dict[str, str], bytes]:
        if site.hits["/flaky"] == 1:  # the first request fails, a retry succeeds
            return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"busy"
        return page("tram-wires.html")()

    malformed = (
        b"<html><head><title>Harbour Herald</title></head><body><div class='nav'><a href='/'>Home</a> "
        b"<a href='/news'>News</a><div><span>Loading"
    )  # cut off mid-page: navigation and nothing else
    return {
        "/news/tram-opens.html": page("tram-opens.html"),
        "/news/tram-fares.html": page("tram-fares.html"),
        "/news/tram-wires.html": page("tram-wires.html"),
        "/feed.xml": feed,
        "/old-link": lambda: (301, {"Location": "/news/tram-opens.html"}, b""),
        "/slow": slow,
        "/flaky": flaky,
        "/broken.html": lambda: (200, {"Content-Type": "text/html"}, malformed),
        "/robots.txt": lambda: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/private/draft.html": page("tram-wires.html"),
        "/busy-for-an-hour": lambda: (503, {"Content-Type": "text/plain", "Retry-After": "3600"}, b"come back later"),
        "/busy-for-a-minute": lambda: (503, {"Content-Type": "text/plain", "Retry-After": "60"}, b"come back soon"),
        "/notes/ferry-timetable.txt": lambda: (
            200, {"Content-Type": "text/plain; charset=utf-8"},
            b"---\npublished: 2024-03-01\n---\nThe ferry timetable changes on 3 March.\n",
        ),
    }


@contextmanager
def serve() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    site = Site(f"http://127.0.0.1:{server.server_address[1]}")
    routes = _routes(site)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path in ("/trickled-headers", "/trickled-page"):
                self._trickle(headers=self.path == "/trickled-headers")
                return
            route = routes.get(self.path)
            status, headers, body = route() if route else (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def _trickle(self, headers: bool) -> None:
            """A hostile server: the headers, or the page after them, a byte every TRICKLE_SECONDS,
            for at most TRICKLE_LIMIT seconds (or until the client hangs up)."""
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n" + b"X-Padding: " + b"x" * 1000
            body = b"<html><body><p>" + b"The harbour tram opened. " * 4000
            slow, fast = (head, b"") if headers else (body, head + b"\r\n\r\n")
            ends = time.monotonic() + TRICKLE_LIMIT
            try:
                self.wfile.write(fast)
                self.wfile.flush()
                for byte in slow:
                    if time.monotonic() > ends:
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(TRICKLE_SECONDS)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
