{
    "name": "CRM Loyalty",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Loyalty granted by results, Categorization settings and a nightly categorization of every customer",
    "author": "CRM Retention Pack",
    "maintainers": ["crm-retention-pack"],
    "website": "https://github.com/crm-retention-pack/crm-retention",
    "license": "LGPL-3",
    "depends": ["crm_portfolio"],
    "data": [
        "security/crm_loyalty_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/crm_action_result_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_loyalty_worklist_views.xml",
        "views/crm_loyalty_menus.xml",
    ],
    "demo": [
        "demo/crm_loyalty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_loyalty/static/tests/tours/**/*",
        ],
    },
}
