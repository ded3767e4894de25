import { registry } from "@web/core/registry";

// AF-14: from a customer's form, log a visit with an expense line (type, expected and actual amount, note)
// added in the Log action dialog; the log is saved with its expense.
registry.category("web_tour.tours").add("crm_action_flow_log_expense", {
    steps: () => [
        {
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_log_wizard']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_id'] input",
            run: "edit Tour Expense Visit",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Expense Visit')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='result_id'] input:value('Tour Visited')",
        },
        {
            trigger: ".modal .o_field_widget[name='expense_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='expense_ids'] .o_data_row .o_field_widget[name='type_id'] input",
            run: "edit Tour Taxi",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Taxi')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='expense_ids'] .o_data_row .o_field_widget[name='expected_amount'] input",
            run: "edit 80",
        },
        {
            trigger: ".modal .o_field_widget[name='expense_ids'] .o_data_row .o_field_widget[name='actual_amount'] input",
            run: "edit 95.50",
        },
        {
            trigger: ".modal .o_field_widget[name='expense_ids'] .o_data_row .o_field_widget[name='note'] input",
            run: "edit Airport taxi",
        },
        {
            trigger: ".modal .modal-footer button[name='action_log']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o-mail-Message:contains('Tour Expense Visit')",
        },
    ],
});
