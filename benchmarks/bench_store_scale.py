"""How big is a store with many projects and versions, and how fast does it list and open them,
this tree against another (e.g. main, which kept every file whole), side by side?

Two measurements:

* **Really rendered versions** (``--real``, default 3 projects): each project starts as the demo
  under another name and goes through ``--versions`` versions, each rendered for real after one
  edit a partner meeting makes (a rule parameter, a new goal, a partner's street, a milestone's
  title; :func:`real_edit`), so the version number, the date, the reflowed pages and a changed
  roadmap picture differ as they do for a user. What 1,000 such projects take is the store after
  the first project plus 999 times what each further project added (the fonts and the logo are
  stored once, with the first). This is the figure of issue 12's goal.
* **Scale** (``--projects``, default 1,000): a store with that many projects of ``--versions``
  versions each, built through the store API in a fresh process per tree
  (``PYTHONPATH=<tree>/src``), for the size and the median time to list the projects and to
  open one version (its files read back). Rendering 20,000 drafts would take hours, so it renders
  ``--variants`` real versions of the demo agreement (each under another project name and
  number) and derives every stored version from one of them with a change of its own that
  reaches the compressed data:

  * DOCX: ``word/document.xml`` gets the project's and version's name at the end of its text and
    the package is written again by the tree's DOCX writer;
  * PDF: the title page's content stream and about half of the others (an edit reflows what
    follows it) get a line of their own and are compressed again; the trailer gets a new ``/ID``.

Run: ``python benchmarks/bench_store_scale.py [--projects 1000] [--versions 20] [--real 3]
[--baseline /work/main] [--baseline-projects N]``; the baseline's whole files take ~570 KB per
version on disk, so ``--baseline-projects`` (default: the same) can build fewer of its projects,
and its size is then extrapolated linearly (printed as such). Asserts nothing.

Goal (issue 12): 1,000 projects x 20 versions in <= 1 GB; listing and opening no slower.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import pickle
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

_STREAM = re.compile(
    rb"/Filter (\[ /ASCII85Decode /FlateDecode \]|/FlateDecode) /Length (\d+)\s*>>\s*stream\r?\n", re.S
)


def render_variants(count: int) -> list[list[tuple[str, str, bytes]]]:
    """``count`` real renders of the demo agreement (DOCX and PDF) with different names."""
    from kooperation.domain.demo import demo_project
    from kooperation.drafts import render_draft

    out = []
    for i in range(count):
        project = demo_project()
        project.name = f"{project.name} {i + 1}"
        out.append(render_draft(project, number=i + 1).files)
    return out


def vary_docx(data: bytes, tag: str) -> bytes:
    """The DOCX with ``tag`` in its text, written again as the tree's DOCX writer writes it."""
    from kooperation.render.docx_oxml import normalize_zip

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"</w:body>", f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p></w:body>".encode(), 1)
            z.writestr(info, body)
    return normalize_zip(out.getvalue())


def vary_pdf(data: bytes, tag: str, seed: int) -> bytes:
    """The PDF with ``tag`` in its first content stream and in about half of the others."""
    pieces, last = [], 0
    for n, match in enumerate(_STREAM.finditer(data), start=1):
        start, length, a85 = match.end(), int(match.group(2)), b"ASCII85" in match.group(1)
        end = start + length
        if n == 1 or hashlib.sha256(f"{seed}/{n}".encode()).digest()[0] < 128:
            packed = data[start:end]
            raw = zlib.decompress(base64.a85decode(packed.strip().removesuffix(b"~>")) if a85 else packed)
            raw += f"\n% {tag}\n".encode()
            body = zlib.compress(raw)
            body = base64.a85encode(body, wrapcol=64) + b"~>" if a85 else body
            head = data[match.start() : match.start(2)] + str(len(body)).encode() + data[match.end(2) : start]
            pieces += [data[last : match.start()], head, body]
            last = end
    pieces.append(data[last:])
    out = b"".join(pieces)
    new_id = hashlib.md5(tag.encode()).hexdigest().encode()
    return re.sub(rb"/ID \[<[0-9a-f]+><[0-9a-f]+>\]", b"/ID [<" + new_id + b"><" + new_id + b">]", out)


EDITS = (
    ("vertraulichkeit", "years_after", (2, 3, 4, 5, 7)),
    ("austritt", "notice_months", (3, 6, 9, 12)),
    ("steuerung", "meetings_per_year", (2, 4, 6)),
    ("haftung", "overall_cap_eur", (100000, 250000, 500000)),
    ("konflikte", "escalation_days", (14, 30, 60)),
)


def real_edit(project, rng) -> None:
    """One change a partner meeting makes between two versions: a rule parameter, a goal, a
    partner's address or a milestone."""
    from kooperation.domain.model import Goal

    kind = rng.randrange(4)
    if kind == 0:
        topic, name, values = rng.choice(EDITS)
        project.decisions[topic].params[name] = rng.choice(values)
    elif kind == 1:
        project.goals.append(Goal(f"Ziel {len(project.goals) + 1}: {rng.randrange(10**6)} Teilnehmende erreichen"))
    elif kind == 2:
        partner = rng.choice(project.partners)
        partner.street = f"Industriestraße {rng.randrange(1, 200)}"
    else:
        milestone = rng.choice(project.milestones)
        milestone.title = f"{milestone.title.split(' (')[0]} ({rng.randrange(1, 99)}. Fassung)"


def _used_bytes(path: Path) -> int:
    """The bytes of the store's pages in use (after a checkpoint), as SQLite reports them."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        return page * (conn.execute("PRAGMA page_count").fetchone()[0]
                       - conn.execute("PRAGMA freelist_count").fetchone()[0])


def real_versions(projects: int, versions: int, path: Path) -> dict[str, float]:
    """A store of ``projects`` x ``versions`` drafts, each version rendered for real after one
    :func:`real_edit` (so the version number, the date and the reflowed text differ as they do
    for a user). Returns the store's size after the first project and what each further
    project added on average: what 1,000 projects take is the first plus 999 further ones
    (the fonts and the logo are stored once, with the first)."""
    import random

    from kooperation.domain.demo import demo_project
    from kooperation.drafts import render_draft
    from kooperation.store import open_store

    rng = random.Random(12)
    sizes = []
    with open_store(path) as store:
        for p in range(projects):
            project = demo_project()
            project.name = f"Lernfabrik {p + 1}"
            pid = store.save_project(project).id
            for v in range(versions):
                if v:
                    real_edit(project, rng)
                store.add_draft_version(pid, "vertrag", "de", "{}", f"v{v + 1}",
                                        render_draft(project, number=v + 1).files)
            sizes.append(_used_bytes(path))
    further = (sizes[-1] - sizes[0]) / (projects - 1)
    return {"first": sizes[0], "further": further, "per version": further / versions}


def build(path: Path, projects: int, versions: int, variants_file: Path) -> dict[str, float]:
    """Build the store at ``path`` through this tree's store API; return the figures."""
    from kooperation.domain.demo import demo_project
    from kooperation.store import open_store

    variants = pickle.loads(variants_file.read_bytes())
    made = 0
    start = time.perf_counter()
    with open_store(path) as store:
        ids = []
        for p in range(projects):
            project = demo_project()
            project.name = f"Projekt {p + 1}"
            pid = store.save_project(project).id
            ids.append(pid)
            for v in range(versions):
                base = variants[(p * versions + v) % len(variants)]
                tag = f"Projekt {p + 1} Version {v + 1}"
                files = [
                    (fmt, name, vary_docx(body, tag) if fmt == "docx" else vary_pdf(body, tag, p * versions + v))
                    for fmt, name, body in base
                ]
                store.add_draft_version(pid, "vertrag", "de", "{}", tag, files)
                made += sum(len(b) for _f, _n, b in files)
            if (p + 1) % max(1, projects // 10) == 0:
                print(f"  {p + 1}/{projects} projects, {time.perf_counter() - start:.0f} s", file=sys.stderr)
        build_s = time.perf_counter() - start
        list_times, open_times = [], []
        for _ in range(5):
            t = time.perf_counter()
            store.list_projects()
            list_times.append(time.perf_counter() - t)
        for i in range(7):
            pid = ids[(i * 37) % len(ids)]
            t = time.perf_counter()
            draft = store.get_draft(pid, 1 + (i * 7) % versions)
            open_times.append(time.perf_counter() - t)
            assert len(draft.files) == 2
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        used = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    return {
        "bytes": used * page,
        "file bytes": os.path.getsize(path),
        "files bytes": made,
        "build s": build_s,
        "list ms": statistics.median(list_times) * 1000,
        "open ms": statistics.median(open_times) * 1000,
    }


def run(tree: Path, projects: int, versions: int, variants_file: Path, folder: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    path = folder / f"store-{tree.name}.sqlite3"
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(path), "--projects", str(projects),
         "--versions", str(versions), "--variants-file", str(variants_file)],
        env=env, check=True, capture_output=True, text=True,
    )
    sys.stderr.write(out.stderr)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return figures


def run_real(tree: Path, projects: int, versions: int, folder: Path) -> float:
    """The bytes 1,000 projects of ``versions`` really rendered versions would take with
    ``tree`` (:func:`real_versions`, scaled)."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    path = folder / f"real-{tree.name}.sqlite3"
    print(f"rendering {projects} x {versions} real versions ...", file=sys.stderr)
    out = subprocess.run(
        [sys.executable, __file__, "--real-worker", str(path), "--real", str(projects), "--versions", str(versions)],
        env=env, check=True, capture_output=True, text=True,
    )
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return figures["first"] + figures["further"] * 999


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--versions", type=int, default=20)
    ap.add_argument("--variants", type=int, default=4)
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another checkout to compare with (its src/ is used)")
    ap.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    ap.add_argument("--baseline-projects", type=int, default=None)
    ap.add_argument("--worker", type=Path, default=None)
    ap.add_argument("--variants-file", type=Path, default=None)
    ap.add_argument("--real", type=int, default=3,
                    help="projects (at least 2) of --versions really rendered versions each (0: none)")
    ap.add_argument("--real-worker", type=Path, default=None)
    args = ap.parse_args()
    if args.real_worker is not None:
        print(json.dumps(real_versions(args.real, args.versions, args.real_worker)))
        return
    if args.worker is not None:
        print(json.dumps(build(args.worker, args.projects, args.versions, args.variants_file)))
        return
    sys.path.insert(0, str(HERE / "src"))
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=HERE / "benchmarks") as tmp:
        folder = Path(tmp)
        variants_file = folder / "variants.pickle"
        variants_file.write_bytes(pickle.dumps(render_variants(args.variants)))
        base_projects = args.baseline_projects or args.projects
        print(f"building {args.projects} x {args.versions} (this tree)"
              + (f" and {base_projects} x {args.versions} ({args.baseline})" if args.baseline else "")
              + " ...", file=sys.stderr)
        ours = run(HERE, args.projects, args.versions, variants_file, folder)
        real = run_real(HERE, args.real, args.versions, folder) if args.real else None
        theirs = (
            run(args.baseline, base_projects, args.versions, variants_file, folder)
            if args.baseline is not None else None
        )
    per_version = ours["bytes"] / args.projects / args.versions
    if args.json:
        sys.path.insert(0, str(HERE / "benchmarks"))
        from report import Row, emit

        size = f"{args.projects} x {args.versions} built, scaled"
        emit([
            Row("store size for 1,000 projects x 20 versions", per_version * 20000 / 1e6, "MB",
                1000, note=size),
            *([Row(f"store size, 1,000 x {args.versions} really rendered versions", real / 1e6, "MB", 1000,
                   note=f"{args.real} x {args.versions} rendered, scaled")] if real else []),
            Row(f"list projects ({args.projects} projects)", ours["list ms"], "ms"),
            Row("open a stored version", ours["open ms"], "ms"),
        ], True)
        return
    print(f"\nstore with {args.projects} projects x {args.versions} versions "
          f"({ours['files bytes'] / args.projects / args.versions / 1000:.0f} KB of DOCX+PDF per version)")
    if theirs is not None:
        scale = args.projects / base_projects
        mb = 1e6
        print(f"{'':34}{'baseline':>14}{'this tree':>14}{'ratio':>8}")
        note = "" if scale == 1 else f" (built {base_projects}, x{scale:g})"
        print(f"{'size in use, MB' + note:34}{theirs['bytes'] * scale / mb:14.1f}{ours['bytes'] / mb:14.1f}"
              f"{ours['bytes'] / (theirs['bytes'] * scale):8.2f}")
        for key, label in (("list ms", "list projects, ms (median of 5)"), ("open ms", "open a version, ms (median of 7)")):
            print(f"{label:34}{theirs[key]:14.1f}{ours[key]:14.1f}{ours[key] / theirs[key]:8.2f}")
        print(f"{'build, s' + note:34}{theirs['build s'] * scale:14.0f}{ours['build s']:14.0f}")
    else:
        print(f"size in use {ours['bytes'] / 1e6:.1f} MB, list {ours['list ms']:.1f} ms, "
              f"open a version {ours['open ms']:.1f} ms")
    print(f"\nthis tree: {per_version / 1000:.1f} KB per version; 1,000 x 20 would take about "
          f"{per_version * 20000 / 1e9:.2f} GB (goal <= 1 GB)")
    if real:
        print(f"really rendered versions ({args.real} x {args.versions}, one edit each): 1,000 x {args.versions} "
              f"would take about {real / 1e9:.2f} GB (the first project, then what each further one added)")

if __name__ == "__main__":
    main()
