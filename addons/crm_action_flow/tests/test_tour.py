from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogActionTour(HttpCase):
    """Browser tour: log a visit from the partner form and plan the prompted next action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activity_type = cls.env["mail.activity.type"].create({"name": "Tour Call"})
        call = cls.env["crm.action"].create({"name": "Tour Call", "activity_type_id": activity_type.id})
        visit = cls.env["crm.action"].create(
            {"name": "Tour Visit", "activity_type_id": activity_type.id, "schedules_followup": True}
        )
        cls.result = cls.env["crm.action.result"].create({
            "name": "Tour Proposal", "action_id": visit.id, "outcome": "positive",
            "next_action_mode": "prompt", "next_action_id": call.id, "period": 2,
        })
        cls.customer = cls.env["res.partner"].create({"name": "Mercado Tour", "is_company": True})
        cls.call = call
        cls.no_answer = cls.env["crm.action.result"].create({"name": "Tour No answer", "action_id": call.id})
        cls.activity_type = activity_type

    def test_log_visit_with_prompted_next_action(self):
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "crm_action_flow_log_visit", login="admin")
        log = self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(log.result_id, self.result)
        self.assertEqual(log.detail, "Showroom visit, wants a proposal")
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(activity.summary, "Send the proposal")
        self.assertEqual(log.next_activity_id, activity)

    def test_done_and_log_action_from_an_activity(self):
        activity = self.customer.activity_schedule(
            activity_type_id=self.activity_type.id, summary="Call the baker", user_id=self.env.ref("base.user_admin").id
        )
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "crm_action_flow_done_and_log", login="admin")
        log = self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])
        self.assertRecordValues(log, [{"action_id": self.call.id, "result_id": self.no_answer.id}])
        self.assertFalse(activity.exists(), "the activity is done")
