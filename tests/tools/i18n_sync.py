"""Add the strings Odoo exports for the pack's addons to their .pot and pt_BR.po, never removing any (X-2).

Usage (./dev sets ODOO_RC; the database has the addons installed and up to date):
    .venv/bin/python tests/tools/i18n_sync.py DATABASE [TRANSLATIONS.json]

For every addon, each term Odoo's export finds (fields, selections, views, menus, data, code) and the
addon's template lacks is appended to i18n/<addon>.pot and i18n/pt_BR.po, with its pt_BR translation
taken from TRANSLATIONS.json (``{"English source": "tradução"}``) when given. Existing entries (demo
data terms exported from a demo database among them) are kept as they are. Prints what is still
untranslated; crm_loyalty's test_translations fails while anything is.
"""

import json
import sys
from pathlib import Path

import polib

import odoo
from odoo.tools import config
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("crm_action_flow", "crm_journey", "crm_portfolio", "crm_loyalty")
ROOT = Path(__file__).resolve().parents[2]


def exported_terms(env, addon):
    """{source: [occurrence, ...]} of the terms Odoo exports for ``addon``."""
    terms = {}
    for module, ttype, name, res_id, source, _value, _comments in TranslationModuleReader(env.cr, modules=[addon]):
        if module == addon:
            terms.setdefault(source, []).append((f"{ttype}:{name}:{res_id}", ""))
    return terms


def append(path, entries):
    """Append ``entries`` to a .po/.pot file, leaving the rest of it byte for byte as it is."""
    if entries:
        with open(path, "a", encoding="utf-8") as handle:
            for entry in entries:
                handle.write("\n" + entry.__unicode__(wrapwidth=78))


def sync(addon, terms, translations):
    folder = ROOT / "addons" / addon / "i18n"
    pot_path, po_path = folder / f"{addon}.pot", folder / "pt_BR.po"
    known_pot = {entry.msgid for entry in polib.pofile(str(pot_path))}
    po = polib.pofile(str(po_path))
    known_po = {entry.msgid: entry for entry in po}
    new_pot, new_po, filled = [], [], False
    for source, occurrences in sorted(terms.items()):
        if source not in known_pot:
            new_pot.append(polib.POEntry(msgid=source, msgstr="", occurrences=occurrences,
                                         comment=f"module: {addon}"))
        entry = known_po.get(source)
        if entry is None:
            new_po.append(polib.POEntry(msgid=source, msgstr=translations.get(source, ""),
                                        occurrences=occurrences, comment=f"module: {addon}"))
            continue
        if not entry.msgstr and translations.get(source):
            entry.msgstr = translations[source]
            filled = True
        # Records and views are translated through their occurrences (the xml id): a term already known
        # for another field or view needs this one's too.
        missing = [occ for occ in occurrences if not occ[0].startswith("code:") and occ not in entry.occurrences]
        if missing:
            entry.occurrences.extend(missing)
            filled = True
    if filled:
        po.save()  # an existing entry changed: the file is rewritten by polib
    append(pot_path, new_pot)
    append(po_path, new_po)
    missing = [entry.msgid for entry in polib.pofile(str(po_path)) if not entry.obsolete and not entry.translated()]
    return len(new_pot), missing


def main(dbname, translations_path=None):
    translations = json.loads(Path(translations_path).read_text()) if translations_path else {}
    config.parse_config([])
    registry = odoo.modules.registry.Registry(dbname)
    status = 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for addon in ADDONS:
            added, missing = sync(addon, exported_terms(env, addon), translations)
            print(f"{addon}: {added} new terms, {len(missing)} untranslated")
            for msgid in missing:
                print(f"  {json.dumps(msgid, ensure_ascii=False)}")
            status = status or bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
