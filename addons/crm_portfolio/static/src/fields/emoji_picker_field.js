import { Component, useRef } from "@odoo/owl";
import { useEmojiPicker } from "@web/core/emoji_picker/emoji_picker";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * PO-13: a marker's emoji, picked with Odoo's emoji picker. The picked emoji replaces the value (a marker
 * has exactly one emoji; the server checks it too).
 */
export class EmojiPickerField extends Component {
    static template = "crm_portfolio.EmojiPickerField";
    static props = { ...standardFieldProps };

    setup() {
        this.buttonRef = useRef("button");
        this.emojiPicker = useEmojiPicker(this.buttonRef, {
            onSelect: (emoji) => this.props.record.update({ [this.props.name]: emoji }),
        });
    }

    get value() {
        return this.props.record.data[this.props.name] || "";
    }

    get title() {
        return _t("Pick an emoji");
    }
}

export const emojiPickerField = {
    component: EmojiPickerField,
    displayName: _t("Emoji picker"),
    supportedTypes: ["char"],
};

registry.category("fields").add("crm_portfolio_emoji_picker", emojiPickerField);
