//! Baidu's "开放接口 > 授权 / 设置" family: the user's decisions per scope.

mod authorize;
mod get_setting;
mod open_setting;

pub use authorize::{AuthorizeOptions, authorize};
pub use get_setting::get_setting;
pub use open_setting::open_setting;
