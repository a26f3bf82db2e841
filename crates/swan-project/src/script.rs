//! A script of the package, as the engine gets it.

use crate::error::ProjectError;

/// A script's text and the name it is known by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The path relative to the project root (`pages/index/index.js`), for stack traces.
    pub name: String,
    /// The text, checked to be UTF-8 when read.
    pub source: String,
}

impl Script {
    pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<Script, ProjectError> {
        let source = String::from_utf8(bytes).map_err(|_| ProjectError::NotUtf8 {
            file: name.to_string(),
        })?;
        Ok(Script {
            name: name.to_string(),
            source,
        })
    }
}
