from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.wizard import crm_portfolio_import

from .common import PortfolioCase


@tagged("post_install", "-at_install")
class TestImportBackground(PortfolioCase):
    """PO-5 at scale (X-8, #12): a large file is validated and imported by the background job runner."""

    def setUp(self):
        super().setUp()
        # Every file of these tests counts as large.
        patcher = patch.object(crm_portfolio_import, "BACKGROUND_BYTES", 10)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.Job = self.env["crm.retention.job"]

    def run_jobs(self):
        with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
            # Tracking on, as for a user (the fixtures of PortfolioCase disable it).
            self.assertEqual(self.Job.with_context(tracking_disable=False)._action_run_jobs(commit=False), 0)
        return [call.args[2] for call in bus_send.call_args_list]

    def rows(self):
        return [(self.acme.id, "Acme Ltda", "Key accounts"), (self.bolt.id, "Bolt SA", "North"),
                (self.cafe.id, "Café Real", None)]

    def test_large_file_validated_and_imported_in_the_background(self):
        self.cafe.portfolio_id = self.pf_small
        wizard = self.importer(self.rows(), user=self.maria)
        wizard.action_validate()
        self.assertEqual(wizard.state, "running")
        self.assertEqual(wizard.job_id.state, "queued")
        self.assertEqual(wizard.job_id.user_id, self.maria)
        notifications = self.run_jobs()
        self.assertRecordValues(wizard, [{"state": "validated", "rows_found": 3, "rows_valid": 2, "rows_invalid": 0,
                                          "rows_blank": 1, "job_state": "done"}])
        self.assertEqual(notifications[-1]["message"], "3 rows found: 2 valid, 0 invalid, 1 blank.")
        self.assertFalse(self.acme.portfolio_id, "validation writes nothing")

        with freeze_time("2026-11-20"):
            wizard.action_import()
            self.assertEqual(wizard.state, "running")
            notifications = self.run_jobs()
        self.assertEqual(notifications[-1]["message"], "3 companies imported.")
        self.assertEqual(wizard.state, "done")
        self.assertRecordValues(self.acme, [{
            "portfolio_id": self.pf_key.id, "success_manager_id": self.maria.id, "portfolio_is_new": True,
            "journey_id": self.journey.id, "journey_stage_id": self.kickoff.id,
            "journey_stage_date": date(2026, 11, 20), "journey_open_due_date": date(2026, 11, 22),
        }])
        self.assertEqual(self.acme.journey_current_milestone_ids.milestone_id.name, "Welcome call")
        self.assertEqual(self.acme.journey_current_milestone_ids.due_date, date(2026, 11, 22))
        self.assertEqual(self.acme.journey_history_ids.stage_id, self.kickoff)
        self.assertRecordValues(self.bolt, [{"portfolio_id": self.pf_north.id, "success_manager_id": self.joao.id}])
        self.assertRecordValues(self.cafe, [{"portfolio_id": False, "success_manager_id": False,
                                             "portfolio_is_new": False}])
        # The chatter tracks the changes, as a write of the portfolio would.
        tracking = self.acme.message_ids.tracking_value_ids
        self.assertEqual(
            {(t.field_id.name, t.old_value_char, t.new_value_char) for t in tracking},
            {("portfolio_id", "", "Key accounts"), ("journey_id", "", "Onboarding"),
             ("journey_stage_id", "", "Kick-off")},
        )
        self.assertEqual(self.acme.message_ids.filtered("tracking_value_ids").author_id, self.maria.partner_id)

    def test_invalid_row_in_a_large_file_writes_nothing(self):
        wizard = self.importer([*self.rows(), (self.acme.id + 100000, "Ghost", "North")], user=self.maria)
        wizard.write({"state": "validated"})  # as if validated before the file was changed
        wizard.action_import()
        notifications = self.run_jobs()
        self.assertIn("Nothing imported: 1 of 4 rows are invalid", notifications[-1]["message"])
        self.assertRecordValues(wizard, [{"state": "validated", "rows_invalid": 1}])
        self.assertTrue(wizard.error_file)
        self.assertFalse((self.acme | self.bolt).portfolio_id)

    def test_killed_import_resumes_to_the_same_end(self):
        wizard = self.importer(self.rows(), user=self.maria)
        wizard.write({"state": "validated"})
        wizard.action_import()
        # A worker killed in the middle of the step: nothing of it is committed.
        with self.env.cr.savepoint() as killed:
            self.Job._action_run_jobs(commit=False)
            self.assertEqual(self.acme.portfolio_id, self.pf_key)
            killed.rollback()
        self.env.invalidate_all()
        self.assertFalse(self.acme.portfolio_id)
        self.assertIn(wizard.job_id.state, ("queued", "running"))
        self.run_jobs()
        self.assertEqual(wizard.job_id.state, "done")
        self.assertRecordValues(self.acme | self.bolt,
                                [{"portfolio_id": self.pf_key.id}, {"portfolio_id": self.pf_north.id}])
        self.assertEqual(len(self.acme.journey_history_ids), 1, "one move, not two")

    def test_bulk_assignment_equals_the_orm_write(self):
        """The set-based assignment of the import leaves customers as writing their portfolio one by one does."""
        fields = ["portfolio_id", "success_manager_id", "portfolio_is_new", "journey_id", "journey_stage_id",
                  "journey_stage_date", "journey_stage_due_date", "journey_open_due_date", "journey_milestones_done",
                  "journey_milestone_progress", "journey_status"]
        with freeze_time("2026-11-20"):
            self.bolt.portfolio_id = self.pf_key  # on the journey already, then moved on by hand
            self.bolt._journey_move_to_stage(self.live)
            self.cafe.portfolio_id = self.pf_key
            twins = self.env["res.partner"].create([
                {"name": f"Twin {p.name}", "is_company": True} for p in (self.acme, self.bolt, self.cafe)
            ])
            twins[1].portfolio_id = self.pf_key
            twins[1]._journey_move_to_stage(self.live)
            twins[2].portfolio_id = self.pf_key
            self.env["res.partner"].with_user(self.maria)._portfolio_assign_bulk({
                self.acme.id: self.pf_north.id, self.bolt.id: self.pf_small.id, self.cafe.id: None,
            })
            twins[0].with_user(self.maria).portfolio_id = self.pf_north
            twins[1].with_user(self.maria).portfolio_id = self.pf_small
            twins[2].with_user(self.maria).portfolio_id = False
            self.env.invalidate_all()
            for bulk, orm in zip(self.acme | self.bolt | self.cafe, twins, strict=True):
                with self.subTest(customer=bulk.name):
                    self.assertEqual(bulk.read(fields)[0] | {"id": 0}, orm.read(fields)[0] | {"id": 0})
                    self.assertEqual(bulk.journey_current_milestone_ids.mapped("due_date"),
                                     orm.journey_current_milestone_ids.mapped("due_date"))
                    self.assertEqual(bulk.journey_history_ids.mapped(lambda h: (h.stage_id, h.date_in, h.date_out)),
                                     orm.journey_history_ids.mapped(lambda h: (h.stage_id, h.date_in, h.date_out)))

    def test_import_killed_between_steps_resumes_to_the_same_end(self):
        Job = self.Job.with_context(tracking_disable=False)
        with patch.object(crm_portfolio_import, "IMPORT_STEP_ROWS", 1):
            wizard = self.importer(self.rows(), user=self.maria)
            wizard.action_validate()
            self.run_jobs()
            wizard.action_import()
            Job._action_run_jobs(max_steps=2, commit=False)  # every row checked, then the first company written
            self.assertRecordValues(wizard.job_id, [{"state": "running", "done_count": 1, "total_count": 3}])
            self.assertEqual(self.acme.portfolio_id, self.pf_key)
            self.assertFalse(self.bolt.portfolio_id)
            with self.assertRaisesRegex(UserError, "worked on in the background"):
                wizard.action_reset()
            with self.assertRaisesRegex(UserError, "worked on in the background"):
                wizard.action_import()
            # A worker killed in the middle of the next step: nothing of that step is committed.
            with self.env.cr.savepoint() as killed:
                Job._action_run_jobs(max_steps=1, commit=False)
                self.assertEqual(self.bolt.portfolio_id, self.pf_north)
                killed.rollback()
            self.env.invalidate_all()
            self.assertFalse(self.bolt.portfolio_id)
            self.assertEqual(wizard.job_id.done_count, 1)
            notifications = self.run_jobs()
        self.assertEqual(notifications[-1]["message"], "3 companies imported.")
        self.assertRecordValues(wizard, [{"state": "done", "imported_count": 3, "job_state": "done"}])
        self.assertRecordValues(self.acme | self.bolt | self.cafe, [
            {"portfolio_id": self.pf_key.id}, {"portfolio_id": self.pf_north.id}, {"portfolio_id": False},
        ])
        for customer in self.acme | self.bolt:
            self.assertEqual(len(customer.journey_history_ids), 1 if customer.journey_id else 0, "one move each")
            self.assertEqual(len(customer.message_ids.filtered("tracking_value_ids")), 1, "one tracking message")

    def test_failed_import_resumed_writes_the_rest(self):
        """A later step that fails leaves the first companies imported; Resume writes the others, once each."""
        write_step = type(self.env["crm.portfolio.import"])._import_write_step
        failures = {"left": 1}

        def fails_once(wizard, job):
            if job.payload.get("offset") == 1 and failures["left"]:
                failures["left"] -= 1
                raise UserError(wizard.env._("The import lost its checked rows before its end: upload the file again."))
            return write_step(wizard, job)

        Job = self.Job.with_context(tracking_disable=False)
        with patch.object(crm_portfolio_import, "IMPORT_STEP_ROWS", 1), \
                patch.object(type(self.env["crm.portfolio.import"]), "_import_write_step", fails_once):
            wizard = self.importer(self.rows(), user=self.maria)
            wizard.action_validate()
            self.run_jobs()
            wizard.action_import()
            self.run_jobs()
            self.assertRecordValues(wizard, [{"state": "running", "job_state": "failed",
                                              "job_message": "The import lost its checked rows before its end: "
                                                             "upload the file again."}])
            self.assertEqual(self.acme.portfolio_id, self.pf_key)
            self.assertFalse(self.bolt.portfolio_id)
            with self.assertRaises(AccessError):
                wizard.with_user(self.analyst).action_resume_job()
            wizard.with_user(self.maria).action_resume_job()
            notifications = self.run_jobs()
        self.assertEqual(notifications[-1]["message"], "3 companies imported.")
        self.assertRecordValues(wizard, [{"state": "done", "imported_count": 3}])
        self.assertRecordValues(self.acme | self.bolt,
                                [{"portfolio_id": self.pf_key.id}, {"portfolio_id": self.pf_north.id}])
        for company in self.acme | self.bolt:
            self.assertEqual(len(company.message_ids.filtered("tracking_value_ids")), 1, company.name)
        self.assertEqual(len(self.acme.journey_history_ids), 1, "one move onto the journey, not two")
        with self.assertRaisesRegex(UserError, "Only a background job that failed can be resumed"):
            wizard.action_resume_job()
        self.assertEqual(Job.search_count([("state", "=", "failed")]), 0)
