import { registry } from "@web/core/registry";

// JO-8 (completed): the company form opens with the Customer 360 header, each cell filled by its addon.
const cell = (name, text) => ({
    trigger: `.o_crm_retention_360 div[name='crm_retention_360_${name}']:contains('${text}')`,
});

registry.category("web_tour.tours").add("crm_loyalty_360_header", {
    steps: () => [
        cell("journey_stage", "Tour360 Kick-off"),
        cell("category", "Active"),
        cell("loyalty_holder", "Tour360 Holder"),
        cell("account_class", "Tour360 class"),
        cell("portfolio", "Tour360 portfolio"),
        { trigger: ".o_crm_retention_360 div[name='crm_retention_360_agents'] .o_field_many2many_avatar_user img" },
        cell("next_renewal", "days"),
        cell("last_action", "Tour360 visit"),
        cell("next_activity", "Tour360 follow-up"),
    ],
});
