from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HUAWEI = SHARED / "corpus" / "huawei-mts"


@pytest.fixture
def huawei_corpus() -> Path:
    if not (HUAWEI / "manifest.json").is_file():
        pytest.skip(f"mission corpus not found at {HUAWEI} (../shared beside the project)")
    return HUAWEI
