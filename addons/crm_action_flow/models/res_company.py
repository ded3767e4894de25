from datetime import datetime, time

import pytz

from odoo import models

from .public_holidays import brazil_national_holidays


class ResCompany(models.Model):
    _inherit = "res.company"

    def _retention_add_brazil_holidays(self, years):
        """Put Brazil's national public holidays of ``years`` on each company's working calendar.

        Each holiday becomes a global leave (no resource) of the calendar, the whole local day in the
        calendar's time zone, so ``plan_days`` skips it: the working-day periods of next actions (AF-3),
        journeys counted in working days (JO-9) and loyalty (LO-1) step over it. A day the calendar
        already has a global leave starting on is left alone, so calling it again adds nothing.
        Returns the number of leaves created.
        """
        leaves = self.env["resource.calendar.leaves"]
        calendars = self.resource_calendar_id
        existing = {
            (leave.calendar_id.id, leave.date_from.replace(tzinfo=pytz.UTC).astimezone(
                pytz.timezone(leave.calendar_id.tz or "UTC")).date())
            for leave in leaves.search([("calendar_id", "in", calendars.ids), ("resource_id", "=", False)])
        }
        values = []
        for calendar in calendars:
            tz = pytz.timezone(calendar.tz or "UTC")
            for year in years:
                for day, name in brazil_national_holidays(year):
                    if (calendar.id, day) in existing:
                        continue
                    start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.UTC)
                    end = tz.localize(datetime.combine(day, time(23, 59, 59))).astimezone(pytz.UTC)
                    values.append({
                        "name": name,
                        "calendar_id": calendar.id,
                        "date_from": start.replace(tzinfo=None),
                        "date_to": end.replace(tzinfo=None),
                        "time_type": "leave",
                    })
        return len(leaves.create(values))
