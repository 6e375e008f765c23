"""The reports' REST API: request a report, follow its job, download its files."""
