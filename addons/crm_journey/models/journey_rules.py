"""Pure business rules of customer journeys (JO-2 … JO-5, JO-7, JO-9).

No ORM here: dates in, statuses out, so each rule is unit-tested directly.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

NAME_MAX_LENGTH = 256
DESCRIPTION_MAX_LENGTH = 4000
TIME_STEP_MINUTES = 5

# Milestone statuses (JO-3)
DONE = "done"
LATE = "late"
TODAY = "today"
ON_TIME = "on_time"

# Event statuses (JO-7)
EVENT_DONE = "done"
EVENT_NOT_DONE = "not_done"
EVENT_PLANNED = "planned"
EVENT_PENDING = "pending"


def calendar_due_date(entry_date: date, deadline_days: int) -> date:
    """Due date counting calendar days: the entry date plus the deadline days (JO-2)."""
    return entry_date + timedelta(days=deadline_days)


def working_due_date(entry_date: date, deadline_days: int, plan_days: Callable[[int, date], date]) -> date:
    """Due date counting working days (JO-9).

    ``plan_days(n, start)`` returns the date of the n-th working day counted from ``start``
    included (the company calendar's ``plan_days``). The count starts the day after entry, so a
    customer entering on Friday with a 1-working-day deadline is due on Monday.
    """
    if deadline_days <= 0:
        return entry_date
    return plan_days(deadline_days, entry_date + timedelta(days=1))


def milestone_status(due_date: date | None, done_date: date | None, today: date) -> str:
    """Status of one milestone on ``today`` (JO-3): done, late, today or on_time."""
    if done_date:
        return DONE
    if due_date is None:
        return ON_TIME
    if due_date < today:
        return LATE
    if due_date == today:
        return TODAY
    return ON_TIME


def is_done_late(due_date: date | None, done_date: date | None) -> bool:
    """A milestone (or stage) completed after its due date is done late."""
    return bool(done_date and due_date and done_date > due_date)


def aggregate_status(statuses: Iterable[str]) -> str:
    """Customer status from the statuses of its current stage's milestones (JO-3).

    Late if any is late, else due today if any is due today, else done if all are done
    (a stage without milestones counts as on time), else on time.
    """
    statuses = list(statuses)
    if LATE in statuses:
        return LATE
    if TODAY in statuses:
        return TODAY
    if statuses and all(s == DONE for s in statuses):
        return DONE
    return ON_TIME


def milestone_summary(rows: Iterable[tuple[date | None, date | None]]) -> tuple[date | None, bool, float]:
    """What a customer's current milestones ``(due_date, done_date)`` say, independently of today.

    Returns (the earliest due date of the open ones or None, whether there are some and all are done, the
    percentage done). Stored on the customer, so that the status of any day is a comparison (#12).
    """
    rows = list(rows)
    open_dues = [due for due, done in rows if not done and due]
    done = sum(1 for _due, done_date in rows if done_date)
    return (min(open_dues) if open_dues else None, bool(rows) and done == len(rows),
            100.0 * done / len(rows) if rows else 0.0)


def status_from_summary(staged: bool, open_due: date | None, all_done: bool, today: date) -> str | bool:
    """The customer status of JO-3 on ``today`` from its stored milestone summary (same as aggregate_status)."""
    if not staged:
        return False
    if open_due and open_due < today:
        return LATE
    if open_due and open_due == today:
        return TODAY
    if all_done:
        return DONE
    return ON_TIME


def days_in_stage(entry_date: date | None, today: date) -> int:
    """Calendar days since the customer entered its stage."""
    if not entry_date:
        return 0
    return max((today - entry_date).days, 0)


def stage_overdue(stage_due_date: date | None, today: date) -> bool:
    """The stage is overdue when today is past its largest milestone deadline (JO-4).

    With calendar days this is exactly "days in stage > largest deadline".
    """
    return bool(stage_due_date and today > stage_due_date)


def is_time_step(hours: float, step_minutes: int = TIME_STEP_MINUTES) -> bool:
    """True when a float time of day (hours) falls on a ``step_minutes`` boundary (JO-7)."""
    minutes = hours * 60
    return abs(minutes - round(minutes)) < 1e-6 and round(minutes) % step_minutes == 0


def float_to_time_delta(hours: float) -> timedelta:
    """Turn a float time of day (hours) into a timedelta, rounded to the minute."""
    return timedelta(minutes=round(hours * 60))


def event_status(manual_state: str | None, end: datetime | None, now: datetime) -> str:
    """Event status (JO-7): the state set by hand wins; else planned (future) or pending (past)."""
    if manual_state in (EVENT_DONE, EVENT_NOT_DONE):
        return manual_state
    if end is None or end > now:
        return EVENT_PLANNED
    return EVENT_PENDING


def default_event_times(now_local: datetime, step_minutes: int = TIME_STEP_MINUTES) -> tuple[float, float]:
    """JO-11: an event starts now, rounded up to the next step, and lasts one hour.

    Both are hours of the day (floats). Near midnight the start is kept at the last step of the
    day and the end at most that, so that the event stays on its date.
    """
    last = 24 - step_minutes / 60
    minutes = now_local.hour * 60 + now_local.minute + (1 if now_local.second or now_local.microsecond else 0)
    minutes = -(-minutes // step_minutes) * step_minutes
    start = min(minutes / 60, last)
    end = min(start + 1, last)
    return start, end
