from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestLogAuthorLoyalty(LoyaltyCase):
    """X-6: logging a loyalty result "for" someone else does not make them holder; a manager may, explicitly."""

    def log_for(self, author, salesperson):
        return self.env["crm.action.log"].with_user(author).create({
            "partner_id": self.customer.id, "action_id": self.action.id, "result_id": self.result.id,
            "user_id": salesperson.id,
        })

    def test_analyst_logging_for_another_salesperson_grants_nothing(self):
        with self.assertRaisesRegex(AccessError, "A log is by its author"):
            self.log_for(self.ana, self.bruno)
        self.assertRecordValues(self.customer, [{"loyalty_user_id": False, "user_id": False}])
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)]))

    def test_manager_logs_for_a_salesperson_who_becomes_holder(self):
        self.log_for(self.manager, self.bruno)
        self.assertRecordValues(self.customer, [{"loyalty_user_id": self.bruno.id, "user_id": self.bruno.id}])
        self.assertTrue(any("Logged by Gerente for Bruno Vendedor" in body
                            for body in self.customer.message_ids.mapped("body")))
