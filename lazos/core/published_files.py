"""Public files built by the job worker and served from storage, never built in a request.

A public file (the IATI activities file, the open-data package and tables) is named by an
ETag that the request computes cheaply from the data it shows. A request serves the file
published under the current ETag; otherwise it asks for it (the job is queued once) and
serves the previous file under that file's own ETag, or says the file is being prepared when
there is none yet. A failed build is logged by the job and remembered (in the cache shared
with the worker) for ``retry_after`` seconds, during which visitors get a 503 page.

Files live in the default storage under ``<folder>/<owner id>/<key>/<etag><suffix>``;
publishing one removes the older files of the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.cache import caches
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

QUEUED_FOR = 600


@dataclass(frozen=True)
class Published:
    name: str  # in the default storage
    etag: str  # with its quotes, as HTTP sends it


@dataclass(frozen=True)
class PublishedFiles:
    folder: str
    suffix: str
    retry_after: int = 600

    def _place(self, owner_id: int, key: str) -> str:
        return f"{self.folder}/{owner_id}/{key}"

    def _name(self, owner_id: int, key: str, etag: str) -> str:
        return f"{self._place(owner_id, key)}/{etag.strip(chr(34))}{self.suffix}"

    def _flag(self, what: str, owner_id: int, key: str, etag: str) -> str:
        return f"lazos:published:{what}:{self.folder}:{owner_id}:{key}:{etag}"

    def current(self, owner_id: int, key: str, etag: str) -> Published | None:
        name = self._name(owner_id, key, etag)
        return Published(name, etag) if default_storage.exists(name) else None

    def previous(self, owner_id: int, key: str) -> Published | None:
        """The file published last under this key (another ETag), if any."""
        place = self._place(owner_id, key)
        try:
            files = default_storage.listdir(place)[1]
        except FileNotFoundError:
            return None
        dated = sorted(
            (default_storage.get_modified_time(f"{place}/{f}"), f)
            for f in files
            if f.endswith(self.suffix)
        )
        if not dated:
            return None
        latest = dated[-1][1]
        return Published(f"{place}/{latest}", f'"{latest.removesuffix(self.suffix)}"')

    def failed(self, owner_id: int, key: str, etag: str) -> bool:
        return bool(caches["progress"].get(self._flag("failed", owner_id, key, etag)))

    def request(
        self, enqueue: Callable[..., Any], owner_id: int, key: str, etag: str
    ) -> Published | None:
        """Queue ``enqueue(owner_id, key, etag)`` once while it waits; the file when it is
        there (at once with the embedded backend of the tests)."""
        if caches["progress"].add(self._flag("queued", owner_id, key, etag), True, QUEUED_FOR):
            enqueue(owner_id, key, etag)
        return self.current(owner_id, key, etag)

    def publish(
        self, owner_id: int, key: str, etag: str, build: Callable[[], IO[bytes] | bytes]
    ) -> str:
        """Build and store the file of ``etag`` (in the job), unless it is there already.
        Raises what ``build`` raises, after remembering the failure."""
        name = self._name(owner_id, key, etag)
        progress = caches["progress"]
        try:
            if default_storage.exists(name):
                return "published"
            try:
                built = build()
            except Exception:
                progress.set(self._flag("failed", owner_id, key, etag), True, self.retry_after)
                raise
            if isinstance(built, bytes):
                stored = default_storage.save(name, ContentFile(built))
            else:
                with built:
                    stored = default_storage.save(name, File(built))
            if stored != name:  # another worker published the same ETag meanwhile
                default_storage.delete(stored)
                return "published"
            place = self._place(owner_id, key)
            for other in default_storage.listdir(place)[1]:
                if f"{place}/{other}" != stored:
                    default_storage.delete(f"{place}/{other}")
            return "published"
        finally:
            progress.delete(self._flag("queued", owner_id, key, etag))
