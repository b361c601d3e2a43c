"""How long does ``kooperation draft`` take, as a user sees it, against LibreOffice converting
the same DOCX to PDF in the same run?

The whole process is timed, from the moment the shell would start it to its exit (interpreter
start, imports, opening the store, building and rendering DOCX and PDF, storing the version,
writing the files, interpreter teardown). The anchor is LibreOffice converting the DOCX this
draft wrote (``soffice --headless --convert-to pdf``, with a profile warmed by a first run that
is not counted). The two take turns, so both see the same load on a shared machine; the first
run of each is a warm-up and not counted. Prints medians and the ratio, asserts nothing.

``--baseline /work/main`` times another checkout's CLI on a copy of the same store, side by
side. ``--phases`` splits one process of this tree into its parts (interpreter start, imports,
store, build, DOCX, PDF, storing, teardown). ``--in-process`` adds the in-process render times
of ``bench_render.py`` (demo and large agreement; this tree only).

Run: ``python benchmarks/bench_generate.py [--runs 5] [--large] [--baseline DIR] [--phases]``.

Goal (issue 12): whole ``kooperation draft`` (DOCX+PDF) <= 0.3 x LibreOffice's DOCX->PDF.

Where the time went (``--phases``, demo, one process, ms; issue 12, shared 2-core machine):

    part                              before   after   what changed
    interpreter start                     29      29
    imports (cli, drafts)                168     167   (cli_templates lazy: helps other commands)
    store opened, project loaded         254     232   mostly importing SQLAlchemy (store/)
    document model built                 169      63   compiled clause templates cached on disk
    DOCX rendered (imports included)     757     240   font subsets cached on disk (~500 ms)
    PDF rendered (imports included)      317     251   lines broken once per width, watermark form
    version stored, files written         20      26
    teardown (interpreter exit)          188       6   os._exit after a successful writing command

Whole process, medians of 3, same run: demo 2165 -> 1095 ms against LibreOffice's 1445 ms
(1.50x -> 0.76x); large agreement 2607 -> 1509 ms against 2359 ms (1.11x -> 0.64x). What is
left: the imports (SQLAlchemy, reportlab, python-docx, Jinja, babel: about 0.45 s together), and
the renderers themselves (see ``bench_render.py``).

What a cold process cannot avoid (issue 12, second round, quiet machine, ms): interpreter 30,
importing SQLAlchemy with the ORM and the store's models ~210 (the version is written through
the one `Store`), reportlab's platypus ~90 (its paragraph module compiles large Unicode
patterns), python-docx ~25, Jinja/babel/PyYAML/lxml and the domain ~90: about 0.45 s before any
work, more than 0.3 x LibreOffice's ~1.3 s. Importing SQLAlchemy on a second thread while the
renderer's modules load was slower (the imports hold the GIL), and so was a forked second
process on this shared 2-core machine. Since then: YAML files kept parsed on disk
(``yamlio.load_cached``) and one quick search before the typography rules: the document model
is built in ~68 instead of ~88 ms in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from report import user_env  # noqa: E402

# Run in a fresh interpreter with the tree's src/ on the path: put the demo (and the large
# project) into the store and print their ids.
_PREPARE = """
import json, sys
sys.path.insert(0, {tests!r})
from kooperation.store import open_store
from kooperation.domain.demo import demo_project
from large_project import large_project
store = open_store({db!r})
ids = {{"demo": store.save_project(demo_project()).id, "large": store.save_project(large_project()).id}}
store.close()
print(json.dumps(ids))
"""

# One draft in a fresh interpreter, as cmd_draft does it, with a timestamp after each part; the
# teardown is what remains between the last timestamp and the parent seeing the exit.
_PHASES = """
import time; t0 = time.time()
marks = [("interpreter start", t0)]
def mark(name): marks.append((name, time.time()))
import sys
from pathlib import Path
from kooperation import cli
from kooperation.drafts import check_request, next_draft_number, render_draft, store_draft
if hasattr(cli, "FAST_EXIT"):  # as the program runs a draft
    __import__("gc").disable()
mark("imports (cli, drafts)")
store = cli._open(cli.build_parser().parse_args(["--db", {db!r}, "draft", {pid!r}]), write=True)
project = store.load_project({pid!r})
number = next_draft_number(store, project.id, "vertrag")
mark("store opened, project loaded")
from kooperation.drafting.documents import build_document
doc = build_document(project, "vertrag")
mark("document model built")
from kooperation.render.docx import render_docx
docx = render_docx(doc)
mark("DOCX rendered (imports included)")
from kooperation.render.pdf import render_pdf
pdf = render_pdf(doc)
mark("PDF rendered (imports included)")
rendered = render_draft(project, "vertrag", ["docx", "pdf"], number)
mark("render_draft again (warm: both formats)")
store_draft(store, rendered, Path({out!r}))
store.close()
mark("version stored, files written")
print("MARKS " + __import__("json").dumps(marks), flush=True)
if hasattr(cli, "FAST_EXIT"):  # as the program ends after a draft
    __import__("os")._exit(0)
"""


def python_env(tree: Path, data: Path) -> dict[str, str]:
    """The environment of a process of ``tree``; ``data`` is its data folder (its caches: the
    warm-up run fills them, as LibreOffice's warm-up run fills its profile). Byte code is
    cached as an installed program has it (`report.user_env`), in ``data`` rather than in the
    tree, so that timing another checkout writes nothing into it."""
    env = dict(user_env(), PYTHONPATH=str(tree / "src"), KOOPERATION_LANG="de",
               KOOPERATION_DATA_DIR=str(data), PYTHONPYCACHEPREFIX=str(data / "bytecode"))
    env.pop("KOOPERATION_DB", None)
    return env


def prepare_store(tree: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    db = folder / "store.sqlite3"
    code = _PREPARE.format(tests=str(HERE / "tests"), db=str(db))
    out = subprocess.run([sys.executable, "-c", code], env=python_env(tree, folder / "data"), capture_output=True,
                         text=True, check=True, cwd=folder).stdout
    return db, json.loads(out.strip().splitlines()[-1])


def time_cli(tree: Path, db: Path, project_id: str, out: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kooperation", "--db", str(db), "draft", project_id,
                    "--out", str(out)], env=env, check=True, capture_output=True, cwd=out.parent)
    return time.perf_counter() - start


def time_libreoffice(soffice: str, docx: Path, profile: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def phases(tree: Path, db: Path, project_id: str, folder: Path) -> None:
    out = folder / "phases"
    out.mkdir(exist_ok=True)
    code = _PHASES.format(db=str(db), pid=project_id, out=str(out))
    before = time.time()
    result = subprocess.run([sys.executable, "-c", code], env=python_env(tree, folder / "data"), capture_output=True,
                            text=True, check=True, cwd=folder)
    after = time.time()
    marks = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("MARKS "))[6:])
    print("one draft process of this tree, in parts:")
    previous = before
    for name, moment in marks + [["teardown (interpreter exit)", after]]:
        print(f"  {name:42} {(moment - previous) * 1000:7.0f} ms")
        previous = moment
    print(f"  {'total':42} {(after - before) * 1000:7.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each (plus one warm-up)")
    parser.add_argument("--large", action="store_true", help="also the 15-partner network agreement")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to time side by side")
    parser.add_argument("--phases", action="store_true", help="split one process into its parts")
    parser.add_argument("--in-process", action="store_true", help="add bench_render.py's in-process figures")
    parser.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")

    trees = {"this": HERE}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), **trees}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stores = {}
        for name, tree in trees.items():
            (folder / name).mkdir()
            stores[name] = prepare_store(tree, folder / name)
        projects = ["demo", "large"] if args.large else ["demo"]
        samples: dict[str, list[float]] = {}
        profile = folder / "lo-profile"
        for project in projects:
            for run in range(args.runs + 1):  # run 0 warms up caches and LibreOffice's profile
                for name, tree in trees.items():
                    db, ids = stores[name]
                    out = folder / name / f"out-{project}"
                    out.mkdir(exist_ok=True)
                    seconds = time_cli(tree, db, ids[project], out, python_env(tree, folder / name / "data"))
                    if run:
                        samples.setdefault(f"{project}: kooperation draft ({name})", []).append(seconds)
                if soffice:
                    docx = sorted((folder / "this" / f"out-{project}").glob("*.docx"))[-1]
                    lo_out = folder / "lo-out"
                    lo_out.mkdir(exist_ok=True)
                    seconds = time_libreoffice(soffice, docx, profile, lo_out)
                    if run:
                        samples.setdefault(f"{project}: LibreOffice DOCX->PDF", []).append(seconds)

        if args.json:
            sys.path.insert(0, str(Path(__file__).parent))
            from report import Row, emit

            rows = []
            for project in projects:
                ours = statistics.median(samples[f"{project}: kooperation draft (this)"]) * 1000
                lo = samples.get(f"{project}: LibreOffice DOCX->PDF")
                if lo:
                    theirs = statistics.median(lo) * 1000
                    rows.append(Row(f"whole `kooperation draft` / LibreOffice DOCX→PDF ({project})",
                                    ours / theirs, "×", 0.3, note=f"{ours:.0f} vs {theirs:.0f} ms"))
                else:
                    rows.append(Row(f"whole `kooperation draft` ({project})", ours, "ms",
                                    note="LibreOffice not installed"))
            emit(rows, True)
            return 0
        print(f"whole process, median of {args.runs} runs (after one warm-up), in turns:")
        for key, values in samples.items():
            print(f"  {key:48} {statistics.median(values) * 1000:7.0f} ms")
        for project in projects:
            lo = samples.get(f"{project}: LibreOffice DOCX->PDF")
            for name in trees:
                ours = statistics.median(samples[f"{project}: kooperation draft ({name})"])
                if lo:
                    print(f"  {project}: ratio draft ({name}) / LibreOffice: "
                          f"{ours / statistics.median(lo):.2f} (goal <= 0.3)")
            if not lo:
                print("  LibreOffice not installed: no ratio (apt-get install libreoffice-writer-nogui)")
        if args.phases:
            db, ids = stores["this"]
            phases(HERE, db, ids["demo"], folder / "this")
    if args.in_process:
        sys.path.insert(0, str(Path(__file__).parent))
        import bench_render

        figures = bench_render.measure(HERE, 5)
        print("in-process (bench_render.py, this tree, median of 5):")
        for key, value in figures.items():
            if isinstance(value, list):
                print(f"  {key:28} {statistics.median(value) * 1000:7.1f} ms")
            else:
                print(f"  {key:28} {value * 1000 if isinstance(value, float) else value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
