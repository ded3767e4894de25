from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestGrant(LoyaltyCase):
    """LO-1 and LO-2: a loyalty result makes the salesperson the holder; renewals; take-overs."""

    def test_grant_sets_holder_dates_result_and_salesperson(self):
        self.grant(self.ana)
        self.assertRecordValues(self.customer, [{
            "loyalty_user_id": self.ana.id, "loyalty_start": date(2026, 11, 20), "loyalty_end": date(2026, 12, 20),
            "loyalty_renewals": 0, "loyalty_result_id": self.result.id, "user_id": self.ana.id,
            "loyalty_sets_salesperson": True,
        }])
        self.assertIn("holds this customer under loyalty", self.customer.message_ids[0].body)

    def test_action_without_loyalty_grants_nothing(self):
        self.action.grants_loyalty = False
        self.grant(self.ana)
        self.assertFalse(self.customer.loyalty_user_id)
        self.assertFalse(self.customer.user_id)

    def test_renewals_stop_at_the_maximum(self):
        self.grant(self.ana, day=date(2026, 11, 20))
        self.grant(self.ana, day=date(2026, 11, 25))
        self.assertEqual(self.customer.loyalty_renewals, 1)
        self.assertEqual(self.customer.loyalty_end, date(2026, 12, 25))
        self.grant(self.ana, day=date(2026, 11, 30))
        self.assertEqual(self.customer.loyalty_renewals, 2)
        self.assertEqual(self.customer.loyalty_end, date(2026, 12, 30))
        self.grant(self.ana, day=date(2026, 12, 5))
        self.assertEqual(self.customer.loyalty_renewals, 2, "the maximum of 2 renewals is reached")
        self.assertEqual(self.customer.loyalty_end, date(2026, 12, 30))
        self.assertIn("not renewed", self.customer.message_ids[0].body)

    def test_no_renewal_limit(self):
        self.result.loyalty_max_renewals = 0
        for day in (20, 21, 22, 23):
            self.grant(self.ana, day=date(2026, 11, day))
        self.assertEqual(self.customer.loyalty_renewals, 3)

    def test_other_salesperson_is_refused_while_held(self):
        self.grant(self.ana)
        with self.assertRaisesRegex(UserError, "held under loyalty by Ana Vendedora until.*only a sales manager"):
            self.grant(self.bruno, day=date(2026, 11, 25))
        self.assertEqual(self.customer.loyalty_user_id, self.ana)
        self.assertFalse(self.env["crm.action.log"].search([("user_id", "=", self.bruno.id)]))

    def test_manager_takes_over(self):
        self.grant(self.ana)
        self.grant(self.manager, day=date(2026, 11, 25))
        self.assertEqual(self.customer.loyalty_user_id, self.manager)
        self.assertEqual(self.customer.user_id, self.manager)

    def test_expired_loyalty_can_be_taken(self):
        self.grant(self.ana)
        self.grant(self.bruno, day=date(2026, 12, 21))
        self.assertEqual(self.customer.loyalty_user_id, self.bruno)

    def test_salesperson_set_by_hand_is_remembered(self):
        self.grant(self.ana)
        self.customer.user_id = self.bruno
        self.assertFalse(self.customer.loyalty_sets_salesperson)

    def test_working_days_across_weekend_and_public_holiday(self):
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create({
            "name": "Consciência Negra", "calendar_id": calendar.id,
            "date_from": datetime(2026, 11, 23, 0, 0), "date_to": datetime(2026, 11, 23, 23, 59),
        })
        self.result.write({"loyalty_days": 3, "loyalty_working_days": True})
        self.grant(self.ana, day=date(2026, 11, 20))  # Friday
        # Saturday, Sunday and Monday's holiday skipped: Tuesday, Wednesday, Thursday.
        self.assertEqual(self.customer.loyalty_end, date(2026, 11, 26))
        self.result.loyalty_working_days = False
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        self.grant(self.ana, customer=other, day=date(2026, 11, 20))
        self.assertEqual(other.loyalty_end, date(2026, 11, 23))
