use crate::swan::throw;
use rquickjs::{Ctx, Function, Object, Value};
use swan_core::SwanError;
use swan_core::api::can_i_use;

/// The JavaScript half: looks `name` up on this `swan` when asked, so an API defined after the
/// stubs (replacing one) counts, and keeps the stubs in a `WeakSet` the collector sees.
const CAN_I_USE: &str = r#"(function (judge, swan, stubs) {
  'use strict';
  const isApi = function (name) {
    let at = swan;
    for (const key of name.split('.')) {
      if (at === null || (typeof at !== 'object' && typeof at !== 'function')) return false;
      at = at[key];
    }
    return typeof at === 'function' && !stubs.has(at);
  };
  return function canIUse(schema) { return judge(schema, isApi); };
})"#;

/// `swan.canIUse(schema)`: true exactly for what this runtime implements. An API counts when
/// `swan[name]` is a function now and not one of the "unsupported" stubs (`stubs`, a
/// `WeakSet`); what a schema says beyond the name is judged by `swan_core::api::can_i_use`. A
/// schema that is not a string throws, as Baidu documents.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    stubs: &Object<'js>,
) -> rquickjs::Result<()> {
    let judge = Function::new(
        ctx.clone(),
        |ctx: Ctx<'js>, schema: Value<'js>, is_api: Function<'js>| {
            let Some(schema) = schema.as_string().and_then(|s| s.to_string().ok()) else {
                return Err(throw(
                    &ctx,
                    &SwanError::ArgumentType {
                        name: "schema".into(),
                        expected: "string",
                    },
                ));
            };
            let ask = |name: &str| match is_api.call::<_, bool>((name,)) {
                Ok(yes) => yes,
                Err(_) => {
                    let _ = ctx.catch(); // a getter that throws: not an API
                    false
                }
            };
            Ok(can_i_use(&schema, &ask))
        },
    )?;
    let make: Function = ctx.eval(CAN_I_USE)?;
    let can_i_use: Function = make.call((judge, swan.clone(), stubs.clone()))?;
    swan.set("canIUse", can_i_use)
}
