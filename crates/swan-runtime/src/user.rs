//! The scripted user beyond the authorization prompt: how it answers a modal, an action sheet,
//! a file picker, a location or login request, what its profile and clipboard hold. Answers
//! come from the command line (`--modal`, `--user FILE.json`, ...) and from a run's script
//! (whose `user` steps [`merge`](UserAnswers::merge) new ones in between steps); each API reads
//! the answer it needs, typed. The README's "The scripted user" section documents every key.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::path::PathBuf;
use swan_core::api::{LoginState, Position, SheetChoice, UserProfile};

/// Where the phone is when no `location` answer was given: Tiananmen Square, Beijing (WGS-84),
/// a place every Chinese map knows, so pages that show "nearby" get sensible results.
pub const DEFAULT_LOCATION: (f64, f64) = (39.9087, 116.3975);
/// The accuracy (metres) of a position that gives none: a phone's usual network fix.
pub const DEFAULT_ACCURACY: f64 = 65.0;
/// The code `login` hands out when the answer gives none.
pub const DEFAULT_LOGIN_CODE: &str = "swan-album-login-code";
/// The profile's nickname when the answer gives none.
pub const DEFAULT_NICK_NAME: &str = "swan-album user";

/// The user's answers, by what they answer. Filled from flags and merged with the `user`
/// objects of a run's script. Every key is optional; an absent one has the default the README
/// gives (confirm a modal, cancel a sheet and a picker, be at [`DEFAULT_LOCATION`], be logged
/// in).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserAnswers {
    /// The answers as given (what [`get`](UserAnswers::get) returns).
    raw: Map<String, Value>,
    /// The same, typed.
    typed: Answers,
}

/// The typed form; unknown keys are refused so a typo never silently answers nothing.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Answers {
    modal: Option<ModalAnswer>,
    action_sheet: Option<SheetAnswer>,
    choose_image: Option<PickAnswer>,
    location: Option<LocationAnswer>,
    login: Option<LoginAnswer>,
    user_info: Option<UserInfoAnswer>,
    clipboard: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ModalAnswer {
    Confirm,
    Cancel,
}

/// `actionSheet`: an item's index, or `"cancel"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Value")]
struct SheetAnswer(SheetChoice);

impl TryFrom<Value> for SheetAnswer {
    type Error = String;
    fn try_from(v: Value) -> Result<Self, String> {
        match &v {
            Value::String(s) if s == "cancel" => Ok(SheetAnswer(SheetChoice::Cancel)),
            Value::Number(n) => n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .map(|i| SheetAnswer(SheetChoice::Tap(i)))
                .ok_or_else(|| {
                    format!("expected an item index (0, 1, ...) or \"cancel\", got {v}")
                }),
            _ => Err(format!(
                "expected an item index (0, 1, ...) or \"cancel\", got {v}"
            )),
        }
    }
}

/// `chooseImage`: host files (one path or a list), or `"cancel"`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Value")]
enum PickAnswer {
    Files(Vec<PathBuf>),
    Cancel,
}

impl TryFrom<Value> for PickAnswer {
    type Error = String;
    fn try_from(v: Value) -> Result<Self, String> {
        let wrong = || format!("expected a file, a list of files or \"cancel\", got {v}");
        match &v {
            Value::String(s) if s == "cancel" => Ok(PickAnswer::Cancel),
            Value::String(s) if !s.is_empty() => Ok(PickAnswer::Files(vec![PathBuf::from(s)])),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().filter(|s| !s.is_empty()).map(PathBuf::from))
                .collect::<Option<Vec<_>>>()
                .map(PickAnswer::Files)
                .ok_or_else(wrong),
            _ => Err(wrong()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LocationAnswer {
    latitude: f64,
    longitude: f64,
    #[serde(default)]
    speed: f64,
    accuracy: Option<f64>,
    #[serde(default)]
    altitude: f64,
    #[serde(default)]
    vertical_accuracy: f64,
    horizontal_accuracy: Option<f64>,
    street: Option<String>,
    city_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
    country_code: Option<String>,
    province: Option<String>,
    street_number: Option<String>,
    district: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LoginAnswer {
    #[serde(default = "yes")]
    logged_in: bool,
    code: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserInfoAnswer {
    nick_name: Option<String>,
    avatar_url: Option<String>,
    #[serde(default)]
    gender: u8,
}

impl Answers {
    fn parse(raw: &Map<String, Value>) -> Result<Answers, String> {
        let answers: Answers = serde_path_to_error::deserialize(Value::Object(raw.clone()))
            .map_err(|e| match e.path().to_string().as_str() {
                "." => format!("the user's answers: {}", e.inner()),
                path => format!("the user's answer {path}: {}", e.inner()),
            })?;
        if let Some(l) = &answers.location
            && (!(-90.0..=90.0).contains(&l.latitude) || !(-180.0..=180.0).contains(&l.longitude))
        {
            return Err(format!(
                "the user's answer location: latitude must be within -90..90 and longitude within -180..180, got {}, {}",
                l.latitude, l.longitude
            ));
        }
        if let Some(u) = &answers.user_info
            && u.gender > 2
        {
            return Err(
                "the user's answer userInfo.gender: 0 (unknown), 1 (male) or 2 (female)".into(),
            );
        }
        Ok(answers)
    }
}

impl UserAnswers {
    /// Answers from one JSON object with the README's keys (what `--user FILE.json` holds).
    pub fn from_json(answers: &Value) -> Result<UserAnswers, String> {
        let mut user = UserAnswers::default();
        user.merge(answers)?;
        Ok(user)
    }

    /// Merges `patch`, a JSON object of answers, over the current ones (a key present in the
    /// patch replaces that answer whole; `null` forgets it). Anything but an object, an unknown
    /// key or an answer of the wrong shape is refused with a message naming it, and then
    /// nothing changes.
    pub fn merge(&mut self, patch: &Value) -> Result<(), String> {
        let Value::Object(patch) = patch else {
            return Err("the user's answers must be a JSON object".into());
        };
        let mut raw = self.raw.clone();
        for (key, value) in patch {
            if value.is_null() {
                raw.remove(key);
            } else {
                raw.insert(key.clone(), value.clone());
            }
        }
        self.typed = Answers::parse(&raw)?;
        self.raw = raw;
        Ok(())
    }

    /// The answer for `what`, as given, when one was.
    pub fn get(&self, what: &str) -> Option<&Value> {
        self.raw.get(what)
    }

    /// Whether the user taps a modal's confirm button (the default) rather than cancel.
    pub fn confirms_modal(&self) -> bool {
        self.typed.modal != Some(ModalAnswer::Cancel)
    }

    /// What the user does with an action sheet (cancel when no answer says otherwise: the
    /// sheet's items are the page's, so no index can be a sensible default).
    pub fn action_sheet(&self) -> SheetChoice {
        self.typed
            .action_sheet
            .map_or(SheetChoice::Cancel, |SheetAnswer(c)| c)
    }

    /// The host files the user picks in chooseImage's picker; none (cancel) without an answer.
    pub fn picked_images(&self) -> Vec<PathBuf> {
        match &self.typed.choose_image {
            Some(PickAnswer::Files(files)) => files.clone(),
            Some(PickAnswer::Cancel) | None => Vec::new(),
        }
    }

    /// Where the phone is (WGS-84).
    pub fn position(&self) -> Position {
        let Some(l) = &self.typed.location else {
            return Position {
                latitude: DEFAULT_LOCATION.0,
                longitude: DEFAULT_LOCATION.1,
                accuracy: DEFAULT_ACCURACY,
                horizontal_accuracy: DEFAULT_ACCURACY,
                address: swan_core::api::ADDRESS_FIELDS
                    .iter()
                    .map(|f| (*f, String::new()))
                    .collect(),
                ..Position::default()
            };
        };
        let accuracy = l.accuracy.unwrap_or(DEFAULT_ACCURACY);
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        Position {
            latitude: l.latitude,
            longitude: l.longitude,
            speed: l.speed,
            accuracy,
            altitude: l.altitude,
            vertical_accuracy: l.vertical_accuracy,
            horizontal_accuracy: l.horizontal_accuracy.unwrap_or(accuracy),
            address: vec![
                ("street", field(&l.street)),
                ("cityCode", field(&l.city_code)),
                ("city", field(&l.city)),
                ("country", field(&l.country)),
                ("countryCode", field(&l.country_code)),
                ("province", field(&l.province)),
                ("streetNumber", field(&l.street_number)),
                ("district", field(&l.district)),
            ],
        }
    }

    /// The host app's login: logged in with [`DEFAULT_LOGIN_CODE`] unless the answer says
    /// otherwise.
    pub fn login(&self) -> LoginState {
        let answer = self.typed.login.as_ref();
        LoginState {
            logged_in: answer.is_none_or(|l| l.logged_in),
            code: answer
                .and_then(|l| l.code.clone())
                .unwrap_or_else(|| DEFAULT_LOGIN_CODE.into()),
        }
    }

    /// The user's public profile.
    pub fn profile(&self) -> UserProfile {
        let answer = self.typed.user_info.as_ref();
        UserProfile {
            nick_name: answer
                .and_then(|u| u.nick_name.clone())
                .unwrap_or_else(|| DEFAULT_NICK_NAME.into()),
            avatar_url: answer
                .and_then(|u| u.avatar_url.clone())
                .unwrap_or_default(),
            gender: answer.map_or(0, |u| u.gender),
        }
    }

    /// What the clipboard holds (empty unless seeded or set).
    pub fn clipboard(&self) -> &str {
        self.typed.clipboard.as_deref().unwrap_or("")
    }

    /// The page copied `data` (setClipboardData): the clipboard holds it from now on.
    pub fn set_clipboard(&mut self, data: String) {
        self.raw
            .insert("clipboard".into(), Value::String(data.clone()));
        self.typed.clipboard = Some(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_is_typed_and_atomic() {
        let mut u = UserAnswers::default();
        assert!(u.confirms_modal());
        assert_eq!(u.action_sheet(), SheetChoice::Cancel);
        u.merge(&json!({"modal": "cancel", "actionSheet": 2}))
            .unwrap();
        assert!(!u.confirms_modal());
        assert_eq!(u.action_sheet(), SheetChoice::Tap(2));
        let e = u
            .merge(&json!({"modal": "confirm", "modle": "x"}))
            .unwrap_err();
        assert!(e.contains("unknown field `modle`"), "{e}");
        assert!(!u.confirms_modal(), "a refused patch changes nothing");
        let e = u
            .merge(&json!({"location": {"latitude": "north", "longitude": 1}}))
            .unwrap_err();
        assert!(e.contains("location.latitude"), "{e}");
        let e = u
            .merge(&json!({"location": {"latitude": 91, "longitude": 1}}))
            .unwrap_err();
        assert!(e.contains("-90..90"), "{e}");
        let e = u.merge(&json!({"actionSheet": -1})).unwrap_err();
        assert!(e.contains("item index"), "{e}");
        u.merge(&json!({"modal": null})).unwrap();
        assert!(u.confirms_modal());
        assert_eq!(u.get("actionSheet"), Some(&json!(2)));
        assert!(u.merge(&json!([1])).is_err());
    }

    #[test]
    fn login_profile_and_clipboard() {
        let mut u = UserAnswers::from_json(&json!({
            "login": {"loggedIn": false},
            "userInfo": {"nickName": "Ada", "gender": 2},
            "clipboard": "seed",
            "chooseImage": ["a.jpg", "b.png"]
        }))
        .unwrap();
        assert!(!u.login().logged_in);
        assert_eq!(u.profile().nick_name, "Ada");
        assert_eq!(u.clipboard(), "seed");
        u.set_clipboard("copied".into());
        assert_eq!(u.get("clipboard"), Some(&json!("copied")));
        assert_eq!(u.picked_images().len(), 2);
        u.merge(&json!({"chooseImage": "cancel", "login": {"code": "abc"}}))
            .unwrap();
        assert!(u.picked_images().is_empty());
        assert_eq!(
            u.login(),
            LoginState {
                logged_in: true,
                code: "abc".into()
            }
        );
    }
}
