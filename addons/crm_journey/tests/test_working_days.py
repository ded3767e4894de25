from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestWorkingDays(JourneyCase):
    """JO-9: deadlines in working days of the company calendar, public holidays skipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.company.resource_calendar_id
        cls.calendar.tz = "UTC"
        cls.journey.day_count = "working"

    def _enter_on_thursday(self):
        with freeze_time("2026-04-02"):  # a Thursday
            self.customer.journey_id = self.journey
        return self.milestone(self.customer, "Welcome call"), self.milestone(self.customer, "Contract signed")

    def test_across_a_weekend(self):
        welcome, contract = self._enter_on_thursday()
        # 2 working days after Thursday: Friday, Monday
        self.assertEqual(welcome.due_date, date(2026, 4, 6))
        # 5 working days: Fri, Mon, Tue, Wed, Thu
        self.assertEqual(contract.due_date, date(2026, 4, 9))

    def test_across_a_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Good Friday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 4, 3, 0, 0),
                "date_to": datetime(2026, 4, 3, 23, 59),
            }
        )
        welcome, contract = self._enter_on_thursday()
        self.assertEqual(welcome.due_date, date(2026, 4, 7))
        self.assertEqual(contract.due_date, date(2026, 4, 10))
        self.assertEqual(self.customer.journey_stage_due_date, date(2026, 4, 10))

    def test_calendar_days_ignore_weekends(self):
        self.journey.day_count = "calendar"
        welcome, contract = self._enter_on_thursday()
        self.assertEqual(welcome.due_date, date(2026, 4, 4))
        self.assertEqual(contract.due_date, date(2026, 4, 7))
