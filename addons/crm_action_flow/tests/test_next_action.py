from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestNextAction(ActionFlowCase):
    """AF-3: none, prompt or automatic next action; AF-2 scheduling and cancellation."""

    @freeze_time("2026-11-20 15:00:00")
    def test_no_next_action(self):
        log, _wizard, action = self.log(result_id=self.result_call_no_answer.id)
        self.assertEqual(action["type"], "ir.actions.act_window_close")
        self.assertFalse(log.next_activity_id)
        self.assertFalse(self.customer_activities())

    @freeze_time("2026-11-20 15:00:00")
    def test_automatic_next_action_is_planned_without_prompt(self):
        log, _wizard, action = self.log(result_id=self.result_call_interested.id, start_time=10.0)
        self.assertEqual(action["type"], "ir.actions.act_window_close")
        activity = self.customer_activities()
        self.assertEqual(len(activity), 1)
        self.assertRecordValues(activity, [{
            "activity_type_id": self.type_visit.id, "summary": "Visit", "user_id": self.user_analyst.id,
            "date_deadline": date(2026, 11, 23),
        }])
        self.assertEqual(log.next_activity_id, activity)
        # AF-11: the activity keeps the time (10:00 in São Paulo + 3 days) and the action's duration.
        self.assertRecordValues(activity, [{"planned_start": datetime(2026, 11, 23, 13, 0), "planned_duration": 1.0}])
        self.assertEqual(activity.with_user(self.user_analyst).planned_time_label, "10:00 – 11:00")

    @freeze_time("2026-11-20 15:00:00")
    def test_prompted_next_action_opens_a_prefilled_step(self):
        log, wizard, action = self.log(
            action_id=self.action_visit.id, result_id=self.result_visit_positive.id, contact_id=self.contact.id,
            description="<p>Send the proposal</p>", start_time=14.0,
        )
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(action["res_model"], "crm.action.log.wizard")
        self.assertFalse(self.customer_activities(), "nothing is planned before the user confirms")
        self.assertRecordValues(wizard, [{
            "step": "next", "log_id": log.id, "next_contact_id": self.contact.id,
            "next_action_id": self.action_call.id, "next_summary": "Call", "next_user_id": self.user_analyst.id,
            # 14:00 in São Paulo (UTC-3) plus 2 days.
            "next_datetime": datetime(2026, 11, 22, 17, 0), "next_duration": 1.0,
        }])
        self.assertIn("Send the proposal", str(wizard.next_note))
        wizard.next_summary = "Call about the proposal"
        wizard.action_plan_next()
        activity = self.customer_activities()
        self.assertRecordValues(activity, [{
            "activity_type_id": self.type_call.id, "summary": "Call about the proposal",
            "date_deadline": date(2026, 11, 22), "user_id": self.user_analyst.id,
        }])
        self.assertRecordValues(activity, [{
            "action_contact_id": self.contact.id, "planned_start": datetime(2026, 11, 22, 17, 0),
        }])
        self.assertEqual(log.next_activity_id, activity)

    @freeze_time("2026-11-20 15:00:00")
    def test_next_action_on_an_opportunity_is_planned_on_it(self):
        self.log(result_id=self.result_call_interested.id, lead_id=self.opportunity.id)
        self.assertEqual(len(self.customer_activities(self.opportunity)), 1)
        self.assertFalse(self.customer_activities())

    @freeze_time("2026-11-20 15:00:00")  # a Friday
    def test_working_days_skip_weekend_and_public_holiday(self):
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create({
            "name": "Consciência Negra (observed)", "calendar_id": calendar.id,
            "date_from": datetime(2026, 11, 23, 0, 0), "date_to": datetime(2026, 11, 23, 23, 59),
        })
        self.result_call_interested.write({"period_type": "working_days", "period": 2})
        self.log(result_id=self.result_call_interested.id, start_time=10.0)
        # Friday + 2 working days: Saturday, Sunday and Monday's holiday skipped → Wednesday.
        self.assertEqual(self.customer_activities().date_deadline, date(2026, 11, 25))

    @freeze_time("2026-11-21 02:00:00")
    def test_working_days_count_from_the_local_day_of_a_late_log(self):
        # Friday 22:00 in São Paulo is already Saturday 01:00 UTC: the days count from the local Friday.
        self.env.company.resource_calendar_id.tz = "America/Sao_Paulo"
        self.result_call_interested.write({"period_type": "working_days", "period": 1})
        log, _wizard, _action = self.log(result_id=self.result_call_interested.id, date="2026-11-20", start_time=22.0)
        activity = self.customer_activities()
        self.assertEqual(activity.date_deadline, date(2026, 11, 23), "Friday + 1 working day = Monday")
        self.assertEqual(log._next_action_deadline(), datetime(2026, 11, 24, 1, 0), "Monday 22:00 local")
        self.assertEqual(activity.planned_start, datetime(2026, 11, 24, 1, 0))

    @freeze_time("2026-11-20 15:00:00")
    def test_hours_period(self):
        self.result_call_interested.write({"period_type": "hours", "period": 20})
        self.log(result_id=self.result_call_interested.id, start_time=10.0)
        self.assertEqual(self.customer_activities().date_deadline, date(2026, 11, 21))

    @freeze_time("2026-11-20 15:00:00")
    def test_result_cancels_future_activities_only(self):
        today_activity = self.customer.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 11, 20), user_id=self.user_analyst.id
        )
        future_activity = self.customer.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 12, 1), user_id=self.user_analyst.id
        )
        lead_activity = self.opportunity.activity_schedule(
            activity_type_id=self.type_call.id, date_deadline=date(2026, 12, 2), user_id=self.user_analyst.id
        )
        self.result_call_refused.cancel_future_activities = True
        self.log(result_id=self.result_call_refused.id)
        self.assertTrue(today_activity.exists())
        self.assertFalse(future_activity.exists())
        self.assertFalse(lead_activity.exists())
