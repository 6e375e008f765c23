"""The peer suggestions' REST API (read-only): the same ranking, reasons and points as the peer
pages, from :mod:`lazos.matching.engine`."""
