"""Plain business rules of crm_action_flow: no ORM, unit-tested directly."""

from collections.abc import Callable, Container, Hashable, Iterable
from datetime import datetime, timedelta

PERIOD_TYPES = ("minutes", "hours", "days", "working_days")
#: Logged times and next actions are on steps of this many minutes (AF-12).
TIME_STEP_MINUTES = 5


def float_to_hm(value: float) -> tuple[int, int]:
    """Split a float hour (e.g. 9.5) into (hours, minutes) (9, 30)."""
    total = round((value or 0.0) * 60)
    return total // 60, total % 60


def is_on_step(value: float | None, step: int = TIME_STEP_MINUTES) -> bool:
    """Whether a float hour (or duration) falls on a ``step``-minute boundary (9.25 is 09:15: yes)."""
    minutes = (value or 0.0) * 60
    return abs(minutes - round(minutes)) < 1e-6 and round(minutes) % step == 0


def floor_to_step(moment: datetime, step: int = TIME_STEP_MINUTES) -> datetime:
    """The ``step``-minute boundary at or before ``moment`` (seconds dropped): 09:17:40 gives 09:15."""
    return moment.replace(minute=moment.minute - moment.minute % step, second=0, microsecond=0)


def ceil_to_step(moment: datetime, step: int = TIME_STEP_MINUTES) -> datetime:
    """The ``step``-minute boundary at or after ``moment``: 09:17 gives 09:20, 09:15 stays."""
    floored = floor_to_step(moment, step)
    return floored if floored == moment else floored + timedelta(minutes=step)


def hour_float(moment: datetime) -> float:
    """The time of day of ``moment`` as a float hour (09:15 gives 9.25)."""
    return moment.hour + moment.minute / 60


def check_time_range(start: float | None, end: float | None) -> str | None:
    """Return what is wrong with a start/end pair of float hours, or None.

    ``"out_of_range"`` when a time is not within a day, ``"end_before_start"`` when the end
    comes before the start. Empty times (None/False/0 end) are accepted.
    """
    for value in (start, end):
        if value and not 0 <= value < 24:
            return "out_of_range"
    if start and end and end < start:
        return "end_before_start"
    return None


def next_action_deadline(
    start: datetime,
    period_type: str,
    period: int,
    plan_working_days: Callable[[int, datetime], datetime | None] | None = None,
) -> datetime:
    """Return when a follow-up planned at ``start`` falls due after ``period`` units of ``period_type``.

    Working days are delegated to ``plan_working_days(days, start)``, which returns a datetime on the
    ``days``-th working day after the day of ``start`` (the company calendar's ``plan_days``, skipping
    weekends and public holidays); without it they count as calendar days.
    A period of 0 means "due at once".
    """
    if period_type not in PERIOD_TYPES:
        raise ValueError(f"unknown period type {period_type!r}")
    period = max(int(period or 0), 0)
    if period_type == "minutes":
        return start + timedelta(minutes=period)
    if period_type == "hours":
        return start + timedelta(hours=period)
    if period_type == "working_days" and plan_working_days and period:
        planned = plan_working_days(period, start)
        if planned:
            return planned.replace(hour=start.hour, minute=start.minute, second=start.second, microsecond=0)
    return start + timedelta(days=period)


def class_transition_due(logs_with_result_in_class: int, threshold: int) -> bool:
    """AF-8: the account moves on when the N-th log with the rule's result is saved in its class."""
    return threshold > 0 and logs_with_result_in_class == threshold


def first_per_key(rows: Iterable[tuple[Hashable, Hashable]], allowed: Container | None = None) -> dict:
    """The first value of each key in ``rows`` (ordered best first), among the ``allowed`` values (all if None).

    ``[(1, 10), (1, 11), (2, 12)]`` gives ``{1: 10, 2: 12}``; with ``allowed={11, 12}`` it gives
    ``{1: 11, 2: 12}``: a key whose values are all refused is left out.
    """
    first = {}
    for key, value in rows:
        if key not in first and (allowed is None or value in allowed):
            first[key] = value
    return first
