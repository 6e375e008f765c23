"""The actions' REST API: actions and their parts (budget lines, participations,
missions, travellers), commitments."""
