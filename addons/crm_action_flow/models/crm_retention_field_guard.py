from odoo import api, fields, models
from odoo.exceptions import AccessError

# Who may write a field the pack adds to a model it extends (X-6, docs/ARCHITECTURE.md "Trust model").
FREE = "free"  # anyone who may write the record (plain data, e.g. the legal name)
RELATED = "related"  # x2many or related fields: the target model's own access rights and rules decide
ANALYST = "analyst"  # the CRM Retention Analyst profile (or above)
PACK = "pack"  # only the pack's own code paths (grant, nightly job, release, cancel step), never a client write
FIELD_ACCESS_LEVELS = (FREE, RELATED, ANALYST, PACK)

ANALYST_GROUP = "crm_action_flow.group_retention_analyst"


class CrmRetentionFieldGuard(models.AbstractModel):
    """One guard for every field the pack adds to Odoo's models (res.partner, crm.lead).

    Each addon declares its fields in ``_retention_field_access`` (extended with ``super()``); ``create``
    and ``write`` refuse, for the current user, any change of a field above their level. ``readonly=`` in a
    view protects nothing from an RPC call: this does. The pack's own code paths write ``PACK`` fields in
    ``sudo()`` after their own checks (superuser mode is the only bypass: a context key can be sent by any
    client).
    """

    _name = "crm.retention.field.guard"
    _description = "CRM Retention: who may write the pack's fields"

    retention_can_edit = fields.Boolean(
        compute="_compute_retention_can_edit",
        help="The current user has the CRM Retention Analyst profile: the views make operational fields "
        "editable for them only.",
    )

    @api.depends_context("uid")
    def _compute_retention_can_edit(self):
        self.retention_can_edit = self._retention_has_level(ANALYST)

    @api.model
    def _retention_field_access(self):
        """``{field name: level}`` for every field this model gets from the pack (levels: FIELD_ACCESS_LEVELS).

        Extended by each addon with ``super()``; a repository test checks that every field an addon adds is
        declared.
        """
        return {"retention_can_edit": FREE}

    @api.model
    def _retention_has_level(self, level):
        """Whether the current user may write fields of ``level``."""
        if level in (FREE, RELATED) or self.env.su:
            return True
        if level == ANALYST:
            return self.env.user.has_group(ANALYST_GROUP)
        return False

    @api.model
    def _retention_check_level(self, level, field_names=()):
        """Refuse, with a clear message naming the fields, a write the current user may not make."""
        if self._retention_has_level(level):
            return
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in field_names)
        ) or self.env._("these fields")
        if level == ANALYST:
            raise AccessError(self.env._(
                "Only CRM Retention analysts and administrators can change %(fields)s.", fields=labels,
            ))
        raise AccessError(self.env._(
            "%(fields)s cannot be written directly: the CRM Retention pack sets them itself (loyalty "
            "grants and releases, the nightly categorization, the cancel and reactivate steps, journey moves).",
            fields=labels,
        ))

    def _retention_guarded(self, field_names):
        """The fields among ``field_names`` that the current user may not change, by level."""
        access = self._retention_field_access()
        denied = {}
        for name in field_names:
            level = access.get(name)
            if level and not self._retention_has_level(level):
                denied.setdefault(level, []).append(name)
        return denied

    def _retention_is_change(self, name, value, record=None):
        """Whether writing ``value`` into field ``name`` changes ``record`` (None: a new record)."""
        field = self._fields[name]
        try:
            if record is None:
                new = field.convert_to_cache(value, self.browse(), validate=False)
                default = field.default(self) if field.default else False
                old = field.convert_to_cache(default, self.browse(), validate=False)
            else:
                new = field.convert_to_cache(value, record, validate=False)
                old = field.convert_to_cache(record[name], record, validate=False)
        except (ValueError, TypeError):
            return True
        if isinstance(new, tuple) or isinstance(old, tuple):
            return set(new or ()) != set(old or ())
        return (new or False) != (old or False)

    def _retention_guard_vals(self, vals_list, records=None):
        """Refuse the changes of guarded fields in ``vals_list`` that the current user may not make."""
        if self.env.su:
            return
        for vals in vals_list:
            denied = self._retention_guarded(vals)
            for level, names in denied.items():
                if records is None:
                    changed = [name for name in names if self._retention_is_change(name, vals[name])]
                else:
                    readable = records.sudo()
                    changed = [
                        name for name in names
                        if any(readable._retention_is_change(name, vals[name], record) for record in readable)
                    ]
                if changed:
                    self._retention_check_level(level, changed)

    @api.model_create_multi
    def create(self, vals_list):
        self._retention_guard_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._retention_guard_vals([vals], records=self)
        return super().write(vals)
