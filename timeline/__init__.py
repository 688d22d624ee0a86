"""timeline: news articles in, an accurate, embeddable timeline out.

>>> from timeline import load_articles, build_timeline
>>> timeline = build_timeline(load_articles(["articles/"]), title="The story")  # doctest: +SKIP
"""

from timeline.pipeline import build, build_timeline
from timeline.records import Article, Event, Mention, TimeExpression, Timeline
from timeline.sources import SourceError, iter_articles, load_articles
from timeline.temporal import tag

__all__ = [
    "Article",
    "Event",
    "Mention",
    "SourceError",
    "TimeExpression",
    "Timeline",
    "build",
    "build_timeline",
    "iter_articles",
    "load_articles",
    "tag",
]
__version__ = "0.1.0"
