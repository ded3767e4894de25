from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestQueryCount(JourneyCase):
    """10,000 customers: statuses read and the nightly rule pass cost a bounded number of queries."""

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

    def test_nightly_pass_query_count(self):
        """JO-9: one batch of the nightly pass costs the same queries whatever the customer count."""
        partners = self.Partner.create([{"name": f"Rule customer {i:04d}", "is_company": True} for i in range(3000)])
        with freeze_time("2026-03-02"):
            partners.write({"journey_id": self.journey.id})
            self.env["crm.journey.milestone"].create(
                {
                    "name": "Website known",
                    "stage_id": self.kickoff.id,
                    "deadline_days": 3,
                    "rule_domain": "[('website', '!=', False)]",
                }
            )
        self.env.cr.execute(
            "UPDATE res_partner SET website = 'https://x.example' WHERE id = ANY(%s)", [partners.ids[::2]]
        )
        self.env.invalidate_all()
        # one batch of 1000: search the rule's customers, their milestones, one UPDATE, count the rest, then
        # the stored milestone summary of the customers (one aggregate, one UPDATE per distinct summary)
        with freeze_time("2026-03-06"), self.assertQueryCount(37):
            self.assertEqual(self.Partner._action_journey_rule_milestones(batch_size=1000), 1000)
        with freeze_time("2026-03-06"), self.assertQueryCount(37):
            self.assertEqual(self.Partner._action_journey_rule_milestones(batch_size=1000), 500)
        done = self.env["crm.journey.partner.milestone"].search_count(
            [("milestone_id.name", "=", "Website known"), ("done_date", "!=", False)]
        )
        self.assertEqual(done, 1500)
