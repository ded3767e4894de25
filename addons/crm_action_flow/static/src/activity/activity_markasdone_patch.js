import { onWillStart } from "@odoo/owl";
import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";

// AF-4: the activity's Done popover offers to log the action; the activity is marked done with it.
// Only users allowed to log actions (the Analyst profile and above) see the button.
patch(ActivityMarkAsDone.prototype, {
    setup() {
        super.setup(...arguments);
        this.crmMayLogAction = false;
        onWillStart(async () => {
            this.crmMayLogAction = await user.hasGroup("crm_action_flow.group_retention_analyst");
        });
    },

    get canLogAction() {
        return this.crmMayLogAction && ["res.partner", "crm.lead"].includes(this.props.activity.res_model);
    },

    async onClickDoneAndLogAction() {
        const { res_id, res_model } = this.props.activity;
        const thread = this.env.services["mail.store"].Thread.insert({ model: res_model, id: res_id });
        const action = await this.env.services.orm.call("mail.activity", "action_open_log_wizard", [
            [this.props.activity.id],
        ]);
        this.props.close?.();
        await this.env.services.action.doAction(action, {
            onClose: async () => {
                this.props.onActivityChanged(thread);
                await thread.fetchNewMessages();
            },
        });
    },
});
