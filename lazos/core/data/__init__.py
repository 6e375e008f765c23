"""Shipped map geometry (a package so that setuptools installs world-110m.json with it)."""
