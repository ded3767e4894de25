import { registry } from "@web/core/registry";

// PO-4 and PO-8: a success manager opens a portfolio's board, sees every stage of its journey (the
// empty one too) with the status bars, drags a customer to the next stage, then opens the customer base.
registry.category("web_tour.tours").add("crm_portfolio_board", {
    steps: () => [
        {
            trigger: ".o_form_view button[name='action_open_board']",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Tour accounts — Tour onboarding')",
        },
        {
            trigger: ".o_kanban_group:eq(0) .o_column_title:contains('Tour kick-off')",
        },
        {
            trigger: ".o_kanban_group:eq(1) .o_column_title:contains('Tour live')",
        },
        {
            // Every stage is shown, the empty one too.
            trigger: ".o_kanban_group:eq(2):not(:has(.o_kanban_record)) .o_column_title:contains('Tour renewal')",
        },
        {
            // The column bar counts the customers by milestone status.
            trigger: ".o_kanban_group:eq(0) .o_column_progress .progress-bar",
        },
        {
            trigger: ".o_kanban_group:eq(0) .o_kanban_record:contains('Tour Padaria'):contains('New')",
        },
        {
            trigger: ".o_kanban_group:eq(0) .o_kanban_record:contains('Tour Padaria')",
            run: "drag_and_drop(.o_kanban_group:eq(1))",
        },
        {
            trigger: ".o_kanban_group:eq(1) .o_kanban_record:contains('Tour Padaria')",
        },
        {
            trigger: ".o_kanban_group:eq(1) .o_kanban_record:contains('Tour Padaria')",
            run() {
                window.location.href = "/odoo/action-crm_portfolio.res_partner_customer_base_action";
            },
        },
        {
            // The marker is its emoji, with its name on hover.
            trigger: ".o_list_view .o_data_row:contains('Tour Padaria') .o_crm_portfolio_marker[title='🥐 Bakery']:contains('🥐')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Padaria') [name='mrr']:contains('1,234.00')",
        },
        {
            // The total MRR is summed (one currency), not "—".
            trigger: ".o_list_view .o_list_footer [data-tooltip='Total MRR']:not(:contains('—'))",
        },
        {
            // Search by either name: the legal name finds the bakery, and only it.
            trigger: ".o_searchview_input",
            run: "edit Panificação Pão Quente",
        },
        {
            trigger: ".o_searchview_autocomplete .o_menu_item:contains('Name or legal name')",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains('Panificação Pão Quente')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('YourCompany'))) .o_data_row:contains('Tour Padaria'):contains('Panificação Pão Quente Ltda')",
        },
    ],
});
