from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestSettingsEffects(LoyaltyCase):
    """LO-2 and LO-9 settings that refuse a loyalty: ERP owner, ignored users, cap, cooldown."""

    def test_erp_owner_is_absolute(self):
        self.customer.user_id = self.bruno  # set by hand
        self.set_settings(erp_owner_absolute=True)
        with self.assertRaisesRegex(UserError, "belongs to Bruno Vendedor in the ERP"):
            self.grant(self.ana)
        self.assertFalse(self.customer.loyalty_user_id)
        self.grant(self.bruno)
        self.assertEqual(self.customer.loyalty_user_id, self.bruno, "the owner himself may")

    def test_erp_owner_not_absolute_by_default(self):
        self.customer.user_id = self.bruno
        self.grant(self.ana)
        self.assertEqual(self.customer.user_id, self.ana)

    def test_ignored_erp_user_does_not_block(self):
        self.customer.user_id = self.bruno
        self.set_settings(erp_owner_absolute=True, ignored_user_ids=str(self.bruno.id))
        self.grant(self.ana)
        self.assertEqual(self.customer.loyalty_user_id, self.ana)

    def test_cap_of_customers_held(self):
        self.set_settings(max_customers=1)
        other = self.env["res.partner"].create({"name": "Second", "is_company": True})
        self.grant(self.ana)
        with self.assertRaisesRegex(UserError, "already holds 1 customers under loyalty"):
            self.grant(self.ana, customer=other)
        self.assertFalse(other.loyalty_user_id)
        # Once the first loyalty has ended, the cap no longer applies.
        self.grant(self.ana, customer=other, day=date(2026, 12, 21))
        self.assertEqual(other.loyalty_user_id, self.ana)

    def test_cooldown_after_release(self):
        self.set_settings(cooldown_days=10)
        self.grant(self.ana)
        self.env["res.partner"]._action_categorize(today=date(2026, 12, 21), commit=False)
        self.assertFalse(self.customer.loyalty_user_id)
        self.assertEqual(self.customer.loyalty_released_user_id, self.ana)
        with self.assertRaisesRegex(UserError, "cannot take it again before 2026-12-31"):
            self.grant(self.ana, day=date(2026, 12, 25))
        self.grant(self.bruno, day=date(2026, 12, 25))
        self.assertEqual(self.customer.loyalty_user_id, self.bruno, "others may take it")
        other = self.env["res.partner"].create({"name": "Third", "is_company": True})
        self.grant(self.ana, customer=other)
        self.env["res.partner"]._action_categorize(today=date(2026, 12, 21), commit=False)
        self.grant(self.ana, customer=other, day=date(2026, 12, 31))
        self.assertEqual(other.loyalty_user_id, self.ana, "allowed again after the cooldown")
