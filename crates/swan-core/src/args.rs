use crate::SwanError;

/// One field of an options object, as far as the contract cares: absent, a string, or
/// something else. Runtimes map their own values to this so that the §1 argument rules live
/// here once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgValue<'a> {
    Missing,
    Str(&'a str),
    /// Present but not a string; the name of its type, for diagnostics.
    Other(&'a str),
    /// A string that no file name can hold: JavaScript strings may contain unpaired UTF-16
    /// surrogates, which have no UTF-8 form. Given with each one replaced by U+FFFD.
    IllFormed(&'a str),
}

impl<'a> ArgValue<'a> {
    /// The §1 check for a required string argument (904 "is required." / "type error").
    pub fn required_string(self, name: &str) -> Result<&'a str, SwanError> {
        match self {
            ArgValue::Str(s) | ArgValue::IllFormed(s) => Ok(s),
            ArgValue::Missing => Err(SwanError::ArgumentRequired { name: name.into() }),
            ArgValue::Other(_) => Err(SwanError::ArgumentType {
                name: name.into(),
                expected: "string",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_string_messages() {
        assert_eq!(ArgValue::Str("x").required_string("filePath"), Ok("x"));
        let e = ArgValue::Missing.required_string("filePath").unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (904, "[jsNative Argument Error]filePath is required.")
        );
        let e = ArgValue::Other("number")
            .required_string("filePath")
            .unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]filePath type error. must be \"string\""
        );
    }
}
