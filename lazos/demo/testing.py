"""The demo, loaded once per test process and shared by every test that asks for it.

Loading the demo takes about a minute of CPU, and a dozen tests read it. The root
``conftest.py`` offers a ``demo`` fixture backed by one :class:`SharedDemo` per process:

- the demo is loaded inside an outer transaction that stays open while demo tests run;
  each test then runs in its own savepoint (pytest-django's usual per-test transaction),
  so whatever a test changes is rolled back and the next test sees the demo as loaded;
- tests asking for ``loaded_demo`` are run first and one after the other (under
  pytest-xdist, in the first chunk of tests a worker receives); when the next test does not ask for it, the outer transaction is rolled back,
  so no other test ever sees demo data. Should a demo test come later again, it is loaded
  again — slower, never wrong.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

# GeoNames places of these countries are loaded before the demo, so its partners get places.
DEMO_CITY_COUNTRIES = frozenset({"ES", "AR", "PT", "UY"})


def restore_reference_data() -> None:
    """Tests on a live server are transactional: the flush after each one also empties the
    reference data that migrations load (SDGs, subdivisions, themes), which later tests in the
    same process expect."""
    from lazos.reference.loaders import sync_sdgs, sync_subdivisions, sync_themes
    from lazos.reference.models import SdgGoal, SdgTarget, Subdivision, Theme

    if not SdgTarget.objects.exists():
        sync_sdgs(SdgGoal, SdgTarget)
    if not Subdivision.objects.exists():
        sync_subdivisions(Subdivision)
    if not Theme.objects.exists():
        sync_themes(Theme)


class SharedDemo:
    def __init__(self, blocker: Any, media_root: Path) -> None:
        self.blocker = blocker
        self.media_root = media_root
        self.loads = 0
        self._atomic: Any = None
        self._settings: Any = None

    @property
    def loaded(self) -> bool:
        return self._atomic is not None

    def ensure(self) -> None:
        if self.loaded:
            return
        from django.core.management import call_command

        from lazos.reference.loaders import load_cities
        from lazos.reference.models import City

        with self.blocker.unblock():
            self._settings = override_settings(MEDIA_ROOT=str(self.media_root))
            self._settings.enable()
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                restore_reference_data()
                load_cities(City, countries=set(DEMO_CITY_COUNTRIES))
                call_command("demo", stdout=StringIO())  # as `lazos demo` does it
            except BaseException:
                self.discard()
                raise
        self.loads += 1

    def discard(self) -> None:
        if not self.loaded:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None
        self._settings.disable()
        self._settings = None
        from django.core.cache import cache

        cache.clear()
