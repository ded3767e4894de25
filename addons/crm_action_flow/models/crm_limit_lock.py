from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_unique_index


class CrmLimitLock(models.Model):
    """X-6: the one mechanism that makes the pack's limits hold under concurrent requests.

    A limit ("at most N records counted against a key": customers held by one salesperson, markers)
    is enforced by counting then refusing. Odoo runs every transaction in REPEATABLE READ: the count
    sees the snapshot taken at the transaction's first statement, so two requests counting at the same
    moment both see room and both insert. An advisory lock or LOCK TABLE does not help (taken after the
    snapshot, the count still misses the other request's committed row).

    What does: every transaction that counts against a key first UPDATEs that key's row here. The second
    one waits for the first; once the first commits, PostgreSQL refuses the second with a serialization
    failure, which Odoo's RPC layer (``odoo.service.model.retrying``) retries with a fresh snapshot, where
    the count includes the first request's row. A key that is never contended costs one upsert.
    """

    _name = "crm.limit.lock"
    _description = "Limit Lock"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    locked_at = fields.Datetime(readonly=True)

    def init(self):
        create_unique_index(self.env.cr, "crm_limit_lock_key_uniq", self._table, ["key"])

    @api.model
    def _lock(self, *key):
        """Serialize, until commit, the transactions that lock the same ``key`` (parts joined by ":").

        Call it before counting, on every path that adds to what the limit counts.
        """
        self.env.cr.execute(SQL(
            """INSERT INTO crm_limit_lock (key, locked_at) VALUES (%s, now() AT TIME ZONE 'UTC')
               ON CONFLICT (key) DO UPDATE SET locked_at = EXCLUDED.locked_at""",
            ":".join(str(part) for part in key),
        ))

    @api.model
    def _count(self, key, model, domain):
        """Lock ``key`` (a tuple of parts), then count ``domain`` on ``model`` (a model or recordset, with
        the user and context the count needs): the number a limit compares with its maximum."""
        self._lock(*key)
        return model.search_count(domain)
