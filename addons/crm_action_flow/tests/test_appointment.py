from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestAppointment(ActionFlowCase):
    """AF-11: the next action is an appointment; a meeting books the calendar; Done schedules once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_visit.category = "meeting"
        cls.action_visit.duration = 1.5
        cls.contact.phone = "+55 11 3333-4444"

    def events(self, record=None):
        record = record or self.customer
        return self.env["calendar.event"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    @freeze_time("2026-11-20 15:00:00")
    def test_automatic_meeting_books_the_calendar_event_of_its_activity(self):
        log, _wizard, _action = self.log(result_id=self.result_call_interested.id, start_time=10.0)
        activity = log.next_activity_id
        event = self.events()
        self.assertEqual(len(event), 1)
        # 10:00 in São Paulo (UTC-3) three days later, for the visit's hour and a half.
        self.assertRecordValues(event, [{
            "name": "Visit", "start": datetime(2026, 11, 23, 13, 0), "stop": datetime(2026, 11, 23, 14, 30),
            "user_id": self.user_analyst.id, "allday": False,
        }])
        self.assertEqual(activity.calendar_event_id, event, "linked as Odoo's meeting activities are")
        self.assertRecordValues(activity, [{
            "date_deadline": date(2026, 11, 23), "planned_start": datetime(2026, 11, 23, 13, 0),
            "planned_duration": 1.5, "activity_type_id": self.type_visit.id,
        }])
        self.assertEqual(event.partner_ids, self.user_analyst.partner_id)

    @freeze_time("2026-11-20 15:00:00")
    def test_prompted_meeting_keeps_the_chosen_time_and_duration(self):
        self.result_visit_positive.next_action_id = self.action_visit
        _log, wizard, _action = self.log(
            action_id=self.action_visit.id, result_id=self.result_visit_positive.id, start_time=9.0,
        )
        self.assertEqual(wizard.next_duration, 1.5, "the action's duration is proposed")
        wizard.write({"next_datetime": datetime(2026, 11, 24, 17, 5), "next_duration": 0.75})
        wizard.action_plan_next()
        event = self.events()
        self.assertRecordValues(event, [{
            "start": datetime(2026, 11, 24, 17, 5), "stop": datetime(2026, 11, 24, 17, 50),
        }])
        self.assertEqual(event.activity_ids.with_user(self.user_analyst).planned_time_label, "14:05 – 14:50")

    @freeze_time("2026-11-20 15:00:00")
    def test_a_call_is_a_dated_activity_with_the_contact_phone(self):
        self.result_visit_positive.next_action_id = self.action_call
        _log, wizard, _action = self.log(
            action_id=self.action_visit.id, result_id=self.result_visit_positive.id, contact_id=self.contact.id,
        )
        self.assertEqual(wizard.next_phone, "+55 11 3333-4444")
        wizard.action_plan_next()
        activity = self.customer_activities()
        self.assertFalse(activity.calendar_event_id, "a call books no calendar slot")
        self.assertFalse(self.events())
        self.assertRecordValues(activity, [{"action_contact_id": self.contact.id, "action_phone": "+55 11 3333-4444"}])

    @freeze_time("2026-11-20 15:00:00")
    def test_a_call_without_contact_shows_the_customer_phone(self):
        shop = self.env["res.partner"].create({"name": "Mercado Sol", "is_company": True, "phone": "+55 11 2222-0000"})
        visit, _wizard, _action = self.log(partner_id=shop.id, result_id=self.result_call_interested.id)
        self.assertFalse(visit.next_activity_id.action_phone, "a visit has no phone to show")
        self.result_call_interested.next_action_id = self.action_call
        call, _wizard, _action = self.log(partner_id=shop.id, result_id=self.result_call_interested.id)
        self.assertFalse(call.next_activity_id.action_contact_id)
        self.assertEqual(call.next_activity_id.action_phone, "+55 11 2222-0000")

    def chained_activity(self):
        self.type_call.write({"chaining_type": "trigger", "triggered_next_type_id": self.type_visit.id})
        return self.opportunity.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 11, 20), user_id=self.user_analyst.id,
        )

    def done_and_log(self, activity, result):
        action = activity.with_user(self.user_analyst).action_open_log_wizard()
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).with_context(
            **action["context"]
        ).create({"result_id": result.id, "start_time": 10.0})
        return wizard.action_log()

    @freeze_time("2026-11-20 15:00:00")
    def test_done_schedules_once_the_result_replaces_the_type_chaining(self):
        activity = self.chained_activity()
        self.done_and_log(activity, self.result_call_interested)
        self.assertFalse(activity.exists())
        planned = self.customer_activities(self.opportunity)
        self.assertEqual(len(planned), 1, "the result's next action only, not Odoo's chained one too")
        self.assertEqual(planned.summary, "Visit")
        self.assertEqual(planned.date_deadline, date(2026, 11, 23))

    @freeze_time("2026-11-20 15:00:00")
    def test_done_with_a_result_without_next_action_keeps_the_type_chaining(self):
        activity = self.chained_activity()
        self.done_and_log(activity, self.result_call_no_answer)
        planned = self.customer_activities(self.opportunity)
        self.assertEqual(len(planned), 1, "Odoo's chaining plans the follow-up")
        self.assertEqual(planned.activity_type_id, self.type_visit)

    def test_schedules_followup_gates_next_actions(self):
        letter = self.env["crm.action"].create({"name": "Letter", "activity_type_id": self.type_call.id})
        with self.assertRaisesRegex(ValidationError, "does not schedule follow-ups"):
            self.env["crm.action.result"].create(
                {"name": "Sent", "action_id": letter.id, "next_action_mode": "prompt"}
            )
        self.assertFalse(letter.result_ids)
        with self.assertRaisesRegex(ValidationError, "does not schedule follow-ups"):
            self.action_call.schedules_followup = False
        self.assertTrue(self.action_call.schedules_followup)
        # Without results planning a next action the flag may be cleared.
        self.env["crm.action.result"].create({"name": "Sent", "action_id": letter.id})
        letter.schedules_followup = True
        letter.schedules_followup = False
        self.assertFalse(letter.schedules_followup)

    @freeze_time("2026-11-20 15:00:00")
    def test_bad_next_action_times_are_refused(self):
        _log, wizard, _action = self.log(action_id=self.action_visit.id, result_id=self.result_visit_positive.id)
        wizard.next_datetime = datetime(2026, 11, 24, 17, 3)
        with self.assertRaisesRegex(ValidationError, "start on a 5-minute step"):
            wizard.action_plan_next()
        wizard.write({"next_datetime": datetime(2026, 11, 24, 17, 5), "next_duration": 0.1})
        with self.assertRaisesRegex(ValidationError, "duration of the next action must be on 5-minute steps"):
            wizard.action_plan_next()
        self.assertFalse(self.customer_activities(), "nothing planned")
        with self.assertRaisesRegex(ValidationError, "Duration must be between 0 and 12"):
            wizard.next_duration = 13
        with self.assertRaisesRegex(ValidationError, "Duration must be between 0 and 12"):
            wizard.next_duration = -1

    def test_action_duration_bounds(self):
        with self.assertRaisesRegex(ValidationError, "Duration must be between 0 and 12"):
            self.action_call.duration = 25
        with self.assertRaisesRegex(ValidationError, "must be on 5-minute steps"):
            self.action_call.duration = 0.3
        self.assertEqual(self.action_call.duration, 1.0)

    def test_action_duration_is_configuration(self):
        with self.assertRaises(AccessError):
            self.action_call.with_user(self.user_analyst).duration = 2.0
        self.action_call.with_user(self.user_admin_profile).duration = 2.0
        self.assertEqual(self.action_call.duration, 2.0)

    @freeze_time("2026-11-20 15:00:00")
    def test_planned_duration_of_an_activity_is_bounded_through_the_api(self):
        log, _wizard, _action = self.log(result_id=self.result_call_interested.id, start_time=10.0)
        activity = log.next_activity_id.with_user(self.user_analyst)
        for bad in (13, -1, float("nan")):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                activity.planned_duration = bad
        self.assertEqual(activity.planned_duration, 1.5, "nothing written")
        activity.planned_duration = 2.0
        self.assertEqual(activity.planned_duration, 2.0)
