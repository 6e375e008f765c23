"""Viewsets of the foundation: governments, departments, reference data, audit events."""
