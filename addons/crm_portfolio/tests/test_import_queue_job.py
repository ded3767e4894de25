from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.crm_retention_job import QUEUE_JOB_CHANNEL
from odoo.addons.crm_action_flow.tests.queue_job_common import (
    QueueJobCaseMixin,
    queue_jobs,
    run_queue_jobs,
)
from odoo.addons.crm_portfolio.wizard import crm_portfolio_import

from .common import PortfolioCase


@tagged("post_install", "-at_install")
class TestImportQueueJob(QueueJobCaseMixin, PortfolioCase):
    """PO-5 at scale (#12) where OCA queue_job is installed: a large file is validated and imported by queue
    jobs on the retention channel, with the same result, notification and tracking as through the cron."""

    def setUp(self):
        super().setUp()
        patcher = patch.object(crm_portfolio_import, "BACKGROUND_BYTES", 10)  # every file counts as large
        patcher.start()
        self.addCleanup(patcher.stop)
        # Tracking on, as for a user (the fixtures of PortfolioCase disable it).
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))

    def run_queue(self, trap):
        with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
            self.assertTrue(all(job.channel == QUEUE_JOB_CHANNEL for job in trap.enqueued_jobs))
            run_queue_jobs(trap)
        return [call.args[2] for call in bus_send.call_args_list]

    def test_large_file_validated_and_imported_by_queue_jobs(self):
        rows = [(self.acme.id, "Acme Ltda", "Key accounts"), (self.bolt.id, "Bolt SA", "North")]
        with queue_jobs() as trap, freeze_time("2026-11-20"):
            wizard = self.importer(rows, user=self.maria)
            wizard.action_validate()
            self.assertEqual((wizard.state, wizard.job_id.state), ("running", "queued"))
            trap.assert_jobs_count(1)
            notifications = self.run_queue(trap)
            self.assertRecordValues(wizard, [{"state": "validated", "rows_valid": 2, "job_state": "done"}])
            self.assertEqual(notifications[-1]["message"], "2 rows found: 2 valid, 0 invalid, 0 blank.")
            self.assertFalse(self.acme.portfolio_id, "validation writes nothing")

            wizard.action_import()
            self.assertEqual(wizard.state, "running")
            notifications = self.run_queue(trap)
        self.assertEqual(notifications[-1]["message"], "2 companies imported.")
        self.assertRecordValues(wizard, [{"state": "done", "imported_count": 2}])
        self.assertRecordValues(self.acme, [{"portfolio_id": self.pf_key.id, "journey_stage_id": self.kickoff.id}])
        self.assertRecordValues(self.bolt, [{"portfolio_id": self.pf_north.id, "success_manager_id": self.joao.id}])
        self.assertEqual(
            {(t.field_id.name, t.new_value_char) for t in self.acme.message_ids.tracking_value_ids},
            {("portfolio_id", "Key accounts"), ("journey_id", "Onboarding"), ("journey_stage_id", "Kick-off")},
        )

    def test_invalid_row_writes_nothing(self):
        rows = [(self.acme.id, "Acme Ltda", "Key accounts"), (self.acme.id + 100000, "Ghost", "North")]
        with queue_jobs() as trap:
            wizard = self.importer(rows, user=self.maria)
            wizard.write({"state": "validated"})  # as if validated before the file was changed
            wizard.action_import()
            notifications = self.run_queue(trap)
        self.assertIn("Nothing imported: 1 of 2 rows are invalid", notifications[-1]["message"])
        self.assertRecordValues(wizard, [{"state": "validated", "rows_invalid": 1}])
        self.assertTrue(wizard.error_file, "the error sheet is ready to download")
        self.assertFalse(self.acme.portfolio_id)
        self.assertFalse(self.acme.message_ids.tracking_value_ids)
