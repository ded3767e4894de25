from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestCampaignFlow(ActionFlowCase):
    """AF-13: a campaign restricts the actions it offers and overrides a result's next action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["utm.campaign"].create({
            "name": "AF Black Friday",
            "campaign_action_ids": [
                (0, 0, {"action_id": cls.action_call.id, "default_result_id": cls.result_call_no_answer.id}),
            ],
        })

    def test_offered_actions_only(self):
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).create({
            "partner_id": self.customer.id, "campaign_id": self.campaign.id,
            "action_id": self.action_call.id, "result_id": self.result_call_no_answer.id,
        })
        self.assertEqual(wizard.allowed_action_ids, self.action_call)
        wizard.campaign_id = False
        self.assertFalse(wizard.allowed_action_ids, "without campaign every action is offered")

    def test_logging_an_action_the_campaign_does_not_offer_is_refused(self):
        count = self.env["crm.action.log"].sudo().search_count([])
        with self.assertRaisesRegex(ValidationError, "does not offer action “Visit”; it offers: Call"):
            self.log(campaign_id=self.campaign.id, action_id=self.action_visit.id,
                     result_id=self.result_visit_positive.id)
        # The same refusal through the API, without the dialog.
        with self.assertRaisesRegex(ValidationError, "does not offer action"):
            self.env["crm.action.log"].with_user(self.user_analyst).create({
                "partner_id": self.customer.id, "campaign_id": self.campaign.id,
                "action_id": self.action_visit.id, "result_id": self.result_visit_positive.id,
            })
        self.assertEqual(self.env["crm.action.log"].sudo().search_count([]), count, "nothing written")
        log, _wizard, _action = self.log(campaign_id=self.campaign.id)
        self.assertEqual(log.campaign_id, self.campaign)

    def test_campaign_defaults_of_the_action(self):
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).new(
            {"partner_id": self.customer.id, "campaign_id": self.campaign.id, "action_id": self.action_call.id}
        )
        wizard._onchange_action_id()
        self.assertEqual(wizard.result_id, self.result_call_no_answer, "the campaign's result, not the action's")

    def test_default_action_must_be_offered(self):
        with self.assertRaisesRegex(ValidationError, "must be one of the actions it offers"):
            self.campaign.default_action_id = self.action_visit
        self.campaign.default_action_id = self.action_call
        with self.assertRaisesRegex(ValidationError, "must be one of its own results"):
            self.campaign.campaign_action_ids.default_result_id = self.result_visit_positive

    @freeze_time("2026-11-20 15:00:00")
    def test_campaign_overrides_the_next_action_of_a_result(self):
        self.campaign.campaign_action_ids = [(0, 0, {"action_id": self.action_visit.id})]
        self.env["crm.campaign.flow"].create({
            "campaign_id": self.campaign.id, "result_id": self.result_visit_positive.id,
            "next_action_mode": "automatic", "next_action_id": self.action_visit.id,
        })
        log, _wizard, action = self.log(
            campaign_id=self.campaign.id, action_id=self.action_visit.id, result_id=self.result_visit_positive.id,
            start_time=10.0,
        )
        self.assertEqual(action["type"], "ir.actions.act_window_close", "automatic for this campaign: no prompt")
        self.assertRecordValues(log.next_activity_id, [{
            "activity_type_id": self.type_visit.id, "date_deadline": date(2026, 11, 22),
        }])
        # Without the campaign the result still prompts.
        _log, wizard, action = self.log(action_id=self.action_visit.id, result_id=self.result_visit_positive.id)
        self.assertEqual(wizard.step, "next")

    @freeze_time("2026-11-20 15:00:00")
    def test_campaign_may_switch_off_a_next_action(self):
        self.env["crm.campaign.flow"].create({
            "campaign_id": self.campaign.id, "result_id": self.result_call_interested.id, "next_action_mode": "none",
        })
        log, _wizard, _action = self.log(campaign_id=self.campaign.id, result_id=self.result_call_interested.id)
        self.assertFalse(log.next_activity_id)
        self.assertFalse(self.customer_activities())

    def test_flow_needs_an_action_that_schedules_followups(self):
        self.result_call_interested.next_action_mode = "none"  # no result of Call plans a next action itself
        self.action_call.schedules_followup = False
        with self.assertRaisesRegex(ValidationError, "does not schedule follow-ups"):
            self.env["crm.campaign.flow"].create({
                "campaign_id": self.campaign.id, "result_id": self.result_call_no_answer.id,
                "next_action_mode": "prompt",
            })
        self.assertFalse(self.campaign.flow_ids)

    def test_one_override_per_result(self):
        Flow = self.env["crm.campaign.flow"]
        Flow.create({"campaign_id": self.campaign.id, "result_id": self.result_call_no_answer.id})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            Flow.create({"campaign_id": self.campaign.id, "result_id": self.result_call_no_answer.id})

    def test_campaign_flows_are_configured_by_administrators(self):
        for user in (self.user_analyst, self.user_readonly):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.campaign.with_user(user).write({
                    "flow_ids": [(0, 0, {"result_id": self.result_call_no_answer.id})],
                })
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.campaign.with_user(user).write(
                    {"campaign_action_ids": [(0, 0, {"action_id": self.action_visit.id})]}
                )
        self.assertFalse(self.campaign.flow_ids)
        self.assertEqual(self.campaign.campaign_action_ids.action_id, self.action_call)
        self.campaign.with_user(self.user_admin_profile).write({
            "flow_ids": [(0, 0, {"result_id": self.result_call_no_answer.id, "next_action_mode": "automatic"})],
        })
        self.assertEqual(self.campaign.flow_ids.next_action_mode, "automatic")
