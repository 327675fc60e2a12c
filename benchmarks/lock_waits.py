# SPDX-License-Identifier: MIT
"""How often a callback waits for a record's lock, sampled from ``pg_locks``.

Result writes of one draft take its record lock (``services/locks.py``, a
PostgreSQL advisory lock) one at a time. A thread asks PostgreSQL every
``every`` seconds whether a request of this database waits for an advisory
lock; the share of samples that found one is the share of the time some
worker's run stood still behind another run of the same draft.
"""

import threading

from sqlalchemy import text

WAITING = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


class LockWaits(threading.Thread):
    """Samples advisory lock waits of ``engine``'s database until :meth:`stop`."""

    def __init__(self, engine, every=0.02):
        """Nothing is sampled before :meth:`start`."""
        super().__init__(name="lock-waits", daemon=True)
        self.engine = engine
        self.every = every
        self.samples = 0
        self.waiting = 0
        self._done = threading.Event()

    def run(self):
        """Sample until stopped, each look in its own short transaction."""
        with self.engine.connect() as connection:
            while not self._done.wait(self.every):
                found = connection.execute(WAITING).scalar()
                connection.rollback()
                self.samples += 1
                self.waiting += bool(found)

    def stop(self):
        """Stop sampling; the share of samples that found a wait (0 to 1)."""
        self._done.set()
        self.join()
        return self.waiting / self.samples if self.samples else 0.0
