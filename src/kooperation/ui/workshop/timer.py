"""The phase timer of workshop mode: a count-down that can be started, paused and reset.

The count-down holds no total of its own: the window asks for ``remaining(total)`` with the
phase's current minutes, so "+" and "-" during a running phase lengthen or shorten it at once.
Time comes from an injectable clock (seconds, monotonic), so tests can move time forward without
waiting; the window only refreshes the display from a `QTimer`, it never blocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Returns seconds from a monotonic source (``time.monotonic`` by default)."""

MIN_MINUTES, MAX_MINUTES = 1, 600
"""The range of the time planned for one phase (as in the catalogue)."""


class Countdown:
    """Elapsed time of one phase: running or paused, resettable."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or time.monotonic
        self._elapsed = 0.0
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def started(self) -> bool:
        """Whether it ever ran since the last reset."""
        return self.running or self._elapsed > 0

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._elapsed += max(0.0, self._clock() - self._since)
            self._since = None

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def reset(self) -> None:
        """Back to the full time, stopped."""
        self._elapsed = 0.0
        self._since = None

    def elapsed(self) -> float:
        running = max(0.0, self._clock() - self._since) if self._since is not None else 0.0
        return self._elapsed + running

    def remaining(self, total_seconds: float) -> float:
        """Seconds left of ``total_seconds``; negative once the time is up."""
        return total_seconds - self.elapsed()


def clock_text(seconds: float) -> str:
    """``seconds`` as ``mm:ss`` (``h:mm:ss`` from an hour on), rounded up while counting down
    so that "00:00" appears only when the time is really up."""
    whole = int(-(-seconds // 1)) if seconds > 0 else int(-seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def step_minutes(minutes: int, up: bool) -> int:
    """The next planned time for "+" or "-": steps of five minutes (to the next multiple of
    five), single minutes below five; always within `MIN_MINUTES`..`MAX_MINUTES`."""
    if up:
        value = minutes + 1 if minutes < 5 else (minutes // 5 + 1) * 5
    else:
        value = minutes - 1 if minutes <= 5 else ((minutes - 1) // 5) * 5
    return max(MIN_MINUTES, min(MAX_MINUTES, value))
