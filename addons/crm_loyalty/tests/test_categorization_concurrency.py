"""The nightly job against other transactions (LO-8): these tests commit, in cursors of their own.

Each test runs the real job (``commit=True``) over the whole database, so ``setUp`` records what the job
may change (the categorization columns of every partner, the category history, the ``crm_loyalty.*``
parameters) and the cleanup puts it back and deletes what the test created.
"""

from datetime import date, timedelta
from unittest.mock import patch

from psycopg2.errors import DivisionByZero

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.crm_loyalty.models import res_partner as res_partner_module

TODAY = date(2026, 11, 22)
LOGGER = "odoo.addons.crm_loyalty.models.res_partner"
LOCK_KEY = 74110518


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCategorizationConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def cursor(self):
        cr = self.registry.cursor()
        # A broken lock fails the test instead of hanging the suite (LOCAL: never left on a pooled connection).
        cr.execute("SET LOCAL lock_timeout = '30s'")
        return cr

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            cr.execute("SELECT key, value FROM ir_config_parameter WHERE key LIKE 'crm_loyalty.%'")
            params = dict(cr.fetchall())
            cr.execute("SELECT COALESCE(max(id), 0) FROM crm_loyalty_category_history")
            history = cr.fetchone()[0]
            cr.execute("SELECT id, retention_category, retention_category_date, last_won_date FROM res_partner")
            partners = cr.fetchall()
            env = api.Environment(cr, SUPERUSER_ID, {})
            # A first night from scratch: no cursor, no sync moment.
            for key in ("crm_loyalty.categorize_cursor", "crm_loyalty.categorize_synced_at"):
                env["ir.config_parameter"].set_param(key, False)
            self.customer_ids = env["res.partner"].create([
                {"name": f"Concurrency customer {n}", "is_company": True} for n in range(3)
            ]).ids
            for partner_id in self.customer_ids:
                lead = env["crm.lead"].create({"name": "Deal", "type": "opportunity", "partner_id": partner_id})
                lead.write({"probability": 100})
                lead.write({"date_closed": TODAY - timedelta(days=10)})
        self.addCleanup(self._restore, params, history, partners)

    def _restore(self, params, history, partners):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customers = env["res.partner"].with_context(active_test=False).browse(self.customer_ids)
            env["crm.lead"].with_context(active_test=False).search([("partner_id", "in", customers.ids)]).unlink()
            customers.unlink()
            cr.execute("DELETE FROM crm_loyalty_category_history WHERE id > %s", [history])
            ids, categories, since, won = zip(*partners, strict=True) if partners else ((), (), (), ())
            cr.execute(
                """UPDATE res_partner p SET retention_category = v.category, retention_category_date = v.since,
                          last_won_date = v.won
                     FROM unnest(%s::int[], %s::varchar[], %s::date[], %s::date[]) AS v(id, category, since, won)
                    WHERE p.id = v.id""",
                [list(ids), list(categories), list(since), list(won)],
            )
            ICP = env["ir.config_parameter"]
            for param in ICP.search([("key", "=like", "crm_loyalty.%")]):
                if param.key not in params:
                    param.unlink()
            for key, value in params.items():
                ICP.set_param(key, value)
            env.invalidate_all()

    def categories(self):
        with self.cursor() as cr:
            cr.execute("SELECT retention_category FROM res_partner WHERE id = ANY(%s) ORDER BY id", [self.customer_ids])
            return [row[0] for row in cr.fetchall()]

    def test_batch_meeting_a_customer_being_edited_is_retried(self):
        """A user holds a row lock on one customer of the batch: the batch waits lock_timeout, is rolled
        back and retried once the lock is released, and the run goes on to the end."""
        locker = self.cursor()
        waits = []

        def release_then_retry(partners, attempt):
            waits.append(attempt)
            locker.rollback()  # the user's edit ends

        try:
            locker.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", [self.customer_ids[1]])
            Partner = self.registry["res.partner"]
            with patch.object(res_partner_module, "LOCK_TIMEOUT", "200ms"), \
                    patch.object(Partner, "_categorize_retry_wait", release_then_retry), \
                    self.assertLogs(LOGGER, "WARNING") as logs, self.cursor() as cr:
                left = api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._action_categorize(today=TODAY)
        finally:
            locker.rollback()
            locker.close()
        self.assertEqual(left, 0)
        self.assertEqual(waits, [1], "retried once")
        retry = next(line for line in logs.output if "concurrent edit" in line)
        self.assertIn("met a concurrent edit on the batch of customers", retry)
        self.assertIn("LockNotAvailable", retry)
        self.assertIn("retry 1 of", retry)
        self.assertEqual(self.categories(), ["active", "active", "active"])

    def test_failed_batch_leaves_no_lock_and_logs_its_cause(self):
        def boom(partners, *args):
            partners.env.cr.execute("SELECT 1 / 0")

        Partner = self.registry["res.partner"]
        with patch.object(Partner, "_categorize_loyalty_effects", boom), self.cursor() as cr:
            with self.assertLogs(LOGGER, "ERROR") as logs, self.assertRaises(DivisionByZero):
                api.Environment(cr, SUPERUSER_ID, {})["res.partner"]._action_categorize(today=TODAY)
            self.assertIn("DivisionByZero: division by zero", logs.output[0])
            # The failed run's connection is still open: it holds no lock of the job.
            with self.cursor() as other:
                other.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                self.assertTrue(other.fetchone()[0], "the lock was released with the failed batch")
                other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            cr.execute("SELECT 1")  # and its transaction is usable
        self.assertEqual(self.categories(), [None, None, None], "the failed batch was rolled back")
