from datetime import date, datetime
from unittest import TestCase

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_loyalty.models import loyalty_rules as rules

from .common import LoyaltyCase

LOGGER = "odoo.addons.crm_loyalty.models.res_partner"
DEFAULTS = {
    "active_days": 90, "recently_inactive_days": 180, "clear_after_days": 0, "keep_on_category_change": True,
    "erp_owner_absolute": False, "ignored_user_ids": [], "keep_activities": False, "extend_global": False,
    "warn_days": 0, "max_customers": 0, "cooldown_days": 0,
}


def existing(ids):
    """Users 2 and 7 exist."""
    return [i for i in ids if i in (2, 7)]


@tagged("post_install", "-at_install", "crm_loyalty")
class TestSettingsSpec(TestCase):
    """X-3: the typed reader of the crm_loyalty.* parameters (pure functions)."""

    def test_defaults_when_nothing_is_stored(self):
        self.assertEqual(rules.read_settings({}, existing), (DEFAULTS, []))
        self.assertEqual(rules.read_settings(dict.fromkeys(DEFAULTS, False), existing), (DEFAULTS, []))

    def test_stored_values_are_typed(self):
        values, problems = rules.read_settings({
            "active_days": "60", "recently_inactive_days": " 120 ", "keep_on_category_change": "False",
            "extend_global": "true", "erp_owner_absolute": "1", "keep_activities": "0",
            "ignored_user_ids": "7, 2,7", "max_customers": "1000000", "cooldown_days": "3650",
        }, existing)
        self.assertEqual(problems, [])
        self.assertEqual(values, dict(
            DEFAULTS, active_days=60, recently_inactive_days=120, keep_on_category_change=False,
            extend_global=True, erp_owner_absolute=True, ignored_user_ids=[7, 2], max_customers=1_000_000,
            cooldown_days=3650,
        ))

    def test_bad_stored_values_are_reported_never_defaulted_silently(self):
        cases = [
            ("active_days", "abc", rules.NOT_INTEGER),
            ("active_days", "", rules.NOT_INTEGER),
            ("active_days", "9.0", rules.NOT_INTEGER),
            ("active_days", "1e3", rules.NOT_INTEGER),
            ("active_days", "\u0669\u0660", rules.NOT_INTEGER),  # Arabic-Indic 90
            ("active_days", "-5", rules.OUT_OF_RANGE),
            ("active_days", "0", rules.OUT_OF_RANGE),
            ("active_days", "5000000", rules.OUT_OF_RANGE),
            ("recently_inactive_days", "3651", rules.OUT_OF_RANGE),
            ("recently_inactive_days", "90", rules.NOT_AFTER_ACTIVE),
            ("clear_after_days", "99999999999999999999", rules.OUT_OF_RANGE),
            ("warn_days", "-1", rules.OUT_OF_RANGE),
            ("max_customers", "1000001", rules.OUT_OF_RANGE),
            ("cooldown_days", "4000", rules.OUT_OF_RANGE),
            ("extend_global", "abc", rules.NOT_BOOLEAN),
            ("keep_on_category_change", "yes", rules.NOT_BOOLEAN),
            ("keep_activities", "", rules.NOT_BOOLEAN),
            ("ignored_user_ids", "1_3", rules.NOT_IDS),
            ("ignored_user_ids", "2,x", rules.NOT_IDS),
            ("ignored_user_ids", "0", rules.NOT_IDS),
            ("ignored_user_ids", "-2", rules.NOT_IDS),
            ("ignored_user_ids", "2,99,98", rules.UNKNOWN_USERS),
        ]
        for key, raw, reason in cases:
            with self.subTest(key=key, raw=raw):
                _values, problems = rules.read_settings({key: raw}, existing)
                self.assertEqual([(p.key, p.value, p.reason) for p in problems], [(key, raw, reason)])
        problem = rules.read_settings({"active_days": "5000000"}, existing)[1][0]
        self.assertEqual((problem.minimum, problem.maximum), (1, 3650))
        self.assertEqual(rules.read_settings({"ignored_user_ids": "2,99,98"}, existing)[1][0].detail, (98, 99))
        self.assertEqual(rules.read_settings({"recently_inactive_days": "60"}, existing)[1][0].detail, (90,))

    def test_typed_values_are_checked(self):
        self.assertEqual(rules.check_settings({"active_days": 90, "recently_inactive_days": 91}), [])
        problems = rules.check_settings({"active_days": 5_000_000, "warn_days": -5, "recently_inactive_days": 10})
        self.assertEqual([(p.key, p.reason, p.minimum, p.maximum) for p in problems], [
            ("active_days", rules.OUT_OF_RANGE, 1, 3650), ("warn_days", rules.OUT_OF_RANGE, 0, 3650),
        ], "the order of the thresholds is checked once both are within bounds")
        problems = rules.check_settings({"active_days": 90, "recently_inactive_days": 90})
        self.assertEqual([(p.key, p.reason) for p in problems], [("recently_inactive_days", rules.NOT_AFTER_ACTIVE)])
        self.assertEqual(rules.check_settings({"max_customers": True})[0].reason, rules.NOT_INTEGER)

    def test_typed_integers(self):
        for value, typed in ((False, 0), (None, 0), (7, 7), (30.0, 30), (" 7 ", 7), ("30.0", 30), ("-5", -5)):
            with self.subTest(value=value):
                self.assertEqual(rules.typed_integer(value), typed)
        for value in (True, 9.5, float("nan"), "1e3", "\u0669", "abc"):
            with self.subTest(value=value):
                self.assertEqual(rules.check_setting("active_days", rules.typed_integer(value)).reason,
                                 rules.NOT_INTEGER)

    def test_cursor(self):
        today = date(2026, 11, 22)
        self.assertEqual(rules.parse_cursor(None, today, 500), (0, None))
        self.assertEqual(rules.parse_cursor("2026-11-22:120", today, 500), (120, None))
        self.assertEqual(rules.parse_cursor("2026-11-22:500", today, 500), (500, None))
        self.assertEqual(rules.parse_cursor("2026-11-22:done", today, 500), (0, None), "a second run re-checks")
        self.assertEqual(rules.parse_cursor("2026-11-21:120", today, 500), (0, None), "yesterday's: a new night")
        self.assertEqual(rules.parse_cursor("2026-11-22:999999999", today, 500), (0, rules.CURSOR_AHEAD))
        for raw in ("garbage", "2026-11-22", "2026-11-22:", "2026-11-22:-3", "2026-11-22:1_2", "2026-13-01:5"):
            with self.subTest(raw=raw):
                self.assertEqual(rules.parse_cursor(raw, today, 500), (0, rules.CURSOR_MALFORMED))

    def test_synced_at(self):
        now = datetime(2026, 11, 22, 3, 0)
        self.assertEqual(rules.parse_synced_at(None, now), (None, None))
        self.assertEqual(
            rules.parse_synced_at("2026-11-21 03:00:01.123456", now), (datetime(2026, 11, 21, 3, 0, 1, 123456), None)
        )
        self.assertEqual(rules.parse_synced_at("2999-01-01 00:00:00", now), (None, rules.CURSOR_AHEAD))
        self.assertEqual(rules.parse_synced_at("yesterday", now), (None, rules.CURSOR_MALFORMED))


@tagged("post_install", "-at_install", "crm_loyalty")
class TestSettingsReader(LoyaltyCase):
    """X-3: the settings as the pack reads them (stored) and as the settings form saves them (typed)."""

    def test_stored_garbage_is_logged_and_refused(self):
        self.ICP.set_param("crm_loyalty.active_days", "abc")
        with self.assertLogs(LOGGER, "WARNING") as logs, self.assertRaisesRegex(
            UserError, "crm_loyalty.active_days: Days for Active must be a whole number, not “abc”"
        ):
            self.env["res.partner"]._loyalty_settings()
        self.assertIn("crm_loyalty.active_days = 'abc'", logs.output[0])
        self.assertEqual(self.ICP.get_param("crm_loyalty.active_days"), "abc", "reported, not replaced")

    def test_a_grant_is_refused_on_a_bad_stored_value(self):
        self.set_settings(max_customers="-3")
        with self.assertLogs(LOGGER, "WARNING"), self.assertRaisesRegex(
            UserError, r"Maximum Customers per Salesperson must be between 0 and 1000000, not -3"
        ):
            self.grant(self.ana)
        self.assertFalse(self.customer.loyalty_user_id)

    def test_unknown_ignored_users_are_reported(self):
        self.set_settings(ignored_user_ids=f"{self.bruno.id},987654")
        with self.assertLogs(LOGGER, "WARNING"), self.assertRaisesRegex(
            UserError, "ERP Users to Ignore lists users that do not exist: 987654"
        ):
            self.env["res.partner"]._loyalty_settings()

    def test_settings_form_opens_on_bad_values_to_correct_them(self):
        self.set_settings(ignored_user_ids="1_3", keep_on_category_change="False")
        with self.assertLogs(LOGGER, "WARNING"):
            form = self.env["res.config.settings"].create({})
        self.assertFalse(form.crm_loyalty_ignored_user_ids)
        self.assertFalse(form.crm_loyalty_keep_on_category_change, "a stored False reads False")

    def test_whole_numbers_sent_as_floats_or_text_are_stored_as_integers(self):
        self.env["res.config.settings"].create(
            {"crm_loyalty_active_days": 60.0, "crm_loyalty_warn_days": " 5 "}
        ).execute()
        values = self.env["res.partner"]._loyalty_settings()
        self.assertEqual((values["active_days"], values["warn_days"]), (60, 5))
        self.assertEqual(self.ICP.get_param("crm_loyalty.active_days"), "60")

    def test_unticking_a_setting_that_defaults_to_true_is_saved(self):
        self.env["res.config.settings"].create({"crm_loyalty_keep_on_category_change": False}).execute()
        self.assertFalse(self.env["res.partner"]._loyalty_settings()["keep_on_category_change"])
        self.assertFalse(self.env["res.config.settings"].create({}).crm_loyalty_keep_on_category_change)
        self.env["res.config.settings"].create({"crm_loyalty_keep_on_category_change": True}).execute()
        self.assertTrue(self.env["res.partner"]._loyalty_settings()["keep_on_category_change"])

    def test_settings_form_refuses_out_of_range_values(self):
        cases = [
            ({"crm_loyalty_active_days": 5_000_000}, r"Days for Active must be between 1 and 3650, not 5000000"),
            ({"crm_loyalty_active_days": -5}, r"Days for Active must be between 1 and 3650, not -5"),
            ({"crm_loyalty_recently_inactive_days": 4000},
             r"Days for Recently Inactive must be between 1 and 3650, not 4000"),
            ({"crm_loyalty_active_days": 120, "crm_loyalty_recently_inactive_days": 120},
             r"Days for Recently Inactive \(120\) must be greater than Days for Active \(120\)"),
            ({"crm_loyalty_clear_after_days": -3}, r"Clear After \(days\) must be between 0 and 3650, not -3"),
            ({"crm_loyalty_warn_days": 3651}, r"Warn Days Before Release must be between 0 and 3650, not 3651"),
            ({"crm_loyalty_max_customers": -1},
             r"Maximum Customers per Salesperson must be between 0 and 1000000, not -1"),
            ({"crm_loyalty_cooldown_days": 10_000}, r"Reclaim Cooldown \(days\) must be between 0 and 3650, not 10000"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self.env["res.config.settings"].create(values).execute()
        self.assertEqual(self.env["res.partner"]._loyalty_settings(), DEFAULTS, "nothing was stored")
        for value in (True, 9.5, "1e3"):
            with self.subTest(value=value), self.assertRaisesRegex(
                ValidationError, "Days for Active must be a whole number, not"
            ):
                self.env["res.config.settings"].create({"crm_loyalty_active_days": value}).execute()
        self.assertEqual(self.env["res.partner"]._loyalty_settings(), DEFAULTS, "nothing was stored")
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(ValidationError, "Days for Active must be between 1 and 3650, not 0"):
            settings.crm_loyalty_active_days = 0
            settings.execute()
