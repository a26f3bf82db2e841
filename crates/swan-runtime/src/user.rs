//! The scripted user beyond the authorization prompt: how it answers a modal, an action sheet,
//! a location request, a login, a file picker. Answers come from the command line and from a
//! run's script (which may change them between steps); each API reads the answer it needs.

use serde_json::{Map, Value};

/// The user's answers, by what they answer (`modal`, `actionSheet`, `location`, ...). Filled
/// from flags and merged with the `user` objects of a run's script.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserAnswers {
    answers: Map<String, Value>,
}

impl UserAnswers {
    /// Merges `patch`, a JSON object of answers, over the current ones (a key present in the
    /// patch replaces the answer; `null` forgets it). Anything but an object is refused.
    pub fn merge(&mut self, patch: &Value) -> Result<(), String> {
        let Value::Object(patch) = patch else {
            return Err("the user's answers must be a JSON object".into());
        };
        for (key, value) in patch {
            if value.is_null() {
                self.answers.remove(key);
            } else {
                self.answers.insert(key.clone(), value.clone());
            }
        }
        Ok(())
    }

    /// The answer for `what`, when one was given.
    pub fn get(&self, what: &str) -> Option<&Value> {
        self.answers.get(what)
    }
}
