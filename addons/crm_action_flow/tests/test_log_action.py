import base64

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogAction(ActionFlowCase):
    """AF-4: logging an action keeps it in the history and the chatter."""

    @freeze_time("2026-11-20 15:00:00")
    def test_log_from_partner_is_kept_in_history_and_chatter(self):
        attachment = self.env["ir.attachment"].with_user(self.user_analyst).create({
            "name": "report.txt", "datas": base64.b64encode(b"visit report"),
            "res_model": "crm.action.log.wizard", "res_id": 0,  # uploaded in the dialog
        })
        campaign = self.env["utm.campaign"].create({"name": "Winter"})
        medium = self.env["utm.medium"].create({"name": "Phone AF"})
        action = self.contact.with_user(self.user_analyst).action_open_log_wizard()
        self.assertEqual(action["res_model"], "crm.action.log.wizard")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        self.assertEqual(action["context"]["default_contact_id"], self.contact.id)
        log, _wizard, result = self.log(
            contact_id=self.contact.id, campaign_id=campaign.id, medium_id=medium.id,
            detail="Owner asked for a call back", description="<p>Talked about ovens</p>",
            start_time=9.5, end_time=10.0, notify_partner_ids=[(6, 0, [self.user_own.partner_id.id])],
            attachment_ids=[(6, 0, attachment.ids)],
        )
        self.assertEqual(result, {"type": "ir.actions.act_window_close"})
        self.assertRecordValues(log, [{
            "partner_id": self.customer.id, "contact_id": self.contact.id, "campaign_id": campaign.id,
            "medium_id": medium.id, "action_id": self.action_call.id, "result_id": self.result_call_no_answer.id,
            "detail": "Owner asked for a call back", "start_time": 9.5, "end_time": 10.0,
            "user_id": self.user_analyst.id, "outcome": "neutral",
        }])
        self.assertEqual(self.customer.action_log_count, 1)
        self.assertEqual(self.contact.action_log_count, 1, "contacts show their company's history")
        message = self.customer.message_ids[0]
        self.assertIn("Call", message.body)
        self.assertIn("No answer", message.body)
        self.assertIn("Owner asked for a call back", message.body)
        self.assertIn(self.user_own.partner_id, message.partner_ids)
        self.assertEqual(message.attachment_ids, attachment)
        history = self.customer.action_view_action_logs()
        self.assertEqual(self.env["crm.action.log"].search(history["domain"]), log)

    def test_log_on_contact_is_stored_on_its_company(self):
        log = self.env["crm.action.log"].create({
            "partner_id": self.contact.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id,
        })
        self.assertEqual(log.partner_id, self.customer)

    def test_action_chooses_its_default_result(self):
        wizard = self.env["crm.action.log.wizard"].new(
            {"partner_id": self.customer.id, "action_id": self.action_visit.id,
             "result_id": self.result_call_interested.id}
        )
        wizard._onchange_action_id()
        self.assertFalse(wizard.result_id, "a result of another action is dropped")

    def test_result_of_another_action_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not belong to action"):
            self.log(action_id=self.action_visit.id, result_id=self.result_call_no_answer.id)
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)]))

    def test_end_before_start_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "end time cannot be before the start time"):
            self.log(start_time=11.0, end_time=10.0)
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)]))
        self.assertEqual(len(self.customer.message_ids.filtered(lambda m: "No answer" in (m.body or ""))), 0)

    def test_time_out_of_day_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 00:00 and 23:59"):
            self.log(start_time=24.5)

    def test_archived_customer_is_refused(self):
        self.customer.action_archive()
        with self.assertRaisesRegex(ValidationError, "is archived"):
            self.log()
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)]))

    def test_contact_or_opportunity_of_another_customer_is_refused(self):
        other = self.env["res.partner"].create({"name": "Other Ltda", "is_company": True})
        stranger = self.env["res.partner"].create({"name": "Stranger", "parent_id": other.id})
        with self.assertRaisesRegex(ValidationError, "does not belong to customer Padaria Estrela"):
            self.log(contact_id=stranger.id)
        other_lead = self.env["crm.lead"].create({"name": "Other deal", "type": "opportunity", "partner_id": other.id})
        with self.assertRaisesRegex(ValidationError, "belongs to Other Ltda, not to customer Padaria Estrela"):
            self.log(lead_id=other_lead.id, result_id=self.result_call_refused.id, lost_reason_id=self.lost_reason.id)
        self.assertTrue(other_lead.active, "the other customer's opportunity is not marked lost")
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "in", (self.customer | other).ids)]))

    def test_lead_without_customer_is_refused(self):
        lead = self.env["crm.lead"].create({"name": "Anonymous", "type": "lead"})
        with self.assertRaisesRegex(UserError, "Set a customer"):
            lead.action_open_log_wizard()

    def test_defaults_chain_campaign_action_result_in_the_dialog(self):
        # Opened from an opportunity of a campaign, the dialog proposes the campaign's default action and
        # that action's default result, as the user sees it (onchanges of the form).
        campaign = self.env["utm.campaign"].create({"name": "Black Friday", "default_action_id": self.action_call.id})
        self.opportunity.campaign_id = campaign
        action = self.opportunity.with_user(self.user_analyst).action_open_log_wizard()
        wizard = Form(self.env["crm.action.log.wizard"].with_user(self.user_analyst).with_context(**action["context"]))
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertEqual(wizard.lead_id, self.opportunity)
        self.assertEqual(wizard.campaign_id, campaign)
        self.assertEqual(wizard.action_id, self.action_call)
        self.assertEqual(wizard.result_id, self.result_call_interested)
        wizard.action_id = self.action_visit
        self.assertFalse(wizard.result_id, "the visit has no default result: the call's result is dropped")
