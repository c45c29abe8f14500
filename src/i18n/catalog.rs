//! How a catalog is declared once and read in any language.
//!
//! Each catalog struct is written once, with its English text beside each field; the macro
//! makes the struct, its English value, and its keys (`"selling.add_to_order"`). English is
//! compiled in; another language arrives as a JSON file of the same keys (`locales/de.json`)
//! and overwrites the English texts it has, so a string it lacks still reads in English and
//! never blank. Texts with values in them are templates (`"Order {order}"`) filled by
//! [`fill`]; counts pick a `_one` or plain template by [`plural`].

/// A key as the wasm holds it: a hash of its name, so the names of some 300 keys need not be
/// shipped (a test checks that no two keys share a hash).
pub const fn key_hash(key: &str) -> u32 {
    // FNV-1a, 32 bits.
    let bytes = key.as_bytes();
    let mut hash: u32 = 0x811c_9dc5;
    let mut at = 0;
    while at < bytes.len() {
        hash ^= bytes[at] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        at += 1;
    }
    hash
}

/// A language's strings by key, as read from its JSON file, sorted by the key's hash. The
/// strings live as long as the page: a language is loaded once.
#[derive(Default)]
pub struct Catalog(Vec<(u32, String, &'static str)>);

impl Catalog {
    /// The catalog in `json`, an object of string keys to string texts.
    pub fn parse(json: &str) -> Result<Catalog, String> {
        let mut entries: Vec<_> = entries(json)?
            .into_iter()
            .map(|(key, text)| (key_hash(&key), key, &*Box::leak(text.into_boxed_str())))
            .collect();
        entries.sort_unstable_by_key(|entry| entry.0);
        Ok(Catalog(entries))
    }

    /// The text of the key with this hash, if the catalog has one.
    pub fn get(&self, hash: u32) -> Option<&'static str> {
        let at = self.0.binary_search_by_key(&hash, |entry| entry.0).ok()?;
        Some(self.0[at].2)
    }

    /// Every entry whose key starts with `prefix`, without it.
    pub fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'static str)> + 'a {
        self.0
            .iter()
            .filter_map(move |(_, key, text)| Some((key.strip_prefix(prefix)?, *text)))
    }
}

// The browser parses the JSON itself: serde's map reading would cost the wasm kilobytes.
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

#[cfg(not(target_arch = "wasm32"))]
fn entries(json: &str) -> Result<Vec<(String, String)>, String> {
    let entries: std::collections::BTreeMap<String, String> =
        serde_json::from_str(json).map_err(|error| error.to_string())?;
    Ok(entries.into_iter().collect())
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
/// holding nested catalogs first.
macro_rules! catalog {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $prefix:literal {
            @nested { $( $(#[$nmeta:meta])* $nested:ident: $ntype:ty, )* }
            $( $(#[$fmeta:meta])* $field:ident: $english:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name {
            $( $(#[$nmeta])* pub $nested: $ntype, )*
            $( $(#[$fmeta])* pub $field: &'static str, )*
        }

        impl $name {
            /// The English texts, compiled in.
            pub const ENGLISH: $name = $name {
                $( $nested: <$ntype>::ENGLISH, )*
                $( $field: $english, )*
            };

            $crate::i18n::catalog::catalog!(@keys $prefix $($field)*);

            /// Overwrites each text that `catalog` has.
            pub fn localize(&mut self, catalog: &$crate::i18n::catalog::Catalog) {
                $( self.$nested.localize(catalog); )*
                for (key, slot) in Self::KEYS.iter().zip([ $( &mut self.$field ),* ]) {
                    if let Some(text) = catalog.get(*key) {
                        *slot = text;
                    }
                }
            }

            /// Every key with its English text, in the order declared.
            #[cfg(not(target_arch = "wasm32"))]
            pub fn english(out: &mut Vec<(String, &'static str)>) {
                $( <$ntype>::english(out); )*
                let english = Self::ENGLISH;
                out.extend(Self::NAMES.iter().map(|key| key.to_string()).zip([ $( english.$field ),* ]));
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $prefix:literal {
            $( $(#[$fmeta:meta])* $field:ident: $english:expr, )*
        }
    ) => {
        $(#[$meta])*
        // Only texts, in order: laid out as an array of them, which `localize` relies on.
        #[repr(C)]
        #[derive(Clone, Copy)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: &'static str, )*
        }

        impl $name {
            /// The English texts, compiled in.
            pub const ENGLISH: $name = $name { $( $field: $english, )* };

            $crate::i18n::catalog::catalog!(@keys $prefix $($field)*);

            const _LAID_OUT_AS_TEXTS: () = assert!(
                std::mem::size_of::<$name>() == Self::KEYS.len() * std::mem::size_of::<&str>()
            );

            /// Overwrites each text that `catalog` has.
            pub fn localize(&mut self, catalog: &$crate::i18n::catalog::Catalog) {
                let () = Self::_LAID_OUT_AS_TEXTS;
                // SAFETY: a `repr(C)` struct of `KEYS.len()` fields, each a `&'static str` (the
                // size is asserted above), has the layout of an array of them. One loop here
                // instead of a store per field keeps the wasm small.
                let texts = unsafe {
                    std::slice::from_raw_parts_mut(
                        (self as *mut Self).cast::<&'static str>(),
                        Self::KEYS.len(),
                    )
                };
                for (key, slot) in Self::KEYS.iter().zip(texts) {
                    if let Some(text) = catalog.get(*key) {
                        *slot = text;
                    }
                }
            }

            /// Every key with its English text, in the order declared.
            #[cfg(not(target_arch = "wasm32"))]
            pub fn english(out: &mut Vec<(String, &'static str)>) {
                let english = Self::ENGLISH;
                out.extend(Self::NAMES.iter().map(|key| key.to_string()).zip([ $( english.$field ),* ]));
            }
        }
    };
    (@keys $prefix:literal $($field:ident)*) => {
        const KEYS: &'static [u32] = &[
            $( $crate::i18n::catalog::key_hash(concat!($prefix, ".", stringify!($field))) ),*
        ];

        #[cfg(not(target_arch = "wasm32"))]
        const NAMES: &'static [&'static str] = &[ $( concat!($prefix, ".", stringify!($field)) ),* ];
    };
}

pub(crate) use catalog;

#[cfg(test)]
mod tests {
    use super::{fill, key_hash, plural, Catalog};

    #[test]
    fn a_catalog_finds_its_texts_by_key() {
        let catalog =
            Catalog::parse(r#"{"b.x": "Bx", "a.y": "Ay", "market.DE": "Deutschland"}"#).unwrap();
        assert_eq!(catalog.get(key_hash("a.y")), Some("Ay"));
        assert_eq!(catalog.get(key_hash("b.x")), Some("Bx"));
        assert_eq!(catalog.get(key_hash("c")), None);
        assert_eq!(
            catalog.with_prefix("market.").collect::<Vec<_>>(),
            [("DE", "Deutschland")]
        );
    }

    #[test]
    fn a_catalog_that_is_not_an_object_of_texts_is_refused() {
        assert!(Catalog::parse("[1, 2]").is_err());
        assert!(Catalog::parse(r#"{"a": 1}"#).is_err());
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
