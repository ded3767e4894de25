from datetime import date

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestNightlyArchived(LoyaltyCase):
    """X-6: the nightly categorization (LO-5..LO-8) neither classifies nor releases archived customers."""

    def run_job(self, today):
        # A customer created after the archived ones: they lie inside the job's id ranges.
        self.env["res.partner"].create({"name": f"Newer customer {today}", "is_company": True})
        return self.env["res.partner"]._action_categorize(today=today, commit=False)

    def test_archived_customer_is_not_categorized(self):
        archived = self.env["res.partner"].create({"name": "Closed shop", "is_company": True})
        self.win(archived, date(2026, 10, 20))
        archived.action_archive()
        self.run_job(date(2026, 11, 22))
        self.assertEqual(self.customer.retention_category, "prospect", "an active customer is classified")
        self.assertFalse(archived.retention_category)
        self.assertFalse(archived.category_history_ids)

    def test_archived_customer_keeps_its_expired_loyalty(self):
        self.grant(self.ana)  # until 2026-12-20
        self.customer.action_archive()
        self.run_job(date(2026, 12, 21))
        self.assertRecordValues(self.customer, [{
            "loyalty_user_id": self.ana.id, "user_id": self.ana.id, "loyalty_released_user_id": False,
        }])
        self.customer.action_unarchive()
        self.run_job(date(2026, 12, 22))
        self.assertRecordValues(self.customer, [{
            "loyalty_user_id": False, "user_id": False, "loyalty_released_user_id": self.ana.id,
        }])

    def test_archived_customer_keeps_its_salesperson_on_clear_after(self):
        self.win(self.customer, date(2024, 11, 1))
        self.customer.user_id = self.bruno
        self.run_job(date(2026, 11, 22))
        self.assertEqual(self.customer.retention_category, "inactive")
        self.customer.action_archive()
        self.set_settings(clear_after_days=365)
        self.run_job(date(2026, 11, 23))
        self.assertEqual(self.customer.user_id, self.bruno)
