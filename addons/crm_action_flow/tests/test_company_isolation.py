from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ActionFlowCase, other_company_user


@tagged("post_install", "-at_install", "crm_action_flow")
class TestCompanyIsolation(ActionFlowCase):
    """X-6: actions, results, logs and answers of company A are invisible and unusable from company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b, cls.analyst_b = other_company_user(cls.env, "af_analyst_b")
        # Company A's own action (with its result) and an A customer; B has its own customer.
        cls.action_a = cls.env["crm.action"].create({"name": "Visita A", "company_id": cls.company_a.id})
        cls.result_a = cls.env["crm.action.result"].create({"name": "Feita", "action_id": cls.action_a.id})
        cls.customer.company_id = cls.company_a
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Cliente B", "is_company": True, "company_id": cls.company_b.id}
        )

    def logs_of(self, customer):
        return self.env["crm.action.log"].search([("partner_id", "=", customer.id)])

    def test_company_a_action_and_result_are_hidden_from_b(self):
        Action = self.env["crm.action"].with_user(self.analyst_b)
        self.assertNotIn(self.action_a, Action.search([]))
        self.assertIn(self.action_call, Action.search([]), "actions without a company are shared")
        self.assertNotIn(self.result_a, self.env["crm.action.result"].with_user(self.analyst_b).search([]))
        with self.assertRaises(AccessError):
            self.action_a.with_user(self.analyst_b).read(["name"])
        self.assertIn(self.action_a, self.env["crm.action"].with_user(self.user_analyst).search([]))

    def test_b_cannot_use_a_company_a_action_in_a_log(self):
        # Refused either as an unreadable record or as an inconsistent company, whichever is checked first.
        with self.assertRaisesRegex(UserError, "Incompatible companies|multi-company"):
            self.log(user=self.analyst_b, partner_id=self.customer_b.id,
                     action_id=self.action_a.id, result_id=self.result_a.id)
        self.assertFalse(self.logs_of(self.customer_b))
        # The shared action is fine, and the log belongs to the customer's company.
        log, _wizard, _action = self.log(user=self.analyst_b, partner_id=self.customer_b.id)
        self.assertEqual(log.company_id, self.company_b)

    def test_b_cannot_log_on_a_company_a_customer(self):
        with self.assertRaises(AccessError):
            self.env["crm.action.log"].with_user(self.analyst_b).create({
                "partner_id": self.customer.id, "action_id": self.action_call.id,
                "result_id": self.result_call_no_answer.id,
            })
        self.assertFalse(self.logs_of(self.customer))

    def test_a_result_cannot_chain_to_another_company_action(self):
        action_b = self.env["crm.action"].create({"name": "Visita B", "company_id": self.company_b.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.result_a.next_action_id = action_b
        self.assertFalse(self.result_a.next_action_id)

    def test_a_logs_and_answers_are_hidden_from_b(self):
        log, _wizard, _action = self.log(user=self.user_analyst)
        self.assertEqual(log.company_id, self.company_a, "the customer's company")
        self.opportunity.company_id = self.company_a
        question = self.env["crm.stage.question"].create(
            {"name": "Budget?", "stage_id": self.stage_new.id, "answer_type": "text"}
        )
        answer = self.env["crm.lead.answer"].create({"lead_id": self.opportunity.id, "question_id": question.id})
        self.assertFalse(self.env["crm.action.log"].with_user(self.analyst_b).search([("id", "=", log.id)]))
        self.assertFalse(self.env["crm.lead.answer"].with_user(self.analyst_b).search([("id", "=", answer.id)]))
        with self.assertRaises(AccessError):
            answer.with_user(self.analyst_b).value_text = "written from B"
        self.assertFalse(answer.value_text)
