"""Workshop mode: the work plan full screen on the projector, with a timer per phase, and the
work plan as a poster (PDF) to print."""

from kooperation.ui.workshop.poster_action import save_poster
from kooperation.ui.workshop.window import WorkshopWindow, open_workshop

__all__ = ["WorkshopWindow", "open_workshop", "save_poster"]
