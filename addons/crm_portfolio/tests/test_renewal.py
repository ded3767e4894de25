from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.models import portfolio_rules

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestRenewal(PortfolioCase):
    """PO-12: customer since and next renewal from the won recurring opportunities (else typed), renews in N
    days, the renewal filters and segments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yearly = cls.env["crm.recurring.plan"].create({"name": "Yearly test", "number_of_months": 12})
        cls.monthly = cls.env.ref("crm.crm_recurring_plan_monthly")

    def won(self, partner, closed, plan, revenue=100):
        lead = self.env["crm.lead"].create({
            "name": f"Contract {partner.name}", "type": "opportunity", "partner_id": partner.id,
            "recurring_revenue": revenue, "recurring_plan": plan.id if plan else False,
        })
        lead.action_set_won()
        lead.date_closed = closed
        return lead

    def test_rules(self):
        self.assertEqual(portfolio_rules.add_months(date(2026, 1, 31), 1), date(2026, 2, 28))
        self.assertEqual(portfolio_rules.add_months(date(2025, 11, 15), 14), date(2027, 1, 15))
        self.assertEqual(
            portfolio_rules.contract_dates([(date(2025, 3, 1), 12), (date(2026, 1, 10), 1), (date(2026, 2, 1), 0)]),
            (date(2025, 3, 1), date(2026, 3, 1)),
        )
        self.assertEqual(portfolio_rules.contract_dates([]), (None, None))
        self.assertEqual(portfolio_rules.renews_in_days(date(2026, 3, 1), date(2026, 2, 20)), 9)
        self.assertEqual(portfolio_rules.renews_in_days(date(2026, 3, 1), date(2026, 3, 5)), -4)
        self.assertEqual(portfolio_rules.renews_in_days(None, date(2026, 3, 5)), 0)

    def test_dates_from_won_recurring_opportunities(self):
        contact = self.env["res.partner"].create({"name": "Contact", "parent_id": self.acme.id})
        self.won(self.acme, datetime(2025, 3, 1, 10), self.yearly)
        self.assertEqual((self.acme.customer_since, self.acme.next_renewal_date), (date(2025, 3, 1), date(2026, 3, 1)))
        # A renewal won later through a contact pushes the next renewal; customer since stays.
        self.won(contact, datetime(2026, 2, 20, 10), self.yearly)
        self.assertEqual((self.acme.customer_since, self.acme.next_renewal_date), (date(2025, 3, 1), date(2027, 2, 20)))

    def test_typed_without_plan_and_kept(self):
        self.won(self.bolt, datetime(2025, 3, 1), False)
        self.assertFalse(self.bolt.next_renewal_date, "no plan: nothing computed")
        self.bolt.with_user(self.analyst).write({"customer_since": "2020-05-01", "next_renewal_date": "2026-05-01"})
        self.won(self.bolt, datetime(2025, 6, 1), False)
        self.assertEqual((self.bolt.customer_since, self.bolt.next_renewal_date), (date(2020, 5, 1), date(2026, 5, 1)))

    @freeze_time("2026-03-10")
    def test_renews_in_days_and_filters(self):
        dates = {self.acme: "2026-03-01", self.bolt: "2026-03-25", self.cafe: "2026-05-20"}
        for partner, renewal in dates.items():
            partner.next_renewal_date = renewal
        self.assertEqual([p.renews_in_days for p in dates], [-9, 15, 71])
        view = self.env.ref("crm_portfolio.res_partner_customer_base_view_search")
        for name in ("renewal_overdue", "renewal_this_month", "renewal_30", "renewal_60", "renewal_90"):
            self.assertIn(f'name="{name}"', view.arch)
        ours = [("id", "in", [p.id for p in dates])]
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.search(ours + [("next_renewal_date", "<", "2026-03-10")]), self.acme)
        self.assertEqual(Partner.search(ours + [("next_renewal_date", ">=", "2026-03-10"),
                                                ("next_renewal_date", "<=", "2026-04-09")]), self.bolt)

    def test_usable_in_segments(self):
        self.acme.next_renewal_date = "2026-04-01"
        self.bolt.customer_since = "2019-01-01"
        segment = self.env["crm.portfolio.segment"].create({
            "name": "Renewing in April", "domain": "[('next_renewal_date', '>=', '2026-04-01'), "
                                                   "('next_renewal_date', '<', '2026-05-01')]",
        })
        self.assertEqual(self.env["res.partner"].search([("segment_id", "=", segment.id)]), self.acme)
        self.assertEqual(self.env["res.partner"].search([("customer_since", "<", "2020-01-01"),
                                                        ("id", "=", self.bolt.id)]), self.bolt)

    def test_bad_dates(self):
        with freeze_time("2026-03-10"):
            with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
                self.acme.write({"customer_since": "2026-03-11", "next_renewal_date": "2026-04-01"})
            for bad in ("1800-01-01", "2046-01-01"):
                with self.assertRaisesRegex(ValidationError, "Next renewal"):
                    self.acme.write({"next_renewal_date": bad})
            with self.assertRaisesRegex(ValidationError, "Customer Since"):
                self.env["res.partner"].create({"name": "Old", "is_company": True, "customer_since": "1800-01-01"})
        self.acme.invalidate_recordset()
        self.assertEqual((self.acme.customer_since, self.acme.next_renewal_date), (False, False), "nothing written")

    def test_read_only_users_cannot_type_them(self):
        with self.assertRaises(AccessError):
            self.acme.with_user(self.readonly).write({"next_renewal_date": "2026-05-01"})
        self.assertFalse(self.acme.next_renewal_date)
