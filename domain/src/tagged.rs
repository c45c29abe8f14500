//! Reading externally tagged enums from a `serde_json::Value` by hand, for the browser.
//!
//! serde's derived reader of an enum of struct variants writes a field matcher and a map loop
//! for every variant: `Refusal`'s and `EventKind`'s weighed 58 KB of the wasm before
//! optimizing. Here the code is one call per field, shared by every field of a type: 1.5 KB
//! less gzipped wasm for `Refusal`, 2.4 KB for `EventKind`.
//!
//! The derived reader of a struct with many fields is as heavy (9.4 KB for `Subscription`),
//! so the biggest structs are read by hand too, with the same calls.
//!
//! The browser reads every JSON from a `Value` (the app's `storage::from_json`), so there the
//! type's `Deserialize` is its hand reader; elsewhere (the server, native tests) it stays the
//! derived one, and the tests prove that both accept and refuse the same values.

use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Error, Map, Value};

/// The browser's `Deserialize` of a type with a hand reader `from_value`.
macro_rules! read_by_hand {
    ($type:ty) => {
        #[cfg(target_arch = "wasm32")]
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                <$type>::from_value(value).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use read_by_hand;

/// A hand reader for an enum of unit variants only: `Type { Variant = "name", … }`, with the
/// names serde gives them, and `other Variant` for serde's `#[serde(other)]`. serde's derived
/// reader of each such enum weighed 400 to 1,100 bytes of wasm; this is a table and a call.
/// Tests hold the table to the derived reader (`reads_unit_variants_as_derived`).
macro_rules! unit_variants_by_hand {
    ($type:ident { $($variant:ident = $name:literal),+ $(,)? } $(other $other:ident)?) => {
        impl $type {
            /// Every variant, in the order of its name in the table; the `other` one last.
            #[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
            const READ_BY_NAME: &'static [$type] = &[$($type::$variant,)+ $($type::$other)?];

            /// The variant serde_json's `value` names.
            #[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
            pub(crate) fn from_value(value: serde_json::Value) -> Result<$type, serde_json::Error> {
                const NAMES: &[&str] = &[$($name),+];
                let at = $crate::tagged::unit_variant(value, NAMES, Self::READ_BY_NAME.len() > NAMES.len())?;
                Ok(Self::READ_BY_NAME[at])
            }
        }
        $crate::tagged::read_by_hand!($type);
    };
}
pub(crate) use unit_variants_by_hand;

/// Where in `names` the unit variant `value` names stands; `names.len()` for any other name
/// when the enum has an `other` variant.
#[inline(never)]
pub(crate) fn unit_variant(value: Value, names: &[&str], other: bool) -> Result<usize, Error> {
    let (name, fields) = variant(value)?;
    fields.unit()?;
    match names.iter().position(|known| *known == name) {
        Some(at) => Ok(at),
        None if other => Ok(names.len()),
        None => Err(unknown_variant(&name)),
    }
}

/// The variant an externally tagged enum's JSON names, and what it holds, as serde_json
/// reads it: `"name"`, or `{"name": …}` with exactly one key.
pub(crate) fn variant(value: Value) -> Result<(String, Fields), Error> {
    match value {
        Value::String(name) => Ok((name, Fields(None))),
        Value::Object(map) if map.len() == 1 => {
            let (name, body) = map.into_iter().next().expect("one key");
            Ok((name, Fields(Some(body))))
        }
        _ => Err(Error::custom(
            "expected a string or a map with a single key",
        )),
    }
}

/// A struct's fields as serde_json reads them: a map by name, or an array of its fields in
/// the order of `names`, of which the first `required` must be there (a field with a default
/// may be left off the end).
#[inline(never)]
pub(crate) fn fields(value: Value, names: &[&str], required: usize) -> Result<Fields, Error> {
    match value {
        Value::Object(_) => Ok(Fields(Some(value))),
        Value::Array(values) if (required..=names.len()).contains(&values.len()) => {
            // Inserted one by one: collecting would bring a sort of the pairs into the wasm.
            let mut map = Map::new();
            for (name, value) in names.iter().zip(values) {
                map.insert(name.to_string(), value);
            }
            Ok(Fields(Some(Value::Object(map))))
        }
        Value::Array(values) => Err(Error::invalid_length(values.len(), &"the struct's fields")),
        _ => Err(Error::custom("expected a map or an array")),
    }
}

/// What a variant or a struct holds: nothing (a variant named by a bare string), or the value
/// beside its name.
pub(crate) struct Fields(Option<Value>);

impl Fields {
    /// A unit variant: a bare name, or a name with `null`.
    #[inline(never)]
    pub(crate) fn unit(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Error::custom("expected unit variant")),
        }
    }

    /// A struct variant's field, `null` when absent (so an absent `Option` is `None`, and
    /// anything else absent is refused).
    #[inline(never)]
    pub(crate) fn take(&mut self, name: &str) -> Result<Value, Error> {
        match &mut self.0 {
            Some(Value::Object(map)) => Ok(take(map, name)),
            _ => Err(Error::custom("expected struct variant")),
        }
    }

    /// A field with `#[serde(default)]`: its default when absent (but not when `null`).
    pub(crate) fn field_or_default<T: DeserializeOwned + Default>(
        &mut self,
        name: &str,
    ) -> Result<T, Error> {
        match &self.0 {
            Some(Value::Object(map)) if !map.contains_key(name) => Ok(T::default()),
            _ => self.field(name),
        }
    }

    /// A struct variant's field, read by its type's own `Deserialize`.
    // Not inlined, so each field read is one call: 330 B less gzipped wasm.
    #[inline(never)]
    pub(crate) fn field<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, Error> {
        T::deserialize(self.take(name)?)
    }
}

/// A struct's field out of its map, `null` when absent.
// Taken rather than removed: removing from the `BTreeMap` brought its rebalancing into the
// wasm.
#[inline(never)]
pub(crate) fn take(map: &mut Map<String, Value>, name: &str) -> Value {
    map.get_mut(name).map(Value::take).unwrap_or(Value::Null)
}

/// The error for a name that is no variant of the enum.
#[inline(never)]
pub(crate) fn unknown_variant(name: &str) -> Error {
    Error::custom(format_args!("unknown variant `{name}`"))
}

#[cfg(test)]
pub(crate) mod tests {
    use serde::de::{self, Deserialize, DeserializeOwned, Visitor};
    use serde::Serialize;
    use serde_json::{json, Map, Value};

    /// The variant names (of an enum) or field names (of a struct) the derived reader of `T`
    /// knows, asked of it through a deserializer that only listens.
    pub(crate) fn names_known<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
        struct Listener;
        #[derive(Debug)]
        struct Heard(&'static [&'static str]);
        impl std::fmt::Display for Heard {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }
        impl std::error::Error for Heard {}
        impl de::Error for Heard {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Heard(&[])
            }
        }
        impl<'de> de::Deserializer<'de> for Listener {
            type Error = Heard;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Heard> {
                Err(Heard(&[]))
            }
            fn deserialize_enum<V: Visitor<'de>>(
                self,
                _: &'static str,
                variants: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Heard> {
                Err(Heard(variants))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Heard> {
                Err(Heard(fields))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
                identifier ignored_any
            }
        }
        T::deserialize(Listener)
            .err()
            .expect("an enum or a struct")
            .0
    }

    /// Values near `value` that a reader might get wrong: each field missing, `null`, of
    /// another type; an extra field; the body not a map; the name alone, or beside another.
    pub(crate) fn near_misses(value: &Value) -> Vec<Value> {
        let mut near = vec![value.clone()];
        let Value::Object(map) = value else {
            let name = value.as_str().expect("a name");
            near.push(json!({ name: null }));
            near.push(json!({ name: {} }));
            near.push(json!({ name: [] }));
            near.push(json!({ name: 1 }));
            near.push(json!({ name: null, "other": null }));
            return near;
        };
        let (name, body) = map.iter().next().expect("one key");
        near.push(json!(name));
        near.push(json!({ name: null }));
        near.push(json!({ name: [] }));
        near.push(json!({ name: "x" }));
        near.push(json!({ name: body, "other": body }));
        if let Value::Object(fields) = body {
            let mut extra = fields.clone();
            extra.insert("unknownField".into(), json!(1));
            near.push(json!({ name: extra }));
            let listed: Vec<Value> = fields.values().cloned().collect();
            near.push(json!({ name: listed }));
            for key in fields.keys() {
                for changed in each_field_changed(fields, key) {
                    near.push(json!({ name: changed }));
                }
            }
        }
        near
    }

    /// Values near a struct's `value` that a reader might get wrong: each field missing,
    /// `null`, of another type; an extra field; its fields as an array (in the order of
    /// `names`), whole, short of one or two, with one more; not a map at all.
    pub(crate) fn struct_near_misses(value: &Value, names: &[&str]) -> Vec<Value> {
        let fields = value.as_object().expect("a map");
        let mut near = vec![value.clone(), json!(null), json!("x"), json!(7), json!([])];
        let mut extra = fields.clone();
        extra.insert("unknownField".into(), json!(1));
        near.push(Value::Object(extra));
        let listed: Vec<Value> = names
            .iter()
            .map(|name| fields.get(*name).cloned().unwrap_or(Value::Null))
            .collect();
        for kept in [names.len(), names.len() - 1, names.len().saturating_sub(2)] {
            near.push(Value::Array(listed[..kept].to_vec()));
        }
        let mut longer = listed.clone();
        longer.push(json!(null));
        near.push(Value::Array(longer));
        for key in names {
            near.extend(each_field_changed(fields, key).map(Value::Object));
        }
        near
    }

    /// `fields` with `key` missing, then `null`, then of each other type.
    fn each_field_changed<'a>(
        fields: &'a Map<String, Value>,
        key: &'a str,
    ) -> impl Iterator<Item = Map<String, Value>> + 'a {
        let replacements = [
            None,
            Some(json!(null)),
            Some(json!("x")),
            Some(json!(7)),
            Some(json!([])),
            Some(json!({})),
        ];
        replacements.into_iter().map(move |replaced| {
            let mut changed = fields.clone();
            match replaced {
                None => changed.remove(key),
                Some(other) => changed.insert(key.to_owned(), other),
            };
            changed
        })
    }

    /// Asserts that `by_hand` reads each of `every` variant (of an enum of unit variants) back
    /// as it was, and accepts and refuses what the derived reader does: near each variant's
    /// name (see `near_misses`), every name it knows, and names it does not.
    pub(crate) fn reads_unit_variants_as_derived<T>(
        every: &[T],
        by_hand: fn(Value) -> Result<T, serde_json::Error>,
    ) where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert!(!every.is_empty());
        let mut values = vec![json!("noSuchVariant"), json!({ "noSuchVariant": null })];
        values.extend([json!(null), json!(7), json!([]), json!({})]);
        values.extend(names_known::<T>().iter().map(|name| json!(name)));
        for variant in every {
            let value = serde_json::to_value(variant).unwrap();
            assert_eq!(&by_hand(value.clone()).unwrap(), variant);
            let upper = value.as_str().expect("a name").to_uppercase();
            values.push(json!(upper));
            values.extend(near_misses(&value));
        }
        for value in values {
            let derived = T::deserialize(value.clone()).ok();
            assert_eq!(by_hand(value.clone()).ok(), derived, "{value}");
        }
    }

    /// Asserts that `by_hand` reads every sample back as it was, and accepts and refuses
    /// what the derived reader of `T` does near each (see `struct_near_misses`).
    pub(crate) fn reads_as_derived<T>(
        samples: &[T],
        by_hand: fn(Value) -> Result<T, serde_json::Error>,
    ) where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert!(!samples.is_empty());
        for sample in samples {
            let value = serde_json::to_value(sample).unwrap();
            assert_eq!(&by_hand(value.clone()).unwrap(), sample);
            for near in struct_near_misses(&value, names_known::<T>()) {
                let derived = T::deserialize(near.clone()).ok();
                assert_eq!(by_hand(near.clone()).ok(), derived, "{near}");
            }
        }
    }
}
