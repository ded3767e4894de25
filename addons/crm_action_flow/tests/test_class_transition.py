from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestClassTransition(ActionFlowCase):
    """AF-8: the N-th log of a result while in a class moves the account to the next class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Class = cls.env["crm.account.class"]
        cls.suspect = Class.create({"name": "Suspect", "sequence": 1})
        cls.prospect = Class.create({"name": "Prospect", "sequence": 2})
        cls.client = Class.create({"name": "Customer", "sequence": 3})
        cls.env["crm.account.class.rule"].create(
            {"class_id": cls.suspect.id, "result_id": cls.result_call_interested.id, "count": 2}
        )
        cls.env["crm.account.class.rule"].create(
            {"class_id": cls.prospect.id, "result_id": cls.result_call_interested.id, "count": 1,
             "next_class_id": cls.client.id}
        )
        cls.customer.account_class_id = cls.suspect

    def test_account_moves_at_the_nth_log(self):
        self.log(result_id=self.result_call_interested.id)
        self.assertEqual(self.customer.account_class_id, self.suspect)
        self.log(result_id=self.result_call_no_answer.id)
        self.assertEqual(self.customer.account_class_id, self.suspect, "other results do not count")
        self.log(result_id=self.result_call_interested.id)
        self.assertEqual(self.customer.account_class_id, self.prospect)
        self.assertTrue(
            any("Class changed from Suspect to Prospect" in (m.body or "") for m in self.customer.message_ids)
        )
        # Logs made while in the previous class do not count for the new one.
        self.log(result_id=self.result_call_interested.id)
        self.assertEqual(self.customer.account_class_id, self.client)

    def test_logs_of_other_salespeople_count_for_own_documents_users(self):
        # The customer belongs to another salesperson: an own-documents user does not see that one's
        # logs, but they still count towards the transition.
        self.customer.user_id = self.user_own_other
        self.log(user=self.user_own_other, result_id=self.result_call_interested.id)
        self.assertEqual(self.customer.account_class_id, self.suspect)
        self.log(user=self.user_own, result_id=self.result_call_interested.id)
        self.assertEqual(self.customer.account_class_id, self.prospect)

    def test_account_without_class_stays_without(self):
        self.customer.account_class_id = False
        self.log(result_id=self.result_call_interested.id)
        self.log(result_id=self.result_call_interested.id)
        self.assertFalse(self.customer.account_class_id)

    def test_rule_count_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "Number of Results must be between 1 and 1000"):
            self.env["crm.account.class.rule"].create(
                {"class_id": self.client.id, "result_id": self.result_call_refused.id, "count": 0}
            )
