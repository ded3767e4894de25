from psycopg2.errors import SerializationFailure

from odoo.tests import tagged
from odoo.tools import mute_logger

from .concurrency import ConcurrencyCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLimitLock(ConcurrencyCase):
    """X-6: counting under a limit lock sees what a concurrent transaction of the same key committed."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete)

    def _delete(self):
        with self.transaction() as env:
            Tag = env["res.partner.category"].with_context(active_test=False)
            Tag.search([("name", "=like", f"{self.prefix}%")]).unlink()
            env.cr.execute("DELETE FROM crm_limit_lock WHERE key LIKE %s", [f"{self.prefix}%"])

    def take(self, env, key, name):
        """Count the tags named after ``key`` under its lock, then add one: what a limit does."""
        count = env["crm.limit.lock"]._count((key,), env["res.partner.category"], [("name", "=like", f"{key}%")])
        env["res.partner.category"].create({"name": f"{key} {name}"})
        return count

    def test_same_key_is_serialized_other_keys_are_not(self):
        key, other = f"{self.prefix}-a", f"{self.prefix}-b"
        with self.transaction() as env_b:
            env_b.cr.execute("SELECT 1")  # B's snapshot, older than A's commit
            with self.transaction() as env_a:
                self.assertEqual(self.take(env_a, key, "first"), 0)
            # Another key counts freely in the old snapshot.
            self.assertEqual(self.take(env_b, other, "first"), 0)
            # The same key: the count would miss A's commit, so the transaction is refused (and retried).
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                self.take(env_b, key, "second")
            env_b.cr.rollback()
            env_b.reset()
            self.assertEqual(self.take(env_b, key, "second"), 1, "a fresh snapshot counts A's tag")
