"""Helpers for the browser tests: one Chromium per test session, pages opened offline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from timeline.screenshot import CHROMIUM_FLAGS, chromium_path


def launch() -> Iterator[Any]:
    """Yield a Chromium browser, or skip the test saying what is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[browser]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set $CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """A page with its console errors, dialogs and every network request it tried, recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def marker_centres(self) -> list[tuple[float, float]]:
        """Centres of the drawn event markers (bars have no points), in page coordinates."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('.scatterlayer .trace .points path.point')].map(p => {
                const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })"""
        )

    def resize(self, width: int, height: int = 900) -> None:
        """Set the viewport and wait until the chart has followed it and relabelled itself."""
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.wait_for_function(
            f"() => {{ const s = document.querySelector('.main-svg'); return s && s.getBoundingClientRect().width <= {width}; }}"
        )
        self.page.wait_for_timeout(150)

    def hover_text(self) -> str:
        return self.page.evaluate(
            """() => [...document.querySelectorAll('.hoverlayer .hovertext text')].map(t => {
                const lines = t.querySelectorAll('tspan.line');
                return lines.length ? [...lines].map(l => l.textContent).join('\\n') : t.textContent; }).join('\\n')"""
        )


@contextmanager
def open_page(
    browser: Any, path: Path, width: int = 1200, height: int = 900, routes: dict[str, Any] | None = None
) -> Iterator[Tab]:
    """`path` in a fresh context at `width`; no request leaves the machine (http(s) is answered
    from `routes`, a URL prefix -> (body, content type), or refused)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tried: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        tried.append(url)
        for prefix, (body, kind) in (routes or {}).items():
            if url.startswith(prefix):
                route.fulfill(status=200, body=body, content_type=kind, headers={"Access-Control-Allow-Origin": "*"})
                return
        route.abort()

    context.route("http*://**/*", answer)
    try:
        tab = Tab(context.new_page())
        tab.requests = tried  # type: ignore[attr-defined]
        tab.page.goto(path.resolve().as_uri())
        tab.page.wait_for_selector(".main-svg", timeout=15000)
        tab.page.wait_for_timeout(200)  # the page's script settles the labels for the width
        yield tab
    finally:
        context.close()
