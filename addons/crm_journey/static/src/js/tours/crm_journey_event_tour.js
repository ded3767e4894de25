import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_journey_event_tour", {
    url: "/odoo/action-crm_journey.crm_journey_event_action",
    steps: () => [
        {
            content: "Create an event",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Tour onboarding meeting",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Event Customer",
        },
        {
            content: "Pick the customer",
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Event Customer')",
            run: "click",
        },
        {
            content: "A meeting",
            trigger: ".o_field_widget[name='event_type'] input[data-value='meeting']",
            run: "click",
        },
        {
            content: "Participant",
            trigger: ".o_field_widget[name='participant_ids'] input",
            run: "edit Tour Guest",
        },
        {
            content: "Pick the participant",
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Guest')",
            run: "click",
        },
        {
            content: "Add to the calendar",
            trigger: ".o_field_widget[name='add_to_calendar'] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved with its calendar entry",
            trigger: ".o_field_widget[name='calendar_event_id'] a, .o_field_widget[name='calendar_event_id'] span:contains('Tour onboarding meeting')",
        },
    ],
});
