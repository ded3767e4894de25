from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestActivityDone(ActionFlowCase):
    """AF-4: the activity's Done button logs the action and marks the activity done."""

    @freeze_time("2026-11-20 15:00:00")
    def test_done_and_log_action(self):
        activity = self.opportunity.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 11, 20), user_id=self.user_analyst.id,
            note="Call about the ovens",
        )
        action = activity.with_user(self.user_analyst).action_open_log_wizard()
        ctx = action["context"]
        self.assertEqual(ctx["default_action_id"], self.action_call.id, "the action of the activity type")
        self.assertEqual(ctx["default_lead_id"], self.opportunity.id)
        self.assertEqual(ctx["default_partner_id"], self.customer.id)
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).with_context(**ctx).create(
            {"result_id": self.result_call_no_answer.id, "detail": "Voicemail"}
        )
        wizard.action_log()
        self.assertFalse(activity.exists(), "the activity is done")
        log = self.env["crm.action.log"].search([("lead_id", "=", self.opportunity.id)])
        self.assertEqual(log.detail, "Voicemail")
        self.assertTrue(any("Voicemail" in (m.body or "") for m in self.opportunity.message_ids))

    @freeze_time("2026-11-20 15:00:00")
    def test_done_keeps_the_activity_when_its_type_keeps_done(self):
        # Odoo's keep_done is honoured: the activity is archived as done, not deleted.
        self.type_call.keep_done = True
        activity = self.customer.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 11, 20), user_id=self.user_analyst.id
        )
        action = activity.with_user(self.user_analyst).action_open_log_wizard()
        self.assertNotIn("default_lead_id", action["context"])
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).with_context(
            **action["context"]
        ).create({"result_id": self.result_call_no_answer.id, "detail": "Voicemail"})
        wizard.action_log()
        self.assertRecordValues(activity, [{"active": False, "state": "done"}])
        self.assertEqual(self.customer.action_log_ids.detail, "Voicemail")

    def test_done_on_another_model_is_refused(self):
        team = self.env["crm.team"].create({"name": "AF Team"})
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("crm.team"), "res_id": team.id,
            "activity_type_id": self.type_call.id, "user_id": self.user_analyst.id,
        })
        with self.assertRaisesRegex(UserError, "customers and opportunities only"):
            activity.action_open_log_wizard()
