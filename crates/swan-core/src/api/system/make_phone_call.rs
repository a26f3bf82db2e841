use crate::SwanError;

crate::options! {
    /// `swan.makePhoneCall`'s options.
    pub struct MakePhoneCallOptions { phone_number: "phoneNumber" }
}

/// A call as the phone would dial it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCall {
    /// The number as page code gave it.
    pub phone_number: String,
    /// What the keypad dials: digits, `+`, `*` and `#`, each letter turned into the digit of
    /// its key (Baidu: the keys `TUV`, `WXYZ`, `JKL` are 8, 9, 5), separators dropped.
    pub dialed: String,
}

/// `swan.makePhoneCall({phoneNumber})`: a required string (904) that holds something to dial
/// and only what Baidu's formats allow — digits, letters, spaces, `-`, `(`, `)`, `+`, `*`,
/// `#`, `/` — else 202 (Baidu's "parameter could not be parsed").
pub fn make_phone_call(options: &MakePhoneCallOptions) -> Result<PhoneCall, SwanError> {
    let number = options
        .phone_number
        .as_arg()
        .required_string("phoneNumber")?;
    let mut dialed = String::new();
    for c in number.chars() {
        match c {
            '0'..='9' | '+' | '*' | '#' => dialed.push(c),
            'a'..='z' | 'A'..='Z' => dialed.push(keypad(c.to_ascii_lowercase())),
            ' ' | '-' | '(' | ')' | '/' => {}
            _ => return Err(invalid(number)),
        }
    }
    if !dialed.chars().any(|c| c.is_ascii_digit()) {
        return Err(invalid(number));
    }
    Ok(PhoneCall {
        phone_number: number.to_string(),
        dialed,
    })
}

fn invalid(number: &str) -> SwanError {
    SwanError::InvalidParameter {
        api: "makePhoneCall",
        message: format!("invalid phoneNumber : {number}"),
    }
}

/// The digit a letter shares a key with on a phone keypad.
fn keypad(c: char) -> char {
    match c {
        'a'..='c' => '2',
        'd'..='f' => '3',
        'g'..='i' => '4',
        'j'..='l' => '5',
        'm'..='o' => '6',
        'p'..='s' => '7',
        't'..='v' => '8',
        _ => '9',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    fn call(n: Arg) -> Result<PhoneCall, SwanError> {
        make_phone_call(&MakePhoneCallOptions { phone_number: n })
    }

    #[test]
    fn formats_and_refusals() {
        let c = call(Arg::Str("(010)1234-5678".into())).unwrap();
        assert_eq!(c.dialed, "01012345678");
        assert_eq!(call(Arg::Str("T/W/J".into())).unwrap().dialed, "895");
        assert_eq!(
            call(Arg::Str("1-800-FLOWERS".into())).unwrap().dialed,
            "18003569377"
        );
        assert_eq!(call(Arg::Missing).unwrap_err().err_code(), 904);
        assert_eq!(call(Arg::Number(1.0, "int")).unwrap_err().err_code(), 904);
        let e = call(Arg::Str("".into())).unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (202, "makePhoneCall:fail invalid phoneNumber : ")
        );
        assert_eq!(call(Arg::Str("1;rm".into())).unwrap_err().err_code(), 202);
    }
}
