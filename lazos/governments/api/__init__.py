"""The governments' REST API: governments (public facts) and departments."""
