//! The font book: the machine's fonts (fontconfig folders, via fontdb) plus the embedded
//! Noto Sans SC subset, generic and common CJK family names mapped to what is there, and a
//! per-character fallback.

use fontdb::{Database, Family, ID, Query, Source, Stretch, Style, Weight};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// OFL-licensed Noto Sans CJK SC, subset to GB2312 (the 3755 level-1 hanzi are the most common
/// Chinese characters; plus GB2312 symbols), ASCII, Latin-1, CJK and fullwidth punctuation; see
/// `fonts/README.md`. The last resort when no font on the machine has a character.
pub static EMBEDDED_CJK: &[u8] = include_bytes!("../../fonts/NotoSansSC-subset.otf");

/// Family names a developer writes for a Chinese sans font; all map to the machine's CJK sans
/// font, else the embedded one.
const CJK_SANS_NAMES: &[&str] = &[
    "pingfang sc",
    "pingfang",
    "pingfang tc",
    "microsoft yahei",
    "微软雅黑",
    "hiragino sans gb",
    "heiti sc",
    "heiti tc",
    "stheiti",
    "simhei",
    "黑体",
    "simsun",
    "宋体",
    "stsong",
    "noto sans sc",
    "noto sans cjk sc",
    "source han sans sc",
    "source han sans cn",
    "思源黑体",
    "wenquanyi micro hei",
    "droid sans fallback",
    "system-ui",
    "-apple-system",
    "blinkmacsystemfont",
];

/// Machine fonts tried for a CJK family name, in order (what fontconfig prefers on Linux).
const CJK_SYSTEM: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
];
/// Generic families as Chromium on Linux resolves them: its default settings say Arial,
/// Times New Roman and (through fontconfig) monospace, which fontconfig maps to the metric
/// twins Liberation/Arimo/Tinos when the originals are absent.
const SANS: &[&str] = &[
    "Arial",
    "Liberation Sans",
    "Arimo",
    "Helvetica",
    "DejaVu Sans",
    "Noto Sans",
    "FreeSans",
];
const SERIF: &[&str] = &[
    "Times New Roman",
    "Liberation Serif",
    "Tinos",
    "DejaVu Serif",
    "Noto Serif",
    "FreeSerif",
];
const MONO: &[&str] = &[
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "Liberation Mono",
    "Cousine",
    "Courier New",
    "FreeMono",
];

/// fontconfig's metric aliases for names pages write that Linux rarely has.
const ALIASES: &[(&str, &[&str])] = &[
    ("arial", &["Liberation Sans", "Arimo"]),
    ("helvetica", &["Liberation Sans", "Arimo"]),
    ("helvetica neue", &["Liberation Sans", "Arimo"]),
    ("times new roman", &["Liberation Serif", "Tinos"]),
    ("times", &["Liberation Serif", "Tinos"]),
    ("courier new", &["Liberation Mono", "Cousine"]),
    ("courier", &["Liberation Mono", "Cousine"]),
];

pub type FaceData = Arc<dyn AsRef<[u8]> + Sync + Send>;

pub struct FontBook {
    db: Database,
    /// Lower-cased family name → the spelling fontdb stores.
    names: HashMap<String, String>,
    embedded: Option<ID>,
    cjk_family: Option<String>,
    data: Mutex<HashMap<ID, Option<(FaceData, u32)>>>,
    fallback: Mutex<HashMap<char, Option<ID>>>,
}

/// The process-wide font book (loading system fonts once: scanning folders is slow).
pub fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(FontBook::load)
}

impl FontBook {
    fn load() -> FontBook {
        let mut db = Database::new();
        db.load_system_fonts();
        let embedded = db
            .load_font_source(Source::Binary(Arc::new(EMBEDDED_CJK)))
            .first()
            .copied();
        let ids: Vec<ID> = db.faces().map(|f| f.id).collect();
        for id in ids {
            // Memory-maps files instead of reading them on every use.
            // SAFETY: fontdb's contract for shared data: font files are not modified while mapped;
            // system font folders are not written by this process.
            unsafe {
                db.make_shared_face_data(id);
            }
        }
        let mut names = HashMap::new();
        for f in db.faces() {
            for (name, _) in &f.families {
                names
                    .entry(name.to_lowercase())
                    .or_insert_with(|| name.clone());
            }
        }
        let pick = |list: &[&str]| {
            list.iter()
                .find(|n| names.contains_key(&n.to_lowercase()))
                .map(|s| s.to_string())
        };
        if let Some(s) = pick(SANS) {
            db.set_sans_serif_family(s);
        }
        if let Some(s) = pick(SERIF) {
            db.set_serif_family(s);
        }
        if let Some(s) = pick(MONO) {
            db.set_monospace_family(s);
        }
        let cjk_family = pick(CJK_SYSTEM).or_else(|| {
            embedded
                .and_then(|id| db.face(id))
                .and_then(|f| f.families.first())
                .map(|(n, _)| n.clone())
        });
        FontBook {
            db,
            names,
            embedded,
            cjk_family,
            data: Mutex::new(HashMap::new()),
            fallback: Mutex::new(HashMap::new()),
        }
    }

    /// The faces for a CSS family list (in order, duplicates removed), ending with the generic
    /// sans-serif and the CJK sans so that Latin and Chinese always have a font.
    pub fn chain(&self, families: &[String], weight: u16, italic: bool) -> Vec<ID> {
        let mut out = Vec::new();
        let style = if italic { Style::Italic } else { Style::Normal };
        let q = |fam: Family| {
            self.db.query(&Query {
                families: &[fam],
                weight: Weight(weight),
                stretch: Stretch::Normal,
                style,
            })
        };
        let mut push = |id: Option<ID>| {
            if let Some(id) = id
                && !out.contains(&id)
            {
                out.push(id);
            }
        };
        for fam in families {
            let lower = fam.to_lowercase();
            let id = match lower.as_str() {
                "sans-serif" => q(Family::SansSerif),
                "serif" => q(Family::Serif),
                "monospace" => q(Family::Monospace),
                "cursive" | "fantasy" => q(Family::SansSerif),
                l if CJK_SANS_NAMES.contains(&l) => {
                    self.cjk_family.as_deref().and_then(|n| q(Family::Name(n)))
                }
                l => self
                    .names
                    .get(l)
                    .and_then(|n| q(Family::Name(n)))
                    .or_else(|| {
                        let (_, alts) = ALIASES.iter().find(|(name, _)| *name == l)?;
                        alts.iter().find_map(|a| {
                            self.names
                                .get(&a.to_lowercase())
                                .and_then(|n| q(Family::Name(n)))
                        })
                    }),
            };
            push(id);
        }
        push(q(Family::SansSerif));
        push(self.cjk_family.as_deref().and_then(|n| q(Family::Name(n))));
        push(self.embedded);
        out
    }

    /// The bytes of a face (memory-mapped or embedded) and its index in a collection.
    pub fn data(&self, id: ID) -> Option<(FaceData, u32)> {
        let mut cache = self.data.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(id)
            .or_insert_with(|| match self.db.face_source(id)? {
                (Source::Binary(d), i) => Some((d, i)),
                (Source::SharedFile(_, d), i) => Some((d, i)),
                (Source::File(path), i) => {
                    let bytes: FaceData = Arc::new(std::fs::read(path).ok()?);
                    Some((bytes, i))
                }
            })
            .clone()
    }

    pub fn weight(&self, id: ID) -> u16 {
        self.db.face(id).map(|f| f.weight.0).unwrap_or(400)
    }

    pub fn is_italic(&self, id: ID) -> bool {
        self.db.face(id).is_some_and(|f| f.style != Style::Normal)
    }

    /// Any face on the machine (or the embedded one) with a glyph for `c`, cached per character.
    pub fn fallback(&self, c: char) -> Option<ID> {
        if let Some(r) = self
            .fallback
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&c)
        {
            return *r;
        }
        let found = self.db.faces().map(|f| f.id).find(|id| {
            self.data(*id).is_some_and(|(d, i)| {
                rustybuzz::ttf_parser::Face::parse((*d).as_ref(), i).is_ok_and(|f| {
                    // Outline fonts only: a bitmap-only colour emoji font would "have" the
                    // glyph and draw nothing.
                    let t = f.tables();
                    (t.glyf.is_some() || t.cff.is_some() || t.cff2.is_some())
                        && f.glyph_index(c).is_some()
                })
            })
        });
        self.fallback
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(c, found);
        found
    }
}
