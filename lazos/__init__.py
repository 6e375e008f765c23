"""Lazos: the international action of local and regional governments."""

__version__ = "0.1.0"
