"""The evaluations' REST API: evaluations (and their six criteria), recommendations (and the
management response and follow-up of each)."""
