from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ActionFlowCase


def three_steps(self, job):
    """A job of three steps; each creates a partner; ``fail_at`` makes that step refuse."""
    payload = dict(job.payload or {})
    payload["n"] = payload.get("n", 0) + 1
    job._step_progress(done=payload["n"], total=3, payload=payload)
    self.env["res.partner"].create({"name": f"Job step {payload['n']}"})
    if payload.get("fail_at") == payload["n"]:
        raise UserError(self.env._("Step %(n)s refused", n=payload["n"]))
    if payload["n"] == 3:
        job._step_progress(done=3, message="Three partners created.")
    return 3 - payload["n"]


class ThreeStepsJobMixin:
    """A job of three steps (``three_steps``) queued by the analyst, and the partners its steps created."""

    def setUp(self):
        super().setUp()
        patcher = patch.object(type(self.env["res.partner"]), "_job_three_steps", three_steps, create=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.Job = self.env["crm.retention.job"]

    def enqueue(self, **payload):
        return self.Job.with_user(self.user_analyst)._enqueue("Three steps", "res.partner", "_job_three_steps",
                                                              payload=payload)

    def created(self):
        return self.env["res.partner"].search([("name", "like", "Job step %")]).sorted("name")


@tagged("post_install", "-at_install")
class TestRetentionJob(ThreeStepsJobMixin, ActionFlowCase):
    """X-8: background work in steps, resumable, with progress and a notification."""

    def setUp(self):
        super().setUp()
        # The ir.cron path, also where OCA queue_job is installed (its path: test_retention_job_queue_job.py).
        patcher = patch.object(type(self.Job), "_queue_job_available", return_value=False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_job_runs_to_the_end_and_notifies(self):
        cron = self.env.ref("crm_action_flow.ir_cron_retention_jobs")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        job = self.enqueue()
        self.assertEqual(job.state, "queued")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
            self.assertEqual(self.Job._action_run_jobs(commit=False), 0)
        self.assertRecordValues(job, [{"state": "done", "done_count": 3, "total_count": 3, "progress": 100.0,
                                       "result_message": "Three partners created."}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])
        self.assertEqual(self.created().create_uid, self.user_analyst, "the steps run as the user who queued them")
        (user, kind, message), _kwargs = bus_send.call_args
        self.assertEqual((user, kind), (self.user_analyst, "simple_notification"))
        self.assertEqual((message["type"], message["message"]), ("success", "Three partners created."))

    def test_interrupted_job_resumes_to_the_same_end(self):
        job = self.enqueue()
        self.assertEqual(self.Job._action_run_jobs(max_steps=1, commit=False), 1)
        self.assertRecordValues(job, [{"state": "running", "done_count": 1, "progress": 100.0 / 3}])
        self.assertEqual(len(self.created()), 1)
        self.Job._action_run_jobs(commit=False)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])

    def test_failed_step_is_rolled_back_and_reported(self):
        job = self.enqueue(fail_at=2)
        self.assertEqual(self.Job._action_run_jobs(commit=False), 0)
        self.assertRecordValues(job, [{"state": "failed", "result_message": "Step 2 refused", "done_count": 1}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1"], "the failed step wrote nothing")
        self.assertEqual(job.payload, {"fail_at": 2, "n": 1})

    def test_only_job_methods_can_be_queued(self):
        with self.assertRaisesRegex(UserError, "is not a background job method"):
            self.Job.with_user(self.user_analyst)._enqueue("Unlink all", "res.partner", "unlink")
        self.assertFalse(self.Job.search([]))

    def test_users_see_their_own_jobs_and_change_none(self):
        job = self.enqueue()
        self.assertEqual(self.Job.with_user(self.user_analyst).search([]), job)
        self.assertFalse(self.Job.with_user(self.user_own).search([]))
        self.assertEqual(self.Job.with_user(self.user_admin_profile).search([]), job)
        with self.assertRaises(AccessError):
            job.with_user(self.user_analyst).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Job.with_user(self.user_analyst).create({"name": "x", "res_model": "res.partner",
                                                         "method": "_job_three_steps"})
        self.assertEqual(job.state, "queued")


def conflicting_steps(conflicts):
    """``three_steps``, whose second step meets ``conflicts`` concurrent changes before it goes through."""
    left = {"conflicts": conflicts}

    def steps(self, job):
        if (job.payload or {}).get("n") == 1 and left["conflicts"]:
            left["conflicts"] -= 1
            self.env["res.partner"].create({"name": "Job step rolled back"})
            raise SerializationFailure("could not serialize access due to concurrent update")
        return three_steps(self, job)

    return steps


@tagged("post_install", "-at_install")
class TestRetentionJobConcurrency(ThreeStepsJobMixin, ActionFlowCase):
    """X-8: a step that meets another user's change at the same time is rolled back and tried again, as Odoo
    retries a request, instead of ending the job half done."""

    def use(self, steps):
        patcher = patch.object(type(self.env["res.partner"]), "_job_three_steps", steps, create=True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_step_tried_again_after_a_concurrent_change(self):
        self.use(conflicting_steps(2))
        job = self.enqueue()
        self.assertEqual(self.Job._action_run_jobs(max_steps=2, commit=False), 1)
        self.assertRecordValues(job, [{"state": "running", "done_count": 1, "step_tries": 1}])
        self.Job._action_run_jobs(commit=False)
        self.assertRecordValues(job, [{"state": "done", "done_count": 3, "step_tries": 0,
                                       "result_message": "Three partners created."}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"],
                         "each step's work once, the rolled back tries' none")

    def test_job_fails_after_five_tries_keeping_its_earlier_steps(self):
        self.use(conflicting_steps(10))
        job = self.enqueue()
        with patch.object(type(self.env["res.users"]), "_bus_send", autospec=True) as bus_send:
            self.assertEqual(self.Job._action_run_jobs(commit=False), 0)
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.result_message, "The job stopped: other users changed the same records at the same "
                                             "time, 5 times in a row. What its earlier steps did is kept (1 of 3); "
                                             "run it again.")
        self.assertEqual(self.created().mapped("name"), ["Job step 1"])
        (_user, _kind, message), _kwargs = bus_send.call_args
        self.assertEqual(message["type"], "danger")


@tagged("post_install", "-at_install")
class TestRetentionJobResume(ThreeStepsJobMixin, ActionFlowCase):
    """X-8: a failed job is resumed from its last completed step by the user who queued it (or an
    Administrator), as a runner resumes after a killed worker."""

    def setUp(self):
        super().setUp()
        self.failures = {"left": 1}

        def fails_once(partner, job):
            if (job.payload or {}).get("n") == 1 and self.failures["left"]:
                self.failures["left"] -= 1
                raise UserError(partner.env._("Step %(n)s refused", n=2))
            return three_steps(partner, job)

        patcher = patch.object(type(self.env["res.partner"]), "_job_three_steps", fails_once, create=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.job = self.enqueue()
        self.assertEqual(self.Job._action_run_jobs(commit=False), 0)
        self.assertRecordValues(self.job, [{"state": "failed", "done_count": 1,
                                            "result_message": "Step 2 refused"}])

    def test_resumed_job_ends_as_an_uninterrupted_one(self):
        self.assertIs(self.job.with_user(self.user_analyst).action_resume(), True)
        self.assertRecordValues(self.job, [{"state": "running", "result_message": False, "date_done": False}])
        self.Job._action_run_jobs(commit=False)
        self.assertRecordValues(self.job, [{"state": "done", "done_count": 3,
                                            "result_message": "Three partners created."}])
        self.assertEqual(self.created().mapped("name"), ["Job step 1", "Job step 2", "Job step 3"])

    def test_administrator_resumes_anyones_job(self):
        self.job.with_user(self.user_admin_profile).action_resume()
        self.Job._action_run_jobs(commit=False)
        self.assertEqual(self.job.state, "done")
        self.assertEqual(self.created().create_uid, self.user_analyst, "still run as the user who queued it")

    def test_only_its_user_resumes_a_failed_job(self):
        with self.assertRaises(AccessError):
            self.job.with_user(self.user_own).action_resume()
        self.assertEqual(self.job.state, "failed")
        self.job.with_user(self.user_analyst).action_resume()
        self.Job._action_run_jobs(commit=False)
        with self.assertRaisesRegex(UserError, "Only a failed job can be resumed: Three steps"):
            self.job.with_user(self.user_analyst).action_resume()
        self.assertEqual(self.job.state, "done")
