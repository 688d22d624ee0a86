from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HUAWEI = SHARED / "corpus" / "huawei-mts"


@pytest.fixture
def huawei_corpus() -> Path:
    if not (HUAWEI / "manifest.json").is_file():
        pytest.skip(f"mission corpus not found at {HUAWEI} (../shared beside the project)")
    return HUAWEI


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (skips, saying why, without one)."""
    from tests.browser import launch

    yield from launch()
