"""A web server on 127.0.0.1 (a random free port) for tests of fetching: article pages, a feed,
a redirect, a 404, a slow page, a malformed page, a page that fails once. It never leaves the
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
