from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestNightlyArchived(JourneyCase):
    """X-6: the nightly rule-milestone pass (JO-9) leaves archived customers alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.journey.milestone"].create({
            "name": "Website known", "stage_id": cls.kickoff.id, "deadline_days": 3,
            "rule_domain": "[('website', '!=', False)]",
        })
        with freeze_time("2026-03-02"):
            (cls.customer | cls.other).write({"journey_id": cls.journey.id})

    def test_archived_customer_keeps_its_rule_milestone_open(self):
        # Both now match the rule, behind the ORM's back: only the nightly pass can notice it.
        self.env.cr.execute(
            "UPDATE res_partner SET website = 'https://x.example' WHERE id IN %s", [(self.customer.id, self.other.id)]
        )
        self.env.invalidate_all()
        self.other.action_archive()
        with freeze_time("2026-03-06"):
            self.assertEqual(self.Partner._action_journey_rule_milestones(), 1)
        self.assertEqual(self.milestone(self.customer, "Website known").done_date, date(2026, 3, 6))
        self.assertFalse(self.milestone(self.other, "Website known").done_date, "archived: left open")
