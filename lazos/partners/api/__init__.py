"""The partners' REST API: partners, contacts, journal notes."""
