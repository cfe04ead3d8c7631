"""A generated community of any size: `rapport seed --members N`.

The demo (``rapport.demo``) is forty hand-written people replayed through the
services; this is its counterpart at scale. ``people``, ``ties`` and ``history``
are pure functions of a random seed that return numpy columns; ``tables`` writes
those columns with PostgreSQL's COPY (``bulk_create`` on SQLite); ``community``
ties the steps together for the command.
"""
