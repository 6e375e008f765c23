"""The public read API of the open data: /api/v1/public/ (no token)."""
