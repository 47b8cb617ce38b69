//! `RDuration`: `{ seconds: u64 @0, subsec_nanos: u32 @8 }` (16 bytes on x86_64).

use std::time::Duration;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RDuration {
    pub(crate) seconds: u64,
    pub(crate) subsec_nanos: u32,
}

const NANOS_PER_SEC: u64 = 1_000_000_000;

impl RDuration {
    pub const fn new(seconds: u64, subsec_nanos: u32) -> Self {
        Self { seconds, subsec_nanos }
    }
    pub const fn seconds(&self) -> u64 {
        self.seconds
    }
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Sum with nanosecond carry; seconds wrap on overflow instead of panicking (this runs in
    /// `extern "C"` functions, where a panic would end the process). Also normalises
    /// out-of-range `subsec_nanos` a foreign caller may have written.
    pub const fn wrapping_add(self, other: Self) -> Self {
        let nanos = self.subsec_nanos as u64 + other.subsec_nanos as u64;
        Self {
            seconds: self.seconds.wrapping_add(other.seconds).wrapping_add(nanos / NANOS_PER_SEC),
            subsec_nanos: (nanos % NANOS_PER_SEC) as u32,
        }
    }
}

impl From<Duration> for RDuration {
    fn from(d: Duration) -> Self {
        Self::new(d.as_secs(), d.subsec_nanos())
    }
}

impl From<RDuration> for Duration {
    fn from(d: RDuration) -> Self {
        Duration::new(d.seconds, d.subsec_nanos)
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RDuration>() == 16 && align_of::<RDuration>() == 8);
    assert!(offset_of!(RDuration, seconds) == 0 && offset_of!(RDuration, subsec_nanos) == 8);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_nanoseconds() {
        let sum = RDuration::new(1, 600_000_000).wrapping_add(RDuration::new(2, 500_000_000));
        assert_eq!(sum, RDuration::new(4, 100_000_000));
        assert_eq!(Duration::from(sum), Duration::new(4, 100_000_000));
    }
}
