"""The webhooks' REST API (administrators only)."""
