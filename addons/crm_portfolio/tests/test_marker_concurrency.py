from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_action_flow.tests.concurrency import ConcurrencyCase

from ..models.portfolio_rules import MAX_MARKERS


@tagged("post_install", "-at_install", "crm_portfolio")
class TestMarkerConcurrency(ConcurrencyCase):
    """PO-6 under concurrency (X-6): two markers created at the same moment on 14 leave 15, not 16."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete)
        with self.transaction() as env:
            self.admin_id = env.ref("base.user_admin").id  # a sales manager: a retention Administrator
            Marker = env["crm.portfolio.marker"]
            room = MAX_MARKERS - 1 - Marker.search_count([])
            if room < 0:
                self.skipTest("the database already has more than 14 markers")
            Marker.create([{"name": f"{self.prefix} {n}", "emoji": "⭐"} for n in range(room)])

    def _delete(self):
        with self.transaction() as env:
            env["crm.portfolio.marker"].search([("name", "=like", f"{self.prefix}%")]).unlink()

    def count(self):
        with self.transaction() as env:
            return env["crm.portfolio.marker"].search_count([])

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_simultaneous_creates_stop_at_the_limit(self):
        self.assertEqual(self.count(), MAX_MARKERS - 1)
        outcomes = self.run_concurrently(*[
            (self.admin_id, lambda env, n=n: env["crm.portfolio.marker"].create(
                {"name": f"{self.prefix} concurrent {n}", "emoji": "🔥"}
            ).id)
            for n in (1, 2)
        ])
        refused = [(exc, attempts) for exc, attempts in outcomes if isinstance(exc, Exception)]
        self.assertEqual(len(refused), 1, f"exactly one create is refused: {outcomes}")
        exc, attempts = refused[0]
        self.assertIsInstance(exc, ValidationError)
        self.assertRegex(str(exc), "at most 15 markers")
        self.assertEqual(attempts, 2, "refused on the retry, once the other marker is visible")
        self.assertEqual(self.count(), MAX_MARKERS)
