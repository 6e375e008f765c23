"""The strategy's REST API: strategies (with their versions and approval), objectives (with the
work that serves them) and the alignment figures."""
