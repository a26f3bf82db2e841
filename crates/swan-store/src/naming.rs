//! Stored names: `<epoch ms>.<ext>`, as Baidu's Android runtime names saved pictures.

/// The `attempt`-th candidate name: `<ms>.<ext>`, then `<ms>_1.<ext>`, `<ms>_2.<ext>`, ...
/// Uniqueness comes from the exclusive create, not from this function, so there is no limit.
pub fn candidate(ms: i64, attempt: u64, ext: &str) -> String {
    if attempt == 0 {
        format!("{ms}.{ext}")
    } else {
        format!("{ms}_{attempt}.{ext}")
    }
}

/// Reads the time back out of a stored name, for files indexed by repair.
pub fn ms_from_name(name: &str) -> Option<i64> {
    let stem = name.split('.').next()?;
    let ms = stem.split('_').next()?;
    ms.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_and_round_trip() {
        assert_eq!(candidate(17, 0, "png"), "17.png");
        assert_eq!(candidate(17, 3, "png"), "17_3.png");
        assert_eq!(ms_from_name("17_3.png"), Some(17));
        assert_eq!(ms_from_name("holiday.png"), None);
    }
}
