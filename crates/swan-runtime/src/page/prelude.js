// The page model's glue, in JavaScript because it is all about `this`, prototypes and plain
// objects as page code sees them: page and component instances, setData with path keys,
// properties, observers, behaviors, triggerEvent and the lifecycle fan-out to components.
// Rust decides what exists (routes, scripts, the component tree read from .json/.swan files)
// and when hooks run; this returns the functions it calls. Nothing here is a global except
// `Behavior`, set by the caller.
(function (native) {
  'use strict';
  var later = setTimeout;
  var warn = console.warn;
  var hasOwn = Object.prototype.hasOwnProperty;

  function isObject(v) { return v !== null && typeof v === 'object'; }
  function copy(v) {
    if (v === undefined) return undefined;
    var json = JSON.stringify(v);
    return json === undefined ? undefined : JSON.parse(json);
  }
  function hidden(o, key, value) {
    Object.defineProperty(o, key, { value: value, enumerable: false, writable: true, configurable: true });
  }
  function call(target, f, args) {
    if (typeof f !== 'function') return undefined;
    try { return f.apply(target, args || []); } catch (e) { native.report(e); }
    return undefined;
  }

  // 'a.b[2].c' -> ['a', 'b', 2, 'c']
  function parsePath(key) {
    var out = [];
    var re = /([^.[\]]+)|\[(\d+)\]/g;
    var m;
    while ((m = re.exec(key))) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
    return out;
  }
  function getPath(data, path) {
    var o = data;
    for (var i = 0; i < path.length; i++) {
      if (!isObject(o)) return undefined;
      o = o[path[i]];
    }
    return o;
  }
  function setPath(data, path, value) {
    var o = data;
    for (var i = 0; i < path.length - 1; i++) {
      if (!isObject(o[path[i]])) o[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
      o = o[path[i]];
    }
    o[path[path.length - 1]] = value;
  }
  // Applies a patch; returns the changed paths with their old values.
  function applyPatch(self, patch) {
    var data = isObject(self.data) ? self.data : (self.data = {});
    var changed = [];
    if (!isObject(patch)) return changed;
    Object.keys(patch).forEach(function (key) {
      var path = parsePath(key);
      if (path.length === 0) return;
      changed.push({ path: path, old: getPath(data, path) });
      setPath(data, path, patch[key]);
    });
    return changed;
  }

  function pageSetData(patch, callback) {
    applyPatch(this, patch);
    refreshChildren(this);
    if (typeof callback === 'function') later(callback.bind(this), 0);
  }

  // Properties a tag binds to its owner's data (`count="{{n}}"`) follow that data: after the
  // owner's setData, a child whose bound value changed gets it through its own setData (so its
  // property observers and observers run), as a re-render would.
  function refreshChildren(owner) {
    var swan = owner.__swan;
    if (!swan) return;
    swan.children.forEach(function (child) {
      var patch = {};
      var changed = false;
      child.__swan.propBinds.forEach(function (b) {
        var v = convert(child.__swan.norm.properties[b.key].type, copy(getPath(owner.data, b.path)));
        if (v === undefined) return;
        if (JSON.stringify(v) !== JSON.stringify(child.data[b.key])) {
          patch[b.key] = v;
          changed = true;
        }
      });
      if (changed) componentSetData.call(child, patch);
    });
  }

  // ---- components ----
  var defaults = new Map([[String, ''], [Number, 0], [Boolean, false], [Object, null], [Array, []]]);
  function propertyDefault(type) { return defaults.has(type) ? copy(defaults.get(type)) : null; }

  function normalize(def, depth) {
    var n = { properties: {}, data: {}, methods: {}, lifetimes: {}, pageLifetimes: {}, observers: [], messages: {} };
    if (!isObject(def) || depth > 16) return n;
    (Array.isArray(def.behaviors) ? def.behaviors : []).forEach(function (b) {
      if (isObject(b)) merge(n, normalize(b, depth + 1));
    });
    var props = isObject(def.properties) ? def.properties : {};
    Object.keys(props).forEach(function (name) {
      var p = props[name];
      if (isObject(p)) {
        n.properties[name] = {
          type: p.type,
          value: hasOwn.call(p, 'value') ? p.value : propertyDefault(p.type),
          observer: p.observer,
        };
      } else {
        n.properties[name] = { type: p, value: propertyDefault(p) };
      }
    });
    if (isObject(def.data)) Object.keys(def.data).forEach(function (k) { n.data[k] = def.data[k]; });
    if (isObject(def.methods)) Object.keys(def.methods).forEach(function (k) { n.methods[k] = def.methods[k]; });
    if (isObject(def.messages)) Object.keys(def.messages).forEach(function (k) { n.messages[k] = def.messages[k]; });
    var lifetimes = isObject(def.lifetimes) ? def.lifetimes : {};
    ['created', 'attached', 'ready', 'moved', 'detached', 'error'].forEach(function (name) {
      var f = typeof lifetimes[name] === 'function' ? lifetimes[name] : def[name];
      if (typeof f === 'function') n.lifetimes[name] = (n.lifetimes[name] || []).concat([f]);
    });
    var pageLifetimes = isObject(def.pageLifetimes) ? def.pageLifetimes : {};
    ['show', 'hide', 'resize'].forEach(function (name) {
      if (typeof pageLifetimes[name] === 'function') {
        n.pageLifetimes[name] = (n.pageLifetimes[name] || []).concat([pageLifetimes[name]]);
      }
    });
    if (isObject(def.observers)) {
      Object.keys(def.observers).forEach(function (k) { n.observers.push([k, def.observers[k]]); });
    }
    return n;
  }
  // Merges `later` over `into`: the component's own members win; lifetimes and observers of
  // both run (behaviors' first), as the devtools do.
  function merge(into, over) {
    ['properties', 'data', 'methods', 'messages'].forEach(function (k) { Object.assign(into[k], over[k]); });
    ['lifetimes', 'pageLifetimes'].forEach(function (k) {
      Object.keys(over[k]).forEach(function (name) {
        into[k][name] = (into[k][name] || []).concat(over[k][name]);
      });
    });
    into.observers = into.observers.concat(over.observers);
  }

  function runLifetime(inst, name, args) {
    var fs = inst.__swan.norm.lifetimes[name] || [];
    fs.forEach(function (f) { call(inst, f, args); });
  }

  function fieldMatches(field, changed) {
    var deep = /\.\*\*$/.test(field);
    if (field === '**') return true;
    var f = parsePath(deep ? field.slice(0, -3) : field);
    var n = Math.min(f.length, changed.length);
    for (var i = 0; i < n; i++) if (String(f[i]) !== String(changed[i])) return false;
    // Setting `a` triggers `a.b`; setting `a.b` triggers `a.b` and `a.**` (not plain `a`).
    return changed.length <= f.length || deep;
  }

  function componentSetData(patch, callback) {
    var self = this;
    var changed = applyPatch(self, patch);
    var norm = self.__swan.norm;
    changed.forEach(function (c) {
      var prop = norm.properties[c.path[0]];
      if (c.path.length === 1 && prop && prop.observer) {
        var observer = typeof prop.observer === 'function' ? prop.observer : self[prop.observer];
        call(self, observer, [self.data[c.path[0]], c.old]);
      }
    });
    if (changed.length) {
      norm.observers.forEach(function (entry) {
        var fields = entry[0].split(',').map(function (s) { return s.trim(); });
        var hit = fields.some(function (field) {
          return changed.some(function (c) { return fieldMatches(field, c.path); });
        });
        if (!hit) return;
        var values = fields.map(function (field) {
          if (field === '**') return self.data;
          return getPath(self.data, parsePath(field.replace(/\.\*\*$/, '')));
        });
        call(self, entry[1], values);
      });
    }
    if (changed.length) refreshChildren(self);
    if (typeof callback === 'function') later(callback.bind(self), 0);
  }

  function triggerEvent(name, detail) {
    var self = this;
    var swan = self.__swan;
    var handler = swan.binds[name];
    if (!handler) return;
    var owner = swan.owner;
    var f = owner && owner[handler];
    if (typeof f !== 'function') {
      warn('Component "' + swan.is + '" does not have a method "' + handler + '" to handle event "' + name + '".');
      return;
    }
    var target = { id: self.id, dataset: self.dataset };
    call(owner, f, [{
      type: name,
      timeStamp: Date.now(),
      target: target,
      currentTarget: target,
      detail: detail === undefined ? {} : detail,
    }]);
  }

  // Baidu's components are San components: `this.dispatch(name, value)` sends a message up the
  // owner chain to the first owner whose `messages` (a component's definition, or a Page's)
  // handles `name` (or `'*'`), with `{name, target, value}`. uni-app's mp-baidu runtime links
  // its Vue instances this way (`dispatch('__l', ...)` from every component's `attached`).
  function messageHandler(inst, name) {
    var swan = inst.__swan;
    var messages = swan.norm ? swan.norm.messages : inst.messages;
    if (!isObject(messages)) return null;
    var f = hasOwn.call(messages, name) ? messages[name] : messages['*'];
    return typeof f === 'function' ? f : null;
  }
  function dispatch(name, value) {
    var owner = this.__swan.owner;
    while (owner) {
      var f = messageHandler(owner, String(name));
      if (f) {
        call(owner, f, [{ name: name, target: this, value: value }]);
        return;
      }
      owner = owner.__swan.owner;
    }
  }

  // Every page and component is a node of the tree with an id; a component knows its owner's
  // (`ownerId`) and its page (`pageinstance`), and a page has no owner: uni-app tells a
  // Component() page from a child component by `!this.ownerId`.
  var nextNode = 0;
  function nodeIds(inst, owner) {
    nextNode += 1;
    hidden(inst, 'nodeId', '_' + nextNode.toString(16));
    if (owner) hidden(inst, 'ownerId', owner.nodeId);
    hidden(inst, 'pageinstance', owner ? (owner.pageinstance || owner) : inst);
  }

  function select(children, selector) {
    var all = [];
    (children || []).forEach(function (c) {
      var s = String(selector);
      if ((s[0] === '#' && c.id === s.slice(1)) || s === c.__swan.tag || (s[0] === '.' && c.__swan.classes.indexOf(s.slice(1)) >= 0)) all.push(c);
    });
    return all;
  }
  function addSelectors(o) {
    hidden(o, 'selectComponent', function (s) { return select(this.__swan.children, s)[0] || null; });
    hidden(o, 'selectAllComponents', function (s) { return select(this.__swan.children, s); });
    // Baidu's recommended forms (`this.createCanvasContext(id)`), the canvas family's own.
    hidden(o, 'createCanvasContext', function (id) { return globalThis.swan.createCanvasContext(id, this); });
    hidden(o, 'createSelectorQuery', function () { return globalThis.swan.createSelectorQuery().in(this); });
  }

  function convert(type, value) {
    if (type === Number) return Number(value);
    if (type === Boolean) return value !== false && value !== 'false';
    return value;
  }
  // The value of a template attribute: literal text, or `{{path}}` / `{{literal}}` read from
  // the owner's data when the page is loaded (bindings are not followed afterwards).
  function attrValue(owner, raw) {
    if (raw == null) return true;
    var m = /^\s*\{\{\s*(.*?)\s*\}\}\s*$/.exec(raw);
    if (!m) return raw;
    var e = m[1];
    if (e === 'true') return true;
    if (e === 'false') return false;
    if (e === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(e)) return Number(e);
    var q = /^'([^']*)'$|^"([^"]*)"$/.exec(e);
    if (q) return q[1] !== undefined ? q[1] : q[2];
    if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[\d+\])*$/.test(e)) return copy(getPath(owner.data, parsePath(e)));
    return undefined;
  }
  // The data path of a `{{a.b[0]}}` attribute, or null.
  function boundPath(raw) {
    var m = /^\s*\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*\}\}\s*$/.exec(raw || '');
    if (!m || /^(true|false|null|undefined)$/.test(m[1])) return null;
    return parsePath(m[1]);
  }
  function camel(s) { return s.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); }); }

  var reserved = new Set(['properties', 'data', 'methods', 'behaviors', 'lifetimes', 'pageLifetimes',
    'observers', 'messages', 'options', 'externalClasses', 'relations', 'created', 'attached',
    'ready', 'moved', 'detached', 'error', 'definitionFilter', 'export']);
  function makeComponent(node, owner) {
    var norm = normalize(node.def, 0);
    var inst = {};
    var binds = {};
    var dataset = {};
    var props = {};
    var id = '';
    var classes = [];
    var propBinds = [];
    (node.attrs || []).forEach(function (a) {
      var name = a[0];
      var raw = a[1];
      var ev = /^(?:capture-)?(?:bind|catch|mut-bind)(?::)?(.+)$/.exec(name);
      if (ev && raw != null && raw.indexOf('{{') < 0) { binds[ev[1]] = raw.trim(); return; }
      if (name === 'id') { id = raw || ''; return; }
      if (name === 'class') { classes = (raw || '').split(/\s+/); return; }
      if (name.indexOf('data-') === 0) { dataset[camel(name.slice(5))] = attrValue(owner, raw); return; }
      var key = camel(name);
      if (hasOwn.call(norm.properties, key)) {
        var v = attrValue(owner, raw);
        if (v !== undefined) props[key] = convert(norm.properties[key].type, v);
        var path = boundPath(raw);
        if (path) propBinds.push({ key: key, path: path });
      }
    });
    // A San component's definition is its prototype: any other top-level member (`attr: {...}`,
    // a constant table) is reachable as `this.x`, shared by its instances as a prototype's is.
    if (isObject(node.def)) {
      Object.keys(node.def).forEach(function (k) {
        if (!reserved.has(k)) inst[k] = node.def[k];
      });
    }
    Object.keys(norm.methods).forEach(function (k) { inst[k] = norm.methods[k]; });
    var data = copy(norm.data) || {};
    Object.keys(norm.properties).forEach(function (k) {
      data[k] = hasOwn.call(props, k) ? props[k] : copy(norm.properties[k].value);
    });
    inst.data = data;
    inst.properties = data;
    inst.is = node.is;
    inst.id = id;
    inst.dataset = dataset;
    hidden(inst, '__swan', {
      norm: norm, binds: binds, owner: owner, children: [], is: node.is, tag: node.tag,
      classes: classes, propBinds: propBinds,
    });
    hidden(inst, 'setData', componentSetData);
    hidden(inst, 'triggerEvent', triggerEvent);
    hidden(inst, 'dispatch', dispatch);
    // A San component's lifetimes are its methods too: uni-app's mp-baidu runtime detaches the
    // children of a page it unloads by calling `$scope.detached()` itself.
    ['created', 'attached', 'ready', 'detached'].forEach(function (name) {
      if (!hasOwn.call(inst, name)) hidden(inst, name, function () { runLifetime(this, name, Array.prototype.slice.call(arguments)); });
    });
    hidden(inst, 'componentName', node.tag || node.is);
    nodeIds(inst, owner);
    hidden(inst, 'selectOwnerComponent', function () { return owner; });
    addSelectors(inst);
    runLifetime(inst, 'created', []);
    inst.__swan.children = (node.children || []).map(function (child) { return makeComponent(child, inst); });
    return inst;
  }

  function eachComponent(list, f) {
    list.forEach(function (c) { f(c); eachComponent(c.__swan.children, f); });
  }
  function eachComponentChildFirst(list, f) {
    list.forEach(function (c) { eachComponentChildFirst(c.__swan.children, f); f(c); });
  }

  // A page instance: from Page(def), the definition's members and its own copy of `data`;
  // from Component(def) used as a page, the component's data, properties (filled from the
  // query), methods (page hooks among them) and lifetimes.
  function createPage(kind, def, route, query, nodes) {
    var inst;
    if (kind === 'component') {
      inst = makeComponent({ def: def, is: route, tag: '', attrs: [], children: [] }, undefined);
      var norm = inst.__swan.norm;
      Object.keys(query).forEach(function (k) {
        if (hasOwn.call(norm.properties, k)) inst.data[k] = convert(norm.properties[k].type, query[k]);
      });
      inst.__swan.page = true;
    } else {
      inst = {};
      Object.keys(def).forEach(function (k) { inst[k] = def[k]; });
      inst.data = copy(def.data) || {};
      hidden(inst, '__swan', { norm: null, children: [], page: true });
      inst.setData = pageSetData;
      nodeIds(inst, undefined);
      addSelectors(inst);
    }
    inst.route = route;
    inst.options = query;
    hidden(inst, '__route__', route);
    inst.__swan.children = nodes.map(function (node) { return makeComponent(node, inst); });
    return inst;
  }

  var hooks = {
    load: 'onLoad', show: 'onShow', ready: 'onReady', hide: 'onHide', unload: 'onUnload',
  };
  // One lifecycle step of a page and its components, in the devtools' order: components are
  // attached before onLoad and ready before onReady, see the page show and hide after it,
  // and are detached after onUnload.
  function lifecycle(page, phase, arg) {
    var swan = page.__swan;
    var components = swan.children;
    var isComponent = swan.norm !== null;
    if (phase === 'load') {
      if (isComponent) runLifetime(page, 'attached', []);
      eachComponent(components, function (c) { runLifetime(c, 'attached', []); });
    }
    if (phase === 'ready') {
      eachComponentChildFirst(components, function (c) { runLifetime(c, 'ready', []); });
      if (isComponent) runLifetime(page, 'ready', []);
    }
    call(page, page[hooks[phase]], arg === undefined ? [] : [arg]);
    if (phase === 'show' || phase === 'hide') {
      var seen = function (c) {
        (c.__swan.norm.pageLifetimes[phase] || []).forEach(function (f) { call(c, f, []); });
      };
      if (isComponent) seen(page);
      eachComponent(components, seen);
    }
    if (phase === 'unload') {
      eachComponentChildFirst(components, function (c) { runLifetime(c, 'detached', []); });
      if (isComponent) runLifetime(page, 'detached', []);
    }
  }

  function Behavior(def) {
    if (!isObject(def)) throw new TypeError('Behavior() expects an object');
    return def;
  }

  return { createPage: createPage, lifecycle: lifecycle, Behavior: Behavior };
})
