"""The local actors' REST API."""
