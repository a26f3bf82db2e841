//! Baidu's "媒体 > 图片" family: pictures and the phone's album.

mod save_image_to_photos_album;

pub use save_image_to_photos_album::{SaveImageOptions, save_image_to_photos_album};
