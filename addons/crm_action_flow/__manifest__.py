{
    "name": "CRM Action Flow",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Log actions with results, chain next actions and let results move leads and accounts",
    "author": "CRM Retention Pack",
    "maintainers": ["crm-retention-pack"],
    "website": "https://github.com/crm-retention-pack/crm-retention",
    "license": "LGPL-3",
    "depends": ["crm", "utm", "mail", "calendar", "resource"],
    "data": [
        "security/crm_action_flow_security.xml",
        "security/crm_action_flow_rules.xml",
        "security/ir.model.access.csv",
        "views/crm_action_views.xml",
        "views/crm_action_result_views.xml",
        "views/crm_account_class_views.xml",
        "views/crm_qualification_rule_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lead_answer_views.xml",
        "views/crm_action_log_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/utm_campaign_views.xml",
        "wizard/crm_action_log_wizard_views.xml",
        "views/crm_action_flow_menus.xml",
    ],
    "demo": [
        "demo/crm_action_flow_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_action_flow/static/src/activity/**/*",
        ],
        "web.assets_tests": [
            "crm_action_flow/static/tests/tours/**/*",
        ],
    },
}
