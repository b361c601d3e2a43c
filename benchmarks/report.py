"""The common output of the benchmarks: rows of (what, figure, goal) printed as a table, or as
one JSON line with ``--json`` so that `run_all.py` can collect them into one table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass


@dataclass
class Row:
    what: str
    value: float
    unit: str  # "ms", "×" (a ratio), "MiB", "MB"
    goal: float | None = None  # the goal in the same unit; None: shown for context
    note: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.value <= self.goal

    def figure(self) -> str:
        if self.unit == "×":
            return f"{self.value:.2f}×"
        if self.value >= 100 or self.unit in ("MiB", "MB"):
            return f"{self.value:,.0f} {self.unit}"
        return f"{self.value:.1f} {self.unit}"

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        return f"≤ {self.goal:.2f}×" if self.unit == "×" else f"≤ {self.goal:,.0f} {self.unit}"


def emit(rows: list[Row], as_json: bool, title: str = "") -> None:
    """Print ``rows``: one JSON line (for run_all) or a readable table."""
    if as_json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False))
        return
    if title:
        print(title)
    print(table(rows))


def table(rows: list[Row]) -> str:
    """A Markdown table: what, figure, goal, met."""
    lines = ["| what | now | goal | |", "|---|---:|---:|---|"]
    for r in rows:
        mark = {True: "met", False: "missed", None: ""}[r.met]
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.what}{note} | {r.figure()} | {r.goal_text()} | {mark} |")
    return "\n".join(lines)


def rows_from_json(line: str) -> list[Row]:
    return [Row(**item) for item in json.loads(line)]


def user_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a measured child process, with the application's byte code cached as
    an installed program has it. Some workplaces set ``PYTHONDONTWRITEBYTECODE``: then every
    start compiles the application's own sources again (20-40 ms at start-up, and more when a
    page's module is first imported), which no user pays. Call `compile_sources` first."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_sources() -> None:
    """Write the byte code of the ``kooperation`` package that is measured (into its own
    ``__pycache__`` folders, as its first start would; they are ignored by git)."""
    import kooperation

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", os.path.dirname(kooperation.__file__)],
        check=True, env=user_env(), capture_output=True,
    )
