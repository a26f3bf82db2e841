//! Baidu's "设备 > 系统信息 / 网络状态 / 拨打电话" and "基础" families: the device a run
//! pretends to be, the app's environment, and what `canIUse` answers.

mod can_i_use;
mod device;
mod env_info;
mod make_phone_call;

pub use can_i_use::can_i_use;
pub use device::{DeviceError, DeviceProfile, NetworkType, SWITCHES, SafeArea, system_info_fields};
pub use env_info::env_info;
pub use make_phone_call::{MakePhoneCallOptions, PhoneCall, make_phone_call};
