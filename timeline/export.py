"""Exports: the timeline as JSON for machines and tests, and the HTML outputs, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from timeline.records import Event, Mention, Timeline

SCHEMA_VERSION = 1
_UMASK = os.umask(0)
os.umask(_UMASK)


def timeline_dict(timeline: Timeline) -> dict[str, object]:
    """The documented JSON form of a timeline (see README, "timeline.json")."""
    return {
        "schema": SCHEMA_VERSION,
        "title": timeline.title,
        "generated_from": [
            {"id": a.id, "title": a.title, "published": a.published.isoformat(), "url": a.url} for a in timeline.articles
        ],
        "events": [_event_dict(e) for e in timeline.events],
    }


def _event_dict(event: Event) -> dict[str, object]:
    return {
        "id": event.id,
        "headline": event.headline,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "granularity": event.granularity,
        "value": event.value,
        "end_value": event.end_value,
        "future": event.future,
        "salience": round(event.salience, 3),
        "actors": list(event.actors),
        "sources": list(event.sources),
        "mentions": [_mention_dict(m) for m in event.mentions],
    }


def _mention_dict(mention: Mention) -> dict[str, object]:
    time = mention.time
    return {
        "article": mention.article_id,
        "sentence": mention.sentence,
        "expression": time.text if time else None,
        "value": time.value if time else None,
        "end_value": time.end_value if time else None,
        "mod": time.mod if time else None,
    }


def to_json(timeline: Timeline) -> str:
    return json.dumps(timeline_dict(timeline), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_atomically(path: Path, content: str) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
