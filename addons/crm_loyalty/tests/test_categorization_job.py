from datetime import date
from unittest.mock import patch

from psycopg2.errors import DivisionByZero

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCase

TODAY = date(2026, 11, 22)
LOGGER = "odoo.addons.crm_loyalty.models.res_partner"
LOCK_KEY = 74110518


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCategorizationJob(LoyaltyCase):
    """LO-8, X-3: the nightly job refuses bad parameters, says when it is skipped and never hides an error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.active = Partner.create({"name": "Bought last month", "is_company": True})
        cls.win(cls, cls.active, date(2026, 10, 20))
        cls.prospect = Partner.create({"name": "Never bought", "is_company": True})
        cls.cron = cls.env.ref("crm_loyalty.ir_cron_categorize")

    def run_job(self, today=TODAY, **kwargs):
        kwargs.setdefault("commit", False)
        return self.env["res.partner"]._action_categorize(today=today, **kwargs)

    def assertNothingCategorized(self):
        self.assertEqual((self.active | self.prospect).mapped("retention_category"), [False, False])
        self.assertFalse(self.env["crm.loyalty.category.history"].search([("partner_id", "=", self.active.id)]))

    def test_bad_parameter_refuses_the_job(self):
        self.set_settings(active_days=60)
        self.run_job()
        self.assertEqual(self.active.retention_category, "active")
        cursor = self.ICP.get_param("crm_loyalty.categorize_cursor")
        for raw, problem in (
            ("abc", "Days for Active must be a whole number, not “abc”"),
            ("-5", "Days for Active must be between 1 and 3650, not -5"),
            ("5000000", "Days for Active must be between 1 and 3650, not 5000000"),
        ):
            with self.subTest(raw=raw):
                self.set_settings(active_days=raw)
                with self.assertLogs(LOGGER, "WARNING") as logs, self.assertRaisesRegex(
                    UserError, f"(?s)The nightly categorization did not run.*crm_loyalty.active_days: {problem}"
                ):
                    self.run_job(today=date(2026, 11, 23))
                self.assertIn(f"crm_loyalty.active_days = '{raw}'", logs.output[0])
                self.assertIn("Nightly categorization refused to run", logs.output[-1])
                self.assertEqual(self.active.retention_category, "active", "not moved by -5 days")
                self.assertEqual(len(self.active.category_history_ids), 1)
                self.assertEqual(self.ICP.get_param("crm_loyalty.active_days"), raw, "never replaced")
                self.assertEqual(self.ICP.get_param("crm_loyalty.categorize_cursor"), cursor)

    def test_manual_trigger_reports_a_bad_parameter(self):
        self.set_settings(extend_global="abc")
        with self.assertLogs(LOGGER, "WARNING"), self.assertRaisesRegex(
            UserError, "Extend Loyalty \\(Actives\\) must be True or False, not “abc”"
        ):
            self.cron.method_direct_trigger()
        self.assertNothingCategorized()

    def test_skipped_run_is_reported_to_the_manual_trigger(self):
        other = self.registry.cursor()
        try:
            other.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            self.assertTrue(other.fetchone()[0], "another run holds the lock")
            with self.assertLogs(LOGGER, "WARNING") as logs, self.assertRaisesRegex(
                UserError, "already running: this run was skipped and changed nothing"
            ):
                self.cron.method_direct_trigger()
            self.assertIn("skipped: another run holds its lock", logs.output[0])
            self.assertNotIn("done", logs.output[0])
        finally:
            other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])  # a session lock outlives the cursor
            other.rollback()
            other.close()
        self.assertNothingCategorized()
        self.assertEqual(self.run_job(), 0, "runs once the other one has finished")

    def test_scheduled_skip_is_logged_not_a_cron_failure(self):
        """Run by the scheduler (ir.cron puts its id in the context), a skip is logged and returns quietly, so
        that Odoo does not count it as a failure of the cron."""
        other = self.registry.cursor()
        try:
            other.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            with self.assertLogs(LOGGER, "WARNING") as logs:
                self.assertIsNone(self.env["res.partner"].with_context(cron_id=self.cron.id)._cron_categorize())
            self.assertIn("skipped: another run holds its lock", logs.output[0])
        finally:
            other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            other.rollback()
            other.close()
        self.assertNothingCategorized()

    def test_failed_batch_raises_and_logs_its_cause(self):
        def boom(partners, *args):
            partners.env.cr.execute("SELECT 1 / 0")

        with patch.object(type(self.env["res.partner"]), "_categorize_loyalty_effects", boom), \
                self.assertLogs(LOGGER, "ERROR") as logs, self.assertRaises(DivisionByZero):
            self.run_job()
        self.assertIn("failed on the batch of customers", logs.output[0])
        self.assertIn("DivisionByZero: division by zero", logs.output[0])
        self.assertNothingCategorized()
        self.assertEqual(self.run_job(), 0, "the transaction is usable and the job runs again")
        self.assertEqual(self.active.retention_category, "active")

    def test_cursor_far_ahead_or_malformed_restarts_the_run(self):
        for raw in (f"{TODAY}:999999999", "garbage", f"{TODAY}:1_2"):
            with self.subTest(raw=raw):
                self.ICP.set_param("crm_loyalty.categorize_cursor", raw)
                with self.assertLogs(LOGGER, "WARNING") as logs:
                    self.assertEqual(self.run_job(), 0)
                self.assertIn(f"crm_loyalty.categorize_cursor holds {raw!r}", logs.output[0])
                self.assertIn("the run starts from the first customer", logs.output[0])
                self.assertEqual(self.active.retention_category, "active")
                self.assertEqual(self.prospect.retention_category, "prospect")
                self.assertEqual(self.ICP.get_param("crm_loyalty.categorize_cursor"), f"{TODAY}:done")
                self.env.cr.execute("UPDATE res_partner SET retention_category = NULL WHERE id = ANY(%s)",
                                    [(self.active | self.prospect).ids])
                self.env.invalidate_all()

    def test_sync_moment_in_the_future_aggregates_again(self):
        self.run_job()
        lead = self.env["crm.lead"].search([("partner_id", "=", self.active.id)])
        self.env.flush_all()
        self.env.cr.execute(  # another tool's sync: an old win today, outside the ORM
            "UPDATE crm_lead SET date_closed = '2024-01-01', write_date = now() AT TIME ZONE 'UTC' WHERE id = %s",
            [lead.id],
        )
        self.ICP.set_param("crm_loyalty.categorize_synced_at", "2999-01-01 00:00:00")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.run_job(today=date(2026, 11, 23))
        self.assertIn("crm_loyalty.categorize_synced_at holds '2999-01-01 00:00:00'", logs.output[0])
        self.assertEqual(self.active.retention_category, "inactive", "its win of 2024 was found")
