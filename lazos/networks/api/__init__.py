"""The networks' REST API: city networks, memberships, posts held."""
