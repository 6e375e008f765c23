"""The relationships' REST API: the health of each agreement and partner (read-only, with its
reasons) and the periodic reviews of a relationship."""
