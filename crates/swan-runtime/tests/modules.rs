//! Modules on real projects, run through `swan_runtime::run`: CommonJS and ES modules, their
//! interop, npm packages, cycles, and the errors a developer sees.

mod common;

use common::{Ran, World};
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, RunStatus};

/// A project whose page script is `page` plus the given files (path from the project root).
fn world(page: &str, files: &[(&str, &str)]) -> World {
    let w = World::new(page);
    for (path, text) in files {
        let file = w.project().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    w
}

fn run(w: &World) -> Ran {
    w.run("check", PromptAnswer::Allow)
}

/// Every error event as "message\nstack".
fn error_texts(ran: &Ran) -> Vec<String> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Error { message, stack } => Some(format!("{message}\n{stack}")),
            _ => None,
        })
        .collect()
}

fn assert_clean(ran: &Ran) {
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", error_texts(ran));
}

#[test]
fn commonjs_relative_rooted_extensionless_index_and_json() {
    let w = world(
        r#"
        const helper = require('./helper');
        const util = require('/utils/util.js');
        const lib = require('../../lib');
        const config = require('/data/config.json');
        const again = require('../../utils/util');
        Page({ check() {
            console.log(helper.name, util.twice(21), lib.kind, config.title, again === util, util.runs);
        } });
        "#,
        &[
            ("pages/index/helper.js", "exports.name = 'helper';"),
            (
                "utils/util.js",
                "global.utilRuns = (global.utilRuns || 0) + 1;\n\
                 module.exports = { twice: (n) => n * 2, runs: global.utilRuns, file: __filename, dir: __dirname };",
            ),
            ("lib/index.js", "module.exports.kind = 'index';"),
            ("data/config.json", r#"{"title": "Album"}"#),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(
        ran.logs(),
        vec![json!(["helper", 42, "index", "Album", true, 1])]
    );
}

#[test]
fn filename_dirname_this_and_global() {
    let w = world(
        r#"
        const u = require('../../utils/u');
        Page({ check() { console.log(u.file, u.dir, u.thisIsExports, global === globalThis); } });
        "#,
        &[(
            "utils/u.js",
            "exports.file = __filename; exports.dir = __dirname; exports.thisIsExports = this === module.exports;",
        )],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(
        ran.logs(),
        vec![json!(["/utils/u.js", "/utils", true, true])]
    );
}

#[test]
fn npm_from_miniprogram_npm_and_node_modules() {
    let w = world(
        r#"
        const built = require('dayjs');
        const mp = require('mp-lib');
        const sub = require('mp-lib/extra');
        const plain = require('plain');
        Page({ check() { console.log(built.v, mp.v, sub.v, plain.v); } });
        "#,
        &[
            (
                "miniprogram_npm/dayjs/index.js",
                "module.exports = { v: 'built' };",
            ),
            (
                "node_modules/mp-lib/package.json",
                r#"{"main": "lib/node.js", "miniprogram": "miniprogram_dist"}"#,
            ),
            (
                "node_modules/mp-lib/lib/node.js",
                "module.exports = { v: 'node' };",
            ),
            (
                "node_modules/mp-lib/miniprogram_dist/index.js",
                "module.exports = { v: 'mp' };",
            ),
            (
                "node_modules/mp-lib/miniprogram_dist/extra.js",
                "export const v = 'extra-esm';",
            ),
            (
                "node_modules/plain/package.json",
                r#"{"main": "dist/plain.js"}"#,
            ),
            ("node_modules/plain/dist/plain.js", "exports.v = 'main';"),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(
        ran.logs(),
        vec![json!(["built", "mp", "extra-esm", "main"])]
    );
}

#[test]
fn a_missing_package_names_it_and_says_npm_install() {
    let w = world(
        "let code;\ntry { require('./optional'); } catch (e) { code = e.code; }\n\
         console.log(code);\nconst pad = require('left-pad');\nPage({ check() {} });",
        &[],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert_eq!(
        ran.logs(),
        vec![json!("MODULE_NOT_FOUND")],
        "{:?}",
        error_texts(&ran)
    );
    let errors = error_texts(&ran);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("'left-pad'") && e.contains("npm install")),
        "{errors:?}"
    );
}

#[test]
fn a_missing_file_names_it_and_the_requirer() {
    let w = world(
        "import a from '../../utils/a';\nimport x from '../../utils/nope';\nPage({ check() {} });",
        &[("utils/a.js", "module.exports = 1;")],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = error_texts(&ran);
    assert!(
        errors.iter().any(|e| e
            .contains("Cannot find module '../../utils/nope' from 'pages/index/index.js'")
            && e.contains("at pages/index/index.js:2")),
        "{errors:?}"
    );
}

#[test]
fn commonjs_cycle_gets_the_partly_filled_exports() {
    let w = world(
        r#"
        const a = require('./a');
        Page({ check() { console.log(a.sawFromB, a.done); } });
        "#,
        &[
            (
                "pages/index/a.js",
                "exports.early = 1; const b = require('./b'); exports.sawFromB = b.seen; exports.done = true;",
            ),
            (
                "pages/index/b.js",
                "const a = require('./a'); exports.seen = JSON.stringify(a);",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!([r#"{"early":1}"#, true])]);
}

#[test]
fn es_module_cycle_with_live_bindings() {
    let w = world(
        r#"
        import { a, getB } from './a.js';
        import { getA } from './b';
        Page({ check() { console.log(a, getB(), getA()); } });
        "#,
        &[
            (
                "pages/index/a.js",
                "import { b } from './b.js';\nexport const a = 'A';\nexport function getB() { return b; }",
            ),
            (
                "pages/index/b.js",
                "import { a } from './a.js';\nexport const b = 'B';\nexport function getA() { return a; }",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["A", "B", "A"])]);
}

#[test]
fn mixed_cycle_commonjs_requiring_an_es_module_that_imports_it_back() {
    let w = world(
        r#"
        const c = require('./c');
        Page({ check() { console.log(c.fromE, c.late); } });
        "#,
        &[
            (
                "pages/index/c.js",
                "exports.early = 'early';\nconst e = require('./e');\nexports.late = 'late';\nexports.fromE = e.seen;",
            ),
            (
                "pages/index/e.js",
                "import c from './c.js';\nexport const seen = c.early;",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["early", "late"])]);
}

#[test]
fn a_cycle_back_into_an_es_module_still_loading_is_a_clear_error() {
    // page (ESM) -> d.js (CommonJS, run while the graph loads) -> require page-side ESM f.js,
    // which imports d.js's importer: Node refuses this cycle, and so do we, by name.
    let w = world(
        r#"
        import { f } from './f.js';
        Page({ check() { console.log(f); } });
        "#,
        &[
            (
                "pages/index/f.js",
                "import d from './d.js';\nexport const f = d;",
            ),
            ("pages/index/d.js", "module.exports = require('./f.js');"),
        ],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = error_texts(&ran);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("'pages/index/f.js' is still loading")),
        "{errors:?}"
    );
}

#[test]
fn babel_interop_in_both_directions() {
    let w = world(
        r#"
        import plain from '../../utils/plain';
        import * as plainNs from '../../utils/plain';
        import { named as plainNamed } from '../../utils/plain';
        import babelDefault, { named } from '../../utils/babel';
        const esm = require('../../utils/esm');
        function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
        Page({ check() {
            console.log(plain.named, plainNs.default === plain, plainNamed);
            console.log(babelDefault, named);
            console.log(esm.__esModule, esm.default, esm.named, _interopRequireDefault(esm).default);
            console.log(Object.keys(esm).sort().join(','));
        } });
        "#,
        &[
            ("utils/plain.js", "module.exports = { named: 'p' };"),
            (
                "utils/babel.js",
                "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nexports.default = 'D';\nexports.named = 'N';",
            ),
            (
                "utils/esm.js",
                "export default 'ED';\nexport const named = 'EN';",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["p", true, "p"]),
            json!(["D", "N"]),
            json!([true, "ED", "EN", "ED"]),
            json!("default,named"),
        ]
    );
}

#[test]
fn an_es_module_may_also_require_and_export_star() {
    let w = world(
        r#"
        import { x, y } from './all';
        const cjs = require('./cjs');
        import './side';
        Page({ check() { console.log(x, y, cjs.z, global.sideEffect); } });
        "#,
        &[
            (
                "pages/index/all.js",
                "export * from './x';\nexport * from './cjs-y';",
            ),
            ("pages/index/x.js", "export const x = 'x';"),
            ("pages/index/cjs-y.js", "exports.y = 'y';"),
            ("pages/index/cjs.js", "exports.z = 'z';"),
            ("pages/index/side.js", "global.sideEffect = 'ran';"),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["x", "y", "z", "ran"])]);
}

#[test]
fn a_syntax_error_reports_file_and_line() {
    for (name, text) in [
        ("bad.js", "const a = 1;\nconst b = 2;\nconst c = ;\n"),
        ("bad-esm.js", "export const a = 1;\n\nexport const = 2;\n"),
    ] {
        let w = world(
            &format!("require('../../utils/{name}'); Page({{ check() {{}} }});"),
            &[(&format!("utils/{name}"), text)],
        );
        let ran = run(&w);
        assert_eq!(ran.status, RunStatus::Uncaught);
        let errors = error_texts(&ran);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("SyntaxError") && e.contains(&format!("utils/{name}:3"))),
            "{errors:?}"
        );
    }
}

#[test]
fn a_runtime_error_in_a_module_shows_its_package_name_in_the_stack() {
    let w = world(
        "const m = require('../../utils/thrower'); Page({ check() { m.boom(); } });",
        &[(
            "utils/thrower.js",
            "exports.boom = function boom() {\n  throw new Error('kaput');\n};",
        )],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = error_texts(&ran);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("kaput") && e.contains("utils/thrower.js:2")),
        "{errors:?}"
    );
}

#[test]
fn escaping_the_package_is_refused() {
    let w = world(
        r#"
        const out = [];
        for (const spec of ['../../../outside', './link', '/../outside']) {
            try { require(spec); out.push('loaded ' + spec); } catch (e) { out.push(e.message); }
        }
        Page({ check() { console.log(out); } });
        "#,
        &[],
    );
    std::fs::write(w.dir.path().join("outside.js"), "global.leaked = true;").unwrap();
    std::os::unix::fs::symlink(
        w.dir.path().join("outside.js"),
        w.project().join("pages/index/link.js"),
    )
    .unwrap();
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let out = logs[0].as_array().unwrap();
    assert_eq!(out.len(), 3);
    for (line, spec) in out
        .iter()
        .zip(["../../../outside", "./link", "/../outside"])
    {
        let line = line.as_str().unwrap();
        assert!(
            line.contains(&format!("'{spec}'")) && line.contains("outside the package"),
            "{line}"
        );
    }
}

#[test]
fn the_page_script_itself_may_be_an_es_module() {
    let w = world(
        r#"
        import util from '../../utils/util';
        export const unused = 1;
        Page({ check() { console.log(util.greet()); } });
        "#,
        &[("utils/util.js", "module.exports = { greet: () => 'hi' };")],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!("hi")]);
}

#[test]
fn a_module_that_throws_is_not_cached() {
    let w = world(
        r#"
        const tries = [];
        for (let i = 0; i < 2; i++) {
            try { require('./flaky'); } catch (e) { tries.push(e.message); }
        }
        Page({ check() { console.log(tries, global.flakyRuns); } });
        "#,
        &[(
            "pages/index/flaky.js",
            "global.flakyRuns = (global.flakyRuns || 0) + 1; throw new Error('flaky ' + global.flakyRuns);",
        )],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!([["flaky 1", "flaky 2"], 2])]);
}

#[test]
fn an_es_module_whose_import_failed_fails_again_without_crashing() {
    let w = world(
        r#"
        const tries = [];
        for (let i = 0; i < 2; i++) {
            try { require('./m'); } catch (e) { tries.push(e.message); }
        }
        Page({ check() { console.log(tries); } });
        "#,
        &[
            (
                "pages/index/m.js",
                "import ok from './ok';\nimport gone from './gone';\nexport default ok;",
            ),
            ("pages/index/ok.js", "module.exports = 1;"),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let tries = logs[0].as_array().unwrap();
    assert_eq!(tries.len(), 2);
    assert!(
        tries[0]
            .as_str()
            .unwrap()
            .contains("Cannot find module './gone'"),
        "{tries:?}"
    );
    assert!(tries[1].as_str().unwrap().contains("./gone"), "{tries:?}");
}

#[test]
fn requiring_a_module_whose_top_level_await_never_settles_is_an_error() {
    let w = world(
        r#"
        let message = '';
        try { require('./waits'); } catch (e) { message = e.message; }
        Page({ check() { console.log(message); } });
        "#,
        &[(
            "pages/index/waits.js",
            "await new Promise(() => {});\nexport const never = 1;",
        )],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let message = logs[0].as_str().unwrap();
    assert!(
        message.contains("pages/index/waits.js") && message.contains("top-level await"),
        "{message}"
    );
}

#[test]
fn top_level_await_that_settles_at_once_is_fine() {
    let w = world(
        r#"
        const m = require('./ready');
        Page({ check() { console.log(m.value); } });
        "#,
        &[(
            "pages/index/ready.js",
            "export const value = await Promise.resolve('ready');",
        )],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!("ready")]);
}

#[test]
fn dynamic_import_works() {
    let w = world(
        r#"
        Page({ check() {
            import('../../utils/esm').then((ns) => console.log(ns.named, ns.default));
            import('../../utils/cjs').then((ns) => console.log(ns.default.v, ns.v));
        } });
        "#,
        &[
            (
                "utils/esm.js",
                "export default 'd';\nexport const named = 'n';",
            ),
            ("utils/cjs.js", "module.exports = { v: 'c' };"),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let mut logs = ran.logs();
    logs.sort_by_key(|l| l.to_string());
    assert_eq!(logs, vec![json!(["c", "c"]), json!(["n", "d"])]);
}

#[test]
fn app_js_may_be_an_es_module_and_modules_are_shared_with_pages() {
    let w = World::with_app(
        "const store = require('/store'); Page({ check() { console.log(store.count); } });",
        "import store from './store';\nstore.count += 1;\nApp({});",
    );
    std::fs::write(
        w.project().join("store.js"),
        "module.exports = { count: 0 };",
    )
    .unwrap();
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(1)]);
}

#[test]
fn an_es_module_may_fill_module_exports_as_under_babel() {
    let w = world(
        r#"
        import viaImport from '../../utils/mixed';
        const viaRequire = require('../../utils/mixed');
        const half = require('../../utils/half');
        Page({ check() { console.log(viaImport.b, viaRequire.b, viaImport === viaRequire, half.c, half.d, half.__esModule); } });
        "#,
        &[
            ("utils/a.js", "module.exports = 1;"),
            (
                "utils/mixed.js",
                "import a from './a';\nmodule.exports = { b: a + 1 };",
            ),
            (
                "utils/half.js",
                "import a from './a';\nexports.c = a + 2;\nexport const d = 'd';",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!([2, 2, true, 3, "d", true])]);
}

#[test]
fn a_named_import_missing_from_a_commonjs_module_fails_the_same_way_twice() {
    let w = world(
        r#"
        const tries = [];
        for (let i = 0; i < 2; i++) {
            try { require('./wants'); } catch (e) { tries.push(e.name); }
        }
        Page({ check() { console.log(tries); } });
        "#,
        &[
            (
                "pages/index/wants.js",
                "import { nope } from './has';\nexport const x = nope;",
            ),
            ("pages/index/has.js", "exports.yes = 1;"),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["SyntaxError", "SyntaxError"])]);
}

#[test]
fn a_json_syntax_error_names_the_file() {
    let w = world(
        "require('../../data/bad.json'); Page({ check() {} });",
        &[("data/bad.json", "{\"a\": }")],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = error_texts(&ran);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("SyntaxError: data/bad.json:")),
        "{errors:?}"
    );
}

#[test]
fn requiring_an_es_module_whose_graph_reaches_one_still_loading_is_refused_not_a_crash() {
    // index (ESM) imports b (ESM, which imports index back) and then c (CommonJS, run while
    // index's graph is still being resolved); c requires b, whose graph reaches index.
    let w = world(
        r#"
        import { b } from './b.js';
        import c from './c.js';
        export const fromIndex = 'i';
        Page({ check() { console.log(b, c); } });
        "#,
        &[
            (
                "pages/index/b.js",
                "import { fromIndex } from './index.js';\nexport const b = 'b';\nexport const get = () => fromIndex;",
            ),
            (
                "pages/index/c.js",
                "let message = '';\ntry { require('./b.js'); } catch (e) { message = e.message; }\nmodule.exports = message;",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let line = logs[0].as_array().unwrap();
    assert_eq!(line[0], json!("b"));
    let message = line[1].as_str().unwrap();
    assert!(
        message.contains("'pages/index/index.js' is still loading"),
        "{message}"
    );
}

#[test]
fn json_can_be_imported_and_an_own_exports_binding_is_kept() {
    let w = world(
        r#"
        import config, { title } from '../../data/config.json';
        import own from '../../utils/own';
        Page({ check() { console.log(config.title, title, own.a, own.b); } });
        "#,
        &[
            ("data/config.json", r#"{"title": "Album"}"#),
            ("utils/a.js", "module.exports = 'A';"),
            (
                "utils/own.js",
                "import a from './a';\nconst exports = { a };\nexports.b = 'B';\nexport default exports;",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["Album", "Album", "A", "B"])]);
}

#[test]
fn an_es_module_page_that_throws_is_reported_once_with_its_line() {
    let w = world(
        "import '../../utils/ok';\n\nthrow new Error('page broke');\nPage({ check() {} });",
        &[("utils/ok.js", "export const ok = 1;")],
    );
    let ran = run(&w);
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = error_texts(&ran);
    let broke: Vec<_> = errors.iter().filter(|e| e.contains("page broke")).collect();
    assert_eq!(broke.len(), 1, "{errors:?}");
    assert!(broke[0].contains("pages/index/index.js:3"), "{errors:?}");
    assert!(
        !broke[0].contains("Unhandled promise rejection"),
        "{errors:?}"
    );
}

#[test]
fn requiring_an_es_module_that_is_being_evaluated_is_refused_not_an_abort() {
    // index's body runs c.js (CommonJS) which requires index back, and y.js, which imports
    // index: both would make QuickJS link or evaluate a module that is half-way through.
    let w = world(
        r#"
        export const early = 1;
        const out = [];
        for (const spec of ['./self-c', './y']) {
            try { require(spec); out.push('loaded ' + spec); } catch (e) { out.push(e.message); }
        }
        Page({ check() { console.log(out); } });
        "#,
        &[
            (
                "pages/index/self-c.js",
                "module.exports = require('./index.js');",
            ),
            (
                "pages/index/y.js",
                "import { early } from './index.js';\nexport const y = early;",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let out = logs[0].as_array().unwrap();
    assert_eq!(out.len(), 2, "{out:?}");
    for line in out {
        let line = line.as_str().unwrap();
        assert!(
            line.contains("'pages/index/index.js' is still being evaluated"),
            "{line}"
        );
    }
}

#[test]
fn requiring_a_finished_sibling_during_evaluation_is_fine() {
    // index imports a and b; b's body requires a, which finished before b started.
    let w = world(
        r#"
        import { a } from './a';
        import { fromB } from './b';
        Page({ check() { console.log(a, fromB); } });
        "#,
        &[
            ("pages/index/a.js", "export const a = 'a';"),
            (
                "pages/index/b.js",
                "import './a';\nconst viaRequire = require('./a');\nexport const fromB = viaRequire.a + 'b';",
            ),
        ],
    );
    let ran = run(&w);
    assert_clean(&ran);
    assert_eq!(ran.logs(), vec![json!(["a", "ab"])]);
}

#[test]
fn a_dynamic_import_of_a_module_being_evaluated_run_by_a_nested_require_is_refused() {
    // index queues import() of itself, then requires an ES module: loading that one drives
    // the Promise jobs while index is still being evaluated.
    let w = world(
        r#"
        export let seen = 'pending';
        import('./index.js').then(() => { seen = 'loaded'; }, (e) => { seen = e.message; });
        require('./other');
        Page({ check() { console.log(seen); } });
        "#,
        &[("pages/index/other.js", "export const other = 1;")],
    );
    let ran = run(&w);
    assert_clean(&ran);
    let logs = ran.logs();
    let seen = logs[0].as_str().unwrap();
    assert!(
        seen == "loaded" || seen.contains("is still being evaluated"),
        "{seen}"
    );
}

#[test]
fn a_very_deep_require_chain_is_a_stack_error_not_a_crash() {
    let w = world(
        r#"
        let message = 'loaded';
        try { require('/chain/m0'); } catch (e) { message = String(e); }
        Page({ check() { console.log(message); } });
        "#,
        &[],
    );
    let chain = w.project().join("chain");
    std::fs::create_dir_all(&chain).unwrap();
    for i in 0..3000 {
        let next = if i % 2 == 0 {
            format!("module.exports = require('./m{}');", i + 1)
        } else {
            format!("import x from './m{}';\nexport default x;", i + 1)
        };
        std::fs::write(chain.join(format!("m{i}.js")), next).unwrap();
    }
    std::fs::write(chain.join("m3000.js"), "module.exports = 'end';").unwrap();
    let ran = run(&w);
    let logs = ran.logs();
    assert_eq!(logs.len(), 1, "{:?}", error_texts(&ran));
    let message = logs[0].as_str().unwrap();
    assert!(
        message == "loaded" || message == "RangeError: Maximum call stack size exceeded",
        "{message}"
    );
}
