"""X-2: in pt_BR, no label of the pack shares its word with a different field or menu of Odoo's.

A Brazilian user reads the pack's screens beside Odoo's own: on the customer form Odoo's Tags field
reads "Marcadores"; a pack field reading "Marcador" beside it would be two things under one word. For
every model the pack defines or extends, the pt_BR labels of the pack's fields are compared with those
of every other field of the model, and the pack's menus with the menus under the same parent, ignoring
case and singular/plural ("Marcador" and "Marcadores" collide).
"""

import re
import unicodedata

from odoo.tests import TransactionCase, tagged

from .common import PACK_ADDONS

LANG = "pt_BR"

# Portuguese plural endings and their singular, longest first ("ões" before "es" before "s").
_PLURALS = (
    ("ões", "ão"), ("ães", "ão"), ("ãos", "ão"),
    ("ais", "al"), ("éis", "el"), ("eis", "el"), ("óis", "ol"), ("uis", "ul"), ("is", "il"),
    ("res", "r"), ("zes", "z"), ("ses", "s"), ("ns", "m"), ("s", ""),
)


def singular_word(word: str) -> str:
    """The singular of a lower-case Portuguese (or English) ``word``, by its plural ending.

    Rough on purpose: it only has to bring a singular and its plural to the same form
    ("marcadores" and "marcador" -> "marcador", "etapas" -> "etapa", "ações" -> "ação").
    """
    if len(word) <= 3:
        return word
    for plural, singular in _PLURALS:
        if word.endswith(plural):
            return word[: len(word) - len(plural)] + singular
    return word


def label_key(label: str) -> str:
    """The form under which two labels read as the same word: case-folded, words in the singular.

    Punctuation and spacing are ignored ("Nº de lojas" and "Nº  de lojas" match).
    """
    text = unicodedata.normalize("NFC", label or "").casefold()
    return " ".join(singular_word(word) for word in re.findall(r"\w+", text))


def collisions(pack_labels, other_labels):
    """Pairs ``(pack, other)`` whose labels have the same :func:`label_key`.

    ``pack_labels`` and ``other_labels`` are iterables of ``(name, label)``; a pack entry is also
    compared with the other pack entries (two pack fields under one word collide too), each pair once.
    """
    pack_labels = list(pack_labels)
    found = []
    by_key = {}
    for name, label in other_labels:
        by_key.setdefault(label_key(label), []).append((name, label))
    seen = {}
    for name, label in pack_labels:
        key = label_key(label)
        if not key:
            continue
        found.extend(((name, label), other) for other in by_key.get(key, []))
        found.extend(((name, label), other) for other in seen.get(key, []))
        seen.setdefault(key, []).append((name, label))
    return found


@tagged("post_install", "-at_install")
class TestVocabularyRules(TransactionCase):
    """The comparison itself, on words a Brazilian reads."""

    def test_singular_and_plural_read_as_one_word(self):
        for singular, plural in [("Marcador", "Marcadores"), ("Etapa", "Etapas"), ("Ação", "Ações"),
                                 ("Canal", "Canais"), ("Jornada", "Jornadas"), ("Papel", "Papéis")]:
            with self.subTest(word=singular):
                self.assertEqual(label_key(singular), label_key(plural))

    def test_different_words_do_not_collide(self):
        self.assertNotEqual(label_key("Marcador de cliente"), label_key("Marcadores"))
        self.assertNotEqual(label_key("Carteira"), label_key("Carteiras de clientes"))
        self.assertEqual(label_key("Data  de cancelamento."), label_key("data de cancelamento"))

    def test_pairs_are_reported_both_ways(self):
        pairs = collisions([("marker_id", "Marcador"), ("marker_ids", "Marcadores")],
                           [("category_id", "Marcadores"), ("name", "Nome")])
        self.assertIn((("marker_id", "Marcador"), ("category_id", "Marcadores")), pairs)
        self.assertIn((("marker_ids", "Marcadores"), ("marker_id", "Marcador")), pairs)
        self.assertEqual(len(pairs), 3)


@tagged("post_install", "-at_install")
class TestVocabulary(TransactionCase):
    """The pack's pt_BR labels against Odoo's own pt_BR, on every model and menu level it touches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lang = cls.env["res.lang"].with_context(active_test=False).search([("code", "=", LANG)])
        if not lang.active:
            cls.env["res.lang"]._activate_lang(LANG)
            # Odoo's own translations of every installed module (the pack's included), as a user
            # installing the language gets them.
            cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(LANG)
        cls.env = cls.env(context=dict(cls.env.context, lang=LANG))

    def _pack_xmlids(self, model):
        """{res_id: set of modules} of the records of ``model`` having an xml id."""
        owners = {}
        for data in self.env["ir.model.data"].sudo().search_read([("model", "=", model)], ["module", "res_id"]):
            owners.setdefault(data["res_id"], set()).add(data["module"])
        return owners

    def test_fields_do_not_share_a_word_with_odoo_fields(self):
        owners = self._pack_xmlids("ir.model.fields")
        pack = set(PACK_ADDONS)
        fields = self.env["ir.model.fields"].sudo().search([])
        by_model = {}
        for field in fields:
            modules = owners.get(field.id, set())
            # A field of Odoo's that the pack only redefines keeps Odoo's word: it counts as Odoo's.
            mine = bool(modules) and modules <= pack
            by_model.setdefault(field.model, ([], []))[0 if mine else 1].append(
                (field.name, field.field_description))
        problems = []
        for model, (pack_fields, other_fields) in sorted(by_model.items()):
            if not pack_fields:
                continue
            problems.extend(f"{model}: {mine[0]} {mine[1]!r} / {other[0]} {other[1]!r}"
                            for mine, other in collisions(pack_fields, other_fields))
        self.assertFalse(problems, "pt_BR labels read as one word:\n" + "\n".join(problems))

    def test_menus_do_not_share_a_word_with_their_siblings(self):
        owners = self._pack_xmlids("ir.ui.menu")
        pack = set(PACK_ADDONS)
        menus = self.env["ir.ui.menu"].sudo().with_context(active_test=False).search([])
        by_parent = {}
        for menu in menus:
            mine = bool(owners.get(menu.id)) and owners[menu.id] <= pack
            by_parent.setdefault(menu.parent_id, ([], []))[0 if mine else 1].append(
                (menu.complete_name, menu.name))
        problems = []
        for _parent, (pack_menus, other_menus) in by_parent.items():
            problems.extend(f"{mine[0]!r} / {other[0]!r}" for mine, other in collisions(pack_menus, other_menus))
        self.assertFalse(problems, "pt_BR menus read as one word under the same parent:\n" + "\n".join(problems))
