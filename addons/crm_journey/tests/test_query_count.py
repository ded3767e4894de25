from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestQueryCount(JourneyCase):
    """Reading statuses of 10,000 customers costs a bounded number of queries (no query per customer)."""

    def test_statuses_of_10000_customers(self):
        with freeze_time("2026-03-02"):
            partners = self.Partner.create([{"name": f"Customer {i:05d}", "is_company": True} for i in range(10000)])
            partners.write({"journey_id": self.journey.id})
        self.assertEqual(len(partners.journey_current_milestone_ids), 30000)
        self.env.invalidate_all()
        # Odoo computes in prefetch batches of 1000 records: 3 queries per batch (stored fields,
        # one grouped query for the statuses, one for the progress), 30 for 10,000 customers,
        # whatever the number of milestones.
        with freeze_time("2026-03-05"), self.assertQueryCount(30):
            partners = self.Partner.browse(partners.ids)
            statuses = partners.mapped("journey_status")
            partners.mapped("journey_stage_overdue")
            partners.mapped("journey_milestone_progress")
        self.assertEqual(set(statuses), {"late"})
        with freeze_time("2026-03-05"), self.assertQueryCount(2):
            self.assertEqual(self.Partner.search_count([("journey_status", "=", "late")]), 10000)
