from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLeadEffects(ActionFlowCase):
    """AF-5 lost, AF-6 stage move, AF-7 lead qualification."""

    def test_negative_result_marks_the_opportunity_lost(self):
        log, _wizard, _action = self.log(
            result_id=self.result_call_refused.id, lead_id=self.opportunity.id, lost_reason_id=self.lost_reason.id
        )
        self.assertFalse(self.opportunity.active)
        self.assertEqual(self.opportunity.lost_reason_id, self.lost_reason)
        self.assertEqual(log.lost_reason_id, self.lost_reason)

    def test_negative_result_uses_the_result_lost_reason(self):
        self.result_call_refused.lost_reason_id = self.lost_reason
        self.log(result_id=self.result_call_refused.id, lead_id=self.opportunity.id)
        self.assertEqual(self.opportunity.lost_reason_id, self.lost_reason)

    def test_negative_result_without_lost_reason_is_refused(self):
        with self.assertRaisesRegex(UserError, "a lost reason is required"):
            self.log(result_id=self.result_call_refused.id, lead_id=self.opportunity.id)
        self.assertTrue(self.opportunity.active)
        self.assertFalse(self.env["crm.action.log"].search([("lead_id", "=", self.opportunity.id)]))

    def test_result_moves_the_opportunity_to_its_stage(self):
        self.log(result_id=self.result_call_interested.id, lead_id=self.opportunity.id)
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)

    def test_qualification_converts_the_lead(self):
        campaign = self.env["utm.campaign"].create({"name": "Fair 2026"})
        self.env["crm.qualification.rule"].create({
            "campaign_id": campaign.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id, "effect": "convert",
        })
        lead = self.env["crm.lead"].create({"name": "Fair visitor", "type": "lead", "partner_id": self.customer.id})
        other = self.env["crm.lead"].create({"name": "Other", "type": "lead", "partner_id": self.customer.id})
        self.log(result_id=self.result_call_no_answer.id, lead_id=lead.id, campaign_id=campaign.id)
        self.assertEqual(lead.type, "opportunity")
        self.log(result_id=self.result_call_no_answer.id, lead_id=other.id)
        self.assertEqual(other.type, "lead", "another campaign does not match the rule")

    def test_qualification_sets_a_stage(self):
        self.env["crm.qualification.rule"].create({
            "action_id": self.action_call.id, "result_id": self.result_call_no_answer.id,
            "effect": "stage", "stage_id": self.stage_proposition.id,
        })
        lead = self.env["crm.lead"].create({"name": "Walk-in", "type": "lead", "partner_id": self.customer.id})
        self.log(result_id=self.result_call_no_answer.id, lead_id=lead.id)
        self.assertEqual(lead.stage_id, self.stage_proposition)
        self.assertEqual(lead.type, "lead")

    def test_qualification_rule_result_must_belong_to_action(self):
        with self.assertRaisesRegex(Exception, "must belong to its action"):
            self.env["crm.qualification.rule"].create({
                "action_id": self.action_visit.id, "result_id": self.result_call_no_answer.id,
            })
