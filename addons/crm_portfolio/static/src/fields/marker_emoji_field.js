import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * PO-8: a customer's marker shown as its emoji alone; its name appears on hover.
 * Used on the ``marker_id`` many2one; the emoji comes from the customer's ``marker_emoji``.
 */
export class MarkerEmojiField extends Component {
    static template = "crm_portfolio.MarkerEmojiField";
    static props = { ...standardFieldProps };

    get emoji() {
        return this.props.record.data.marker_emoji || "";
    }

    get title() {
        const value = this.props.record.data[this.props.name];
        return Array.isArray(value) ? value[1] : "";
    }
}

export const markerEmojiField = {
    component: MarkerEmojiField,
    displayName: _t("Marker emoji"),
    supportedTypes: ["many2one"],
    fieldDependencies: [{ name: "marker_emoji", type: "char" }],
};

registry.category("fields").add("crm_portfolio_marker_emoji", markerEmojiField);
