"""Brazil's national public holidays, for a company's working calendar (AF-3, JO-9, LO-1 count working days).

Pure functions: no Odoo import. The dates follow the federal laws (Lei 662/1949, 6.802/1980, 10.607/2002,
14.759/2023); Carnival Monday and Tuesday, Good Friday and Corpus Christi move with Easter, and Carnival and
Corpus Christi, optional days nationally, are kept off as most Brazilian companies do.
"""

from datetime import date, timedelta

#: Fixed-date national holidays: (month, day, official name). Names are the holidays' own (data, not UI).
FIXED_HOLIDAYS = (
    (1, 1, "Confraternização Universal"),
    (4, 21, "Tiradentes"),
    (5, 1, "Dia do Trabalho"),
    (9, 7, "Independência do Brasil"),
    (10, 12, "Nossa Senhora Aparecida"),
    (11, 2, "Finados"),
    (11, 15, "Proclamação da República"),
    (11, 20, "Dia Nacional de Zumbi e da Consciência Negra"),
    (12, 25, "Natal"),
)
#: Holidays counted from Easter Sunday: (days from Easter, official name).
EASTER_HOLIDAYS = (
    (-48, "Carnaval (segunda-feira)"),
    (-47, "Carnaval (terça-feira)"),
    (-2, "Sexta-feira Santa"),
    (60, "Corpus Christi"),
)
#: The Black Consciousness day is national from 2024 on (Lei 14.759/2023).
BLACK_CONSCIOUSNESS_SINCE = 2024


def easter_date(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher)."""
    if year < 1583:
        raise ValueError(f"The Gregorian Easter is defined from 1583 on, not for {year}.")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def brazil_national_holidays(year: int) -> list[tuple[date, str]]:
    """The national public holidays of ``year`` in Brazil, as ``(date, name)`` sorted by date."""
    easter = easter_date(year)
    holidays = [
        (date(year, month, day), name)
        for month, day, name in FIXED_HOLIDAYS
        if (month, day) != (11, 20) or year >= BLACK_CONSCIOUSNESS_SINCE
    ]
    holidays += [(easter + timedelta(days=offset), name) for offset, name in EASTER_HOLIDAYS]
    return sorted(holidays)
