"""Chatter tracking for changes written in bulk by SQL (imports, #12): the messages Odoo's tracking would
post, one per record with its tracking values, inserted set-based instead of one ORM write per record."""

from odoo.tools import SQL


def log_many2one_tracking(env, model_name, changes):
    """Post, for each record, the tracking message of its many2one changes, as mail.thread would.

    ``changes``: ``{res_id: {field name: (old id or False, new id or False)}}`` (fields tracked on the model).
    One message per record (author: the current user, subtype Note), one tracking value per changed field,
    in two INSERT statements. Returns the number of messages posted.
    """
    changes = {res_id: fields for res_id, fields in changes.items() if fields}
    if not changes or env.context.get("tracking_disable") or env.context.get("mail_notrack"):
        return 0
    Model = env[model_name]
    names = {}
    for field_name in {name for fields in changes.values() for name in fields}:
        comodel = env[Model._fields[field_name].comodel_name].sudo().with_context(active_test=False)
        ids = {value for fields in changes.values() for value in fields.get(field_name, ()) if value}
        names[field_name] = {record.id: record.display_name for record in comodel.browse(ids)}
    field_ids = {
        name: env["ir.model.fields"]._get(model_name, name).id for name in names
    }
    subtype = env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
    author = env.user.partner_id
    res_ids = sorted(changes)
    cr = env.cr
    cr.execute(SQL(
        """INSERT INTO mail_message (model, res_id, message_type, subtype_id, author_id, email_from, is_internal,
                                     body, date, create_uid, create_date, write_uid, write_date)
           SELECT %(model)s, res_id, 'notification', %(subtype)s, %(author)s, %(email)s, true, '',
                  now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
             FROM unnest(%(ids)s::int[]) AS res_id
        RETURNING id, res_id""",
        model=model_name, subtype=subtype, author=author.id, email=author.email_formatted or None,
        uid=env.uid, ids=res_ids,
    ))
    message_of = {res_id: message_id for message_id, res_id in cr.fetchall()}
    rows = [
        (message_of[res_id], field_ids[name], old or 0, new or 0, names[name].get(old, "") if old else "",
         names[name].get(new, "") if new else "")
        for res_id, fields in changes.items() for name, (old, new) in fields.items()
    ]
    columns = list(zip(*rows, strict=True))
    cr.execute(SQL(
        """INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_integer, new_value_integer,
                                            old_value_char, new_value_char, create_uid, create_date, write_uid,
                                            write_date)
           SELECT m, f, o, n, oc, nc, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
             FROM unnest(%(m)s::int[], %(f)s::int[], %(o)s::int[], %(n)s::int[], %(oc)s::varchar[],
                         %(nc)s::varchar[]) AS t(m, f, o, n, oc, nc)""",
        uid=env.uid, m=list(columns[0]), f=list(columns[1]), o=list(columns[2]), n=list(columns[3]),
        oc=list(columns[4]), nc=list(columns[5]),
    ))
    env["mail.message"].invalidate_model()
    env["mail.tracking.value"].invalidate_model()
    return len(message_of)
