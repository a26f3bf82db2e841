// The JavaScript half of the canvas family: it records what page code draws as a list of Web
// Canvas 2D calls (`{method, args}`, the `swan_canvas::Call` JSON) and hands the list to Rust
// (`native`) when the pixels are due. Baidu's old CanvasContext (`setFillStyle`, `draw`...) is
// mapped to Web calls here, call by call; the Canvas 2D node's context records Web calls as
// they are. Every rule that page code can observe beyond the recording (sizes, export, errors)
// is Rust's.
(function (native, setTimeout, swanApi) {
  'use strict';
  var later = function (f, arg) { setTimeout(function () { f(arg); }, 0); };

  // The Web properties a context has, with their initial values.
  var PROPS = {
    fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, lineCap: 'butt', lineJoin: 'miter',
    miterLimit: 10, lineDashOffset: 0, globalAlpha: 1, globalCompositeOperation: 'source-over',
    font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', shadowColor: 'rgba(0, 0, 0, 0)',
    shadowBlur: 0, shadowOffsetX: 0, shadowOffsetY: 0, imageSmoothingEnabled: true,
  };
  var STYLE_PROPS = { fillStyle: 1, strokeStyle: 1, shadowColor: 1 };
  var TEXT_PROPS = { font: 1, textAlign: 1, textBaseline: 1, lineCap: 1, lineJoin: 1, globalCompositeOperation: 1 };
  // Web methods whose arguments are numbers (and booleans: arc's anticlockwise).
  var PLAIN = ['save', 'restore', 'translate', 'rotate', 'scale', 'transform', 'setTransform',
    'resetTransform', 'beginPath', 'closePath', 'moveTo', 'lineTo', 'arc', 'arcTo',
    'quadraticCurveTo', 'bezierCurveTo', 'rect', 'roundRect', 'ellipse', 'fillRect', 'strokeRect',
    'clearRect'];

  // A gradient: `addColorStop` collects stops; set as a style, it becomes the JSON object the
  // canvas takes, with the stops it has *then* (later stops do not change what was drawn).
  function Gradient(kind, coords) {
    Object.defineProperty(this, '__kind', { value: kind });
    Object.defineProperty(this, '__coords', { value: coords });
    Object.defineProperty(this, '__stops', { value: [] });
  }
  Gradient.prototype.addColorStop = function (offset, color) {
    this.__stops.push([Number(offset), String(color)]);
  };
  function Pattern(src, repetition) {
    Object.defineProperty(this, '__src', { value: src });
    Object.defineProperty(this, '__repetition', { value: repetition == null || repetition === '' ? 'repeat' : String(repetition) });
  }
  function styleValue(v) {
    if (v instanceof Gradient) {
      var g = { stops: v.__stops.slice() };
      g[v.__kind] = v.__coords;
      return g;
    }
    if (v instanceof Pattern) return { pattern: v.__src, repetition: v.__repetition };
    return String(v);
  }
  function num(v) { return typeof v === 'boolean' ? v : Number(v); }
  function nums(args) { return Array.prototype.map.call(args, num); }
  // What an image argument names for the canvas: a path string, an Image from createImage(),
  // or the `src` of anything that has one.
  function imageSource(img) {
    if (img == null) return '';
    if (typeof img === 'string') return img;
    if (img.__src !== undefined) return img.__path || img.__src;
    if (typeof img.src === 'string') return img.src;
    if (typeof img.path === 'string') return img.path;
    return String(img);
  }

  // What both contexts share: the recording and the Web calls.
  function record(ctx, method, args) { ctx.__calls.push({ method: method, args: args }); ctx.__recorded(); }
  function setProp(ctx, name, value) {
    var v = STYLE_PROPS[name] ? styleValue(value)
      : TEXT_PROPS[name] ? String(value)
      : name === 'imageSmoothingEnabled' ? Boolean(value)
      : Number(value);
    ctx.__state[name] = value;
    record(ctx, 'set', [name, v]);
  }
  function defineWeb(proto) {
    Object.keys(PROPS).forEach(function (name) {
      Object.defineProperty(proto, name, {
        get: function () { return this.__state[name]; },
        set: function (v) { setProp(this, name, v); },
        enumerable: true,
        configurable: true,
      });
    });
    PLAIN.forEach(function (m) {
      proto[m] = function () {
        if (m === 'save') this.__stack.push(Object.assign({}, this.__state));
        if (m === 'restore' && this.__stack.length) this.__state = this.__stack.pop();
        record(this, m, nums(arguments));
      };
    });
    proto.fill = function (rule) { record(this, 'fill', typeof rule === 'string' ? [rule] : []); };
    proto.clip = function (rule) { record(this, 'clip', typeof rule === 'string' ? [rule] : []); };
    proto.stroke = function () { record(this, 'stroke', []); };
    proto.setLineDash = function (segments) {
      this.__dash = Array.isArray(segments) ? segments.map(Number) : [];
      record(this, 'setLineDash', [this.__dash]);
    };
    proto.getLineDash = function () { return (this.__dash || []).slice(); };
    proto.fillText = function (text, x, y, maxWidth) {
      var args = [String(text), Number(x), Number(y)];
      if (maxWidth !== undefined) args.push(Number(maxWidth));
      record(this, 'fillText', args);
    };
    proto.strokeText = function (text, x, y, maxWidth) {
      var args = [String(text), Number(x), Number(y)];
      if (maxWidth !== undefined) args.push(Number(maxWidth));
      record(this, 'strokeText', args);
    };
    proto.drawImage = function (image) {
      var rest = nums(Array.prototype.slice.call(arguments, 1));
      if (rest.length !== 2 && rest.length !== 4 && rest.length !== 8) {
        throw new TypeError('drawImage takes an image and 2, 4 or 8 numbers, not ' + rest.length);
      }
      record(this, 'drawImage', [imageSource(image)].concat(rest));
    };
    proto.createLinearGradient = function (x0, y0, x1, y1) {
      return new Gradient('linearGradient', nums([x0, y0, x1, y1]));
    };
    proto.createRadialGradient = function (x0, y0, r0, x1, y1, r1) {
      return new Gradient('radialGradient', nums([x0, y0, r0, x1, y1, r1]));
    };
    proto.createPattern = function (image, repetition) {
      return new Pattern(imageSource(image), repetition);
    };
    proto.measureText = function (text) {
      return { width: native.measure(String(this.__state.font), String(text)) };
    };
  }

  // ---- Baidu's CanvasContext (canvas-id): recorded until draw(). ----
  function CanvasContext(route, canvasId) {
    Object.defineProperty(this, 'canvasId', { value: canvasId, enumerable: true });
    Object.defineProperty(this, '__route', { value: route });
    Object.defineProperty(this, '__calls', { value: [], writable: true });
    Object.defineProperty(this, '__state', { value: Object.assign({}, PROPS), writable: true });
    Object.defineProperty(this, '__stack', { value: [], writable: true });
  }
  defineWeb(CanvasContext.prototype);
  CanvasContext.prototype.__recorded = function () {};
  var setters = {
    setFillStyle: 'fillStyle', setStrokeStyle: 'strokeStyle', setGlobalAlpha: 'globalAlpha',
    setLineWidth: 'lineWidth', setLineCap: 'lineCap', setLineJoin: 'lineJoin',
    setMiterLimit: 'miterLimit', setLineDashOffset: 'lineDashOffset', setTextAlign: 'textAlign',
  };
  Object.keys(setters).forEach(function (m) {
    CanvasContext.prototype[m] = function (v) { setProp(this, setters[m], v); };
  });
  // Baidu's `normal` baseline is the Web's `alphabetic`.
  CanvasContext.prototype.setTextBaseline = function (v) {
    setProp(this, 'textBaseline', v === 'normal' ? 'alphabetic' : v);
  };
  // setFontSize keeps the style, weight and family already set and changes the size only.
  CanvasContext.prototype.setFontSize = function (size) {
    var font = String(this.__state.font);
    var px = Number(size) + 'px';
    var next = /\d*\.?\d+px/.test(font) ? font.replace(/\d*\.?\d+px/, px) : px + ' sans-serif';
    setProp(this, 'font', next);
  };
  CanvasContext.prototype.setShadow = function (offsetX, offsetY, blur, color) {
    setProp(this, 'shadowOffsetX', offsetX === undefined ? 0 : offsetX);
    setProp(this, 'shadowOffsetY', offsetY === undefined ? 0 : offsetY);
    setProp(this, 'shadowBlur', blur === undefined ? 0 : blur);
    setProp(this, 'shadowColor', color === undefined ? 'black' : color);
  };
  // setLineDash(pattern, offset): the Web's setLineDash plus lineDashOffset.
  CanvasContext.prototype.setLineDash = function (pattern, offset) {
    this.__dash = Array.isArray(pattern) ? pattern.map(Number) : [];
    record(this, 'setLineDash', [this.__dash]);
    if (offset !== undefined) setProp(this, 'lineDashOffset', offset);
  };
  CanvasContext.prototype.createCircularGradient = function (x, y, r) {
    return new Gradient('radialGradient', nums([x, y, 0, x, y, r]));
  };
  // draw(reserve, callback): the recorded calls go to the canvas now; reserve false (the
  // default) clears it first. The callback runs on a later turn, as after the phone's
  // round trip to its native canvas.
  CanvasContext.prototype.draw = function (reserve, callback) {
    if (typeof reserve === 'function') { callback = reserve; reserve = false; }
    var calls = this.__calls;
    this.__calls = [];
    this.__stack = [];
    native.draw(this.__route, this.canvasId, JSON.stringify(calls), !!reserve);
    if (typeof callback === 'function') later(callback);
  };
  CanvasContext.prototype.getActions = function () { return this.__calls.slice(); };

  // Where a canvas is looked up: inside the custom component given as `this` (its own
  // template, by its path from the package root), else in the page on top of the stack.
  function scopeOf(component) {
    if (component && typeof component === 'object' && typeof component.is === 'string' && component.is) {
      return component.is.replace(/^\/+/, '');
    }
    return native.route();
  }
  function createCanvasContext(canvasId, component) {
    if (typeof canvasId !== 'string') {
      throw new TypeError('createCanvasContext: canvasId must be a string');
    }
    return new CanvasContext(scopeOf(component), canvasId);
  }

  // ---- The Canvas 2D node (<canvas type="2d">): a Web context. ----
  // Calls are queued and run in order before anything reads the pixels (an export, a resize)
  // and whenever 512 are waiting: page code cannot tell this from drawing at once, since
  // there is nothing to read pixels back with (getImageData is not offered).
  var FLUSH_AT = 512;
  function Context2D(node) {
    Object.defineProperty(this, 'canvas', { value: node, enumerable: true });
    Object.defineProperty(this, '__calls', { value: [], writable: true });
    Object.defineProperty(this, '__state', { value: Object.assign({}, PROPS), writable: true });
    Object.defineProperty(this, '__stack', { value: [], writable: true });
  }
  defineWeb(Context2D.prototype);
  Context2D.prototype.__recorded = function () {
    if (this.__calls.length >= FLUSH_AT) this.__flush();
  };
  Context2D.prototype.__flush = function () {
    if (!this.__calls.length) return;
    var calls = this.__calls;
    this.__calls = [];
    native.nodeRun(this.canvas.__key, JSON.stringify(calls));
  };
  Context2D.prototype.__reset = function () {
    this.__calls = [];
    this.__state = Object.assign({}, PROPS);
    this.__stack = [];
    this.__dash = [];
  };

  // An Image from canvas.createImage(): setting `src` reads the picture's size from the app's
  // files, then `onload` (or `onerror`) runs on a later turn. An http(s) URL is fetched first
  // with the app's own swan.downloadFile (its domain whitelist and limits), as the phone's
  // webview would fetch it; the picture is then drawn from the downloaded temp file.
  function CanvasImage() {
    Object.defineProperty(this, '__src', { value: '', writable: true });
    Object.defineProperty(this, '__path', { value: '', writable: true });
    this.width = 0;
    this.height = 0;
    this.onload = null;
    this.onerror = null;
    this.complete = false;
  }
  Object.defineProperty(CanvasImage.prototype, 'src', {
    get: function () { return this.__src; },
    set: function (v) {
      var self = this;
      var src = String(v);
      self.__src = src;
      self.__path = '';
      self.complete = false;
      var settle = function (path, info) {
        if (self.__src !== src) return; // replaced meanwhile
        self.complete = true;
        if (typeof info === 'string') {
          if (typeof self.onerror === 'function') self.onerror({ type: 'error', errMsg: info });
          return;
        }
        self.__path = path;
        self.width = info[0];
        self.height = info[1];
        if (typeof self.onload === 'function') self.onload({ type: 'load' });
      };
      if (/^https?:\/\//i.test(src)) {
        swanApi.downloadFile({
          url: src,
          success: function (r) {
            settle(r.tempFilePath, r.statusCode === 200 ? native.imageInfo(r.tempFilePath) : 'image download failed: HTTP ' + r.statusCode);
          },
          fail: function (e) { settle('', e.errMsg); },
        });
        return;
      }
      var info = native.imageInfo(src);
      later(function () { settle(src, info); });
    },
    enumerable: true,
    configurable: true,
  });
  CanvasImage.prototype.addEventListener = function (type, f) {
    if (type === 'load') this.onload = f;
    if (type === 'error') this.onerror = f;
  };

  var nodes = new Map();
  function CanvasNode(key, id) {
    Object.defineProperty(this, '__key', { value: key });
    Object.defineProperty(this, '__size', { value: [300, 150], writable: true });
    Object.defineProperty(this, '__context', { value: null, writable: true });
    this.id = id;
    native.nodeResize(key, 300, 150);
  }
  ['width', 'height'].forEach(function (side, i) {
    Object.defineProperty(CanvasNode.prototype, side, {
      get: function () { return this.__size[i]; },
      // As on the Web: a new size is a new, cleared bitmap and a reset context.
      set: function (v) {
        var n = Math.floor(Number(v));
        if (!(n >= 0)) n = i === 0 ? 300 : 150;
        var size = this.__size.slice();
        size[i] = n;
        this.__size = size;
        if (this.__context) this.__context.__reset();
        native.nodeResize(this.__key, size[0], size[1]);
      },
      enumerable: true,
      configurable: true,
    });
  });
  CanvasNode.prototype.getContext = function (type) {
    if (type !== '2d') return null;
    if (!this.__context) this.__context = new Context2D(this);
    return this.__context;
  };
  CanvasNode.prototype.createImage = function () { return new CanvasImage(); };
  CanvasNode.prototype.requestAnimationFrame = function (f) { return setTimeout(function () { f(Date.now()); }, 16); };
  CanvasNode.prototype.cancelAnimationFrame = function () {};
  CanvasNode.prototype.__flush = function () { if (this.__context) this.__context.__flush(); };

  function canvasNode(key, id) {
    var node = nodes.get(key);
    if (!node) {
      node = new CanvasNode(key, id);
      nodes.set(key, node);
    }
    return node;
  }

  // ---- createSelectorQuery: what can be known without rendering. ----
  // A canvas of the page's template (found by `#id`) answers with its CSS size (template and
  // stylesheets, or --canvas) at the top left, and `node` for a `type="2d"` one; the viewport
  // answers with the window. Nothing is laid out, so a `select` of another element of the
  // template answers a zero-sized box at the top left (real pages read `res[0].height` and
  // must not crash on a null the phone would never give), one the template cannot have
  // answers null as on the phone; `selectAll` of non-canvases answers none.
  function element(route, selector) {
    var info = native.element(route, String(selector));
    return info == null ? null : JSON.parse(info);
  }
  function unlaid(selector) {
    var s = String(selector);
    return { id: s.charAt(0) === '#' ? s.slice(1) : '', width: 0, height: 0, node: null };
  }
  function rectOf(e) {
    return { id: e.id, dataset: {}, left: 0, top: 0, right: e.width, bottom: e.height, width: e.width, height: e.height };
  }
  function fieldsOf(e, fields) {
    var out = {};
    if (fields.id) out.id = e.id;
    if (fields.dataset) out.dataset = {};
    if (fields.rect) { out.left = 0; out.top = 0; out.right = e.width; out.bottom = e.height; }
    if (fields.size) { out.width = e.width; out.height = e.height; }
    if (fields.node) out.node = e.node ? canvasNode(e.node, e.id) : null;
    if (fields.scrollOffset) { out.scrollLeft = 0; out.scrollTop = 0; }
    return out;
  }
  function NodesRef(query, selector, all) {
    this.__query = query;
    this.__selector = selector;
    this.__all = all;
  }
  NodesRef.prototype.__add = function (answer, callback) {
    var route = this.__query.__route;
    var selector = this.__selector;
    var all = this.__all;
    this.__query.__tasks.push({
      callback: callback,
      run: function () {
        if (selector === null) return answer(null);
        var e = element(route, selector);
        if (all) return e === null ? [] : [answer(e)];
        if (e !== null) return answer(e);
        return native.mayMatch(route, String(selector)) ? answer(unlaid(selector)) : null;
      },
    });
    return this.__query;
  };
  NodesRef.prototype.boundingClientRect = function (cb) { return this.__add(function (e) { return e ? rectOf(e) : viewportRect(); }, cb); };
  NodesRef.prototype.fields = function (fields, cb) { var f = fields || {}; return this.__add(function (e) { return e ? fieldsOf(e, f) : viewportFields(f); }, cb); };
  NodesRef.prototype.node = function (cb) { return this.__add(function (e) { return e ? { node: e.node ? canvasNode(e.node, e.id) : null } : null; }, cb); };
  NodesRef.prototype.scrollOffset = function (cb) { return this.__add(function (e) { return { id: e ? e.id : '', dataset: {}, scrollLeft: 0, scrollTop: 0 }; }, cb); };
  NodesRef.prototype.context = function (cb) { var q = this.__query; return this.__add(function (e) { return { context: new CanvasContext(q.__route, e ? e.id : '') }; }, cb); };
  function viewportRect() {
    var v = native.viewport();
    return { id: '', dataset: {}, left: 0, top: 0, right: v[0], bottom: v[1], width: v[0], height: v[1] };
  }
  function viewportFields(f) {
    var v = native.viewport();
    return fieldsOf({ id: '', width: v[0], height: v[1], node: null }, f);
  }

  function SelectorQuery() {
    Object.defineProperty(this, '__route', { value: native.route(), writable: true });
    Object.defineProperty(this, '__tasks', { value: [] });
  }
  SelectorQuery.prototype.in = function (component) { this.__route = scopeOf(component); return this; };
  SelectorQuery.prototype.select = function (s) { return new NodesRef(this, s, false); };
  SelectorQuery.prototype.selectAll = function (s) { return new NodesRef(this, s, true); };
  SelectorQuery.prototype.selectViewport = function () { return new NodesRef(this, null, false); };
  // exec(callback): the answers, in the order asked, on a later turn; each field's own
  // callback first, as on the phone.
  SelectorQuery.prototype.exec = function (callback) {
    var tasks = this.__tasks.splice(0);
    later(function () {
      var results = tasks.map(function (t) { return t.run(); });
      tasks.forEach(function (t, i) { if (typeof t.callback === 'function') t.callback(results[i]); });
      if (typeof callback === 'function') callback(results);
    });
    return this;
  };

  function createSelectorQuery() { return new SelectorQuery(); }

  // canvasToTempFilePath({canvas: node}): the node's queued calls are drawn first.
  function canvasToTempFilePath(options, component) {
    var key = null;
    if (options !== null && typeof options === 'object') {
      var canvas = options.canvas;
      if (canvas instanceof CanvasNode) {
        canvas.__flush();
        key = canvas.__key;
      }
    }
    return native.exportApi(options, key, scopeOf(component));
  }

  return {
    createCanvasContext: createCanvasContext,
    createSelectorQuery: createSelectorQuery,
    canvasToTempFilePath: canvasToTempFilePath,
  };
})
