"""The solidarity board's REST API: emergencies, their needs and the offers of help, with
each step of the path of help as an action."""
