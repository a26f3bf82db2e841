use crate::swan::{throw, unsupported::Stubs};
use rquickjs::{Ctx, Function, Object, Value};
use std::cell::RefCell;
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::api::can_i_use;

/// `swan.canIUse(schema)`: true exactly for what this runtime implements. An API counts when
/// `swan[name]` is a function now and not one of the "unsupported" stubs; what a schema says
/// beyond the name is judged by `swan_core::api::can_i_use`. A schema that is not a string
/// throws, as Baidu documents.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    stubs: Rc<RefCell<Stubs>>,
) -> rquickjs::Result<()> {
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, schema: Value<'js>| {
        let Some(schema) = schema.as_string().and_then(|s| s.to_string().ok()) else {
            return Err(throw(
                &ctx,
                &SwanError::ArgumentType {
                    name: "schema".into(),
                    expected: "string",
                },
            ));
        };
        let is_api = |name: &str| !stubs.borrow().contains(name) && is_function(&ctx, name);
        Ok(can_i_use(&schema, &is_api))
    })?;
    swan.set("canIUse", f.with_name("canIUse")?)
}

/// Whether `swan.<path>` (`request`, `ai.ocrIdCard`) is a function now.
fn is_function(ctx: &Ctx<'_>, path: &str) -> bool {
    let Ok(mut at) = ctx.globals().get::<_, Value>("swan") else {
        return false;
    };
    for key in path.split('.') {
        let Some(object) = at.as_object() else {
            return false;
        };
        match object.get::<_, Value>(key) {
            Ok(next) => at = next,
            Err(_) => return false,
        }
    }
    at.is_function()
}
