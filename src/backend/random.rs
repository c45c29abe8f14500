use csp_domain::execute::Randomness;

/// The browser's cryptographic generator, for keys and link tokens no one can guess.
pub struct BrowserRandomness;

impl Randomness for BrowserRandomness {
    fn fill(&mut self, bytes: &mut [u8]) {
        let crypto = web_sys::window().and_then(|window| window.crypto().ok());
        // Every browser that runs WebAssembly has crypto.getRandomValues; without it no key
        // could be made safely, so failing loudly is right.
        let filled = crypto.map(|crypto| crypto.get_random_values_with_u8_array(bytes).is_ok());
        assert_eq!(
            filled,
            Some(true),
            "crypto.getRandomValues is not available"
        );
    }
}
