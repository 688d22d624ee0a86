"""The limits that trade speed for memory, in one record passed down the pipeline: none changes
what a timeline holds, only how much is held or sent at a time. Tests set small ones to take
the paths a large archive takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Text per task of the per-article stages: large enough that sending it to a worker costs
    # little beside tagging it, small enough to keep two workers evenly busy on a short story.
    chunk_characters: int = 250_000
    # Below this much input, merging keeps its steps in memory (faster); above it, or when the
    # size is unknown (URLs, feeds), in files on disk, so memory stays about flat as the input
    # grows (timeline/dedup/store.py).
    in_memory_input_bytes: int = 32 * 2**20
    # Undated mentions that may support an event spanning years, attached at a time: each call
    # indexes those events again, so not a chunk's few at a time, nor every one at once.
    support_batch: int = 20_000
    # Events spanning years built at a time (with their mentions' vectors).
    spanning_built: int = 2_000
    # Chunks read by a task of salience's passes over every event's mentions.
    report_chunks: int = 64
    # The years' events the join reads and does not change, kept at most (read again when met again).
    read_kept: int = 1024
    # Years whose cut index (where the spanning mentions look events up) the join holds at once.
    cut_years_kept: int = 64


DEFAULT_LIMITS = Limits()
