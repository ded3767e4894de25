from datetime import date, datetime

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from odoo.addons.crm_journey.models import journey_rules as rules


@tagged("post_install", "-at_install", "crm_journey")
class TestJourneyRules(BaseCase):
    """Pure rules: due dates, statuses, days in stage, time steps (JO-2 … JO-5, JO-7, JO-9)."""

    def test_calendar_due_date(self):
        self.assertEqual(rules.calendar_due_date(date(2026, 3, 2), 5), date(2026, 3, 7))

    def test_working_due_date_starts_day_after_entry(self):
        calls = []

        def plan_days(days, start):
            calls.append((days, start))
            return date(2026, 3, 9)

        self.assertEqual(rules.working_due_date(date(2026, 3, 6), 1, plan_days), date(2026, 3, 9))
        self.assertEqual(calls, [(1, date(2026, 3, 7))])

    def test_milestone_status(self):
        today = date(2026, 3, 10)
        self.assertEqual(rules.milestone_status(date(2026, 3, 9), None, today), rules.LATE)
        self.assertEqual(rules.milestone_status(date(2026, 3, 10), None, today), rules.TODAY)
        self.assertEqual(rules.milestone_status(date(2026, 3, 11), None, today), rules.ON_TIME)
        self.assertEqual(rules.milestone_status(date(2026, 3, 1), date(2026, 3, 5), today), rules.DONE)

    def test_done_late(self):
        self.assertTrue(rules.is_done_late(date(2026, 3, 1), date(2026, 3, 2)))
        self.assertFalse(rules.is_done_late(date(2026, 3, 1), date(2026, 3, 1)))
        self.assertFalse(rules.is_done_late(date(2026, 3, 1), None))

    def test_aggregate_precedence(self):
        L, T, D, N = rules.LATE, rules.TODAY, rules.DONE, rules.ON_TIME
        self.assertEqual(rules.aggregate_status([D, N, T, L]), L)
        self.assertEqual(rules.aggregate_status([D, N, T]), T)
        self.assertEqual(rules.aggregate_status([D, D]), D)
        self.assertEqual(rules.aggregate_status([D, N]), N)
        self.assertEqual(rules.aggregate_status([]), N)

    def test_days_in_stage_and_overdue(self):
        self.assertEqual(rules.days_in_stage(date(2026, 3, 1), date(2026, 3, 8)), 7)
        self.assertEqual(rules.days_in_stage(None, date(2026, 3, 8)), 0)
        self.assertFalse(rules.stage_overdue(date(2026, 3, 8), date(2026, 3, 8)))
        self.assertTrue(rules.stage_overdue(date(2026, 3, 8), date(2026, 3, 9)))

    def test_time_step(self):
        self.assertTrue(rules.is_time_step(9 + 5 / 60))
        self.assertTrue(rules.is_time_step(0.0))
        self.assertFalse(rules.is_time_step(9 + 7 / 60))

    def test_event_status(self):
        now = datetime(2026, 3, 10, 12, 0)
        self.assertEqual(rules.event_status("done", datetime(2026, 3, 11), now), rules.EVENT_DONE)
        self.assertEqual(rules.event_status("not_done", None, now), rules.EVENT_NOT_DONE)
        self.assertEqual(rules.event_status(None, datetime(2026, 3, 10, 13), now), rules.EVENT_PLANNED)
        self.assertEqual(rules.event_status(None, datetime(2026, 3, 10, 11), now), rules.EVENT_PENDING)
