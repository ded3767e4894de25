{
    "name": "CRM Portfolio",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Portfolios of customers under success managers, agent assignment, xlsx import, markers and segments",
    "author": "CRM Retention Pack",
    "maintainers": ["crm-retention-pack"],
    "website": "https://github.com/crm-retention-pack/crm-retention",
    "license": "LGPL-3",
    "depends": ["crm_journey", "bus"],
    "external_dependencies": {"python": ["openpyxl"]},
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/crm_portfolio_security.xml",
        "security/ir.model.access.csv",
        "data/crm_recurring_revenues_data.xml",
        "views/crm_portfolio_views.xml",
        "views/res_partner_views.xml",
        "wizard/crm_portfolio_wizard_views.xml",
        "views/crm_portfolio_menus.xml",
    ],
    "demo": [
        "demo/crm_portfolio_demo.xml",
        "demo/crm_brazil_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_portfolio/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_portfolio/static/tests/tours/**/*",
        ],
    },
}
