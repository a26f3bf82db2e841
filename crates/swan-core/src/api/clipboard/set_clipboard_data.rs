use crate::SwanError;
use crate::api::option_checks::required_string;

crate::options! {
    /// `swan.setClipboardData`'s options.
    pub struct SetClipboardDataOptions { data: "data" }
}

/// `swan.setClipboardData`: `data` is a required string (904 otherwise); it becomes the
/// clipboard's content, which `getClipboardData` then returns.
pub fn set_clipboard_data(options: &SetClipboardDataOptions) -> Result<String, SwanError> {
    required_string(&options.data, "data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    #[test]
    fn data_is_a_required_string() {
        let set = |data| set_clipboard_data(&SetClipboardDataOptions { data });
        assert_eq!(set(Arg::Str("hi".into())).unwrap(), "hi");
        assert_eq!(
            set(Arg::Missing).unwrap_err().err_msg(),
            "[jsNative Argument Error]data is required."
        );
        assert_eq!(
            set(Arg::Number(1.0, "int")).unwrap_err().err_msg(),
            "[jsNative Argument Error]data type error. must be \"string\""
        );
    }
}
