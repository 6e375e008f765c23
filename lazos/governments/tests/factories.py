"""Builders of this app's objects for the generic tests (registered on import)."""

from lazos.core.testing import builders  # noqa: F401 - registers Department and Membership
