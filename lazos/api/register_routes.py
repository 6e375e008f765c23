"""Viewsets of the register: partners, agreements, actions, commitments, networks, actors."""
