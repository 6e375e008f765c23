"""The experts' community's REST API: questions and answers (with their moderation and the
asker's "helpful" mark as actions) and the experts' profiles, shared by every government."""
