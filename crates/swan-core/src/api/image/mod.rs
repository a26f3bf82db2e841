//! Baidu's "媒体 > 图片" family: pictures and the phone's album.

mod get_image_info;
mod save_image_to_photos_album;

pub use get_image_info::{
    GetImageInfoOptions, ImageInfo, ImageSource, image_info, image_source, network_image_info,
    orientation_name,
};
pub use save_image_to_photos_album::{SaveImageOptions, save_image_to_photos_album};
