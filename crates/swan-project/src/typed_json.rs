//! Parsing a config file into its typed struct, with errors that name the key.
//!
//! serde alone says "invalid type: integer `5`, expected a string at line 1 column 11";
//! `serde_path_to_error` adds where, so the message can say which key must be what.

use crate::error::ProjectError;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_path_to_error::Segment;
use std::fmt;
use std::marker::PhantomData;

/// Parses `bytes` (the file `file`) as `T`. `expected` says, for a key path with array indices
/// left out (`pages`, `networkTimeout.downloadFile`; `""` for the document), what it must be.
pub(crate) fn parse<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    expected: fn(&str) -> &'static str,
) -> Result<T, ProjectError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map(|Object(v)| v)
        .map_err(|e| {
            if e.inner().classify() == serde_json::error::Category::Data {
                let key = key_of(e.path());
                ProjectError::Config {
                    file: file.to_string(),
                    expected: expected(&key),
                    key,
                }
            } else {
                not_json(file, e.inner())
            }
        })?;
    de.end().map_err(|e| not_json(file, &e))?;
    Ok(value)
}

fn not_json(file: &str, e: &serde_json::Error) -> ProjectError {
    ProjectError::NotJson {
        file: file.to_string(),
        message: e.to_string(),
    }
}

/// `pages[1]` -> `pages`: an element of the wrong type makes its array wrong.
fn key_of(path: &serde_path_to_error::Path) -> String {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Segment::Map { key } => Some(key.as_str()),
            Segment::Enum { variant } => Some(variant.as_str()),
            Segment::Seq { .. } | Segment::Unknown => None,
        })
        .collect();
    keys.join(".")
}

/// A typed struct read from a JSON object only: serde's derived structs also take an array of
/// their fields in order (`["x"]` would be `{"appId": "x"}`), which no config means.
pub(crate) struct Object<T>(pub T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Object)
    }
}

/// For `#[serde(deserialize_with)]` on a nested struct: see [`Object`].
pub(crate) fn object<'de, T: serde::Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    struct Only<T>(PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Only<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(Only(PhantomData))
}
