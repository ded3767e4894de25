"""Brazil's national public holidays on a company calendar, skipped by the working-day rules (AF-3)."""

from datetime import date, datetime, timedelta
from unittest import TestCase

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.public_holidays import brazil_national_holidays, easter_date

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestPublicHolidayRules(TestCase):
    def test_easter_dates(self):
        for year, easter in ((2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
                             (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))):
            with self.subTest(year=year):
                self.assertEqual(easter_date(year), easter)
                self.assertEqual(easter_date(year).weekday(), 6, "a Sunday")

    def test_easter_before_the_gregorian_calendar_is_refused(self):
        with self.assertRaisesRegex(ValueError, "from 1583 on"):
            easter_date(1500)

    def test_holidays_of_2026(self):
        holidays = dict(brazil_national_holidays(2026))
        self.assertEqual(len(holidays), 13)
        self.assertEqual(holidays[date(2026, 2, 16)], "Carnaval (segunda-feira)")
        self.assertEqual(holidays[date(2026, 2, 17)], "Carnaval (terça-feira)")
        self.assertEqual(holidays[date(2026, 4, 3)], "Sexta-feira Santa")
        self.assertEqual(holidays[date(2026, 6, 4)], "Corpus Christi")
        self.assertEqual(holidays[date(2026, 11, 20)], "Dia Nacional de Zumbi e da Consciência Negra")
        for day in (date(2026, 1, 1), date(2026, 4, 21), date(2026, 5, 1), date(2026, 9, 7), date(2026, 10, 12),
                    date(2026, 11, 2), date(2026, 11, 15), date(2026, 12, 25)):
            self.assertIn(day, holidays)
        self.assertEqual([day for day, _name in brazil_national_holidays(2026)], sorted(holidays))

    def test_black_consciousness_is_national_from_2024(self):
        self.assertNotIn(date(2023, 11, 20), dict(brazil_national_holidays(2023)))
        self.assertIn(date(2024, 11, 20), dict(brazil_national_holidays(2024)))

    def test_movable_holidays_follow_easter(self):
        for year in range(2020, 2040):
            easter = easter_date(year)
            holidays = dict(brazil_national_holidays(year))
            with self.subTest(year=year):
                self.assertIn(easter - timedelta(days=47), holidays, "Carnival Tuesday")
                self.assertEqual((easter - timedelta(days=48)).weekday(), 0, "Carnival Monday is a Monday")
                self.assertEqual((easter + timedelta(days=60)).weekday(), 3, "Corpus Christi is a Thursday")


@tagged("post_install", "-at_install", "crm_action_flow")
class TestCompanyHolidays(ActionFlowCase):
    def setUp(self):
        super().setUp()
        self.calendar = self.env.company.resource_calendar_id
        self.calendar.tz = "America/Sao_Paulo"

    def test_holidays_become_whole_local_days_once(self):
        created = self.env.company._retention_add_brazil_holidays([2026, 2027])
        self.assertEqual(created, 26)
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("name", "=", "Carnaval (terça-feira)")], order="date_from")
        self.assertEqual(len(leaves), 2)
        # 17 February 2026 in São Paulo (UTC-3): 03:00 UTC to 02:59:59 UTC the next day.
        self.assertEqual(leaves[0].date_from, datetime(2026, 2, 17, 3, 0))
        self.assertEqual(leaves[0].date_to, datetime(2026, 2, 18, 2, 59, 59))
        self.assertFalse(leaves.resource_id)
        self.assertEqual(self.env.company._retention_add_brazil_holidays([2026, 2027]), 0, "nothing twice")

    @freeze_time("2026-02-13 15:00:00")
    def test_next_action_in_working_days_skips_carnival(self):
        self.env.company._retention_add_brazil_holidays([2026])
        self.result_call_interested.write({"period_type": "working_days", "period": 1})
        self.log(result_id=self.result_call_interested.id, start_time=10.0)
        # Friday 13 February + 1 working day: the weekend and Carnival Monday and Tuesday skipped.
        self.assertEqual(self.customer_activities().date_deadline, date(2026, 2, 18))
