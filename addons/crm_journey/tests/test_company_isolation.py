from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_action_flow.tests.common import other_company_user

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestCompanyIsolation(JourneyCase):
    """X-6: milestones, stage history and events of a company A customer are out of reach from company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "sales_team.group_sale_salesman_all_leads,crm_action_flow.group_retention_analyst"
        cls.analyst_a = new_test_user(cls.env, "jo_analyst_a", groups=groups)
        cls.company_b, cls.analyst_b = other_company_user(cls.env, "jo_analyst_b")
        cls.customer.company_id = cls.env.company  # a company A customer
        cls.customer.journey_id = cls.journey
        cls.milestone_a = cls.customer.journey_current_milestone_ids[0]
        cls.history_a = cls.customer.journey_history_ids

    def test_b_cannot_read_a_milestones_or_stage_history(self):
        Milestone = self.env["crm.journey.partner.milestone"].with_user(self.analyst_b)
        History = self.env["crm.journey.stage.history"].with_user(self.analyst_b)
        self.assertFalse(Milestone.search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(History.search([("partner_id", "=", self.customer.id)]))
        with self.assertRaises(AccessError):
            self.milestone_a.with_user(self.analyst_b).read(["due_date"])
        with self.assertRaises(AccessError):
            self.history_a.with_user(self.analyst_b).read(["date_in"])
        # Company A's analyst sees them.
        self.assertEqual(
            self.env["crm.journey.stage.history"].with_user(self.analyst_a).search(
                [("partner_id", "=", self.customer.id)]
            ),
            self.history_a,
        )

    def test_b_cannot_complete_or_redate_a_milestones(self):
        due = self.milestone_a.due_date
        with self.assertRaises(AccessError):
            self.milestone_a.with_user(self.analyst_b).action_done()
        with self.assertRaises(AccessError):
            self.milestone_a.with_user(self.analyst_b).write({"due_date": date(2099, 1, 1)})
        with self.assertRaises(AccessError):
            self.history_a.with_user(self.analyst_b).write({"date_in": date(2000, 1, 1)})
        self.assertFalse(self.milestone_a.done_date)
        self.assertEqual(self.milestone_a.due_date, due)
        self.milestone_a.with_user(self.analyst_a).action_done()
        self.assertTrue(self.milestone_a.done_date, "company A's analyst completes it")

    def test_b_cannot_create_an_event_on_a_company_a_customer(self):
        values = {"name": "Call from B", "partner_id": self.customer.id, "date": date(2026, 3, 10),
                  "start_time": 9.0, "end_time": 9.5}
        with self.assertRaises(AccessError):
            self.env["crm.journey.event"].with_user(self.analyst_b).create(values)
        self.assertFalse(self.env["crm.journey.event"].search([("partner_id", "=", self.customer.id)]))
        event = self.env["crm.journey.event"].with_user(self.analyst_a).create(values)
        self.assertEqual(event.company_id, self.env.company, "an event belongs to its customer's company")
        self.assertFalse(self.env["crm.journey.event"].with_user(self.analyst_b).search([("id", "=", event.id)]))

    def test_event_company_follows_its_customer(self):
        customer_b = self.env["res.partner"].create(
            {"name": "Cliente B", "is_company": True, "company_id": self.company_b.id}
        )
        event = self.env["crm.journey.event"].with_user(self.analyst_b).create(
            {"name": "Call", "partner_id": customer_b.id, "date": date(2026, 3, 10), "start_time": 9.0,
             "end_time": 9.5}
        )
        self.assertEqual(event.company_id, self.company_b)
