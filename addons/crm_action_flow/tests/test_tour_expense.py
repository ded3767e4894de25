from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogExpenseTour(HttpCase):
    """Browser tour (AF-14): the Log action dialog saves an expense line with the log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activity_type = cls.env["mail.activity.type"].create({"name": "Tour Expense Visit"})
        visit = cls.env["crm.action"].create({"name": "Tour Expense Visit", "activity_type_id": activity_type.id})
        cls.result = cls.env["crm.action.result"].create({"name": "Tour Visited", "action_id": visit.id})
        visit.default_result_id = cls.result
        cls.taxi = cls.env["crm.action.expense.type"].create({"name": "Tour Taxi"})
        cls.customer = cls.env["res.partner"].create({"name": "Armazém Tour", "is_company": True})

    def test_log_a_visit_with_an_expense(self):
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "crm_action_flow_log_expense", login="admin")
        log = self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(log.result_id, self.result)
        self.assertRecordValues(log.expense_ids, [{
            "type_id": self.taxi.id, "expected_amount": 80.0, "actual_amount": 95.5, "note": "Airport taxi",
            "currency_id": log.company_id.currency_id.id, "partner_id": self.customer.id,
            "user_id": self.env.ref("base.user_admin").id,
        }])
