from datetime import date
from unittest import TestCase

from odoo.tests import tagged

from odoo.addons.crm_loyalty.models import loyalty_rules as rules


@tagged("post_install", "-at_install", "crm_loyalty")
class TestLoyaltyRules(TestCase):
    def test_categorize(self):
        today = date(2026, 11, 22)
        self.assertEqual(rules.categorize(None, today, 90, 180), rules.PROSPECT)
        self.assertEqual(rules.categorize(date(2026, 8, 24), today, 90, 180), rules.ACTIVE)  # 90 days
        self.assertEqual(rules.categorize(date(2026, 8, 23), today, 90, 180), rules.RECENTLY_INACTIVE)
        self.assertEqual(rules.categorize(date(2026, 5, 26), today, 90, 180), rules.RECENTLY_INACTIVE)  # 180
        self.assertEqual(rules.categorize(date(2026, 5, 25), today, 90, 180), rules.INACTIVE)

    def test_loyalty_end(self):
        self.assertEqual(rules.loyalty_end(date(2026, 11, 20), 10), date(2026, 11, 30))
        self.assertEqual(rules.loyalty_end(date(2026, 11, 20), 2, lambda d, s: date(2026, 11, 25)), date(2026, 11, 25))
        self.assertEqual(rules.loyalty_end(date(2026, 11, 20), 0, lambda d, s: None), date(2026, 11, 20))

    def test_renewal_allowed(self):
        self.assertTrue(rules.renewal_allowed(5, 0))
        self.assertTrue(rules.renewal_allowed(1, 2))
        self.assertFalse(rules.renewal_allowed(2, 2))

    def test_extension_applies(self):
        self.assertTrue(rules.extension_applies(True, False))
        self.assertTrue(rules.extension_applies(False, True))
        self.assertFalse(rules.extension_applies(False, False))

    def test_cooldown_and_warning(self):
        self.assertTrue(rules.in_cooldown(date(2026, 11, 1), 30, date(2026, 11, 30)))
        self.assertFalse(rules.in_cooldown(date(2026, 11, 1), 30, date(2026, 12, 1)))
        self.assertFalse(rules.in_cooldown(date(2026, 11, 1), 0, date(2026, 11, 2)))
        self.assertEqual(rules.warning_date(date(2026, 12, 10), 5), date(2026, 12, 5))
        self.assertIsNone(rules.warning_date(date(2026, 12, 10), 0))
