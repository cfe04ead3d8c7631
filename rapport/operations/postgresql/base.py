"""Django's PostgreSQL backend, checking a kept connection without a round trip.

In production a connection is kept between requests (``CONN_MAX_AGE``) and checked
before its first use in each request (``CONN_HEALTH_CHECKS``), so a PostgreSQL server
that restarted in the meantime costs no request an error. Django checks by sending
``SELECT 1``: a round trip on every request, for an answer that is nearly always yes
(docs/benchmarks.md, "Load").

A server that closes a connection (a restart, ``pg_terminate_backend``, an idle
timeout) first sends a notice and then the end of the stream, so the connection's
socket becomes readable; an idle connection that nobody closed has nothing to read.
So the check asks the kernel, without waiting, whether anything arrived. Nothing:
usable. Something: Django's own ``SELECT 1`` decides (it fails on a closed
connection). A connection psycopg already knows is closed or broken is not usable.

A server that vanished without closing anything (a machine switched off) leaves a
quiet socket; the query then fails within the request (503, ``DatabaseUnavailable``)
and Django drops the connection after it, as it would have after a ``SELECT 1`` that
waited for TCP to give up.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


def anything_arrived(fd: int) -> bool:
    """True when the socket has data or an end of stream (or an error) waiting."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        raw = self.connection
        if raw is None or raw.closed or raw.broken:
            return False
        try:
            fd = raw.pgconn.socket
        except Exception:  # psycopg raises when the connection has no socket any more
            return False
        if not anything_arrived(fd):
            return True
        return super().is_usable()
