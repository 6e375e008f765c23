"""The IATI imports' REST API: upload an activity file and preview it, apply it (a background
job), follow its progress, read its result, revert it."""
