from datetime import date, datetime
from unittest import TestCase

from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.retention_bounds import (
    DATE_MIN,
    check_date,
    check_name,
    check_number,
    check_text,
    date_window,
    is_single_emoji,
)


@tagged("post_install", "-at_install", "crm_action_flow")
class TestRetentionBounds(TestCase):
    """X-3/X-7: the pure checks behind every declared bound, name, date and emoji."""

    def test_check_number(self):
        self.assertEqual(check_number(3650, 0, 3650), (None, 3650))
        self.assertEqual(check_number(False, 0, 10), (None, 0))
        self.assertEqual(check_number(5.0, 0, 10), (None, 5))
        self.assertEqual(check_number(" 7 ", 0, 10), (None, 7))
        self.assertEqual(check_number(3651, 0, 3650)[0], "out_of_range")
        self.assertEqual(check_number(-1, 0, 3650)[0], "out_of_range")
        self.assertEqual(check_number(5.5, 0, 10)[0], "not_whole")
        self.assertEqual(check_number(5.5, 0, 10, integer=False), (None, 5.5))
        for bad in (float("nan"), float("inf"), float("-inf")):
            self.assertEqual(check_number(bad, 0, 24, integer=False)[0], "not_finite")
        for bad in (True, "abc", "1_3", "١٣", "1E999", [1], {"a": 1}):
            self.assertEqual(check_number(bad, 0, 10**9)[0], "not_a_number", bad)

    def test_check_name(self):
        self.assertEqual(check_name("  Call  ", 256), (None, "Call"))
        self.assertEqual(check_name("x" * 256, 256), (None, "x" * 256))
        self.assertEqual(check_name(" " + "x" * 256 + " ", 256), (None, "x" * 256))
        self.assertEqual(check_name("x" * 257, 256)[0], "too_long")
        for blank in ("", "   ", "\t\n", False, None):
            self.assertEqual(check_name(blank, 256)[0], "blank", repr(blank))
        self.assertEqual(check_name("  ", 256, required=False), (None, False))
        self.assertEqual(check_name(12, 256)[0], "not_text")

    def test_check_text(self):
        self.assertEqual(check_text("  kept as typed ", 100), (None, "  kept as typed "))
        self.assertEqual(check_text("x" * 101, 100)[0], "too_long")
        self.assertEqual(check_text("  ", 100, required=True)[0], "blank")
        self.assertEqual(check_text(False, 100), (None, False))

    def test_check_date(self):
        today = date(2026, 12, 1)
        low, high = date_window(today)
        self.assertEqual(low, DATE_MIN)
        self.assertEqual(high, date(2036, 11, 28))
        for good in (today, "2026-12-01", datetime(2030, 1, 1, 12), "1900-01-01", high, False):
            self.assertIsNone(check_date(good, today)[0], good)
        for bad in ("0001-01-01", "9999-12-31", date(2999, 1, 1), "1899-12-31", date(2036, 11, 29)):
            self.assertEqual(check_date(bad, today)[0], "out_of_range", bad)
        for bad in ("tomorrow", "2026-02-30", 20261201):
            self.assertEqual(check_date(bad, today)[0], "not_a_date", bad)

    def test_single_emoji(self):
        singles = (
            "🔥", "⭐", "💎", "🥐",
            "❤️",  # with presentation selector
            "👍🏽",  # skin tone
            "👨‍👩‍👧‍👦",  # family (ZWJ)
            "👩🏽‍💻",  # ZWJ with skin tone
            "🏳️‍🌈",  # rainbow flag
            "❤️‍🔥",
            "🇧🇷",  # flag: two regional indicators
            "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # Scotland: tag sequence
            "1️⃣", "#⃣",  # keycaps
            "🧑🏿‍🤝‍🧑🏻",
        )
        for emoji in singles:
            self.assertTrue(is_single_emoji(emoji), emoji)
        not_single = (
            "", " ", "a", "VIP", "1", "🔥🔥", "🔥 ", " 🔥", "🔥a", "🇧", "🇧🇷🇧", "👍‍", "‍👍",
            "🔥" * 40, "⭐" * 16, None, 5,
        )
        for text in not_single:
            self.assertFalse(is_single_emoji(text), repr(text))
