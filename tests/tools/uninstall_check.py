"""Uninstall the pack's addons from a database, last of the chain first (X-1).

Usage: python tests/tools/uninstall_check.py DATABASE addon1,addon2,...
Needs ODOO_RC (set by ./dev). Prints Odoo's log; exits non-zero when an uninstall fails or
leaves the module installed. ./dev test reads the log for warnings and errors.
"""

import logging
import sys

import odoo
from odoo.tools import config


def main(dbname: str, addons: list[str]) -> int:
    config.parse_config(["--log-level=info"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry.new(dbname)
    for name in reversed(addons):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            module = env["ir.module.module"].search([("name", "=", name)])
            module.button_immediate_uninstall()
        registry = odoo.modules.registry.Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            state = env["ir.module.module"].search([("name", "=", name)]).state
            if state != "uninstalled":
                logging.getLogger(__name__).error("%s is still %s after its uninstall", name, state)
                return 1
            logging.getLogger(__name__).info("%s uninstalled cleanly", name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2].split(",")))
