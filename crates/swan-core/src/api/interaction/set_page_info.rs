use crate::api::option_checks::optional_string;
use crate::{Arg, SwanError};
use serde_json::{Map, Value};

crate::options! {
    /// `swan.setPageInfo`'s options: the page's information for Baidu search and the feed.
    pub struct SetPageInfoOptions {
        title: "title",
        keywords: "keywords",
        description: "description",
        article_title: "articleTitle",
        release_date: "releaseDate",
        image: "image" as Json,
        video: "video" as Json,
        visit: "visit" as Json,
        likes: "likes" as Json,
        comments: "comments" as Json,
        collects: "collects" as Json,
        shares: "shares" as Json,
        followers: "followers" as Json,
    }
}

/// `swan.setPageInfo`: the text fields (`title`, `keywords`, `description`, `articleTitle`,
/// `releaseDate`) must be strings when given (904 otherwise); `image` a string or an array of
/// strings. Nothing is required here: Baidu's search checks the rest when it indexes the page,
/// which a headless run does not do. The result is the settled fields, for the event.
pub fn set_page_info(options: &SetPageInfoOptions) -> Result<Map<String, Value>, SwanError> {
    let mut info = Map::new();
    for (name, arg) in [
        ("title", &options.title),
        ("keywords", &options.keywords),
        ("description", &options.description),
        ("articleTitle", &options.article_title),
        ("releaseDate", &options.release_date),
    ] {
        if let Some(s) = optional_string(arg, name)? {
            info.insert(name.into(), Value::String(s));
        }
    }
    match &options.image {
        Arg::Missing | Arg::Json(Value::Null) => {}
        Arg::Json(v @ Value::String(_)) => {
            info.insert("image".into(), v.clone());
        }
        Arg::Json(Value::Array(items)) if items.iter().all(Value::is_string) => {
            info.insert("image".into(), Value::Array(items.clone()));
        }
        _ => {
            return Err(SwanError::ArgumentType {
                name: "image".into(),
                expected: "string|Array<string>",
            });
        }
    }
    for (name, arg) in [
        ("video", &options.video),
        ("visit", &options.visit),
        ("likes", &options.likes),
        ("comments", &options.comments),
        ("collects", &options.collects),
        ("shares", &options.shares),
        ("followers", &options.followers),
    ] {
        if let Arg::Json(v) = arg
            && !v.is_null()
        {
            info.insert(name.into(), v.clone());
        }
    }
    Ok(info)
}
