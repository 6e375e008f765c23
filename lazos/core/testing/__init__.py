"""The test kit every app uses: builders, the permission matrix and query budgets."""

from lazos.core.testing.matrix import ROLES, TenantWorld, assert_permission_matrix, build_world
from lazos.core.testing.queries import assert_constant_queries, count_queries

__all__ = [
    "ROLES",
    "TenantWorld",
    "assert_constant_queries",
    "assert_permission_matrix",
    "build_world",
    "count_queries",
]
