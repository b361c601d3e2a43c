"""Kooperation: guide partners from "we could work together" to a draft cooperation agreement."""

__version__ = "0.1.0"
