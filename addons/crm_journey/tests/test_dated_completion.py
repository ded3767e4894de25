from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.crm_action_flow.tests.common import other_company_user
from odoo.addons.crm_journey.models import journey_dates

from .common import JourneyCase

ENTRY = date(2026, 3, 2)
TODAY = date(2026, 3, 10)
PARTNER_GROUPS = "base.group_user,base.group_partner_manager"


@freeze_time(TODAY)
@tagged("post_install", "-at_install", "crm_journey")
class TestDatedCompletion(JourneyCase):
    """JO-10: a milestone or a whole stage completed on a chosen date (today by default, never in the future
    nor before the stage entry); JO-12: the same through the public methods an integrator calls, with the
    rights of the buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profiles = {
            "no access": new_test_user(cls.env, "jo_dc_none", groups=PARTNER_GROUPS),
            "read-only": new_test_user(
                cls.env, "jo_dc_ro", groups=f"{PARTNER_GROUPS},crm_action_flow.group_retention_readonly"),
            "analyst": new_test_user(
                cls.env, "jo_dc_an", groups=f"{PARTNER_GROUPS},crm_action_flow.group_retention_analyst"),
            "administrator": new_test_user(
                cls.env, "jo_dc_ad", groups=f"{PARTNER_GROUPS},crm_action_flow.group_retention_admin"),
        }
        cls.analyst = cls.profiles["analyst"]
        cls.customer._journey_move_to_stage(cls.kickoff, ENTRY)
        cls.welcome = cls.kickoff.milestone_ids.filtered(lambda m: m.name == "Welcome call")

    def test_rule(self):
        self.assertIsNone(journey_dates.dated_step_error(TODAY, ENTRY, TODAY))
        self.assertIsNone(journey_dates.dated_step_error(ENTRY, ENTRY, TODAY))
        self.assertEqual(journey_dates.dated_step_error(date(2026, 3, 11), ENTRY, TODAY), "future")
        self.assertEqual(journey_dates.dated_step_error(date(2026, 3, 1), ENTRY, TODAY), "before_entry")
        self.assertIsNone(journey_dates.dated_step_error(date(2020, 1, 1), None, TODAY))

    def test_milestone_on_a_date_from_the_checklist(self):
        milestone = self.milestone(self.customer, "Welcome call").with_user(self.analyst)
        action = milestone.action_open_complete_wizard()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.analyst).with_context(**action["context"]))
        self.assertEqual(wizard_form.date, TODAY, "today by default")
        wizard_form.date = date(2026, 3, 5)
        wizard_form.save().action_confirm()
        self.assertEqual(milestone.done_date, date(2026, 3, 5))
        self.assertEqual(milestone.status, "done")
        self.assertTrue(milestone.done_late, "due on the 4th, done on the 5th: done late (the status uses the date)")
        self.assertFalse(self.milestone(self.customer, "Contract signed").done_date, "only that milestone")

    def test_whole_stage_on_a_date(self):
        action = self.customer.with_user(self.analyst).action_journey_complete_stage()
        wizard = self.env[action["res_model"]].with_user(self.analyst).with_context(**action["context"]).create(
            {"date": "2026-03-04"})
        self.assertEqual(len(wizard.milestone_ids), 3, "every open milestone of the stage")
        wizard.action_confirm()
        self.assertEqual(set(self.customer.journey_current_milestone_ids.mapped("done_date")), {date(2026, 3, 4)})
        self.assertEqual(self.customer.journey_status, "done")

    def test_bad_dates_are_refused_and_nothing_is_written(self):
        milestones = self.customer.journey_current_milestone_ids
        Wizard = self.env["crm.journey.complete.wizard"].with_user(self.analyst)
        for day, pattern in ((date(2026, 3, 11), "in the future"), (date(2026, 3, 1), "before the customer entered")):
            wizard = Wizard.create({"partner_id": self.customer.id, "milestone_ids": [(6, 0, milestones.ids)],
                                    "date": day})
            with self.assertRefused(ValidationError, pattern):
                wizard.action_confirm()
        self.assertFalse(any(milestones.mapped("done_date")))
        with self.assertRefused(ValidationError, "not a date"):
            self.customer.with_user(self.analyst).journey_complete_milestones(self.welcome.ids, "10/03/2026")
        with self.assertRefused(ValidationError, "in the future"):
            self.customer.with_user(self.analyst).journey_move_to_stage(self.setup.id, "2026-03-11")
        with self.assertRefused(ValidationError, "before it entered its current stage"):
            self.customer.with_user(self.analyst).journey_move_to_stage(self.setup.id, "2026-03-01")
        with self.assertRefused(UserError, "already on stage"):
            self.customer.with_user(self.analyst).journey_move_to_stage(self.kickoff.id, "2026-03-05")
        with self.assertRefused(UserError, "is not a journey stage"):
            self.customer.with_user(self.analyst).journey_move_to_stage(999999, "2026-03-05")
        with self.assertRefused(UserError, "has no milestone"):
            self.customer.with_user(self.analyst).journey_complete_milestones(
                self.setup.milestone_ids.ids, "2026-03-05")
        with self.assertRefused(UserError, "list of milestone ids"):
            self.customer.with_user(self.analyst).journey_complete_milestones("all")
        self.assertEqual(self.customer.journey_stage_id, self.kickoff)
        self.assertEqual(self.customer.journey_stage_date, ENTRY)

    def test_api_with_each_profile(self):
        for name, user in self.profiles.items():
            with self.subTest(profile=name):
                customer = self.customer.with_user(user)
                if name in ("no access", "read-only"):
                    with self.assertRaises(AccessError):
                        customer.journey_complete_milestones(self.welcome.ids, "2026-03-05")
                    with self.assertRaises(AccessError):
                        customer.journey_move_to_stage(self.setup.id, "2026-03-06")
                    self.assertFalse(self.milestone(self.customer, "Welcome call").done_date)
                    continue
                fresh = self.Partner.create({"name": f"Customer of {name}", "is_company": True})
                fresh._journey_move_to_stage(self.kickoff, ENTRY)
                customer = fresh.with_user(user)
                self.assertEqual(customer.journey_complete_milestones(self.welcome.ids, "2026-03-05"), 1)
                self.assertEqual(self.milestone(fresh, "Welcome call").done_date, date(2026, 3, 5))
                self.assertIs(customer.journey_move_to_stage(self.setup.id, "2026-03-06"), True)
                self.assertEqual((fresh.journey_stage_id, fresh.journey_stage_date), (self.setup, date(2026, 3, 6)))
                self.assertEqual(fresh.journey_history_ids.filtered(
                    lambda h: h.stage_id == self.kickoff).date_out, date(2026, 3, 6))
                data = self.milestone(fresh, "Data imported")
                self.assertEqual(data.due_date, date(2026, 3, 16), "due dates from the given entry date")

    def test_api_of_another_company_is_refused(self):
        _company_b, user_b = other_company_user(self.env, "jo_dc_b", groups=f"{PARTNER_GROUPS},"
                                               "crm_action_flow.group_retention_analyst")
        self.customer.company_id = self.env.company
        with self.assertRaises(AccessError):
            self.customer.with_user(user_b).journey_complete_milestones(self.welcome.ids, "2026-03-05")
        with self.assertRaises(AccessError):
            self.customer.with_user(user_b).journey_move_to_stage(self.setup.id, "2026-03-06")
        self.assertEqual(self.customer.journey_stage_id, self.kickoff)
