"""The database cache that holds security state: it never culls a live entry.

django-allauth keeps its TOTP replay guard (each used code, for the length of
its validity window) and its login throttling in the default cache. Django's
``DatabaseCache`` culls when the table passes ``MAX_ENTRIES`` (300): it deletes
a third of the rows in key order, live or not (or, with ``CULL_FREQUENCY=0``,
everything), so 300 failed logins flushed the used-code markers and the same
code was accepted again. This backend deletes expired rows only; a live entry
leaves when it expires, never earlier.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class SecurityStateCache(DatabaseCache):
    """``DatabaseCache`` whose culling removes expired entries only."""

    _table: str  # set by BaseDatabaseCache.__init__ (django-stubs omits it)

    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        ops = connections[db].ops
        cursor.execute(
            f"DELETE FROM {ops.quote_name(self._table)} "  # noqa: S608
            f"WHERE {ops.quote_name('expires')} < %s",
            [ops.adapt_datetimefield_value(now)],
        )
