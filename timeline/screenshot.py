"""Screenshots of a built timeline page in headless Chromium (the system's, driven by Playwright).

Needs the optional extra: pip install '.[browser]' and a Chromium at /usr/bin/chromium (or
$CHROMIUM). Used for the README pictures and by the browser tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


PHONE_WIDTH, PHONE_HEIGHT = 360, 740


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when none is installed."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return candidate if candidate and Path(candidate).exists() else None


def screenshot(page: Path, out: Path, width: int = 1200, height: int = 800, full_page: bool = True) -> list[str]:
    """Save a full-page PNG of `page` at `width`; returns the console errors the page logged.

    At phone widths the picture is taken at device scale 2, as a phone's screen shows it."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium found (apt-get install chromium, or set $CHROMIUM)")
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            scale = 2 if width <= 480 else 1
            tab = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(page.resolve().as_uri())
            tab.wait_for_selector(".main-svg", timeout=15000)
            tab.wait_for_timeout(300)  # the page's own script relabels the chart for narrow screens
            out.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(out), full_page=full_page)
        finally:
            browser.close()
    return errors
