use crate::SwanError;
use crate::api::option_checks::{optional_string, required_string_list};

crate::options! {
    /// `swan.showActionSheet`'s options.
    pub struct ShowActionSheetOptions {
        item_list: "itemList" as Json,
        item_color: "itemColor",
    }
}

/// Baidu documents "数组长度最大为 6".
pub const ACTION_SHEET_MAX_ITEMS: usize = 6;
/// The items' colour when none is given.
pub const ACTION_SHEET_ITEM_COLOR: &str = "#000000";

/// What the scripted user does with a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetChoice {
    /// Taps the item at this index (from 0, top to bottom).
    Tap(usize),
    /// Taps cancel (or the mask).
    Cancel,
}

/// An action sheet as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionSheet {
    /// The items, top to bottom.
    pub item_list: Vec<String>,
    /// Their colour.
    pub item_color: String,
    /// The index tapped; `None` when the user cancelled.
    pub tap_index: Option<usize>,
    /// A scripted index the sheet does not have, for a notice.
    pub note: Option<String>,
}

/// `swan.showActionSheet`: `itemList` is a required array of 1 to 6 strings (904 otherwise).
/// A scripted index past the last item cannot be tapped: the user cancels instead (noted), as a
/// thumb that misses every item lands on the mask.
pub fn show_action_sheet(
    options: &ShowActionSheetOptions,
    choice: SheetChoice,
) -> Result<ActionSheet, SwanError> {
    let item_list = required_string_list(&options.item_list, "itemList")?;
    let parameter = |message: &str| SwanError::Parameter {
        api: "showActionSheet",
        message: message.into(),
    };
    if item_list.is_empty() {
        return Err(parameter("itemList should not be empty"));
    }
    if item_list.len() > ACTION_SHEET_MAX_ITEMS {
        return Err(parameter("itemList should not be longer than 6"));
    }
    let item_color = optional_string(&options.item_color, "itemColor")?
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| ACTION_SHEET_ITEM_COLOR.into());
    let (tap_index, note) = match choice {
        SheetChoice::Tap(i) if i < item_list.len() => (Some(i), None),
        SheetChoice::Tap(i) => (
            None,
            Some(format!(
                "the scripted user would tap item {i}, but the action sheet has {} items: cancelled",
                item_list.len()
            )),
        ),
        SheetChoice::Cancel => (None, None),
    };
    Ok(ActionSheet {
        item_list,
        item_color,
        tap_index,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;
    use serde_json::json;

    fn items(v: serde_json::Value) -> ShowActionSheetOptions {
        ShowActionSheetOptions {
            item_list: Arg::Json(v),
            item_color: Arg::Missing,
        }
    }

    #[test]
    fn item_rules_and_answers() {
        let s = show_action_sheet(&items(json!(["a", "b"])), SheetChoice::Tap(1)).unwrap();
        assert_eq!((s.tap_index, s.item_color.as_str()), (Some(1), "#000000"));
        let s = show_action_sheet(&items(json!(["a"])), SheetChoice::Tap(3)).unwrap();
        assert_eq!(s.tap_index, None);
        assert!(s.note.is_some());
        let seven = json!(["1", "2", "3", "4", "5", "6", "7"]);
        let e = show_action_sheet(&items(seven), SheetChoice::Cancel).unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (
                904,
                "showActionSheet:fail parameter error: itemList should not be longer than 6"
            )
        );
        let e = show_action_sheet(&items(json!([])), SheetChoice::Cancel).unwrap_err();
        assert_eq!(e.err_code(), 904);
        let missing = ShowActionSheetOptions {
            item_list: Arg::Missing,
            item_color: Arg::Missing,
        };
        let e = show_action_sheet(&missing, SheetChoice::Cancel).unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]itemList is required."
        );
    }
}
