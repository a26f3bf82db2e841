//! The phone a headless run pretends to be: what `getSystemInfo(Sync)` returns, the network
//! `getNetworkType` reports, and the screen a later canvas reads its size and pixel ratio from.

use serde_json::{Map, Value, json};
use std::fmt;

/// The network a device is on, as Baidu names it (`getNetworkType`'s `networkType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkType {
    /// `wifi`
    Wifi,
    /// `2g`
    G2,
    /// `3g`
    G3,
    /// `4g`
    G4,
    /// `unknown`: a network Baidu cannot name (still connected).
    Unknown,
    /// `none`: no network at all.
    None,
}

impl NetworkType {
    /// Every value Baidu documents, in its order.
    pub const ALL: [NetworkType; 6] = [
        NetworkType::Wifi,
        NetworkType::G2,
        NetworkType::G3,
        NetworkType::G4,
        NetworkType::Unknown,
        NetworkType::None,
    ];

    /// Baidu's name (`wifi`, `4g`, `none`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkType::Wifi => "wifi",
            NetworkType::G2 => "2g",
            NetworkType::G3 => "3g",
            NetworkType::G4 => "4g",
            NetworkType::Unknown => "unknown",
            NetworkType::None => "none",
        }
    }

    /// The type of one of Baidu's names.
    pub fn parse(name: &str) -> Option<NetworkType> {
        NetworkType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// `onNetworkStatusChange`'s `isConnected`: anything but `none`.
    pub fn is_connected(self) -> bool {
        self != NetworkType::None
    }
}

/// `safeArea`: the part of the screen (portrait, in px) nothing of the phone covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SafeArea {
    /// Left edge.
    pub left: u32,
    /// Right edge.
    pub right: u32,
    /// Top edge (below the status bar).
    pub top: u32,
    /// Bottom edge.
    pub bottom: u32,
    /// `right - left`.
    pub width: u32,
    /// `bottom - top`.
    pub height: u32,
}

/// One device: every field `getSystemInfoSync` documents, plus the network it is on.
///
/// [`DeviceProfile::default`] is the phone of Baidu's devtools simulator (an iPhone 6/7/8
/// screen: 375×667 px at 2×, so 750 rpx is the screen's width) inside the Baidu App, on wifi,
/// with every switch on. A host changes it with [`DeviceProfile::from_json`].
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceProfile {
    /// `brand`
    pub brand: String,
    /// `model`
    pub model: String,
    /// `pixelRatio`: physical pixels per px.
    pub pixel_ratio: f64,
    /// `screenWidth`, px.
    pub screen_width: u32,
    /// `screenHeight`, px.
    pub screen_height: u32,
    /// `windowWidth`, px: what the page may use.
    pub window_width: u32,
    /// `windowHeight`, px: the screen less the status and navigation bars.
    pub window_height: u32,
    /// `statusBarHeight`, px.
    pub status_bar_height: u32,
    /// `navigationBarHeight`, px.
    pub navigation_bar_height: u32,
    /// `language` of the host app (`zh_CN`).
    pub language: String,
    /// `version`: the host app's version.
    pub version: String,
    /// `system`: the operating system and its version (`iOS 14.0`).
    pub system: String,
    /// `platform`: `ios`, `android`, ...
    pub platform: String,
    /// `fontSizeSetting`: 1 to 4 (small, medium, large, extra large).
    pub font_size_setting: u32,
    /// `SDKVersion`: the swan base library's version.
    pub sdk_version: String,
    /// `host`: the host app (`baiduboxapp`, see Baidu's host list).
    pub host: String,
    /// `swanNativeVersion`: the host's swan native version.
    pub swan_native_version: String,
    /// `devicePixelRatio`: screen density.
    pub device_pixel_ratio: f64,
    /// `safeArea`
    pub safe_area: SafeArea,
    /// The `*Authorized` and `*Enabled` switches, in Baidu's order, by their field names.
    pub switches: Vec<(&'static str, bool)>,
    /// The network `getNetworkType` reports when the run starts.
    pub network_type: NetworkType,
}

/// The switches `getSystemInfoSync` documents (all on in the default profile).
pub const SWITCHES: [&str; 10] = [
    "albumAuthorized",
    "notificationAuthorized",
    "notificationAlertAuthorized",
    "notificationBadgeAuthorized",
    "notificationSoundAuthorized",
    "cameraAuthorized",
    "locationAuthorized",
    "microphoneAuthorized",
    "locationEnabled",
    "wifiEnabled",
];

/// Why a device file was refused; each names the field and what it should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceError {
    /// Not JSON, or not a JSON object.
    NotAnObject(String),
    /// A key `getSystemInfoSync` does not have (a typo would otherwise be ignored).
    UnknownField(String),
    /// A field of the wrong JSON type.
    WrongType {
        /// The field, as in the file.
        field: String,
        /// What it must be (`"a string"`, `"a whole number"`, ...).
        expected: &'static str,
    },
    /// A field of the right type with a value no phone has.
    InvalidValue {
        /// The field, as in the file.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for DeviceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceError::NotAnObject(why) => {
                write!(f, "a device file is one JSON object ({why})")
            }
            DeviceError::UnknownField(field) => write!(
                f,
                "unknown field {field:?} (the fields are getSystemInfoSync's, plus networkType)"
            ),
            DeviceError::WrongType { field, expected } => {
                write!(f, "field {field:?} must be {expected}")
            }
            DeviceError::InvalidValue { field, reason } => {
                write!(f, "field {field:?}: {reason}")
            }
        }
    }
}

impl std::error::Error for DeviceError {}

impl Default for DeviceProfile {
    fn default() -> Self {
        let mut device = DeviceProfile {
            brand: "Apple".into(),
            model: "iPhone 8".into(),
            pixel_ratio: 2.0,
            screen_width: 375,
            screen_height: 667,
            window_width: 0,
            window_height: 0,
            status_bar_height: 20,
            navigation_bar_height: 44,
            language: "zh_CN".into(),
            version: "13.20.0".into(),
            system: "iOS 14.0".into(),
            platform: "ios".into(),
            font_size_setting: 2,
            sdk_version: "3.320.6".into(),
            host: "baiduboxapp".into(),
            swan_native_version: "3.320.6".into(),
            device_pixel_ratio: 2.0,
            safe_area: SafeArea {
                left: 0,
                right: 0,
                top: 0,
                bottom: 0,
                width: 0,
                height: 0,
            },
            switches: SWITCHES.iter().map(|s| (*s, true)).collect(),
            network_type: NetworkType::Wifi,
        };
        device.derive(&Given::default());
        device
    }
}

/// Which derived fields a file set itself (those are kept as given).
#[derive(Default)]
struct Given {
    window_width: bool,
    window_height: bool,
    device_pixel_ratio: bool,
    safe_area: bool,
}

impl DeviceProfile {
    /// The default profile with the fields of a device file (a JSON object using
    /// `getSystemInfoSync`'s names, plus `networkType`) put over it. Fields derived from others
    /// follow them unless the file gives them too: `windowWidth` is `screenWidth`,
    /// `windowHeight` is `screenHeight` less the status and navigation bars, `devicePixelRatio`
    /// is `pixelRatio`, and `safeArea` is the screen below the status bar.
    pub fn from_json(text: &str) -> Result<DeviceProfile, DeviceError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| DeviceError::NotAnObject(e.to_string()))?;
        let Value::Object(fields) = value else {
            return Err(DeviceError::NotAnObject("it is not an object".into()));
        };
        let mut device = DeviceProfile::default();
        let mut given = Given::default();
        for (key, value) in &fields {
            device.set(key, value, &mut given)?;
        }
        device.derive(&given);
        Ok(device)
    }

    fn set(&mut self, key: &str, value: &Value, given: &mut Given) -> Result<(), DeviceError> {
        match key {
            "brand" => self.brand = text(key, value)?,
            "model" => self.model = text(key, value)?,
            "language" => self.language = text(key, value)?,
            "version" => self.version = text(key, value)?,
            "system" => self.system = text(key, value)?,
            "platform" => self.platform = text(key, value)?,
            "SDKVersion" => self.sdk_version = text(key, value)?,
            "host" => self.host = text(key, value)?,
            "swanNativeVersion" => self.swan_native_version = text(key, value)?,
            "pixelRatio" => self.pixel_ratio = ratio(key, value)?,
            "devicePixelRatio" => {
                self.device_pixel_ratio = ratio(key, value)?;
                given.device_pixel_ratio = true;
            }
            "screenWidth" => self.screen_width = size(key, value)?,
            "screenHeight" => self.screen_height = size(key, value)?,
            "windowWidth" => {
                self.window_width = size(key, value)?;
                given.window_width = true;
            }
            "windowHeight" => {
                self.window_height = size(key, value)?;
                given.window_height = true;
            }
            "statusBarHeight" => self.status_bar_height = whole(key, value)?,
            "navigationBarHeight" => self.navigation_bar_height = whole(key, value)?,
            "fontSizeSetting" => {
                let n = whole(key, value)?;
                if !(1..=4).contains(&n) {
                    return Err(invalid(key, "Baidu's font sizes are 1, 2, 3 and 4"));
                }
                self.font_size_setting = n;
            }
            "safeArea" => {
                self.safe_area = safe_area(value)?;
                given.safe_area = true;
            }
            "networkType" => {
                let name = text(key, value)?;
                self.network_type = NetworkType::parse(&name).ok_or_else(|| {
                    let names: Vec<_> = NetworkType::ALL.iter().map(|t| t.as_str()).collect();
                    invalid(key, &format!("one of {}", names.join(", ")))
                })?;
            }
            _ => match self.switches.iter_mut().find(|(name, _)| *name == key) {
                Some((_, on)) => {
                    *on = value.as_bool().ok_or_else(|| DeviceError::WrongType {
                        field: key.into(),
                        expected: "true or false",
                    })?
                }
                None => return Err(DeviceError::UnknownField(key.into())),
            },
        }
        Ok(())
    }

    fn derive(&mut self, given: &Given) {
        if !given.window_width {
            self.window_width = self.screen_width;
        }
        if !given.window_height {
            self.window_height = self
                .screen_height
                .saturating_sub(self.status_bar_height)
                .saturating_sub(self.navigation_bar_height);
        }
        if !given.device_pixel_ratio {
            self.device_pixel_ratio = self.pixel_ratio;
        }
        if !given.safe_area {
            let top = self.status_bar_height.min(self.screen_height);
            self.safe_area = SafeArea {
                left: 0,
                right: self.screen_width,
                top,
                bottom: self.screen_height,
                width: self.screen_width,
                height: self.screen_height - top,
            };
        }
    }

    /// `getSystemInfoSync`'s result, fields in Baidu's order.
    pub fn system_info(&self) -> Value {
        let mut map = Map::new();
        let mut put = |k: &str, v: Value| {
            map.insert(k.into(), v);
        };
        put("brand", json!(self.brand));
        put("model", json!(self.model));
        put("pixelRatio", json!(self.pixel_ratio));
        put("screenWidth", json!(self.screen_width));
        put("screenHeight", json!(self.screen_height));
        put("windowWidth", json!(self.window_width));
        put("windowHeight", json!(self.window_height));
        put("statusBarHeight", json!(self.status_bar_height));
        put("navigationBarHeight", json!(self.navigation_bar_height));
        put("language", json!(self.language));
        put("version", json!(self.version));
        put("system", json!(self.system));
        put("platform", json!(self.platform));
        put("fontSizeSetting", json!(self.font_size_setting));
        put("SDKVersion", json!(self.sdk_version));
        put("host", json!(self.host));
        put("swanNativeVersion", json!(self.swan_native_version));
        put("devicePixelRatio", json!(self.device_pixel_ratio));
        for (name, on) in &self.switches {
            put(name, json!(on));
        }
        let a = self.safe_area;
        put(
            "safeArea",
            json!({"left": a.left, "right": a.right, "top": a.top, "bottom": a.bottom,
                   "width": a.width, "height": a.height}),
        );
        Value::Object(map)
    }
}

/// The menu button's size (the capsule at the top right), px: Baidu publishes no number; these
/// are the common capsule's.
const MENU_BUTTON: (u32, u32) = (87, 32);
/// Its distance from the screen's right edge, px.
const MENU_BUTTON_MARGIN: u32 = 10;

impl DeviceProfile {
    /// `getMenuButtonBoundingClientRect()`: the capsule at the top right of the screen,
    /// vertically centred in the navigation bar below the status bar, so that the usual custom
    /// navigation bar sum `(top - statusBarHeight) * 2 + height` gives `navigationBarHeight`.
    pub fn menu_button(&self) -> Value {
        let (width, height) = MENU_BUTTON;
        let top = self.status_bar_height + self.navigation_bar_height.saturating_sub(height) / 2;
        let right = self.screen_width.saturating_sub(MENU_BUTTON_MARGIN);
        json!({
            "width": width,
            "height": height,
            "top": top,
            "right": right,
            "bottom": top + height,
            "left": right.saturating_sub(width),
        })
    }
}

/// The field names of `getSystemInfoSync`'s result (for `canIUse('getSystemInfoSync.return.x')`).
pub fn system_info_fields() -> Vec<String> {
    match DeviceProfile::default().system_info() {
        Value::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn invalid(field: &str, reason: &str) -> DeviceError {
    DeviceError::InvalidValue {
        field: field.into(),
        reason: reason.into(),
    }
}

fn text(field: &str, value: &Value) -> Result<String, DeviceError> {
    value
        .as_str()
        .map(String::from)
        .ok_or_else(|| DeviceError::WrongType {
            field: field.into(),
            expected: "a string",
        })
}

/// A whole number of px (0 allowed: a phone without a status bar).
fn whole(field: &str, value: &Value) -> Result<u32, DeviceError> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n <= 100_000)
        .ok_or_else(|| DeviceError::WrongType {
            field: field.into(),
            expected: "a whole number from 0 to 100000",
        })
}

/// A screen or window side: a whole number of px, at least 1.
fn size(field: &str, value: &Value) -> Result<u32, DeviceError> {
    let n = whole(field, value)?;
    if n == 0 {
        return Err(invalid(field, "a screen has at least 1 px"));
    }
    Ok(n)
}

fn ratio(field: &str, value: &Value) -> Result<f64, DeviceError> {
    let r = value.as_f64().ok_or_else(|| DeviceError::WrongType {
        field: field.into(),
        expected: "a number",
    })?;
    if !(r > 0.0 && r <= 16.0) {
        return Err(invalid(field, "a pixel ratio is above 0 and at most 16"));
    }
    Ok(r)
}

fn safe_area(value: &Value) -> Result<SafeArea, DeviceError> {
    let Value::Object(map) = value else {
        return Err(DeviceError::WrongType {
            field: "safeArea".into(),
            expected: "an object {left, right, top, bottom, width, height}",
        });
    };
    let mut area = [0u32; 6];
    let names = ["left", "right", "top", "bottom", "width", "height"];
    for (key, v) in map {
        let Some(i) = names.iter().position(|n| n == key) else {
            return Err(DeviceError::UnknownField(format!("safeArea.{key}")));
        };
        area[i] = whole(&format!("safeArea.{key}"), v)?;
    }
    for name in names {
        if !map.contains_key(name) {
            return Err(invalid(
                &format!("safeArea.{name}"),
                "safeArea needs all of left, right, top, bottom, width, height",
            ));
        }
    }
    let [left, right, top, bottom, width, height] = area;
    Ok(SafeArea {
        left,
        right,
        top,
        bottom,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_a_consistent_phone() {
        let d = DeviceProfile::default();
        assert_eq!((d.screen_width, d.screen_height), (375, 667));
        assert_eq!((d.window_width, d.window_height), (375, 603));
        assert_eq!(d.safe_area.top, 20);
        assert_eq!(d.safe_area.height, 647);
        let info = d.system_info();
        assert_eq!(info["SDKVersion"], "3.320.6");
        assert_eq!(info["wifiEnabled"], true);
        assert!(system_info_fields().contains(&"safeArea".to_string()));
        let m = d.menu_button();
        assert_eq!(
            (m["top"].as_u64(), m["bottom"].as_u64()),
            (Some(26), Some(58))
        );
        assert_eq!(
            (m["left"].as_u64(), m["right"].as_u64()),
            (Some(278), Some(365))
        );
    }

    #[test]
    fn a_file_overrides_and_derived_fields_follow() {
        let d = DeviceProfile::from_json(
            r#"{"screenWidth": 414, "screenHeight": 896, "pixelRatio": 3, "statusBarHeight": 44,
                "platform": "android", "networkType": "4g", "wifiEnabled": false}"#,
        )
        .unwrap();
        assert_eq!((d.window_width, d.window_height), (414, 896 - 44 - 44));
        assert_eq!(d.device_pixel_ratio, 3.0);
        assert_eq!(d.network_type, NetworkType::G4);
        assert_eq!(d.system_info()["wifiEnabled"], false);
        let d = DeviceProfile::from_json(r#"{"windowHeight": 500}"#).unwrap();
        assert_eq!(d.window_height, 500);
    }

    #[test]
    fn bad_files_say_which_field() {
        let err = |s: &str| DeviceProfile::from_json(s).unwrap_err();
        assert_eq!(
            err(r#"{"screenWidth": "375"}"#),
            DeviceError::WrongType {
                field: "screenWidth".into(),
                expected: "a whole number from 0 to 100000"
            }
        );
        assert_eq!(
            err(r#"{"screenwidth": 375}"#),
            DeviceError::UnknownField("screenwidth".into())
        );
        assert!(matches!(err("[1]"), DeviceError::NotAnObject(_)));
        assert!(matches!(err("{"), DeviceError::NotAnObject(_)));
        assert!(matches!(
            err(r#"{"networkType": "6g"}"#),
            DeviceError::InvalidValue { .. }
        ));
        assert!(matches!(
            err(r#"{"pixelRatio": 0}"#),
            DeviceError::InvalidValue { .. }
        ));
        assert!(matches!(
            err(r#"{"fontSizeSetting": 7}"#),
            DeviceError::InvalidValue { .. }
        ));
        assert!(matches!(
            err(r#"{"albumAuthorized": 1}"#),
            DeviceError::WrongType { .. }
        ));
        assert!(matches!(
            err(r#"{"safeArea": {"left": 0}}"#),
            DeviceError::InvalidValue { .. }
        ));
        assert!(err(r#"{"model": 5}"#).to_string().contains("\"model\""));
    }
}
