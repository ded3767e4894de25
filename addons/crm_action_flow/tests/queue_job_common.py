"""The OCA queue_job path of the background jobs (#12, X-8), for the tests of each addon.

queue_job is optional: these tests run on ``./dev test``'s database where queue_job is installed beside the
pack (``crmpack_test_queue``, with ``CRM_PACK_QUEUE_DB=1``, under which a database without queue_job fails the
test instead of skipping it). On the suite's database without queue_job they are skipped.
"""

import os
from contextlib import contextmanager


def require_queue_job(case_class):
    """Skip ``case_class`` (in its setUpClass) unless queue_job is installed; fail under CRM_PACK_QUEUE_DB."""
    if "queue.job" not in case_class.env:
        if os.environ.get("CRM_PACK_QUEUE_DB"):
            raise AssertionError("CRM_PACK_QUEUE_DB is set but queue_job is not installed on this database")
        case_class.skipTest(case_class, "queue_job is not installed (./dev test runs this on its queue_job database)")


class QueueJobCaseMixin:
    """For the test classes of the queue_job path: skipped (or failed) where queue_job is not installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_queue_job(cls)


@contextmanager
def queue_jobs():
    """Trap the queue jobs enqueued inside the block (queue_job's ``trap_jobs``): the test runs them."""
    from odoo.addons.queue_job.tests.common import trap_jobs  # pylint: disable=import-outside-toplevel

    with trap_jobs() as trap:
        yield trap


def run_queue_jobs(trap, limit=100):
    """Perform the trapped queue jobs, and those they enqueue, as job runners would; returns how many ran."""
    ran = 0
    while trap.enqueued_jobs:
        ran += len(trap.enqueued_jobs)
        if ran > limit:
            raise AssertionError(f"more than {limit} queue jobs: a chain that never ends")
        trap.perform_enqueued_jobs()
    return ran
