from __future__ import annotations

from typing import Self

from lazos.core.querysets import TenantQuerySet


class ExpertProfileQuerySet(TenantQuerySet):
    def published(self) -> Self:
        """Profiles their owners chose to show to the instance."""
        return self.filter(is_published=True)


class QuestionQuerySet(TenantQuerySet):
    def visible(self) -> Self:
        """Threads every signed-in member of the instance sees (hidden ones are not)."""
        return self.filter(is_hidden=False)


class AnswerQuerySet(TenantQuerySet):
    def visible(self) -> Self:
        return self.filter(is_hidden=False)


class NotificationQuerySet(TenantQuerySet):
    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)
