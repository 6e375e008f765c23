"""The good practices' REST API: the government's own practices (and their publication), the
library of every government's published practices (and the marks left on them), and the
government's own marks."""
