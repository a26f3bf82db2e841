//! Baidu's "媒体 > 图片" family: pictures and the phone's album.

mod choose_image;
mod get_image_info;
mod preview_image;
mod save_image_to_photos_album;

pub use choose_image::{
    CHOOSE_IMAGE_MAX_COUNT, ChooseImageOptions, ChooseImageRequest, ChosenImage, choose_image,
};
pub use get_image_info::{
    GetImageInfoOptions, ImageInfo, ImageSource, image_info, image_source, network_image_info,
    orientation_name,
};
pub use preview_image::{Preview, PreviewImageOptions, preview_image};
pub use save_image_to_photos_album::{SaveImageOptions, save_image_to_photos_album};
