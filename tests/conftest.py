"""The repository's tests need no Odoo registry of their own: pytest-odoo's session fixtures
(a registry of the --odoo-database, an HTTP server) are no-ops here, so that plain
`.venv/bin/python -m pytest tests` works without a database, and ./dev test runs them beside the
addons' tests unchanged (those keep pytest-odoo's fixtures)."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield
