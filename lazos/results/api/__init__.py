"""The results framework's REST API: indicators, periods and targets (with their revisions),
and indicator updates with evidence and disaggregation through their approval path."""
