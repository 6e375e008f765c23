from lazos.core.querysets import TenantQuerySet


class LocalActorQuerySet(TenantQuerySet):
    pass
