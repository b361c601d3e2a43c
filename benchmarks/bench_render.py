"""How long does rendering take in-process, this tree against another (e.g. main), side by side?

For the demo agreement and a large network agreement (15 partners, 40 goals, 120 milestones;
``tests/large_project.py``) it prints the median time of the DOCX and of the PDF render, and the
first document build in a fresh process (which parses the YAML libraries, catalogue and checks).
Each tree is measured in its own process (``PYTHONPATH=<tree>/src``); the processes take turns
for ``--rounds`` rounds so that both see the same load on a shared machine. Prints figures and
ratios, asserts nothing.

Run: ``python benchmarks/bench_render.py [--baseline /work/main] [--runs 7] [--rounds 2]``;
``--baseline-without-accel`` measures the baseline without reportlab's C speed-ups (``rl_accel``),
as it was installed before they became a dependency.

Goals (issue 12): demo PDF <= 80 ms, DOCX <= 30 ms; large (90-page) network agreement PDF <= 400 ms.

Where the time goes (demo, warm, py-spy samples, after the changes of helper R):

* PDF (~190 ms CPU): laying out 57 % (breaking lines 23 %, drawing paragraphs 17 %, tables
  12 %, the contents 6 %), writing the file 19 % (reportlab formats every object in Python;
  compressing the streams 4 %), the story 15 % (markup parsing of paragraphs with links and
  of the contents' lines 9 %). Almost all of it is reportlab's own Python code; what was ours
  to save is saved (plain text not parsed, fragments compared without rl_accel's raising
  ``sameFrag``, contents made once, watermark outlines from disk). 80 ms would need fewer
  reportlab paragraphs or a different layout engine.
* DOCX (~72 ms CPU): the roadmap picture 29 % (PNG encoding 20 %, drawing 8 %), writing the
  zip 16 %, building the XML of the body ~35 % (paragraphs, runs and REF fields are copied
  from elements made once), embedding the font subsets 5 %, the contents 5 %.

After helper R-render (2026-12-03; demo, warm, wall time per phase):

* DOCX 61 -> 37 ms: the roadmap pictures (20 ms: reducing the RGBA drawing to a palette 8 ms,
  drawing 7, PNG 2.5) are kept for equal drawing input (``docx_figures.roadmap_pngs``), and
  the compressed font subsets and pictures for byte-equal content (``zip_writer.deflate_kept``,
  6 ms). Both count only from the second render in a process: this benchmark renders the same
  document repeatedly, as the window does when a project is drafted again; a first render (or
  changed milestones) still pays them. Left: body XML ~14 ms, tables 4, contents 3, font
  subsets 3, compressing document.xml 4, loading the reference 2, serialising 2.
* PDF (unchanged, 180 ms): the story 27 ms (reportlab's markup parser 12), laying out and
  drawing 117 (breaking lines 47: the 157 paragraphs with more than one fragment -- a link, bold
  -- take 32 ms, 0.2 ms each, the 490 plain ones 14 ms), writing the file 34 (263 link
  annotations, 292 streams, each formatted by reportlab in Python). All of it in reportlab.

After helper R-pdf (2026-12-03; demo, warm, CPU time per phase, minimum of 9, old and new code
in turns on a busy machine): the story 25 -> 19.5 ms: paragraphs with links or bold text and
the contents' lines get the parser's fragments without parsing (``pdf_text.run_frags``; only one
probe per style is parsed). Streams at zlib level 1 would save another 3.5 ms for 3 % larger
files and a replaced reportlab filter: not done. Output unchanged: same text (``pdftotext -layout``), same page contents, links, bookmarks and pictures. Left,
all in reportlab's Python: breaking lines (~45 ms), drawing the lines (~40 ms: encoding each
text run into the font subset character by character, ``TTFont.splitString``, ~9 ms),
formatting the PDF objects (~25 ms). 80 ms is out of reach without replacing those.

Session 22 (2026-12-03; demo DOCX, warm, quiet machine, median of 9 x 2 rounds against the
previous main in turns): 38.3 -> 28.1 ms (large 88 -> 58 ms), byte-identical packages for all
four kinds of the demo and the large project. Templates are copied with lxml's own ``__copy__``
(``copy.deepcopy`` added its memo bookkeeping to each of ~2,200 copies); table rows and cells
and the text elements of runs are copied from templates too (``docx_oxml.table_row``,
``table_cell``, ``_text_template``); a table's words are measured once per render (they were
measured twice, for the text size and for the column widths); the characters for the font
subsets are gathered as one string per part.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Row, emit  # noqa: E402


def worker(runs: int) -> dict[str, object]:
    """Measure in this process (the tree on sys.path) and return the figures."""
    if os.environ.get("BENCH_NO_RL_ACCEL"):
        sys.modules["_rl_accel"] = None  # reportlab falls back to its Python code
    sys.path.insert(0, str(HERE / "tests"))  # the project generator; uses only the domain model
    from kooperation.domain.demo import demo_project
    from kooperation.drafting.documents import build_document
    from kooperation.render.docx import render_docx
    from kooperation.render.pdf import render_pdf
    from large_project import large_project

    start = time.perf_counter()
    build_document(demo_project(), "vertrag")
    figures: dict[str, object] = {"first build (cold, YAML)": time.perf_counter() - start}
    for name, make in (("demo", demo_project), ("large", large_project)):
        doc = build_document(make(), "vertrag")
        render_pdf(doc), render_docx(doc)  # warm: fonts, styles
        for fmt, render in (("DOCX", render_docx), ("PDF", render_pdf)):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                data = render(doc)
                times.append(time.perf_counter() - start)
            figures[f"{name} {fmt}"] = times
            if fmt == "PDF":
                figures[f"{name} pages"] = data.count(b"/Type /Page\n")
    return figures


def measure(tree: Path, runs: int, accel: bool = True) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), QT_QPA_PLATFORM="offscreen")
    env.pop("BENCH_NO_RL_ACCEL", None)
    if not accel:
        env["BENCH_NO_RL_ACCEL"] = "1"
    out = subprocess.run([sys.executable, __file__, "--worker", "--runs", str(runs)], env=env,
                         capture_output=True, text=True, check=True, cwd=tree).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout to compare with (its src/ is used)")
    parser.add_argument("--baseline-without-accel", action="store_true",
                        help="measure the baseline without reportlab's C speed-ups")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="one JSON line (this tree) for run_all.py")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.runs)))
        return 0

    trees = {"this": HERE}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), **trees}
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    pages: dict[str, dict[str, object]] = {name: {} for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            accel = not (name == "baseline" and args.baseline_without_accel)
            for key, value in measure(tree, args.runs, accel).items():
                if key.endswith("pages"):
                    pages[name][key] = value
                else:
                    samples[name].setdefault(key, []).extend(
                        value if isinstance(value, list) else [value])
    names = list(trees)
    if args.json:
        goals = {"demo docx": 30, "demo pdf": 80, "large pdf": 400}
        rows = [
            Row(f"in-process render: {key}", statistics.median(values) * 1000, "ms",
                next((g for k, g in goals.items() if key.lower().startswith(k)), None))
            for key, values in samples["this"].items()
        ]
        emit(rows, True)
        return 0
    print(f"median of {args.runs} runs x {args.rounds} rounds (cold build: of {args.rounds})")
    print("  ".join([f"{'':28}"] + [f"{n:>10}" for n in names]) + ("       ratio" if len(names) > 1 else ""))
    for key in samples[names[-1]]:
        medians = [statistics.median(samples[n][key]) * 1000 for n in names]
        line = f"{key:28}" + "".join(f"  {m:7.1f} ms" for m in medians)
        if len(names) > 1:
            line += f"  {medians[-1] / medians[0]:9.2f}x"
        print(line)
    for name in names:
        print(f"pages ({name}): " + ", ".join(f"{k} {v}" for k, v in pages[name].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
