"""The networks' REST API: city networks, memberships, posts held; positions and
endorsements (the government's own, and every government's published positions)."""
