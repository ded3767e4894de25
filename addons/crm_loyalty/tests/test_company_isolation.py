from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_action_flow.tests.common import other_company_user

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCompanyIsolation(LoyaltyCase):
    """X-6: the category history of a company A customer is out of reach from company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b, cls.analyst_b = other_company_user(cls.env, "lo_analyst_b")
        cls.customer.company_id = cls.env.company
        History = cls.env["crm.loyalty.category.history"]
        cls.history_a = History.create({
            "partner_id": cls.customer.id, "category_to": "active", "date": date(2026, 11, 20), "cause": "first",
        })
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Cliente B", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.history_b = History.create({
            "partner_id": cls.customer_b.id, "category_to": "prospect", "date": date(2026, 11, 20), "cause": "first",
        })

    def test_b_cannot_read_a_category_history(self):
        History = self.env["crm.loyalty.category.history"].with_user(self.analyst_b)
        self.assertEqual(History.search([("partner_id", "in", (self.customer | self.customer_b).ids)]), self.history_b)
        with self.assertRaises(AccessError):
            self.history_a.with_user(self.analyst_b).read(["category_to"])
        as_a = self.env["crm.loyalty.category.history"].with_user(self.ana)
        self.assertEqual(as_a.search([("partner_id", "=", self.customer.id)]), self.history_a,
                         "company A's salespeople read it")
