"""The reference data's REST API: countries, cities, SDGs, themes (read-only)."""
