"""Plain rules of the dates a user or an integrator gives to journey moves and completions (JO-10, JO-12)."""

from datetime import date


def dated_step_error(day: date, earliest: date | None, today: date) -> str | None:
    """Why ``day`` cannot date a completion or a stage entry: ``"future"`` after today, ``"before_entry"``
    before ``earliest`` (the stage entry of the customer), else None."""
    if day > today:
        return "future"
    if earliest and day < earliest:
        return "before_entry"
    return None
