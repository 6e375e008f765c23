"""The agreements' REST API: agreements (and their status transitions), signatories."""
