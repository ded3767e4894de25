from freezegun import freeze_time

from odoo.tests import tagged, users

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestQueryCount(ActionFlowCase):
    """Logging one action costs a fixed number of queries, whatever the size of the history."""

    def _log_once(self):
        self.env["crm.action.log"].create({
            "partner_id": self.customer.id, "lead_id": self.opportunity.id, "action_id": self.action_call.id,
            "result_id": self.result_call_interested.id, "start_time": 9.0,
        })

    @freeze_time("2026-11-20 15:00:00")
    @users("af_analyst")
    def test_log_with_next_action_and_stage_move(self):
        self.env.invalidate_all()
        self.customer = self.customer.with_env(self.env)
        self.opportunity = self.opportunity.with_env(self.env)
        self._log_once()  # warm caches
        self.opportunity.with_context(crm_action_flow_skip_cycle=True).stage_id = self.stage_new
        self.env.invalidate_all()
        # 42 with the four addons installed (the whole suite), 38 with crm_action_flow alone.
        with self.assertQueryCount(af_analyst=42):
            self._log_once()
        # A long history does not make the next log dearer.
        self.env["crm.action.log"].sudo().create([{
            "partner_id": self.customer.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id,
        } for _i in range(30)])
        self.opportunity.with_context(crm_action_flow_skip_cycle=True).stage_id = self.stage_new
        self.env.invalidate_all()
        with self.assertQueryCount(af_analyst=42):  # the same as the first log
            self._log_once()
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)
