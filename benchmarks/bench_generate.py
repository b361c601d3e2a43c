"""How fast is generating the demo agreement, compared with LibreOffice converting it?

Prints figures, asserts nothing (the machines are shared and noisy; compare the ratios measured
in one run). Run: ``python benchmarks/bench_generate.py [--runs N]``.

Targets (issue 2): DOCX alone under 100 ms in-process; DOCX + PDF together under half of the
time LibreOffice needs to convert our own DOCX to PDF.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.render.docx import render_docx
from kooperation.render.pdf import render_pdf


def timed(fn, runs: int) -> tuple[float, float, object]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def peak_python_memory(fn) -> int:
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def libreoffice_convert(docx_bytes: bytes, runs: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or runs < 1:
        return None
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "vertrag.docx"
        src.write_bytes(docx_bytes)
        profile = Path(tmp) / "profile"
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=300,
            )
            times.append(time.perf_counter() - start)
    # the first run also creates the profile; report the median of the rest when there are any
    return statistics.median(times[1:] if len(times) > 1 else times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lo-runs", type=int, default=3)
    args = parser.parse_args()

    project = demo_project()
    build_agreement(project)  # warm caches: library, catalogue, fonts
    doc = build_agreement(project)
    render_docx(doc), render_pdf(doc)

    t_build, _, doc = timed(lambda: build_agreement(project), args.runs)
    t_docx, t_docx_min, docx_bytes = timed(lambda: render_docx(doc), args.runs)
    t_pdf, _, pdf_bytes = timed(lambda: render_pdf(doc), args.runs)
    t_both, _, _ = timed(lambda: (render_docx(build_agreement(project)), render_pdf(build_agreement(project))), args.runs)
    peak = peak_python_memory(lambda: (render_docx(build_agreement(project)), render_pdf(build_agreement(project))))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"demo agreement: {len(doc.clauses())} clauses, DOCX {len(docx_bytes) / 1024:.0f} KiB, PDF {len(pdf_bytes) / 1024:.0f} KiB")
    print(f"build document model : {t_build * 1000:8.1f} ms (median of {args.runs})")
    print(f"render DOCX          : {t_docx * 1000:8.1f} ms (min {t_docx_min * 1000:.1f} ms; target < 100 ms)")
    print(f"render PDF           : {t_pdf * 1000:8.1f} ms")
    print(f"build + DOCX + PDF   : {t_both * 1000:8.1f} ms")
    print(f"peak Python memory   : {peak / 1024 / 1024:8.1f} MiB (tracemalloc), process max RSS {rss:.0f} MiB")
    t_lo = libreoffice_convert(docx_bytes, args.lo_runs)
    if t_lo is None:
        print("LibreOffice          : not installed (apt-get install libreoffice-writer-nogui to compare)")
    else:
        print(f"LibreOffice DOCX→PDF : {t_lo * 1000:8.1f} ms (median)")
        print(f"ratio ours/LibreOffice: {t_both / t_lo:.3f} (target < 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
