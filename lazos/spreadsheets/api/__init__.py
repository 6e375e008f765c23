"""The spreadsheet imports' REST API: upload and preview, apply (a background job), follow
its progress, read its result, revert it."""
