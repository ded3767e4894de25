from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_action_flow.tests.common import other_company_user

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestCompanyIsolation(PortfolioCase):
    """X-6: the status history (PO-9) of a company A customer is out of reach from company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b, cls.analyst_b = other_company_user(cls.env, "po_analyst_b")
        cls.acme.company_id = cls.env.company

    def test_b_cannot_read_a_status_history(self):
        self.env["crm.portfolio.status.history"].create(
            {"partner_id": self.acme.id, "state": "cancelled", "date": "2026-11-20", "reason": "Closed the shop"}
        )
        history = self.acme.status_history_ids
        self.assertTrue(history)
        History = self.env["crm.portfolio.status.history"].with_user(self.analyst_b)
        self.assertFalse(History.search([("partner_id", "=", self.acme.id)]))
        with self.assertRaises(AccessError):
            history.with_user(self.analyst_b).read(["reason"])
        as_a = self.env["crm.portfolio.status.history"].with_user(self.analyst)
        self.assertEqual(as_a.search([("partner_id", "=", self.acme.id)]), history, "company A's analysts read it")
