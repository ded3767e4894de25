"""Plain checks of typed values (X-3, X-7): numbers within bounds, trimmed names, sane dates, one emoji.

No ORM: the model mixin ``crm.retention.bounds.mixin`` calls these and words the messages.
Each check returns an error code (or None) and the value to store.
"""

import math
import re
from datetime import date, datetime, timedelta

#: At most this many days ahead where a date is computed from a typed number (X-7).
MAX_DAYS = 3650
#: About ten years of working days (261 a year).
MAX_WORKING_DAYS = 2610
#: Sequences (ordering handles) and small counters.
SEQUENCE_RANGE = (0, 1_000_000)
#: Default length limit of a name.
NAME_MAX_LENGTH = 256
#: Dates typed by users are refused before this day ...
DATE_MIN = date(1900, 1, 1)
#: ... and after today plus this many days (about ten years).
DATE_MAX_DAYS_AHEAD = MAX_DAYS
#: The longest single emoji accepted, in code points (a family of four with skin tones is 11).
EMOJI_MAX_CODE_POINTS = 16

_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def check_number(value: object, low: float, high: float, integer: bool = True) -> tuple[str | None, float | int]:
    """Check a typed number against the inclusive bounds ``low``..``high``.

    ``False``/``None`` count as 0 (what Odoo stores for an empty number). Strings are accepted only
    when they are plain ASCII decimals. Returns ``(error, value)`` where error is one of
    ``"not_a_number"``, ``"not_finite"``, ``"not_whole"``, ``"out_of_range"`` or None.
    """
    if value is None or value is False:
        value = 0
    if isinstance(value, bool):
        return "not_a_number", value
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL.fullmatch(text):
            return "not_a_number", value
        value = float(text)
    if not isinstance(value, int | float):
        return "not_a_number", value
    if isinstance(value, float):
        if not math.isfinite(value):
            return "not_finite", value
        if integer:
            if not value.is_integer():
                return "not_whole", value
            value = int(value)
    if not low <= value <= high:
        return "out_of_range", value
    return None, value


def check_name(value: object, max_length: int, required: bool = True) -> tuple[str | None, str | bool]:
    """Trim a typed name and check it: ``"not_text"``, ``"blank"`` (when required), ``"too_long"`` or None.

    Returns the trimmed name (or False for an empty optional name).
    """
    if value is None or value is False:
        return ("blank" if required else None), False
    if not isinstance(value, str):
        return "not_text", value
    name = value.strip()
    if not name:
        return ("blank" if required else None), False
    if len(name) > max_length:
        return "too_long", name
    return None, name


def check_text(value: object, max_length: int, required: bool = False) -> tuple[str | None, object]:
    """Check a free text (kept as typed): ``"not_text"``, ``"blank"`` (when required), ``"too_long"`` or None."""
    if value is None or value is False:
        return ("blank" if required else None), value
    if not isinstance(value, str):
        return "not_text", value
    if required and not value.strip():
        return "blank", value
    if len(value) > max_length:
        return "too_long", value
    return None, value


def date_window(today: date) -> tuple[date, date]:
    """The window of dates a user may type: from ``DATE_MIN`` to about ten years after ``today``."""
    return DATE_MIN, today + timedelta(days=DATE_MAX_DAYS_AHEAD)


def check_date(value: object, today: date) -> tuple[str | None, object]:
    """Check a typed date or datetime (or its ISO string): ``"not_a_date"``, ``"out_of_range"`` or None.

    Empty values (False/None) pass. The value is returned as given (Odoo converts it).
    """
    if value is None or value is False:
        return None, value
    day = value
    if isinstance(value, str):
        try:
            day = datetime.fromisoformat(value.strip())
        except ValueError:
            return "not_a_date", value
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        return "not_a_date", value
    low, high = date_window(today)
    if not low <= day <= high:
        return "out_of_range", value
    return None, value


# ---------------------------------------------------------------------- emoji

_ZWJ = 0x200D
_VS16 = 0xFE0F
_VS15 = 0xFE0E
_KEYCAP = 0x20E3
_TAG_END = 0xE007F
_BLACK_FLAG = 0x1F3F4

# Extended_Pictographic, simplified to the blocks emoji come from (Unicode 15.1).
_PICTOGRAPHIC = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x27BF),
    (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
    (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F1E5), (0x1F200, 0x1F3FA), (0x1F400, 0x1FAFF), (0x1FC00, 0x1FFFD),
)


def _is_pictographic(cp: int) -> bool:
    return any(low <= cp <= high for low, high in _PICTOGRAPHIC)


def _is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_skin_tone(cp: int) -> bool:
    return 0x1F3FB <= cp <= 0x1F3FF


def _is_tag(cp: int) -> bool:
    return 0xE0020 <= cp <= 0xE007E


def _element_end(cps: list[int], i: int) -> int | None:
    """Index after the emoji element starting at ``i`` (flag, keycap, tag sequence or pictograph), or None."""
    n = len(cps)
    cp = cps[i]
    if _is_regional_indicator(cp):
        return i + 2 if i + 1 < n and _is_regional_indicator(cps[i + 1]) else None
    if chr(cp) in "0123456789#*":
        j = i + 1
        if j < n and cps[j] == _VS16:
            j += 1
        return j + 1 if j < n and cps[j] == _KEYCAP else None
    if _is_skin_tone(cp):
        return i + 1  # a lone skin tone swatch is an emoji of its own
    if not _is_pictographic(cp):
        return None
    j = i + 1
    if cp == _BLACK_FLAG and j < n and _is_tag(cps[j]):  # subdivision flags (England, Scotland, ...)
        while j < n and _is_tag(cps[j]):
            j += 1
        return j + 1 if j < n and cps[j] == _TAG_END else None
    if j < n and cps[j] in (_VS16, _VS15):
        j += 1
    if j < n and _is_skin_tone(cps[j]):
        j += 1
    if j < n and cps[j] == _VS16:
        j += 1
    return j


def is_single_emoji(text: object) -> bool:
    """Whether ``text`` is exactly one emoji (one grapheme): a pictograph with its presentation selector
    and skin tone, a flag (two regional indicators or a tag sequence), a keycap, or a ZWJ sequence of those
    (e.g. a family, a rainbow flag). Surrounding spaces are not allowed; the caller trims.
    """
    if not isinstance(text, str) or not text:
        return False
    cps = [ord(c) for c in text]
    if len(cps) > EMOJI_MAX_CODE_POINTS:
        return False
    i = 0
    while True:
        end = _element_end(cps, i)
        if end is None:
            return False
        if end == len(cps):
            return True
        if cps[end] != _ZWJ or end + 1 == len(cps):
            return False
        i = end + 1


#: Result period per period type: the next action falls due at most about ten years later.
PERIOD_RANGES = {
    "minutes": (0, MAX_DAYS * 24 * 60),
    "hours": (0, MAX_DAYS * 24),
    "days": (0, MAX_DAYS),
    "working_days": (0, MAX_WORKING_DAYS),
}
#: Hours of the day of a start or end time.
TIME_RANGE = (0, 24)
#: Hours a planned next action lasts (AF-11): at most a working day and a half.
DURATION_RANGE = (0, 12)
#: Free texts typed in one line (detail, choices, answers) and long texts (reasons, descriptions).
SHORT_TEXT_MAX_LENGTH = 1000
LONG_TEXT_MAX_LENGTH = 4000
#: How many logs of a result a class transition rule may wait for.
CLASS_RULE_COUNT_RANGE = (1, 1000)
#: A number answered to a service cycle question.
ANSWER_NUMBER_RANGE = (-10**12, 10**12)
#: An expected or actual expense of a logged action (AF-14), in its currency: never negative.
EXPENSE_AMOUNT_RANGE = (0, 10**9)
#: Color index of a kanban card (Odoo's palette).
COLOR_RANGE = (0, 11)
#: How many times one holder may renew a loyalty (0 = no limit).
LOYALTY_RENEWALS_RANGE = (0, 1000)
