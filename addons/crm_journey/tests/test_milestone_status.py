from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestMilestoneStatus(JourneyCase):
    """JO-2 due dates, JO-3 statuses and precedence, JO-4 days in stage, JO-5 done late."""

    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02"):
            self.customer.journey_id = self.journey

    def test_due_dates_equal_deadlines_same_day(self):
        self.assertEqual(self.customer.journey_stage_id, self.kickoff)
        self.assertEqual(self.customer.journey_stage_date, date(2026, 3, 2))
        self.assertEqual(self.milestone(self.customer, "Welcome call").due_date, date(2026, 3, 4))
        contract = self.milestone(self.customer, "Contract signed")
        access = self.milestone(self.customer, "Access granted")
        self.assertEqual(contract.due_date, date(2026, 3, 7))
        self.assertEqual(contract.due_date, access.due_date)

    def test_statuses_follow_the_day_they_are_read(self):
        welcome = self.milestone(self.customer, "Welcome call")
        with freeze_time("2026-03-03"):
            self.customer.invalidate_recordset()
            welcome.invalidate_recordset()
            self.assertEqual(welcome.status, "on_time")
            self.assertEqual(self.customer.journey_status, "on_time")
        with freeze_time("2026-03-04"):
            self.customer.invalidate_recordset()
            welcome.invalidate_recordset()
            self.assertEqual(welcome.status, "today")
            self.assertEqual(self.customer.journey_status, "today")
            self.assertIn(self.customer, self.Partner.search([("journey_status", "=", "today")]))
        with freeze_time("2026-03-05"):
            self.customer.invalidate_recordset()
            welcome.invalidate_recordset()
            self.assertEqual(welcome.status, "late")
            self.assertEqual(self.customer.journey_status, "late")
            self.assertEqual(
                self.env["crm.journey.partner.milestone"].search(
                    [("partner_id", "=", self.customer.id), ("status", "=", "late")]
                ),
                welcome,
            )

    def test_precedence_late_over_today_over_done(self):
        welcome = self.milestone(self.customer, "Welcome call")
        contract = self.milestone(self.customer, "Contract signed")
        access = self.milestone(self.customer, "Access granted")
        with freeze_time("2026-03-07"):
            # welcome late, the two others due today -> late wins
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.journey_status, "late")
            self.assertEqual(
                self.Partner.search([("id", "=", self.customer.id), ("journey_status", "=", "late")]), self.customer
            )
            welcome.action_done()
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.journey_status, "today")
            self.assertFalse(
                self.Partner.search(
                    [("id", "=", self.customer.id), ("journey_status", "in", ["late", "done", "on_time"])]
                )
            )
            (contract | access).action_done()
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.journey_status, "done")
            self.assertEqual(
                self.Partner.search([("id", "=", self.customer.id), ("journey_status", "=", "done")]), self.customer
            )
            self.assertEqual(
                self.Partner.search([("id", "=", self.customer.id), ("journey_status", "!=", "late")]), self.customer
            )

    def test_done_late_and_on_time(self):
        welcome = self.milestone(self.customer, "Welcome call")
        contract = self.milestone(self.customer, "Contract signed")
        with freeze_time("2026-03-06"):
            welcome.action_done()
            contract.action_done()
        self.assertEqual(welcome.done_date, date(2026, 3, 6))
        self.assertTrue(welcome.done_late)
        self.assertFalse(contract.done_late)
        self.assertEqual(welcome.status, "done")

    def test_days_in_stage_and_overdue(self):
        with freeze_time("2026-03-07"):
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.journey_days_in_stage, 5)
            self.assertFalse(self.customer.journey_stage_overdue)
        with freeze_time("2026-03-08"):
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.journey_days_in_stage, 6)
            self.assertTrue(self.customer.journey_stage_overdue)
            self.assertIn(self.customer, self.Partner.search([("journey_stage_overdue", "=", True)]))

    def test_stage_without_milestones_is_on_time(self):
        with freeze_time("2026-03-03"):
            self.customer._journey_move_to_stage(self.live)
            self.assertEqual(self.customer.journey_status, "on_time")
            self.assertIn(self.customer, self.Partner.search([("journey_status", "=", "on_time")]))

    def test_deadline_change_redates_open_milestones(self):
        welcome = self.milestone(self.customer, "Welcome call")
        contract = self.milestone(self.customer, "Contract signed")
        with freeze_time("2026-03-03"):
            contract.action_done()
        self.kickoff.milestone_ids.filtered(lambda m: m.name == "Welcome call").deadline_days = 4
        self.kickoff.milestone_ids.filtered(lambda m: m.name == "Contract signed").deadline_days = 9
        self.assertEqual(welcome.due_date, date(2026, 3, 6))
        self.assertEqual(contract.due_date, date(2026, 3, 7), "done milestones keep their due date")

    def test_today_is_the_users_day(self):
        welcome = self.milestone(self.customer, "Welcome call")  # due 2026-03-04
        with freeze_time("2026-03-05 01:00:00"):  # still the 4th in São Paulo (UTC-3)
            customer = self.customer.with_context(tz="America/Sao_Paulo")
            self.assertEqual(welcome.with_context(tz="America/Sao_Paulo").status, "today")
            self.assertEqual(customer.journey_status, "today")
            self.assertEqual(
                customer.search([("id", "=", customer.id), ("journey_status", "=", "today")]), self.customer
            )
            self.assertEqual(welcome.with_context(tz="UTC").status, "late")

    def test_kanban_column_bars_count_statuses(self):
        """The board's column bars count the customers of each stage by status (computed, not stored)."""
        with freeze_time("2026-03-02"):
            self.other.journey_id = self.journey
        self.milestone(self.other, "Welcome call").action_done()
        colors = {"late": "danger", "today": "warning", "done": "success", "on_time": "info"}
        with freeze_time("2026-03-05"):
            self.Partner.invalidate_model()
            bars = self.Partner.read_progress_bar(
                [("id", "in", (self.customer | self.other).ids)], "journey_stage_id",
                {"field": "journey_status", "colors": colors},
            )
            statuses = (self.customer | self.other).mapped("journey_status")
        self.assertEqual(statuses, ["late", "on_time"])
        self.assertEqual(bars, {str(self.kickoff.id): {"late": 1, "today": 0, "done": 0, "on_time": 1}})

    def test_kanban_bars_agree_with_the_status_search(self):
        """One SQL count per column and status gives what searching each status gives (#12)."""
        with freeze_time("2026-03-02"):
            self.other.journey_id = self.journey
        for milestone in self.other.journey_current_milestone_ids:
            milestone.action_done()
        colors = {"late": "danger", "today": "warning", "done": "success", "on_time": "info"}
        customers = self.customer | self.other
        for day in ("2026-03-02", "2026-03-04", "2026-03-05"):
            with self.subTest(day=day), freeze_time(day):
                self.Partner.invalidate_model()
                bars = self.Partner.read_progress_bar([("id", "in", customers.ids)], "journey_stage_id",
                                                      {"field": "journey_status", "colors": colors})
                expected = {
                    status: self.Partner.search_count([("id", "in", customers.ids), ("journey_status", "=", status)])
                    for status in colors
                }
                self.assertEqual(bars, {str(self.kickoff.id): expected})
                self.assertEqual(sum(expected.values()), 2)
                by_name = self.Partner.read_progress_bar([("id", "in", customers.ids)], "name",
                                                         {"field": "journey_status", "colors": colors})
                self.assertEqual({k: v for k, v in bars[str(self.kickoff.id)].items() if v},
                                 {k: sum(b[k] for b in by_name.values()) for k in colors
                                  if sum(b[k] for b in by_name.values())})
