"""Plain business rules of crm_loyalty: no ORM, unit-tested directly."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from odoo.addons.crm_action_flow.models import retention_bounds

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


# ---------------------------------------------------------------------------- settings (LO-3, LO-9, X-3)

#: At most this many days where a date is computed from a day count (ten years, the pack's bound).
MAX_DAYS = retention_bounds.MAX_DAYS
#: At most this many customers held by one salesperson.
MAX_CUSTOMERS = 1_000_000

INT, BOOL, IDS = "int", "bool", "ids"
# Problems a setting value can have (the model words the messages).
NOT_INTEGER = "not_integer"
NOT_BOOLEAN = "not_boolean"
NOT_IDS = "not_ids"
OUT_OF_RANGE = "out_of_range"
UNKNOWN_USERS = "unknown_users"
NOT_AFTER_ACTIVE = "not_after_active"

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.0+)?")
_ID = re.compile(r"[0-9]+")
_TRUE, _FALSE = ("true", "1"), ("false", "0")


@dataclass(frozen=True)
class SettingSpec:
    """How one ``crm_loyalty.<key>`` parameter is typed: ``kind`` (INT, BOOL or IDS), default, inclusive bounds."""

    kind: str
    default: int | bool | tuple[int, ...]
    minimum: int | None = None
    maximum: int | None = None


#: Every Categorization setting, by key (parameter ``crm_loyalty.<key>``).
SETTINGS: dict[str, SettingSpec] = {
    "active_days": SettingSpec(INT, 90, 1, MAX_DAYS),
    "recently_inactive_days": SettingSpec(INT, 180, 1, MAX_DAYS),  # and greater than active_days
    "clear_after_days": SettingSpec(INT, 0, 0, MAX_DAYS),  # 0 = never
    "keep_on_category_change": SettingSpec(BOOL, True),
    "erp_owner_absolute": SettingSpec(BOOL, False),
    "ignored_user_ids": SettingSpec(IDS, ()),
    "keep_activities": SettingSpec(BOOL, False),
    "extend_global": SettingSpec(BOOL, False),
    "warn_days": SettingSpec(INT, 0, 0, MAX_DAYS),  # 0 = no warning
    "max_customers": SettingSpec(INT, 0, 0, MAX_CUSTOMERS),  # 0 = no limit
    "cooldown_days": SettingSpec(INT, 0, 0, MAX_DAYS),  # 0 = none
}


@dataclass(frozen=True)
class SettingProblem:
    """A setting whose value cannot be used: ``reason`` is one of the problem codes above."""

    key: str
    value: str  # the value as stored or typed, as text
    reason: str
    minimum: int | None = None
    maximum: int | None = None
    detail: tuple[int, ...] = ()  # UNKNOWN_USERS: the ids that do not exist; NOT_AFTER_ACTIVE: (active days,)


def parse_setting(key: str, raw: str) -> tuple[object, SettingProblem | None]:
    """Parse one stored parameter (text) strictly: ``(value, None)`` or ``(None, problem)``.

    Integers are ASCII decimals (``"90"``, ``"-5"``; not ``"9.0"``, ``"1e3"`` nor other scripts' digits),
    booleans ``True``/``False`` (any case) or ``1``/``0``, user ids a comma-separated list of ASCII ids.
    """
    spec = SETTINGS[key]
    text = str(raw).strip()
    if spec.kind == INT:
        if not _INTEGER.fullmatch(text):
            return None, SettingProblem(key, str(raw), NOT_INTEGER)
        return int(text), None
    if spec.kind == BOOL:
        if text.lower() in _TRUE:
            return True, None
        if text.lower() in _FALSE:
            return False, None
        return None, SettingProblem(key, str(raw), NOT_BOOLEAN)
    items = [item.strip() for item in text.split(",")] if text else []
    if not all(_ID.fullmatch(item) and int(item) > 0 for item in items):
        return None, SettingProblem(key, str(raw), NOT_IDS)
    return list(dict.fromkeys(int(item) for item in items)), None


def typed_integer(value: object) -> object:
    """A number as an integrator may send it for an integer setting: empty (False/None) is 0, a whole
    float or a plain ASCII decimal text (``" 7 "``, ``"30.0"``) its integer; anything else is returned as
    is, for ``check_setting`` to refuse (booleans, ``9.5``, ``NaN``, ``"1e3"``, other scripts' digits)."""
    if value is None or value is False:
        return 0
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        value = float(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_setting(key: str, value: object) -> SettingProblem | None:
    """Check a typed value (parsed or typed in the settings form) against its bounds."""
    spec = SETTINGS[key]
    if spec.kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return SettingProblem(key, str(value), NOT_INTEGER)
        if not spec.minimum <= value <= spec.maximum:
            return SettingProblem(key, str(value), OUT_OF_RANGE, spec.minimum, spec.maximum)
    elif spec.kind == BOOL and not isinstance(value, bool):
        return SettingProblem(key, str(value), NOT_BOOLEAN)
    return None


def check_settings(values: Mapping[str, object]) -> list[SettingProblem]:
    """Every bound and the rule between the thresholds, for typed values (missing keys are skipped)."""
    problems = [problem for key, value in values.items() if key in SETTINGS and (problem := check_setting(key, value))]
    return problems + _check_thresholds(values, {problem.key for problem in problems})


def _check_thresholds(values: Mapping[str, object], bad: set[str]) -> list[SettingProblem]:
    active, recent = values.get("active_days"), values.get("recently_inactive_days")
    if active is None or recent is None or bad & {"active_days", "recently_inactive_days"}:
        return []
    if recent <= active:
        return [SettingProblem("recently_inactive_days", str(recent), NOT_AFTER_ACTIVE, detail=(active,))]
    return []


def read_settings(
    raw: Mapping[str, str | None], existing_user_ids: Callable[[list[int]], Iterable[int]]
) -> tuple[dict[str, object], list[SettingProblem]]:
    """Type and check the stored parameters: ``(values, problems)``.

    ``raw`` maps each key to its stored text (None or False when the parameter is absent: the default).
    ``existing_user_ids(ids)`` returns those of ``ids`` that are users. A key with a problem keeps its
    default in ``values`` only so that a caller can still show the rest: callers must not use ``values``
    while there are problems.
    """
    values: dict[str, object] = {}
    problems: list[SettingProblem] = []
    for key, spec in SETTINGS.items():
        stored = raw.get(key)
        default = list(spec.default) if spec.kind == IDS else spec.default
        if stored is None or stored is False:
            values[key] = default
            continue
        value, problem = parse_setting(key, stored)
        problem = problem or check_setting(key, value)
        if problem and problem.reason == OUT_OF_RANGE:
            problem = SettingProblem(key, str(stored), OUT_OF_RANGE, problem.minimum, problem.maximum)
        if not problem and spec.kind == IDS and value:
            unknown = tuple(sorted(set(value) - set(existing_user_ids(value))))
            if unknown:
                problem = SettingProblem(key, str(stored), UNKNOWN_USERS, detail=unknown)
        if problem:
            problems.append(problem)
            values[key] = default
        else:
            values[key] = value
    problems += _check_thresholds(values, {problem.key for problem in problems})
    return values, problems


# ---------------------------------------------------------------------------- job state (LO-8)

CURSOR_MALFORMED = "malformed"
CURSOR_AHEAD = "ahead"


def parse_cursor(raw: str | None, today: date, max_id: int) -> tuple[int, str | None]:
    """Where today's run resumes, from ``crm_loyalty.categorize_cursor`` (``"<day>:<last id>"``).

    Returns ``(last id done, problem)``: 0 (start over) for no cursor, a cursor of another day or a
    finished one (``"<today>:done"``: a second run the same day re-checks everyone, without double
    effects); 0 and CURSOR_MALFORMED for text of another form; 0 and CURSOR_AHEAD for an id beyond
    ``max_id`` (the largest partner id: no run could have stopped there).
    """
    if raw is None or raw is False or raw == "":
        return 0, None
    day, sep, last = str(raw).strip().partition(":")
    try:
        parsed_day = date.fromisoformat(day)
    except ValueError:
        return 0, CURSOR_MALFORMED
    if not sep or not (last == "done" or _ID.fullmatch(last)):
        return 0, CURSOR_MALFORMED
    if parsed_day != today or last == "done":
        return 0, None
    if int(last) > max_id:
        return 0, CURSOR_AHEAD
    return int(last), None


def parse_synced_at(raw: str | None, now: datetime) -> tuple[datetime | None, str | None]:
    """The start of the last complete run, from ``crm_loyalty.categorize_synced_at`` (UTC, naive).

    Returns ``(moment, problem)``: None without a parameter (the run aggregates every opportunity);
    None and CURSOR_MALFORMED for text that is not a date and time; None and CURSOR_AHEAD for a moment
    after ``now`` (it would hide every change made since). The run then aggregates everything again.
    """
    if raw is None or raw is False or raw == "":
        return None, None
    try:
        moment = datetime.fromisoformat(str(raw).strip())
    except ValueError:
        return None, CURSOR_MALFORMED
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment > now:
        return None, CURSOR_AHEAD
    return moment, None
