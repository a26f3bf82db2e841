//! Medians and percentiles of timings.

use std::time::Duration;

/// The value at quantile `q` (0..=1) by the nearest-rank method; `None` when empty.
pub fn quantile(samples: &[Duration], q: f64) -> Option<Duration> {
    if samples.is_empty() {
        return None;
    }
    let mut v = samples.to_vec();
    v.sort_unstable();
    let rank = (q * v.len() as f64).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
}

/// The median (for an even count, the mean of the two middle values).
pub fn median(samples: &[Duration]) -> Duration {
    assert!(!samples.is_empty(), "median of nothing");
    let mut v = samples.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// Human-readable duration with a unit that suits it.
pub fn fmt_dur(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// `a / b` as a ratio.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        let ms = |v: &[u64]| {
            v.iter()
                .map(|&m| Duration::from_millis(m))
                .collect::<Vec<_>>()
        };
        let s = ms(&[5, 1, 4, 2, 3]);
        assert_eq!(median(&s), Duration::from_millis(3));
        assert_eq!(quantile(&s, 0.5), Some(Duration::from_millis(3)));
        assert_eq!(quantile(&s, 0.99), Some(Duration::from_millis(5)));
        assert_eq!(median(&ms(&[1, 2, 3, 4])), Duration::from_micros(2500));
        let hundred: Vec<_> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&hundred, 0.99), Some(Duration::from_millis(99)));
    }
}
