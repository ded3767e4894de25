"""X-6: public methods an integrator calls over XML-RPC (buttons, ``action_*``) return a value it can marshal.

XML-RPC cannot marshal None: a button method that falls off its end fails for the integrator although its
write happened. Every ``action_*`` method of the addons must end with a ``return`` of a value (or a raise).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for p in (ROOT / "addons").glob("*/*/*.py") if p.parent.name in ("models", "wizard"))


def action_methods(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("action_"):
            yield node


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_action_methods_return_a_value(path):
    for method in action_methods(path):
        returns = [n for n in ast.walk(method) if isinstance(n, ast.Return)]
        assert isinstance(method.body[-1], ast.Return | ast.Raise), f"{method.name} may end without a return"
        assert all(r.value is not None for r in returns), f"{method.name} returns None somewhere"


def test_there_are_action_methods():
    assert sum(1 for path in SOURCES for _method in action_methods(path)) > 20
