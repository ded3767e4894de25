from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.crm_retention_job import QUEUE_JOB_CHANNEL

from .common import ActionFlowCase
from .queue_job_common import QueueJobCaseMixin, queue_jobs, run_queue_jobs
from .test_retention_job import ThreeStepsJobMixin, conflicting_steps


@tagged("post_install", "-at_install")
class TestRetentionJobQueueJob(QueueJobCaseMixin, ThreeStepsJobMixin, ActionFlowCase):
    """#12, X-8: with OCA queue_job installed, the steps of a background job are queue jobs on the
    retention channel, chained one after the other, with the same progress, end and notification."""

    def setUp(self):
        super().setUp()
        self.cron = self.env.ref("crm_action_flow.ir_cron_retention_jobs")
        self.cron_triggers_before = self.cron_triggers()

    def cron_triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])

    def test_steps_run_as_chained_queue_jobs_on_the_channel(self):
        triggers = self.cron_triggers()
        with queue_jobs() as trap:
            job = self.enqueue()
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, QUEUE_JOB_CHANNEL)
            self.assertEqual(trap.enqueued_jobs[0].description, "Three steps")
            self.assertEqual(self.cron_triggers(), triggers, "queue_job runs it: the cron is not woken up")
            trap.perform_enqueued_jobs()
            self.assertRecordValues(job, [{"state": "running", "done_count": 1, "total_count": 3}])
            trap.assert_jobs_count(1, only=job._queue_job_run_step)
            self.assertEqual(trap.enqueued_jobs[0].recordset, job, "the next step of the same job")
            with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
                self.assertEqual(run_queue_jobs(trap), 2, "one queue job per remaining step")
        self.assertRecordValues(job, [{"state": "done", "done_count": 3, "progress": 100.0,
                                       "result_message": "Three partners created."}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])
        self.assertEqual(self.created().create_uid, self.user_analyst, "the steps run as the user who queued them")
        (user, kind, message), _kwargs = bus_send.call_args
        self.assertEqual((user, kind, message["type"]), (self.user_analyst, "simple_notification", "success"))

    def test_killed_step_runs_again_to_the_same_end(self):
        """A runner killed in a step commits nothing: queue_job runs that queue job again."""
        with queue_jobs() as trap:
            job = self.enqueue()
            step = trap.enqueued_jobs[0]
            with self.env.cr.savepoint() as savepoint:
                step.perform()
                self.assertEqual(len(self.created()), 1)
                savepoint.rollback()  # the worker died before queue_job committed the step
            self.env.invalidate_all()
            self.assertRecordValues(job, [{"state": "queued", "done_count": 0}])
            self.assertFalse(self.created())
            trap.enqueued_jobs = [step]  # requeued by queue_job's runner as a dead job
            run_queue_jobs(trap)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])

    def test_failed_step_ends_the_chain_with_its_message(self):
        with queue_jobs() as trap:
            job = self.enqueue(fail_at=2)
            self.assertEqual(run_queue_jobs(trap), 2, "no queue job after the failed step")
        self.assertRecordValues(job, [{"state": "failed", "result_message": "Step 2 refused", "done_count": 1}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1"], "the failed step wrote nothing")

    def test_a_job_the_cron_finished_is_left_alone(self):
        with queue_jobs() as trap:
            job = self.enqueue()
            self.assertEqual(self.Job._action_run_jobs(commit=False), 0, "the cron is still a runner")
            self.assertEqual(job.state, "done")
            self.assertEqual(run_queue_jobs(trap), 1)
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.created()), 3, "no step ran twice")

    def test_a_job_another_runner_holds_is_retried_later(self):
        from odoo.addons.queue_job.exception import RetryableJobError  # pylint: disable=import-outside-toplevel

        with queue_jobs() as trap:
            job = self.enqueue()
            step = trap.enqueued_jobs[0]
            # The cron (or another server's runner) holds the job's row: SKIP LOCKED finds nothing.
            with patch.object(type(job), "_queue_job_lock", return_value=False):
                with self.assertRaises(RetryableJobError):
                    step.perform()
        self.assertRecordValues(job, [{"state": "queued", "done_count": 0}])

    def test_step_met_by_a_concurrent_change_is_queued_again(self):
        patcher = patch.object(type(self.env["res.partner"]), "_job_three_steps", conflicting_steps(1), create=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        with queue_jobs() as trap:
            job = self.enqueue()
            self.assertEqual(run_queue_jobs(trap), 4, "three steps, the second one twice")
        self.assertRecordValues(job, [{"state": "done", "step_tries": 0}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])

    def test_resumed_job_is_queued_again(self):
        with queue_jobs() as trap:
            job = self.enqueue(fail_at=3)
            run_queue_jobs(trap)
            self.assertRecordValues(job, [{"state": "failed", "done_count": 2}])
            job.sudo().payload = dict(job.payload, fail_at=None)  # what failed is fixed
            job.with_user(self.user_analyst).action_resume()
            trap.assert_jobs_count(1, only=job._queue_job_run_step)
            self.assertEqual(self.cron_triggers(), self.cron_triggers_before)
            run_queue_jobs(trap)
        self.assertRecordValues(job, [{"state": "done", "done_count": 3}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])
