"""Execution engines: where the pipeline's tasks run. They know nothing of what the tasks do.

`map` runs a function over a stream of tasks (the per-article stages' chunks, timeline/extract.py)
and `run_tasks` over a list of tasks (the merging's steps, timeline/dedup/years.py): in this
process (`InProcess`), in a pool of local processes (`LocalPool`) or on a Dask distributed
cluster (`DaskCluster`). Every engine hands the results back in the tasks' order, so the
timeline is the same whichever engine ran them. Only a few of `map`'s tasks are in flight at a
time: memory holds their results, not the text read.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

# Runs `function(shared, task)` over tasks and returns the results in the tasks' order: `run_here`
# in this process, or an engine's workers, each given `shared` once.
TaskRunner = Callable[[Callable[[Any, Any], Any], Sequence[Any], Any], Sequence[Any]]


def run_here(function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
    return [function(shared, task) for task in tasks]


# Chunks waiting or running per worker: enough to keep each busy, few enough that memory
# holds only a handful of chunks' text at any time.
CHUNKS_IN_FLIGHT_PER_WORKER = 2


class EngineError(RuntimeError):
    """An engine that cannot run: Dask not installed, its scheduler out of reach."""


class Engine(Protocol):
    """Runs a function over a stream of tasks (`map`) or a list of them (`run_tasks`) and hands
    the results back in the tasks' order."""

    description: str
    # Whether the workers share this machine's disk: then the merging's steps may keep what
    # they make in files there (timeline/dedup/store.py).
    shares_disk: bool
    # Whether `run_tasks` forks its workers from this process (or runs here): then they hold a
    # copy of its memory as it was when the tasks were handed out.
    forks_workers: bool

    def map(self, chunks: Iterable[Any], function: Callable[[Any], Any]) -> Iterator[Any]: ...

    def run_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        """`function(shared, task)` for every task, in the tasks' order (the merging's steps);
        `shared` is sent to each worker once."""
        ...

    def run_fresh_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        """`run_tasks`, in workers that hold nothing of this process's memory but `shared`: for
        tasks that read their input from disk (the merging's steps on disk)."""
        ...


class InProcess:
    """Everything in this process, one chunk after another (--jobs 1)."""

    description = "1 process"
    shares_disk = True
    forks_workers = True  # (there are none)

    def map(self, chunks: Iterable[Any], function: Callable[[Any], Any]) -> Iterator[Any]:
        for chunk in chunks:
            yield function(chunk)

    def run_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        return run_here(function, tasks, shared)

    run_fresh_tasks = run_tasks


def _in_order(submit: Callable[[Any], Any], chunks: Iterable[Any], window: int) -> Iterator[Any]:
    """Submit chunks, at most `window` unfinished at once, and yield their results in order.

    `submit` returns a future with a blocking `result()` (concurrent.futures or Dask)."""
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:  # a failed read or task: drop the work still queued
            future.cancel()


class LocalPool:
    """A pool of `jobs` worker processes on this machine (--jobs N)."""

    shares_disk = True
    forks_workers = "fork" in multiprocessing.get_all_start_methods()  # (run_tasks forks where it can)

    def __init__(self, jobs: int) -> None:
        if jobs < 1:
            raise ValueError("--jobs must be at least 1")
        self.jobs = jobs
        self.description = f"{jobs} local processes"

    def map(self, chunks: Iterable[Any], function: Callable[[Any], Any]) -> Iterator[Any]:
        stream = iter(chunks)
        first, second = next(stream, None), next(stream, None)
        if second is None:  # one chunk (a short story): starting processes would cost more than it saves
            if first is not None:
                yield function(first)
            return
        with ProcessPoolExecutor(max_workers=self.jobs, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:

            def submit(chunk: Any) -> Future[Any]:
                with _stops_held_while_forking():  # the first submit forks the workers
                    return pool.submit(function, chunk)

            yield from _in_order(submit, itertools.chain((first, second), stream), self.jobs * CHUNKS_IN_FLIGHT_PER_WORKER)

    def run_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        # Forked workers inherit `shared` (every mention kept) without a copy; elsewhere it is pickled once per worker.
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        gc.freeze()  # the collector of a forked worker would otherwise walk, and so copy, every inherited object
        try:
            return self._run(function, tasks, shared, context)
        finally:
            gc.unfreeze()

    def run_fresh_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        # A forked worker would carry this process's memory (a large archive's summaries: hundreds
        # of MB), and copy much of it as it runs: it touches the objects' reference counts.
        # (Spawned rather than from a fork server, which leaves its socket's folder in TMPDIR
        # until this process ends: the build's temporary files would outlive it.)
        _return_free_memory()  # this process waits while they work: its freed heap is theirs
        return self._run(function, tasks, shared, multiprocessing.get_context("spawn"))

    def _run(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any, context: Any) -> list[Any]:
        if len(tasks) < 2:
            return run_here(function, tasks, shared)
        workers = min(self.jobs, len(tasks))
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_keep_shared, initargs=(shared, os.getpid())
        ) as pool:
            futures: list[Future[Any]] = []
            try:
                with _stops_held_while_forking():  # the first submit forks the workers
                    futures.extend(pool.submit(_with_shared, function, task) for task in tasks)
                return [future.result() for future in futures]
            finally:  # on an error or a stop, the pool's shutdown then waits only for the tasks running
                for future in futures:
                    future.cancel()


_shared: Any = None  # what every task of a worker process reads (the words' weights)


def _keep_shared(shared: Any, parent: int) -> None:
    global _shared
    _shared = shared
    _end_with_parent(parent)


_STOPS = {signal.SIGTERM, signal.SIGINT}  # the signals that stop a build (kill, Ctrl-C)


@contextlib.contextmanager
def _stops_held_while_forking() -> Iterator[None]:
    """Hold SIGTERM and SIGINT while worker processes are forked, and take them after. Python
    ignores an exception raised in its after-fork hooks ("Exception ignored in _releaseLock"), so
    a stop landing there would be lost and the build go on to the end."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal that came meanwhile is handled here


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _end_with_parent(parent: int) -> None:
    """Take the stops held while this worker was forked; and have the kernel end it when the
    build's process ends, even killed outright (SIGKILL, the out-of-memory killer): a pool's
    workers would otherwise wait on their queue for ever (each holds the queue's writing end
    too, so it never reads an end of file). Linux only."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return
    if os.getppid() != parent:  # the build ended before the request was made
        os._exit(1)


def _return_free_memory() -> None:
    """Hand this process's free heap back to the system (glibc's malloc_trim). Objects freed by
    the million leave pages that malloc keeps for later, and they would count while the workers
    run (the README's scale section has the 40-copy build before and after). Elsewhere (no
    glibc) nothing is done."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(AttributeError, OSError):  # a C library without malloc_trim (musl)
        ctypes.CDLL(None).malloc_trim(0)


def _with_shared(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(_shared, task)


class DaskCluster:
    """The workers of a running Dask distributed scheduler (--engine dask --scheduler ADDRESS).

    The workers need this package installed (`pip install '.[dask]'`) at the same version;
    articles are read here and sent to them chunk by chunk, and their mentions come back here
    (the workers may not share a disk with this process)."""

    shares_disk = False
    forks_workers = False

    def __init__(self, scheduler: str) -> None:
        self.scheduler = scheduler
        self.description = f"Dask cluster at {scheduler}"

    def map(self, chunks: Iterable[Any], function: Callable[[Any], Any]) -> Iterator[Any]:
        with self._client() as client:
            threads = sum(client.nthreads().values()) or 1

            def submit(chunk: Any) -> Any:
                # pure=False: two equal chunks are still two tasks, and hashing text costs time.
                return client.submit(function, chunk, pure=False)

            yield from _in_order(submit, chunks, threads * CHUNKS_IN_FLIGHT_PER_WORKER)

    def run_tasks(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any) -> list[Any]:
        with self._client() as client:
            [on_workers] = client.scatter([shared], broadcast=True)
            futures = [client.submit(function, on_workers, task, pure=False) for task in tasks]
            return client.gather(futures)

    run_fresh_tasks = run_tasks  # (a cluster's workers hold nothing of this process)

    def _client(self) -> Any:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError("the dask engine needs Dask distributed: pip install 'timeline[dask]'") from None
        try:
            return Client(self.scheduler, timeout="10s", set_as_default=False)
        except OSError as error:
            raise EngineError(f"cannot reach the Dask scheduler at {self.scheduler}: {error}") from None


def available_cores() -> int:
    """The cores this process may run on (the default for --jobs)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def engine_for(jobs: int | None = None, engine: str = "local", scheduler: str | None = None) -> Engine:
    """The engine the CLI options name: local with `jobs` processes (default: every core), or dask."""
    if engine == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskCluster(scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    if scheduler:
        raise ValueError("--scheduler is for --engine dask")
    jobs = available_cores() if jobs is None else jobs
    return InProcess() if jobs == 1 else LocalPool(jobs)
