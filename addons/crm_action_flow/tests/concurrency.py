"""Concurrency tests (X-6): transactions of their own, committed, as concurrent requests would be.

These tests commit. Every class using ``ConcurrencyCase`` names what it creates with ``self.prefix``
and deletes it in cleanups (``addCleanup``), so the database is left as it was found.
"""

import threading
import uuid
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name

# Upper bound of any wait in these tests: a lock wait, a barrier, a thread. A broken lock fails the
# test with a lock timeout instead of hanging the suite.
TIMEOUT = 30


class ConcurrencyCase(BaseCase):
    """Base of the tests that run transactions in separate cursors (no test transaction around them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.prefix = f"x6-{uuid.uuid4().hex[:8]}"

    @contextmanager
    def transaction(self, uid=SUPERUSER_ID):
        """An environment on a cursor of its own: committed at the end of the block, rolled back on error."""
        with self.registry.cursor() as cr:
            self._bound(cr)
            yield api.Environment(cr, uid, {})

    @staticmethod
    def _bound(cr):
        cr.execute("SET LOCAL lock_timeout = %s", [f"{TIMEOUT}s"])

    def run_concurrently(self, *calls):
        """Run each ``(uid, function)`` of ``calls`` as one request: ``function(env)`` in a thread and a
        transaction of its own, retried on a serialization failure with a fresh snapshot (Odoo's RPC
        layer, ``odoo.service.model.retrying``), then committed. Every transaction has taken its snapshot
        before any of them runs its function.

        Returns one ``(outcome, attempts)`` per call: the function's result, or the exception it ended
        with, and how many times it ran.
        """
        barrier = threading.Barrier(len(calls), timeout=TIMEOUT)
        outcomes = [None] * len(calls)

        def request(index, uid, function):
            attempts = 0
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})

                    def attempt():
                        nonlocal attempts
                        attempts += 1
                        self._bound(cr)
                        cr.execute("SELECT 1")  # the transaction's snapshot
                        if attempts == 1:
                            barrier.wait()
                        return function(env)

                    result = retrying(attempt, env)
                outcomes[index] = (result, attempts)
            except Exception as exc:  # the outcome the test asserts
                outcomes[index] = (exc, attempts)

        threads = [
            threading.Thread(target=request, args=(index, uid, function), daemon=True)
            for index, (uid, function) in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT * 3)
        self.assertFalse([t for t in threads if t.is_alive()], "a concurrent request did not finish")
        return outcomes
