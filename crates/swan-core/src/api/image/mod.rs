//! Baidu's "媒体 > 图片" family: pictures and the phone's album.

mod choose_image;
mod preview_image;
mod save_image_to_photos_album;

pub use choose_image::{
    CHOOSE_IMAGE_MAX_COUNT, ChooseImageOptions, ChooseImageRequest, ChosenImage, choose_image,
};
pub use preview_image::{Preview, PreviewImageOptions, preview_image};
pub use save_image_to_photos_album::{SaveImageOptions, save_image_to_photos_album};
