from datetime import datetime
from unittest import TestCase

from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.action_flow_rules import (
    check_time_range,
    class_transition_due,
    first_per_key,
    float_to_hm,
    next_action_deadline,
)


@tagged("post_install", "-at_install", "crm_action_flow")
class TestActionFlowRules(TestCase):
    def test_float_to_hm(self):
        self.assertEqual(float_to_hm(9.5), (9, 30))
        self.assertEqual(float_to_hm(0), (0, 0))
        self.assertEqual(float_to_hm(23.99), (23, 59))

    def test_time_range(self):
        self.assertIsNone(check_time_range(9.0, 10.5))
        self.assertIsNone(check_time_range(9.0, 0))
        self.assertEqual(check_time_range(10.0, 9.0), "end_before_start")
        self.assertEqual(check_time_range(25.0, 26.0), "out_of_range")

    def test_deadline_by_period_type(self):
        start = datetime(2026, 11, 20, 14, 0)  # a Friday
        self.assertEqual(next_action_deadline(start, "minutes", 30), datetime(2026, 11, 20, 14, 30))
        self.assertEqual(next_action_deadline(start, "hours", 12), datetime(2026, 11, 21, 2, 0))
        self.assertEqual(next_action_deadline(start, "days", 3), datetime(2026, 11, 23, 14, 0))
        # Without a calendar, working days fall back on calendar days.
        self.assertEqual(next_action_deadline(start, "working_days", 1), datetime(2026, 11, 21, 14, 0))

    def test_deadline_working_days_uses_the_calendar(self):
        start = datetime(2026, 11, 20, 14, 0)

        def monday(days, when):
            self.assertEqual((days, when), (1, start))
            return datetime(2026, 11, 23, 20, 0)

        self.assertEqual(next_action_deadline(start, "working_days", 1, monday), datetime(2026, 11, 23, 14, 0))

    def test_deadline_rejects_unknown_period_type(self):
        with self.assertRaises(ValueError):
            next_action_deadline(datetime(2026, 1, 1), "weeks", 1)

    def test_class_transition_due_on_the_nth_log_only(self):
        self.assertFalse(class_transition_due(1, 2))
        self.assertTrue(class_transition_due(2, 2))
        self.assertFalse(class_transition_due(3, 2))
        self.assertFalse(class_transition_due(1, 0))

    def test_first_per_key(self):
        rows = [(1, 10), (1, 11), (2, 12), (3, 13)]
        self.assertEqual(first_per_key(rows), {1: 10, 2: 12, 3: 13})
        self.assertEqual(first_per_key(rows, {11, 12}), {1: 11, 2: 12})
        self.assertEqual(first_per_key([]), {})
