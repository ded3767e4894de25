import { registry } from "@web/core/registry";

// AF-11/AF-12: from a customer's form, log a visit with the main contact proposed, a new contact added from
// the dialog and a detail chosen from the action's list; the result prompts a meeting, planned for 45 minutes:
// the activity shows its time and the meeting is in the calendar.
registry.category("web_tour.tours").add("crm_action_flow_log_appointment", {
    steps: () => [
        {
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_log_wizard']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='contact_id'] input:value('Ana Tour')",
        },
        {
            trigger: ".modal .o_field_widget[name='contact_id'] input",
            run: "edit Carla Tour",
        },
        {
            trigger: ".ui-autocomplete .o_m2o_dropdown_option_create a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='contact_id'] input:value('Carla Tour')",
        },
        {
            trigger: ".modal .o_field_widget[name='action_id'] input",
            run: "edit Tour Visit",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Visit')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Tour Meeting booked",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Meeting booked')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='detail_id'] input",
            run: "edit Showroom",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Showroom demo')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='detail'] input:value('Showroom demo')",
        },
        {
            trigger: ".modal .modal-footer button[name='action_log']",
            run: "click",
        },
        {
            trigger: ".modal .alert-info:contains('Action logged')",
        },
        {
            trigger: ".modal div:contains('booked in the responsible')",
        },
        {
            trigger: ".modal .o_field_widget[name='next_summary'] input",
            run: "edit Demo at the bakery",
        },
        {
            trigger: ".modal .o_field_widget[name='next_duration'] input",
            run: "edit 00:45",
        },
        {
            trigger: ".modal .modal-footer button[name='action_plan_next']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o-mail-Activity:contains('Demo at the bakery') .o-crm-Activity-planned:contains('–')",
        },
    ],
});
