"""Plain business rules of crm_loyalty: no ORM, unit-tested directly."""

from collections.abc import Callable
from datetime import date, timedelta

PROSPECT = "prospect"
ACTIVE = "active"
RECENTLY_INACTIVE = "recently_inactive"
INACTIVE = "inactive"
CATEGORIES = (PROSPECT, ACTIVE, RECENTLY_INACTIVE, INACTIVE)


def categorize(last_won: date | None, today: date, active_days: int, recently_inactive_days: int) -> str:
    """LO-5: Prospect (never bought), Active, Recently inactive or Inactive from the last won date.

    Active while the last win is at most ``active_days`` old; Recently inactive while it is at most
    ``recently_inactive_days`` old; Inactive beyond.
    """
    if not last_won:
        return PROSPECT
    age = (today - last_won).days
    if age <= active_days:
        return ACTIVE
    if age <= recently_inactive_days:
        return RECENTLY_INACTIVE
    return INACTIVE


def loyalty_end(start: date, days: int, plan_working_days: Callable[[int, date], date | None] | None = None) -> date:
    """LO-1: the last day of a loyalty granted on ``start`` for ``days`` days.

    Working days are delegated to ``plan_working_days(days, start)``, which returns the ``days``-th
    working day after ``start`` (company calendar, public holidays skipped); without it, calendar days.
    """
    days = max(int(days or 0), 0)
    if plan_working_days and days:
        planned = plan_working_days(days, start)
        if planned:
            return planned
    return start + timedelta(days=days)


def renewal_allowed(renewals: int, max_renewals: int) -> bool:
    """LO-2: the same holder may renew while under the maximum (0 means no limit)."""
    return not max_renewals or renewals < max_renewals


def extension_applies(global_extend: bool, result_extend: bool) -> bool:
    """LO-4/LO-6: the global setting extends every result; else only results flagged to extend."""
    return bool(global_extend or result_extend)


def in_cooldown(released_on: date | None, cooldown_days: int, today: date) -> bool:
    """LO-9: a released customer cannot be taken again by its previous holder for ``cooldown_days``."""
    return bool(released_on and cooldown_days and today < released_on + timedelta(days=cooldown_days))


def warning_date(end: date, warn_days: int) -> date | None:
    """LO-9: the day the holder is warned that the loyalty ends (None when the warning is off)."""
    return end - timedelta(days=warn_days) if warn_days else None
