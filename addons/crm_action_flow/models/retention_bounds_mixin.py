import math

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from . import retention_bounds

#: Field parameters a model of the pack declares on its fields (X-3, X-7):
#: ``retention_range=(min, max)`` or ``retention_range=("other_field", {value: (min, max), ...})`` on numbers
#: (inclusive; floats must also be finite), ``retention_name=max_length`` on names (trimmed, non-blank
#: when required), ``retention_text=max_length`` on free texts (kept as typed, non-blank when required),
#: ``retention_date=True`` on dates and datetimes (1900-01-01 .. today + 3,650 days),
#: ``retention_emoji=True`` on a field holding exactly one emoji, ``retention_finite=True`` on a float whose range
#: the model words itself (times of day): only NaN and infinities are refused here.
RETENTION_PARAMETERS = (
    "retention_range", "retention_finite", "retention_name", "retention_text", "retention_date", "retention_emoji",
)


class RetentionBoundsMixin(models.AbstractModel):
    """Checks every typed value of the declared fields in create/write, before anything is written.

    Models inherit it and declare bounds on their fields, e.g.
    ``period = fields.Integer(retention_range=(0, 3650))`` or ``name = fields.Char(retention_name=256)``.
    Names are stored trimmed. A bad value raises a translated ValidationError naming the model, the field
    and the limit.
    """

    _name = "crm.retention.bounds.mixin"
    _description = "Bounds of Typed Values"

    @api.model
    def _valid_field_parameter(self, field, name):
        return name in RETENTION_PARAMETERS or super()._valid_field_parameter(field, name)

    @api.model
    def _retention_declared_fields(self):
        """{field name: field} of the fields carrying a retention parameter."""
        return {name: self._fields[name] for name in self._retention_declared_names()}

    @api.model
    @tools.ormcache()
    def _retention_declared_names(self):
        return tuple(
            name for name, field in self._fields.items()
            if any(getattr(field, param, None) for param in RETENTION_PARAMETERS)
        )

    @api.model
    def _retention_default(self, name):
        """The value a create without ``name`` gets (context default, else the field's default)."""
        if f"default_{name}" in self.env.context:
            return self.env.context[f"default_{name}"]
        field = self._fields[name]
        return field.default(self) if field.default else False

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")  # who may create is answered before what is wrong
        declared = self._retention_declared_fields()
        if declared:
            vals_list = [self._retention_check_vals(dict(vals), declared, creating=True) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")  # who may write is answered before what is wrong
        declared = self._retention_declared_fields()
        if declared and (set(vals) & set(declared) or self._retention_keys(declared) & set(vals)):
            vals = self._retention_check_vals(dict(vals), declared, creating=False)
        return super().write(vals)

    @api.model
    def _retention_check_x2many(self, vals, name):
        """Check the values of the lines created or updated by ``vals[name]`` (x2many commands) with the bounds
        of the lines' model, before anything is written.

        For a model whose create precomputes fields: Odoo then converts the lines' values into a draft record
        first, where a value such as ``"abc"`` for a number would fail with a technical error.
        """
        Lines = self.env[self._fields[name].comodel_name]
        declared = Lines._retention_declared_fields()
        commands = vals.get(name)
        if not declared or not isinstance(commands, list | tuple):
            return vals
        checked = []
        for command in commands:
            if isinstance(command, list | tuple) and len(command) == 3 and command[0] in (0, 1) \
                    and isinstance(command[2], dict):
                lines = Lines.browse(command[1]) if command[0] == 1 else Lines
                command = (command[0], command[1],
                           lines._retention_check_vals(dict(command[2]), declared, creating=command[0] == 0))
            checked.append(command)
        vals[name] = checked
        return vals

    @api.model
    def _retention_keys(self, declared):
        """Fields that a range depends on (e.g. the period type of a period)."""
        return {
            field.retention_range[0] for field in declared.values()
            if getattr(field, "retention_range", None) and isinstance(field.retention_range[0], str)
        }

    # ------------------------------------------------------------------ checks

    def _retention_check_vals(self, vals, declared, creating):
        """Return ``vals`` with names trimmed, or raise a ValidationError on the first bad value."""
        today = fields.Date.context_today(self)
        for name, field in declared.items():
            if name not in vals:
                if creating and field.required and field.default is None and (
                    getattr(field, "retention_name", None) or getattr(field, "retention_text", None)
                ) and f"default_{name}" not in self.env.context:
                    self._retention_raise(field, "blank")
                if not (getattr(field, "retention_range", None) and self._retention_is_keyed(field)
                        and field.retention_range[0] in vals):
                    continue
            value = vals.get(name)
            if getattr(field, "retention_name", None):
                error, vals[name] = retention_bounds.check_name(value, field.retention_name, field.required)
                if error:
                    self._retention_raise(field, error, value=value, length_max=field.retention_name, length=vals[name])
            if getattr(field, "retention_text", None):
                error, _value = retention_bounds.check_text(value, field.retention_text, field.required)
                if error:
                    self._retention_raise(field, error, value=value, length_max=field.retention_text, length=value)
            if getattr(field, "retention_emoji", None) and vals.get(name):
                if not retention_bounds.is_single_emoji(vals[name]):
                    self._retention_raise(field, "not_one_emoji", value=vals[name])
            if getattr(field, "retention_date", None):
                error, _value = retention_bounds.check_date(value, today)
                if error:
                    low, high = retention_bounds.date_window(today)
                    self._retention_raise(field, error, value=value, low=low, high=high)
            if getattr(field, "retention_finite", None):
                error, vals[name] = retention_bounds.check_number(value, -math.inf, math.inf, integer=False)
                if error:
                    self._retention_raise(field, error, value=value)
            if getattr(field, "retention_range", None):
                self._retention_check_range(vals, name, field, creating)
        return vals

    @api.model
    def _retention_is_keyed(self, field):
        return isinstance(field.retention_range[0], str)

    def _retention_check_range(self, vals, name, field, creating):
        integer = field.type == "integer"
        if not self._retention_is_keyed(field):
            low, high = field.retention_range
            error, value = retention_bounds.check_number(vals.get(name), low, high, integer)
            if error:
                self._retention_raise(field, error, value=vals.get(name), low=low, high=high)
            vals[name] = value
            return
        key, ranges = field.retention_range
        if creating or key in vals:
            key_values = {vals[key]} if key in vals else {self._retention_default(key)}
        else:
            key_values = set(self.mapped(key))
        numbers = [vals[name]] if name in vals else (self.mapped(name) if not creating else [0])
        for key_value in key_values:
            low, high = ranges.get(key_value, ranges.get(None, (0, 0)))
            for number in numbers:
                error, value = retention_bounds.check_number(number, low, high, integer)
                if error:
                    self._retention_raise(field, error, value=number, low=low, high=high, key=key, key_value=key_value)
        if name in vals:
            vals[name] = retention_bounds.check_number(vals[name], -math.inf, math.inf, integer)[1]

    # ------------------------------------------------------------------ messages

    @api.model
    def _retention_raise(self, field, error, value=None, low=None, high=None, length_max=None, key=None,
                         key_value=None, length=None):
        """Raise the translated message of ``error`` on ``field`` (``length``: the text whose length is too long)."""
        _ = self.env._
        model = self.env["ir.model"]._get(self._name).name or self._description
        label = field._description_string(self.env)
        shown = str(value)
        shown = shown if len(shown) <= 40 else f"{shown[:40]}…"
        params = {"model": model, "field": label, "value": shown, "min": low, "max": length_max or high}
        if error == "out_of_range" and key:
            key_field = self._fields[key]
            key_label = key_field._description_string(self.env)
            if key_field.type == "selection":
                key_value = dict(key_field._description_selection(self.env)).get(key_value, key_value)
            message = _(
                "%(model)s: %(field)s must be between %(min)s and %(max)s when %(key)s is %(key_value)s "
                "(got %(value)s).", key=key_label, key_value=key_value, **params,
            )
        elif error == "out_of_range":
            message = _("%(model)s: %(field)s must be between %(min)s and %(max)s (got %(value)s).", **params)
        elif error == "not_a_number":
            message = _("%(model)s: %(field)s must be a number (got %(value)s).", **params)
        elif error == "not_finite":
            message = _("%(model)s: %(field)s must be a finite number (got %(value)s).", **params)
        elif error == "not_whole":
            message = _("%(model)s: %(field)s must be a whole number (got %(value)s).", **params)
        elif error == "blank":
            message = _("%(model)s: %(field)s cannot be blank.", **params)
        elif error == "not_text":
            message = _("%(model)s: %(field)s must be text (got %(value)s).", **params)
        elif error == "too_long":
            message = _(
                "%(model)s: %(field)s is %(length)s characters long; at most %(max)s characters are allowed.",
                length=len(length if isinstance(length, str) else shown), **params,
            )
        elif error == "not_a_date":
            message = _("%(model)s: %(field)s is not a valid date (got %(value)s).", **params)
        else:  # not_one_emoji
            message = _("%(model)s: %(field)s must be exactly one emoji (got %(value)s).", **params)
        raise ValidationError(message)
