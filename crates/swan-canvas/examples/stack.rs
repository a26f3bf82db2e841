//! Stacks two PNGs vertically (ours above theirs) for a person to look at.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let x = image::open(&a[1]).unwrap().to_rgba8();
    let y = image::open(&a[2]).unwrap().to_rgba8();
    let mut out = image::RgbaImage::new(x.width().max(y.width()), x.height() + y.height() + 2);
    image::imageops::overlay(&mut out, &x, 0, 0);
    image::imageops::overlay(&mut out, &y, 0, x.height() as i64 + 2);
    let out = image::imageops::resize(
        &out,
        out.width() * 2,
        out.height() * 2,
        image::imageops::FilterType::Nearest,
    );
    out.save(&a[3]).unwrap();
}
