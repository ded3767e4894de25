from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestConfiguration(ActionFlowCase):
    """AF-1 and AF-2: actions declare what they do; results belong to an action."""

    def test_action_declares_followup_and_results(self):
        self.assertTrue(self.action_call.schedules_followup)
        self.assertEqual(self.action_call.activity_type_id, self.type_call)
        self.assertEqual(self.action_call.result_count, 3)
        self.assertEqual(self.action_call.default_result_id, self.result_call_interested)

    def test_default_result_of_another_action_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "must be one of its own results"):
            self.action_visit.default_result_id = self.result_call_interested
        self.assertFalse(self.action_visit.default_result_id)

    def test_result_planning_next_action_needs_activity_type(self):
        action = self.env["crm.action"].create({"name": "Letter", "schedules_followup": True})
        with self.assertRaisesRegex(ValidationError, "has no activity type"):
            self.env["crm.action.result"].create(
                {"name": "Sent", "action_id": action.id, "next_action_mode": "automatic"}
            )
        self.assertFalse(action.result_ids)

    def test_negative_period_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Period must be between 0 and 3650 when Period Type is Days"):
            self.env["crm.action.result"].create({"name": "Bad", "action_id": self.action_call.id, "period": -1})

    def test_campaign_default_action(self):
        campaign = self.env["utm.campaign"].create({"name": "Black Friday", "default_action_id": self.action_call.id})
        wizard = self.env["crm.action.log.wizard"].new({"partner_id": self.customer.id, "campaign_id": campaign.id})
        wizard._onchange_campaign_id()
        wizard._onchange_action_id()
        self.assertEqual(wizard.action_id, self.action_call)
        self.assertEqual(wizard.result_id, self.result_call_interested, "the action's default result follows")

    def test_automatic_flag_mirrors_the_next_action_mode(self):
        # AF-2's "automatic" of the scheduling block is the contract name of next_action_mode == automatic.
        self.assertTrue(self.result_call_interested.automatic)
        self.assertFalse(self.result_visit_positive.automatic)
        self.result_visit_positive.automatic = True
        self.assertEqual(self.result_visit_positive.next_action_mode, "automatic")
        self.result_visit_positive.automatic = False
        self.assertEqual(self.result_visit_positive.next_action_mode, "prompt")
        self.result_call_no_answer.next_action_mode = "automatic"
        self.assertTrue(self.result_call_no_answer.automatic)
