//! How a catalog is declared once and read in any language.
//!
//! Each catalog struct is written once, with its English text beside each field; the macro
//! makes the struct and its English value. English is compiled in; another language arrives
//! as a JSON file with the keys of `locales/en.json` in the same order (`"selling.add_to_order"`),
//! read by position, so the wasm carries no key names: a signature of the key sequence, made
//! at compile time, refuses a file whose keys do not match this version of the app. Texts with
//! values in them are templates (`"Order {order}"`) filled by [`fill`]; counts pick a `_one` or
//! plain template by [`plural`].

/// The signature of a key sequence so far, with `key` added (FNV-1a over the keys' bytes,
/// each ended by a newline).
pub const fn sign(mut hash: u32, key: &str) -> u32 {
    let bytes = key.as_bytes();
    let mut at = 0;
    while at <= bytes.len() {
        let byte = if at < bytes.len() { bytes[at] } else { b'\n' };
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        at += 1;
    }
    hash
}

/// An English text as a build carries it: itself natively, nothing in the browser (see
/// `ENGLISH` in [`catalog!`]). Evaluated as the app is compiled, so the text never reaches
/// the wasm.
pub const fn compiled_in(english: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        english
    }
}

/// The signature of no keys.
pub const UNSIGNED: u32 = 0x811c_9dc5;

/// Where market names' keys start; they are not part of the signature (a language may name
/// more or fewer markets).
pub const MARKET_PREFIX: &str = "market.";

/// A language's texts in the order of its JSON file. The texts live as long as the page: a
/// language is loaded once.
pub struct Catalog {
    entries: Vec<(String, &'static str)>,
}

impl Catalog {
    /// The catalog in `json`, an object of string keys to string texts, refused unless its
    /// keys are `signature`'s.
    pub fn parse(json: &str, signature: u32) -> Result<Catalog, String> {
        let entries = entries(json)?;
        let found = entries
            .iter()
            .filter(|(key, _)| !key.starts_with(MARKET_PREFIX))
            .fold(UNSIGNED, |hash, (key, _)| sign(hash, key));
        if found != signature {
            return Err("its keys are not those of this version of the app".to_owned());
        }
        Ok(Catalog {
            entries: entries
                .into_iter()
                .map(|(key, text)| (key, &*Box::leak(text.into_boxed_str())))
                .collect(),
        })
    }

    /// The texts in file order, for the catalogs to take theirs from.
    pub fn texts(&self) -> Texts<'_> {
        Texts {
            entries: &self.entries,
        }
    }
}

/// What is left of a catalog as the structs take their texts in order.
pub struct Texts<'a> {
    entries: &'a [(String, &'static str)],
}

impl Texts<'_> {
    /// The next `slots.len()` texts, into `slots`.
    pub fn take(&mut self, slots: &mut [&'static str]) {
        let (taken, rest) = self.entries.split_at(slots.len().min(self.entries.len()));
        for (slot, (_, text)) in slots.iter_mut().zip(taken) {
            *slot = text;
        }
        self.entries = rest;
    }

    /// The market names that come next, by code.
    pub fn take_markets(&mut self) -> Vec<(&str, &'static str)> {
        let count = self
            .entries
            .iter()
            .take_while(|(key, _)| key.starts_with(MARKET_PREFIX))
            .count();
        let (markets, rest) = self.entries.split_at(count);
        self.entries = rest;
        markets
            .iter()
            .map(|(key, text)| (&key[MARKET_PREFIX.len()..], *text))
            .collect()
    }
}

// The browser parses the JSON itself: serde's map reading would cost the wasm kilobytes. An
// object keeps its keys in the order written.
#[cfg(target_arch = "wasm32")]
fn entries(json: &str) -> Result<Vec<(String, String)>, String> {
    use wasm_bindgen::JsCast;
    let value = js_sys::JSON::parse(json).map_err(|_| "not JSON".to_owned())?;
    let object = value
        .dyn_into::<js_sys::Object>()
        .map_err(|_| "not a JSON object".to_owned())?;
    js_sys::Object::entries(&object)
        .iter()
        .map(|entry| {
            let entry = js_sys::Array::from(&entry);
            let key = entry.get(0).as_string().unwrap_or_default();
            match entry.get(1).as_string() {
                Some(text) => Ok((key, text)),
                None => Err(format!("{key} is not a text")),
            }
        })
        .collect()
}

/// The entries of a JSON object of texts, in the order written.
#[cfg(not(target_arch = "wasm32"))]
pub fn entries(json: &str) -> Result<Vec<(String, String)>, String> {
    struct InOrder;
    impl<'de> serde::de::Visitor<'de> for InOrder {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of texts")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    use serde::Deserializer;
    serde_json::Deserializer::from_str(json)
        .deserialize_map(InOrder)
        .map_err(|error| error.to_string())
}

/// `template` with each `{name}` replaced by its value in `values`; an unknown name stays as
/// written, so a translator's typo shows rather than vanishes.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, value)| (*value, close))
        });
        match value {
            Some((value, close)) => {
                filled.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                filled.push('{');
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// The template for a count: `one` for exactly 1, `other` for the rest. This is the rule of
/// English, German, Dutch and Hungarian; Chinese writes the same text in both.
pub fn plural(count: i64, one: &'static str, other: &'static str) -> &'static str {
    if count.unsigned_abs() == 1 {
        one
    } else {
        other
    }
}

/// Declares a catalog struct of `&'static str` fields with their English texts, optionally
/// holding nested catalogs first (`@nested { glossary: Glossary, }`).
macro_rules! catalog {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $prefix:literal {
            @nested { $( $(#[$nmeta:meta])* $nested:ident: $ntype:ty, )* }
            $(#[$first_meta:meta])* $first:ident: $first_english:expr,
            $( $(#[$fmeta:meta])* $field:ident: $english:expr, )*
        }
    ) => {
        $(#[$meta])*
        // The nested catalogs, then only texts, in order: the texts are laid out as an array of
        // them, which `localize` relies on.
        #[repr(C)]
        #[derive(Clone, Copy)]
        pub struct $name {
            $( $(#[$nmeta])* pub $nested: $ntype, )*
            $(#[$first_meta])* pub $first: &'static str,
            $( $(#[$fmeta])* pub $field: &'static str, )*
        }

        impl $name {
            /// The English texts: compiled into native builds (tests, the English file's
            /// writer); empty in the browser's, which fetches `locales/en.json` like any other
            /// language, so the wasm carries no text (12.6 KB gzipped saved).
            pub const ENGLISH: $name = $name {
                $( $nested: <$ntype>::ENGLISH, )*
                $first: $crate::i18n::catalog::compiled_in($first_english),
                $( $field: $crate::i18n::catalog::compiled_in($english), )*
            };

            const LEN: usize = [ stringify!($first), $( stringify!($field) ),* ].len();

            const _LAID_OUT_AS_TEXTS: () = assert!(
                std::mem::size_of::<$name>() - std::mem::offset_of!($name, $first)
                    == Self::LEN * std::mem::size_of::<&str>()
            );

            /// The signature of this catalog's keys, in order, after `hash`.
            pub const fn signature(hash: u32) -> u32 {
                $( let hash = <$ntype>::signature(hash); )*
                let hash = $crate::i18n::catalog::sign(hash, concat!($prefix, ".", stringify!($first)));
                $( let hash = $crate::i18n::catalog::sign(hash, concat!($prefix, ".", stringify!($field))); )*
                hash
            }

            /// Takes this catalog's texts, in order.
            pub fn localize(&mut self, texts: &mut $crate::i18n::catalog::Texts) {
                $( self.$nested.localize(texts); )*
                let () = Self::_LAID_OUT_AS_TEXTS;
                // SAFETY: in a `repr(C)` struct, the `LEN` fields from `$first` on are each a
                // `&'static str` and end the struct (asserted above), so they are laid out as an
                // array of them.
                let slots = unsafe {
                    let first = (self as *mut Self)
                        .cast::<u8>()
                        .add(std::mem::offset_of!($name, $first))
                        .cast::<&'static str>();
                    std::slice::from_raw_parts_mut(first, Self::LEN)
                };
                texts.take(slots);
            }

            /// Every key with its English text, in the order declared.
            #[cfg(not(target_arch = "wasm32"))]
            pub fn english(out: &mut Vec<(String, &'static str)>) {
                $( <$ntype>::english(out); )*
                out.push((concat!($prefix, ".", stringify!($first)).to_owned(), Self::ENGLISH.$first));
                $( out.push((concat!($prefix, ".", stringify!($field)).to_owned(), Self::ENGLISH.$field)); )*
            }
        }
    };
    // A catalog of texts only: the same, with no nested catalogs.
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $prefix:literal { $($texts:tt)* }
    ) => {
        $crate::i18n::catalog::catalog! {
            $(#[$meta])*
            pub struct $name in $prefix { @nested {} $($texts)* }
        }
    };
}

pub(crate) use catalog;

#[cfg(test)]
mod tests {
    use super::{fill, plural, sign, Catalog, UNSIGNED};

    #[test]
    fn a_catalog_gives_its_texts_in_order_and_its_markets_by_code() {
        let signature = sign(sign(UNSIGNED, "a.x"), "a.y");
        let json = r#"{"a.x": "Ax", "market.DE": "Deutschland", "a.y": "Ay"}"#;
        let catalog = Catalog::parse(json, signature).unwrap();
        let mut texts = catalog.texts();
        let mut first = [""];
        texts.take(&mut first);
        assert_eq!(first, ["Ax"]);
        assert_eq!(texts.take_markets(), [("DE", "Deutschland")]);
        let mut second = [""];
        texts.take(&mut second);
        assert_eq!(second, ["Ay"]);
    }

    #[test]
    fn a_catalog_of_other_keys_or_order_is_refused() {
        let signature = sign(sign(UNSIGNED, "a.x"), "a.y");
        assert!(Catalog::parse(r#"{"a.y": "Ay", "a.x": "Ax"}"#, signature).is_err());
        assert!(Catalog::parse(r#"{"a.x": "Ax"}"#, signature).is_err());
        assert!(Catalog::parse("[1, 2]", signature).is_err());
        assert!(Catalog::parse(r#"{"a.x": 1, "a.y": "Ay"}"#, signature).is_err());
    }

    #[test]
    fn a_template_takes_its_values_by_name() {
        assert_eq!(
            fill(
                "Order {order} of {customer}",
                &[("customer", "Contoso"), ("order", "ORD-1")]
            ),
            "Order ORD-1 of Contoso"
        );
    }

    #[test]
    fn an_unknown_name_stays_as_written() {
        assert_eq!(
            fill("Hello {nobody} {", &[("name", "x")]),
            "Hello {nobody} {"
        );
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(plural(1, "one", "other"), "one");
        assert_eq!(plural(-1, "one", "other"), "one");
        assert_eq!(plural(0, "one", "other"), "other");
        assert_eq!(plural(2, "one", "other"), "other");
    }
}
