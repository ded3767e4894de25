from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestAccess(JourneyCase):
    """AF-10 / X-4: Read-only users see journeys but move nothing; Analysts work customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.readonly = new_test_user(
            cls.env,
            "jo_readonly",
            groups="base.group_user,base.group_partner_manager,crm_action_flow.group_retention_readonly",
        )
        cls.analyst = new_test_user(
            cls.env,
            "jo_analyst",
            groups="base.group_user,base.group_partner_manager,crm_action_flow.group_retention_analyst",
        )
        cls.customer.journey_id = cls.journey

    def test_readonly_reads_but_moves_nothing(self):
        customer = self.customer.with_user(self.readonly)
        self.assertEqual(customer.journey_status, "on_time")
        self.assertEqual(len(customer.journey_current_milestone_ids), 3)
        with self.assertRefused(AccessError, "Only CRM Retention analysts"):
            customer.write({"journey_stage_id": self.setup.id})
        with self.assertRefused(AccessError, "Only CRM Retention analysts"):
            customer.action_journey_next_stage()
        # writing other fields, even with the unchanged journey, is not a move
        customer.write({"phone": "+55 11 4000-0000", "journey_id": self.journey.id})
        with self.assertRaises(AccessError):
            customer.journey_current_milestone_ids[0].action_done()
        with self.assertRaises(AccessError):
            self.journey.with_user(self.readonly).write({"name": "Renamed"})
        self.assertEqual(self.customer.journey_stage_id, self.kickoff)

    def test_analyst_works_customers_not_configuration(self):
        customer = self.customer.with_user(self.analyst)
        customer.action_journey_next_stage()
        self.assertEqual(self.customer.journey_stage_id, self.setup)
        customer.journey_current_milestone_ids.action_done()
        self.assertTrue(self.customer.journey_current_milestone_ids.done_date)
        with self.assertRaises(AccessError):
            self.journey.with_user(self.analyst).write({"name": "Renamed"})
