//! Baidu's "媒体 > 图片" family: pictures and the phone's album.

mod choose_image;
mod get_image_info;
mod preview_image;
mod save_image_to_photos_album;

use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<save_image_to_photos_album::SaveImageToPhotosAlbum>(ctx, swan, state)?;
    define::<choose_image::ChooseImage>(ctx, swan, state)?;
    define::<preview_image::PreviewImage>(ctx, swan, state)?;
    define::<get_image_info::GetImageInfo>(ctx, swan, state)
}
