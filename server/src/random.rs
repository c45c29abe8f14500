//! The server's source of ids, keys, link tokens and session tokens.

use csp_domain::execute::Randomness;
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

/// A cryptographically secure generator seeded from the operating system.
///
/// Seeding can fail (the OS generator is unavailable), filling cannot: so a command asks for
/// one up front and answers 500 if that fails, instead of panicking half-way through.
pub struct OsRandom(StdRng);

impl OsRandom {
    /// A generator freshly seeded from the OS.
    pub fn new() -> Result<OsRandom, String> {
        StdRng::try_from_os_rng()
            .map(OsRandom)
            .map_err(|error| format!("the OS random generator failed: {error}"))
    }
}

impl Randomness for OsRandom {
    fn fill(&mut self, bytes: &mut [u8]) {
        self.0.fill_bytes(bytes);
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
