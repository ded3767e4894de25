import logging
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

JOB_METHOD_PREFIX = "_job_"
# A cron callback returns after this many seconds of work, far under Odoo's multi-worker limits
# (limit_time_real 120 s, limit_time_cpu 60 s); ir.cron re-runs it at once while jobs remain.
TIME_BUDGET = 20.0
# With OCA queue_job installed, every step is one queue job on this channel (configure its capacity in the
# server's [queue_job] channels, e.g. ``root:4,root.crm_retention:2``), run by the job runners of any server.
QUEUE_JOB_CHANNEL = "root.crm_retention"
# A queue job finding its job locked by another runner (the cron) tries again this many seconds later.
QUEUE_JOB_RETRY_SECONDS = 10
# The states of a job a runner still has to work on.
UNFINISHED = ("queued", "running")


class CrmRetentionJob(models.Model):
    """Background work of the pack (X-8), run by one ir.cron in steps, resumable, with visible progress.

    An addon declares its work as a private method ``_job_<name>(job)`` on its model, doing one bounded
    step (a batch) from ``job.payload`` (its own cursor, updated by the step), and returning the number of
    units still to do (0 when finished); it enqueues the work with ``_enqueue``. The runner commits after
    each step, so a killed worker resumes from the last committed step; a step that fails is rolled back
    and the job ends failed with the step's message. The user who enqueued it sees its progress in
    CRM > Configuration > Retention > Background Jobs and gets a notification when it ends.

    Where OCA ``queue_job`` is installed, the same steps run as queue jobs on ``QUEUE_JOB_CHANNEL``
    instead (one queue job per step, each chaining the next in its own transaction), so they spread over
    the job runners of several servers; the ir.cron stays the fallback and both lock the job they work on.
    """

    _name = "crm.retention.job"
    _description = "Retention Background Job"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    payload = fields.Json(readonly=True, copy=False)
    user_id = fields.Many2one("res.users", string="Requested by", required=True, readonly=True, index=True,
                              ondelete="cascade", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.company)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued", required=True, readonly=True, index=True,
    )
    done_count = fields.Integer(string="Done", readonly=True)
    step_tries = fields.Integer(
        string="Tries of the step", readonly=True, copy=False,
        help="Times the current step was rolled back because other users changed the same records at the same "
             "time; it is tried again, in a new transaction, up to 5 times.",
    )
    total_count = fields.Integer(string="Total", readonly=True)
    progress = fields.Float(compute="_compute_progress", help="Percentage of the work done.")
    result_message = fields.Text(string="Result", readonly=True)
    date_started = fields.Datetime(string="Started", readonly=True)
    date_done = fields.Datetime(string="Ended", readonly=True)

    @api.depends("done_count", "total_count", "state")
    def _compute_progress(self):
        for job in self:
            if job.state == "done":
                job.progress = 100.0
            else:
                job.progress = 100.0 * job.done_count / job.total_count if job.total_count else 0.0

    # ------------------------------------------------------------------ enqueue

    @api.model
    def _enqueue(self, name, model_name, method, payload=None, total=0):
        """Queue ``model_name._job_<...>(job)`` for the current user and company; wake the runner up."""
        if not method.startswith(JOB_METHOD_PREFIX) or not callable(getattr(self.env[model_name], method, None)):
            raise UserError(self.env._("%(method)s is not a background job method of %(model)s.",
                                       method=method, model=model_name))
        job = self.sudo().create({
            "name": name, "res_model": model_name, "method": method, "payload": payload or {},
            "total_count": total, "user_id": self.env.user.id, "company_id": self.env.company.id,
        })
        job._wake_runner()
        return job.with_env(self.env)

    def action_resume(self):
        """Resume failed jobs from their last committed step (steps are resumable: this is what a runner does
        after a killed worker). For the user who queued the job, or an Administrator (the record rules)."""
        self.check_access("read")
        not_failed = self.filtered(lambda job: job.state != "failed")
        if not_failed:
            raise UserError(self.env._("Only a failed job can be resumed: %(jobs)s.",
                                       jobs=", ".join(not_failed.mapped("name"))))
        for job in self.sudo():
            job.write({"state": "running" if job.date_started else "queued", "result_message": False,
                       "date_done": False, "step_tries": 0})
        self.sudo()._wake_runner()
        return True

    def _wake_runner(self):
        """Have these jobs run: each as a queue job where queue_job is installed, else by the cron (woken up)."""
        if self._queue_job_available():
            for job in self:
                job._queue_job_delay()
        else:
            self.env.ref("crm_action_flow.ir_cron_retention_jobs").sudo()._trigger()

    # ------------------------------------------------------------------ OCA queue_job (optional)

    @api.model
    def _queue_job_available(self):
        """Whether OCA queue_job is installed on this database (its models are in the registry)."""
        return "queue.job" in self.env and hasattr(self, "with_delay")

    def _queue_job_delay(self):
        """Queue the next step of this job as a queue job on the retention channel."""
        self.ensure_one()
        self.sudo().with_delay(channel=QUEUE_JOB_CHANNEL, description=self.name)._queue_job_run_step()

    def _queue_job_lock(self):
        """Lock this unfinished job for this runner; False if it is finished or another runner holds it."""
        self.ensure_one()
        return bool(self._next_job(self.ids))

    def _queue_job_run_step(self):
        """One step of this job, run by a queue_job runner; queue_job commits it with the next step queued.

        Returns the job's state (a string, as queue_job records it). A job another runner holds is tried
        again later; a finished one (e.g. the cron ran its last step) is left as it is.
        """
        self.ensure_one()
        if not self._queue_job_lock():
            self.invalidate_recordset(["state"])
            if self.state in UNFINISHED:
                # Imported here: queue_job is optional, and installed on this database (checked by the caller).
                from odoo.addons.queue_job.exception import RetryableJobError  # pylint: disable=import-outside-toplevel

                raise RetryableJobError(self.env._("Another runner is working on this job."),
                                        seconds=QUEUE_JOB_RETRY_SECONDS, ignore_retry=True)
            return self.state
        job = self.sudo()
        job._run_step(commit=False)
        if job.state in UNFINISHED:
            job._queue_job_delay()
        return job.state

    # ------------------------------------------------------------------ runner

    @api.model
    def _cron_run_jobs(self):
        """ir.cron entry point (thin wrapper)."""
        return self._action_run_jobs()

    @api.model
    def _action_run_jobs(self, time_budget=TIME_BUDGET, max_steps=None, commit=True):
        """Run queued jobs step by step for at most ``time_budget`` seconds (or ``max_steps`` steps).

        Returns the number of jobs still queued or running (ir.cron re-runs the callback while some are).
        """
        started = time.monotonic()
        steps = 0
        while True:
            job = self._next_job()
            if not job:
                break
            job._run_step(commit)
            steps += 1
            if (max_steps and steps >= max_steps) or time.monotonic() - started >= time_budget:
                break
        remaining = self.sudo().search_count([("state", "in", UNFINISHED)])
        self.env["ir.cron"]._notify_progress(done=steps, remaining=remaining)
        return remaining

    @api.model
    def _next_job(self, ids=None):
        """The oldest unfinished job (among ``ids`` if given), locked for this runner (another runner skips it)."""
        self.flush_model(["state"])
        self.env.cr.execute(SQL(
            """SELECT id FROM crm_retention_job WHERE state IN %s%s
               ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED""",
            UNFINISHED, SQL(" AND id = ANY(%s)", list(ids)) if ids is not None else SQL(),
        ))
        row = self.env.cr.fetchone()
        return self.sudo().browse(row[0]) if row else self.sudo().browse()

    def _run_step(self, commit=True):
        """One step of this job, as the user who queued it, in their company; commit or fail cleanly."""
        self.ensure_one()
        if self.state == "queued":
            self.write({"state": "running", "date_started": fields.Datetime.now()})
        env = self.env(user=self.user_id, su=False, context=dict(
            self.env.context, allowed_company_ids=[self.company_id.id], crm_retention_job_id=self.id,
        ))
        worker = env[self.res_model]
        job = self.with_env(env)
        try:
            with self.env.cr.savepoint():
                remaining = getattr(worker, self.method)(job)
                self.env.flush_all()
        except (UserError, AccessError) as error:
            self._finish("failed", str(error.args[0] if error.args else error))
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            self._retry_step(error)
        except Exception:  # a job never takes the runner down with it; the cause is logged
            _logger.exception("Background job %s (%s.%s) failed", self.id, self.res_model, self.method)
            self._finish("failed", self.env._("The job failed on an unexpected error; the server log has its details."))
        else:
            if self.step_tries:
                self.step_tries = 0
            if not remaining:
                self._finish("done", self.result_message)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
            # every step is committed, so that a killed worker resumes from the last one.

    def _retry_step(self, error):
        """The step met a concurrent change (serialization failure, deadlock, lock not available) and was rolled
        back: the job stays running and the same step is tried again by the next runner call, in a new
        transaction, as Odoo retries a request; after MAX_TRIES_ON_CONCURRENCY_FAILURE tries the job fails."""
        tries = self.step_tries + 1
        if tries < MAX_TRIES_ON_CONCURRENCY_FAILURE:
            _logger.info("Background job %s: step rolled back on %s, try %s of %s", self.id,
                         type(error).__name__, tries + 1, MAX_TRIES_ON_CONCURRENCY_FAILURE)
            self.step_tries = tries
            return
        _logger.warning("Background job %s: step rolled back %s times on concurrent changes (%s)", self.id, tries,
                        error)
        self._finish("failed", self.env._(
            "The job stopped: other users changed the same records at the same time, %(tries)s times in a row. "
            "What its earlier steps did is kept (%(done)s of %(total)s); run it again.",
            tries=tries, done=self.done_count, total=self.total_count,
        ))

    def _finish(self, state, message):
        self.write({"state": state, "result_message": message, "date_done": fields.Datetime.now()})
        self.user_id._bus_send("simple_notification", {
            "type": "success" if state == "done" else "danger",
            "title": self.name,
            "message": message or (self.env._("Done.") if state == "done" else self.env._("Failed.")),
            "sticky": state == "failed",
        })

    # ------------------------------------------------------------------ used by the steps

    def _step_progress(self, done, total=None, payload=None, message=None):
        """Record what a step did: units done so far, the total, the step's cursor, a result message."""
        vals = {"done_count": done}
        if total is not None:
            vals["total_count"] = total
        if payload is not None:
            vals["payload"] = payload
        if message is not None:
            vals["result_message"] = message
        self.sudo().write(vals)
