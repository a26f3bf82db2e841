//! How a `require`/`import` specifier becomes a file of the package, as Baidu's devtools (and
//! Node, where the devtools say nothing) resolve it. Plain Rust and no engine, so a host or a
//! linter sees the same answer and the same errors as a run.
//!
//! - `./x`, `../x`: relative to the requiring file's folder; `/x`: from the package root.
//! - A path is tried as a file (`x`, `x.js`, `x.json`), then as a folder (`x/index.js`,
//!   `x/index.json`); a specifier ending in `/` (or `.`/`..`) is a folder only.
//! - A bare `pkg` or `pkg/sub` (`@scope/pkg/sub`) is an npm package: `miniprogram_npm/pkg`
//!   (what the devtools' "build npm" writes), searched from the requiring file's folder up to
//!   the package root; where it was never built, `node_modules/pkg` searched the same way,
//!   through its `package.json` `miniprogram` field (the folder of built files), else `main`,
//!   else `index.js`. So `npm install` is the only step a user takes.
//! - A bare path that is no package (`utils/util`) is tried relative to the requiring file, as
//!   WeChat's base library does and programs converted from it rely on.
//!
//! Every probe goes through the package's directory handle: `..` past the package root is
//! refused by name ([`ResolveError::Escapes`]), and so is a symlink leading out.

use crate::error::{FileKind, ProjectError};
use crate::limits::MAX_CONFIG_BYTES;
use crate::project::Project;
use std::fmt;

/// Why a specifier names no file of the package. Each names the specifier and the file that
/// asked for it, so the message says what to fix.
#[derive(Debug)]
pub enum ResolveError {
    /// Nothing at the path the specifier names.
    NotFound {
        /// The specifier as written.
        specifier: String,
        /// The requiring file, relative to the project root.
        from: String,
    },
    /// A bare specifier whose package is neither in `miniprogram_npm/` nor in `node_modules/`.
    PackageMissing {
        /// The package's name (`lodash`, `@scope/pkg`).
        name: String,
        /// The specifier as written.
        specifier: String,
        /// The requiring file, relative to the project root.
        from: String,
    },
    /// The package folder is there but holds no entry file.
    PackageEntry {
        /// The specifier as written.
        specifier: String,
        /// The package's folder, relative to the project root.
        folder: String,
        /// The requiring file, relative to the project root.
        from: String,
    },
    /// The specifier climbs out of the package (or of its npm package).
    Escapes {
        /// The specifier as written.
        specifier: String,
        /// The requiring file, relative to the project root.
        from: String,
    },
    /// A file on the way was refused (a symlink out, not a regular file, unreadable, bad
    /// `package.json`).
    Project {
        /// The specifier as written.
        specifier: String,
        /// The requiring file, relative to the project root.
        from: String,
        /// What was wrong with the file.
        source: ProjectError,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { specifier, from } => {
                write!(f, "Cannot find module '{specifier}' from '{from}'")
            }
            ResolveError::PackageMissing {
                name,
                specifier,
                from,
            } => write!(
                f,
                "Cannot find npm package '{name}' (required as '{specifier}' from '{from}'): it is neither in miniprogram_npm/ nor in node_modules/; run `npm install` in the project folder"
            ),
            ResolveError::PackageEntry {
                specifier,
                folder,
                from,
            } => write!(
                f,
                "Cannot find module '{specifier}' from '{from}': the npm package in {folder}/ has no entry file (package.json \"miniprogram\", \"main\", or index.js)"
            ),
            ResolveError::Escapes { specifier, from } => write!(
                f,
                "Cannot load '{specifier}' from '{from}': it leads outside the package, refused"
            ),
            ResolveError::Project {
                specifier,
                from,
                source,
            } => write!(f, "Cannot load '{specifier}' from '{from}': {source}"),
        }
    }
}

impl std::error::Error for ResolveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResolveError::Project { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Project {
    /// The file (relative to the project root, e.g. `utils/util.js`) that `specifier` names
    /// when `from` (a package file, e.g. `pages/index/index.js`) requires or imports it. See
    /// the module docs for the rules.
    pub fn resolve(&self, from: &str, specifier: &str) -> Result<String, ResolveError> {
        Resolution {
            project: self,
            from,
            specifier,
        }
        .run()
    }
}

/// One resolution: who asked for what.
struct Resolution<'a> {
    project: &'a Project,
    from: &'a str,
    specifier: &'a str,
}

impl Resolution<'_> {
    fn run(&self) -> Result<String, ResolveError> {
        let spec = self.specifier;
        if spec.is_empty() || spec.contains('\0') {
            return Err(self.not_found());
        }
        if let Some(rooted) = spec.strip_prefix('/') {
            return self.path(&[], rooted)?.ok_or_else(|| self.not_found());
        }
        if is_relative(spec) {
            return self
                .path(&folder_of(self.from), spec)?
                .ok_or_else(|| self.not_found());
        }
        self.bare()
    }

    /// The file `rel` names from the folder `base`, or `None` if there is none.
    fn path(&self, base: &[&str], rel: &str) -> Result<Option<String>, ResolveError> {
        let joined = join(base, rel).ok_or_else(|| self.escapes())?;
        self.candidates(&joined, folder_only(rel))
    }

    /// Tries `path` as a file, then as a folder with an index.
    fn candidates(&self, path: &str, folder_only: bool) -> Result<Option<String>, ResolveError> {
        if !folder_only && !path.is_empty() {
            for file in [
                path.to_string(),
                format!("{path}.js"),
                format!("{path}.json"),
            ] {
                if self.is_file(&file)? {
                    return Ok(Some(file));
                }
            }
        }
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        for file in [format!("{prefix}index.js"), format!("{prefix}index.json")] {
            if self.is_file(&file)? {
                return Ok(Some(file));
            }
        }
        Ok(None)
    }

    /// A bare specifier: an npm package, else a path relative to the requiring file.
    fn bare(&self) -> Result<String, ResolveError> {
        let (name, sub) = split_package(self.specifier).ok_or_else(|| self.not_found())?;
        let folders = ancestors(self.from);
        for folder in &folders {
            let root = under(folder, &format!("miniprogram_npm/{name}"));
            if self.kind(&root)?.is_some() || self.is_file(&format!("{root}.js"))? {
                return self.built(&root, sub);
            }
        }
        for folder in &folders {
            let root = under(folder, &format!("node_modules/{name}"));
            if self.kind(&root)? == Some(FileKind::Directory) {
                return self.node_module(&root, sub);
            }
        }
        if let Some(found) = self.path(&folder_of(self.from), self.specifier)? {
            return Ok(found);
        }
        Err(ResolveError::PackageMissing {
            name: name.to_string(),
            specifier: self.specifier.to_string(),
            from: self.from.to_string(),
        })
    }

    /// A package the devtools built into `miniprogram_npm/`: its files as they are.
    fn built(&self, root: &str, sub: &str) -> Result<String, ResolveError> {
        let found = if sub.is_empty() {
            let by_main = match self.main_of(root)? {
                Some(main) => self.inside(root, &main)?,
                None => None,
            };
            match by_main {
                Some(file) => Some(file),
                None => self.candidates(root, false)?,
            }
        } else {
            self.inside(root, sub)?
        };
        found.ok_or_else(|| self.entry_missing(root, sub))
    }

    /// A package as `npm install` left it in `node_modules/`: its `miniprogram` folder (the
    /// files built for smart programs), else `main`, else `index.js`.
    fn node_module(&self, root: &str, sub: &str) -> Result<String, ResolveError> {
        let manifest = self.manifest(root)?;
        let field = |key: &str| {
            manifest
                .as_ref()
                .and_then(|m| m.get(key))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let miniprogram = field("miniprogram");
        let main = field("main");
        let base = match &miniprogram {
            Some(dir) => join_str(root, dir).ok_or_else(|| self.escapes())?,
            None => root.to_string(),
        };
        let found = if !sub.is_empty() {
            self.inside(&base, sub)?
        } else {
            let main_file = match &main {
                Some(main) => Some(join_str(root, main).ok_or_else(|| self.escapes())?),
                None => None,
            };
            // `main` counts when it lies in the miniprogram folder (or there is none).
            let main_file =
                main_file.filter(|m| base == root || m.starts_with(&format!("{base}/")));
            let by_main = match main_file {
                Some(m) => self.candidates(&m, false)?,
                None => None,
            };
            match by_main {
                Some(f) => Some(f),
                None => self.candidates(&base, true)?,
            }
        };
        found.ok_or_else(|| self.entry_missing(root, sub))
    }

    /// `sub` inside the package folder `root`, which it may not leave.
    fn inside(&self, root: &str, sub: &str) -> Result<Option<String>, ResolveError> {
        let rel = join(&[], sub).ok_or_else(|| self.escapes())?;
        let path = if rel.is_empty() {
            root.to_string()
        } else {
            format!("{root}/{rel}")
        };
        self.candidates(&path, folder_only(sub))
    }

    /// `main` of a built package's `package.json`, if it has one.
    fn main_of(&self, root: &str) -> Result<Option<String>, ResolveError> {
        Ok(self
            .manifest(root)?
            .and_then(|m| m.get("main").and_then(|v| v.as_str()).map(str::to_string)))
    }

    /// The package's `package.json`, if it has one. Keys of other types than expected are
    /// ignored, as npm itself does with the many shapes published packages carry.
    fn manifest(&self, root: &str) -> Result<Option<serde_json::Value>, ResolveError> {
        let file = format!("{root}/package.json");
        let bytes = match self.project.dir.read(&file, MAX_CONFIG_BYTES) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.refused(e)),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            self.refused(ProjectError::NotJson {
                file,
                message: e.to_string(),
            })
        })
    }

    fn is_file(&self, rel: &str) -> Result<bool, ResolveError> {
        match self.kind(rel)? {
            None | Some(FileKind::Directory) => Ok(false),
            Some(FileKind::Other) => Ok(true),
            Some(kind) => Err(self.refused(ProjectError::NotRegularFile {
                file: rel.to_string(),
                kind,
            })),
        }
    }

    /// What is at `rel`: `Other` stands for a regular file here.
    fn kind(&self, rel: &str) -> Result<Option<FileKind>, ResolveError> {
        match self.project.dir.file_type(rel) {
            Ok(None) => Ok(None),
            Ok(Some(t)) if t.is_file() => Ok(Some(FileKind::Other)),
            Ok(Some(t)) => Ok(Some(FileKind::of(t))),
            Err(ProjectError::Escapes { .. }) => Err(self.escapes()),
            Err(e) => Err(self.refused(e)),
        }
    }

    fn not_found(&self) -> ResolveError {
        ResolveError::NotFound {
            specifier: self.specifier.to_string(),
            from: self.from.to_string(),
        }
    }

    fn escapes(&self) -> ResolveError {
        ResolveError::Escapes {
            specifier: self.specifier.to_string(),
            from: self.from.to_string(),
        }
    }

    fn entry_missing(&self, root: &str, sub: &str) -> ResolveError {
        if !sub.is_empty() {
            return self.not_found();
        }
        ResolveError::PackageEntry {
            specifier: self.specifier.to_string(),
            folder: root.to_string(),
            from: self.from.to_string(),
        }
    }

    fn refused(&self, source: ProjectError) -> ResolveError {
        ResolveError::Project {
            specifier: self.specifier.to_string(),
            from: self.from.to_string(),
            source,
        }
    }
}

fn is_relative(spec: &str) -> bool {
    spec == "." || spec == ".." || spec.starts_with("./") || spec.starts_with("../")
}

/// Whether the specifier can only name a folder (`./lib/`, `.`, `..`).
fn folder_only(spec: &str) -> bool {
    spec.ends_with('/')
        || spec
            .rsplit('/')
            .next()
            .is_some_and(|s| s == "." || s == "..")
}

/// The folder of a package file, as parts (`pages/index/index.js` -> `["pages", "index"]`).
fn folder_of(file: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = file.split('/').filter(|p| !p.is_empty()).collect();
    parts.pop();
    parts
}

/// The folders from the requiring file's up to the package root (`""`).
fn ancestors(file: &str) -> Vec<String> {
    let mut parts = folder_of(file);
    let mut out = Vec::with_capacity(parts.len() + 1);
    loop {
        out.push(parts.join("/"));
        if parts.pop().is_none() {
            return out;
        }
    }
}

fn under(folder: &str, rel: &str) -> String {
    if folder.is_empty() {
        rel.to_string()
    } else {
        format!("{folder}/{rel}")
    }
}

/// `rel` joined to the folder `base` with `.`, `..` and empty parts settled; `None` if it
/// climbs above `base`'s root.
fn join(base: &[&str], rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.to_vec();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `rel` joined to `root`, which it may not leave.
fn join_str(root: &str, rel: &str) -> Option<String> {
    let inner = join(&[], rel)?;
    Some(if inner.is_empty() {
        root.to_string()
    } else {
        format!("{root}/{inner}")
    })
}

/// `pkg/sub` -> (`pkg`, `sub`); `@scope/pkg/sub` -> (`@scope/pkg`, `sub`). `None` for a name
/// that is no folder name (`.`, `..`, empty).
fn split_package(spec: &str) -> Option<(&str, &str)> {
    let parts = if spec.starts_with('@') { 2 } else { 1 };
    let mut end = 0;
    for i in 0..parts {
        let rest = &spec[end..];
        let len = rest.find('/').unwrap_or(rest.len());
        let part = &rest[..len];
        if part.is_empty() || part == "." || part == ".." || (i == 1 && part.starts_with('@')) {
            return None;
        }
        end += len;
        if i + 1 < parts {
            if end >= spec.len() {
                return None;
            }
            end += 1;
        }
    }
    let name = &spec[..end];
    let sub = spec[end..].trim_start_matches('/');
    Some((name, sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(split_package("lodash"), Some(("lodash", "")));
        assert_eq!(split_package("lodash/fp/map"), Some(("lodash", "fp/map")));
        assert_eq!(
            split_package("@vant/weapp/button"),
            Some(("@vant/weapp", "button"))
        );
        assert_eq!(split_package("@vant"), None);
        assert_eq!(split_package("@vant/"), None);
        assert_eq!(split_package("../x"), None);
    }

    #[test]
    fn joining() {
        assert_eq!(join(&["a", "b"], "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(join(&["a"], "../../x"), None);
        assert_eq!(join(&[], "x//y/"), Some("x/y".into()));
        assert_eq!(ancestors("pages/a/b.js"), vec!["pages/a", "pages", ""]);
        assert_eq!(ancestors("app.js"), vec![""]);
    }
}
