"""X-2: every user-facing string of the pack, as Odoo exports it, has a pt_BR translation."""

from collections import defaultdict
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

from .common import PACK_ADDONS

ADDONS_DIR = Path(__file__).resolve().parents[2]


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_exported_term_is_translated(self):
        """The terms Odoo's export finds (fields, selections, views, menus, data, code) are all in pt_BR.po.

        Regenerate an addon's template with ``./dev odoo --i18n-export=... --modules=ADDON`` when this fails.
        """
        terms = defaultdict(set)
        for module, ttype, name, res_id, source, _value, _comments in TranslationModuleReader(
            self.env.cr, modules=list(PACK_ADDONS)
        ):
            # Code terms are found by their text; records and views by their occurrence (xml id) too.
            terms[module].add((source, None if ttype == "code" else f"{ttype}:{name}:{res_id}"))
        for addon in PACK_ADDONS:
            with self.subTest(addon=addon):
                catalog = polib.pofile(str(ADDONS_DIR / addon / "i18n" / "pt_BR.po"))
                translated = {
                    (entry.msgid, occurrence)
                    for entry in catalog if entry.translated() and not entry.obsolete
                    for occurrence in [None, *(file for file, _line in entry.occurrences)]
                }
                missing = sorted(f"{source} ({occurrence or 'code'})" for source, occurrence in terms[addon]
                                 if (source, occurrence) not in translated)
                self.assertFalse(missing, f"{addon}: {len(missing)} strings without pt_BR translation: {missing[:20]}")
