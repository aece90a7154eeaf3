/* The Ant Book: draw each chart of a page when it comes near the screen.
 *
 * Inlined once, at the end of every page that has a chart (antbook.book.sphinx_ext). Each chart
 * is a <div class="antbook-chart" data-antbook-chart data-antbook-spec=ID> holding a text fallback
 * (the chart's title and description); its Vega-Lite spec is the script _static/charts/ID.js. The
 * spec and the Vega runtime (both served by the site itself) are fetched, async, only when the
 * chart nears the viewport, so they never delay the first paint.
 *
 * Each chart is fitted to the width it has: if its natural drawing is wider, its views are narrowed
 * (side-by-side views are stacked when too narrow); a chart marked as a drawing that cannot
 * shrink (usermeta.antbook.shrink === false, or a labelled node-link layout) keeps its width and
 * scrolls sideways in a focusable box. Charts follow pydata-sphinx-theme's light/dark mode
 * (<html data-theme>) and are re-drawn, keeping their controls' values, when the reader toggles it.
 * window.antbookCharts.drawAll() draws every chart now (tests, printing).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var RUNTIME = script.getAttribute("data-runtime");
  var CHARTS = script.getAttribute("data-charts");
  var MIN_VIEW = 150;     // narrowest plot (px) before side-by-side views are stacked
  var loading = null;

  function loadRuntime() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = RUNTIME;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () { loading = null; reject(new Error("could not load " + RUNTIME)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // Each chart's spec is a script of its own (_static/charts/<id>.js) calling antbookChartSpec.
  var specWaiting = {};
  window.antbookChartSpec = function (id, spec) {
    if (specWaiting[id]) { specWaiting[id].resolve(JSON.stringify(spec)); }
  };
  function loadSpec(id) {
    if (!specWaiting[id]) {
      var w = specWaiting[id] = {};
      w.promise = new Promise(function (resolve, reject) {
        w.resolve = resolve;
        var s = document.createElement("script");
        s.src = CHARTS + "/" + id + ".js";
        s.async = true;
        s.onerror = function () {
          delete specWaiting[id];
          reject(new Error("could not load " + s.src));
        };
        document.head.appendChild(s);
      });
    }
    return specWaiting[id].promise;
  }

  // ---- colours for dark mode ------------------------------------------------------------------
  var DARK = {background: "#121212", text: "#e8e8e8", muted: "#c4c4c4", grid: "#3a3a3a",
              domain: "#8a8a8a"};
  // Okabe-Ito, lightened where needed for 4.5:1 against the dark page (hue kept, so a colour
  // names the same thing in both modes).
  var PALETTE_DARK = {"#0072b2": "#4ba3e3", "#c07f00": "#f0b132", "#009e73": "#21c495",
                      "#cc79a7": "#dc93bd", "#3b91c4": "#7cc6f0", "#d55e00": "#ff8c42",
                      "#888888": "#a8a8a8"};
  var NAMED = {black: "#000000", white: "#ffffff", grey: "#808080", gray: "#808080"};

  function hexToRgb(h) {
    h = h.slice(1);
    if (h.length === 3) { h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2]; }
    return [0, 2, 4].map(function (i) { return parseInt(h.slice(i, i + 2), 16) / 255; });
  }
  function rgbToHex(c) {
    return "#" + c.map(function (v) {
      var s = Math.round(Math.max(0, Math.min(1, v)) * 255).toString(16);
      return s.length === 1 ? "0" + s : s;
    }).join("");
  }
  function luminance(c) {
    var l = c.map(function (v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // A colour for the dark page: the palette's own dark twin; light fills (backgrounds of text,
  // white strokes) become dark; dark inks and greys become light enough to read (>= 4.5:1).
  function darkColour(value) {
    var key = value.toLowerCase();
    if (NAMED[key]) { key = NAMED[key]; }
    if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(key)) { return value; }
    if (key.length === 4) { key = rgbToHex(hexToRgb(key)); }
    if (PALETTE_DARK[key]) { return PALETTE_DARK[key]; }
    var c = hexToRgb(key), bg = hexToRgb(DARK.background);
    if (luminance(c) > 0.8) {  // white or nearly: a background or a separating stroke
      return rgbToHex(c.map(function (v) { return 0.07 + (1 - v) * 0.6; }));
    }
    if (luminance(c) > 0.3) {  // a light mark (a grey for "other"): darker, still 3:1 on the page
      var k = 1;
      while (k > 0.2 && contrast(c.map(function (v) { return v * (k - 0.02); }), bg) >= 3.2) {
        k -= 0.02;
      }
      return rgbToHex(c.map(function (v) { return v * k; }));
    }
    var t = 0;
    var out = c;
    while (contrast(out, bg) < 4.6 && t < 1) {  // mix towards white until readable
      t += 0.05;
      out = c.map(function (v) { return v + (1 - v) * t; });
    }
    return rgbToHex(out);
  }
  var COLOUR_KEYS = /^(color|fill|stroke|background|range|value|labelColor|titleColor|gridColor|domainColor|tickColor|subtitleColor|scheme)$/;
  function recolour(node, key) {
    if (typeof node === "string") {
      return (COLOUR_KEYS.test(key) || key === "*") ? darkColour(node) : node;
    }
    if (Array.isArray(node)) {
      return node.map(function (v) { return recolour(v, key === "range" ? "*" : key); });
    }
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (k) {
        // data values are data, not colours (except when a scale maps them to colours)
        if (k === "data" || k === "datasets" || k === "values" || k === "domain" || k === "description" || k === "title" && typeof node[k] === "string") {
          out[k] = node[k];
        } else {
          out[k] = recolour(node[k], (key === "range" || key === "*") ? "*" : k);
        }
      });
      return out;
    }
    return node;
  }
  function darkConfig(config) {
    config = recolour(config || {}, "config");
    function set(path, values) {
      var o = config;
      path.forEach(function (p) { o = o[p] = o[p] || {}; });
      Object.keys(values).forEach(function (k) { o[k] = values[k]; });
    }
    config.background = DARK.background;
    set(["title"], {color: DARK.text, subtitleColor: DARK.muted});
    set(["axis"], {labelColor: DARK.muted, titleColor: DARK.text, gridColor: DARK.grid,
                   domainColor: DARK.domain, tickColor: DARK.domain});
    // symbols of a legend that is not a colour's (opacity: "How sure") are drawn in the text's
    // colour; vega's default is black, invisible on the dark page
    set(["legend"], {labelColor: DARK.muted, titleColor: DARK.text,
                     symbolFillColor: DARK.text, symbolBaseFillColor: DARK.text});
    set(["header"], {labelColor: DARK.text, titleColor: DARK.text});
    set(["text"], {color: DARK.text});
    set(["view"], {stroke: null});
    var range = config.range || {};
    range.category = (range.category || Object.keys(PALETTE_DARK)).map(darkColour);
    config.range = range;
    return config;
  }
  function themed(spec, mode) {
    if (mode !== "dark") {
      spec.config = spec.config || {};
      if (spec.config.background === undefined) { spec.config.background = "#ffffff"; }
      return spec;
    }
    var config = spec.config;
    var out = recolour(spec, "spec");
    out.config = darkConfig(config);
    return out;
  }
  function currentMode() {
    return document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light";
  }

  // ---- fitting to the width available ---------------------------------------------------------
  function scaleWidths(node, f) {
    if (Array.isArray(node)) { node.forEach(function (v) { scaleWidths(v, f); }); return; }
    if (!node || typeof node !== "object") { return; }
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if ((k === "width" || k === "continuousWidth" || k === "discreteWidth") &&
          typeof v === "number") {
        node[k] = Math.max(40, Math.floor(v * f));
      } else if (k !== "data" && k !== "datasets") {
        scaleWidths(v, f);
      }
    });
  }
  // The plot width a spec asks for: side-by-side views add up, stacked/layered take the widest.
  function planWidth(view, dflt) {
    if (!view || typeof view !== "object") { return 0; }
    var w = typeof view.width === "number" ? view.width : 0;
    if (Array.isArray(view.hconcat)) {
      return view.hconcat.reduce(function (a, v) { return a + planWidth(v, dflt); }, 0);
    }
    if (w && Array.isArray(view.layer)) { return w; }  // layers share their parent's width
    var kids = view.vconcat || view.concat || view.layer;
    if (Array.isArray(kids)) {
      return Math.max(w, Math.max.apply(null, kids.map(function (v) { return planWidth(v, dflt); })));
    }
    if (view.spec) {  // a facet: its columns, or at least two
      return planWidth(view.spec, dflt) * (typeof view.columns === "number" ? view.columns : 2);
    }
    return w || (view.mark ? dflt : 0);
  }
  // How far a chart may shrink. A labelled node-link drawing (both axes hidden, text marks)
  // with many labels keeps nearly its size: narrower, its labels would collide.
  function minScale(spec) {
    var meta = spec.usermeta && spec.usermeta.antbook;
    if (meta && typeof meta.minScale === "number") { return meta.minScale; }
    var labels = 0;
    function rows(view, data) {
      var d = view.data || data;
      var name = d && d.name;
      return name && spec.datasets && spec.datasets[name] ? spec.datasets[name].length : 0;
    }
    function walk(view, data, drawing) {
      if (!view || typeof view !== "object") { return; }
      var enc = view.encoding || {};
      var mark = view.mark && (view.mark.type || view.mark);
      var hidden = enc.x && enc.y && enc.x.axis === null && enc.y.axis === null;
      if ((drawing || hidden) && mark === "text") { labels = Math.max(labels, rows(view, data)); }
      ["layer", "vconcat", "hconcat", "concat"].forEach(function (k) {
        if (Array.isArray(view[k])) {
          view[k].forEach(function (v) { walk(v, view.data || data, drawing || hidden); });
        }
      });
    }
    walk(spec, spec.data, false);
    return labels > 20 ? 0.9 : 0.1;
  }
  // Titles do not wrap in Vega; a long one makes the drawing wider than the screen. Break each
  // view's title (and subtitle) into lines that fit `avail` pixels.
  var measurer = null;
  function textWidth(text, font) {  // pixels, as the browser draws it
    if (!measurer) { measurer = document.createElement("canvas").getContext("2d"); }
    measurer.font = font;
    return measurer.measureText(text).width;
  }
  function wrap(text, width, font) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if (line && textWidth(line + " " + w, font) > width) { lines.push(line); line = w; }
      else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : lines[0] || "";
  }
  function wrapTitles(spec, avail) {
    var config = spec.config || {};
    var conf = config.title || {};
    var family = conf.font || config.font || "sans-serif";
    var size = conf.fontSize || 13, subSize = conf.subtitleFontSize || 10;
    var weight = conf.fontWeight || "bold", subWeight = conf.subtitleFontWeight || "normal";
    function font(w, s, f) { return w + " " + s + "px " + f; }
    function one(view, width) {
      if (!view || typeof view !== "object") { return; }
      var t = view.title;
      if (typeof t === "string" || Array.isArray(t)) { t = view.title = {text: t}; }
      if (t && typeof t === "object") {
        if (t.text) {
          t.text = wrap([].concat(t.text).join(" "), width,
                        font(t.fontWeight || weight, t.fontSize || size, t.font || family));
        }
        if (t.subtitle) {
          t.subtitle = wrap([].concat(t.subtitle).join(" "), width,
                            font(t.subtitleFontWeight || subWeight,
                                 t.subtitleFontSize || subSize, t.subtitleFont || family));
        }
      }
      ["vconcat", "hconcat", "concat", "layer"].forEach(function (k) {
        if (Array.isArray(view[k])) {
          view[k].forEach(function (v) { one(v, k === "hconcat" ? width / view[k].length : width); });
        }
      });
      if (view.spec) { one(view.spec, width); }
    }
    one(spec, avail);
    return spec;
  }

  // A legend the chart places itself: on a phone, under the drawing, one entry a line.
  function phoneLegends(node, avail) {
    if (Array.isArray(node)) { node.forEach(function (v) { phoneLegends(v, avail); }); return; }
    if (!node || typeof node !== "object") { return; }
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if (k === "legend" && v && typeof v === "object" && !Array.isArray(v) && node.field !== undefined) {
        if (v.columns !== undefined) { v.columns = 1; }
        if (v.orient === "right" || v.orient === "left") { v.orient = "bottom"; }
        v.direction = "vertical";
        v.labelLimit = Math.min(v.labelLimit || 1e9, avail - 40);
      } else if (k !== "data" && k !== "datasets" && k !== "config") {
        phoneLegends(v, avail);
      }
    });
  }

  // Views side by side: an hconcat, or a facet wrapped in several columns.
  function sideBySide(spec) {
    if (Array.isArray(spec.hconcat)) { return spec.hconcat; }
    if (spec.spec && typeof spec.columns === "number" && spec.columns > 1) {
      return new Array(spec.columns).fill(spec.spec);
    }
    return null;
  }
  function stack(spec) {  // side by side -> one above the other
    var out = JSON.parse(JSON.stringify(spec));
    if (out.hconcat) {
      out.vconcat = out.hconcat;
      delete out.hconcat;
    } else {
      out.columns = 1;
    }
    return out;
  }

  // ---- drawing ---------------------------------------------------------------------------------
  function paramNames(node, names) {
    if (Array.isArray(node)) { node.forEach(function (v) { paramNames(v, names); }); return names; }
    if (!node || typeof node !== "object") { return names; }
    if (Array.isArray(node.params)) {
      node.params.forEach(function (p) {
        if (p && p.name) { names.signals[p.name] = true; names.data[p.name + "_store"] = true; }
      });
    }
    Object.keys(node).forEach(function (k) {
      if (k !== "data" && k !== "datasets") { paramNames(node[k], names); }
    });
    return names;
  }

  function embed(target, spec) {
    return window.vegaEmbed(target, spec, {actions: false, renderer: "svg"});
  }

  function drawnWidth(view) {
    var svg = view.container() && view.container().querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  // Draw chart `el` into a fresh inner box, fitted and themed; resolve with the new box.
  function render(el, state) {
    var original = JSON.parse(el.__antbookSpecText);
    var avail = el.clientWidth;
    var box = document.createElement("div");
    box.className = "antbook-chart-view";
    var old = el.querySelector(".antbook-chart-view");
    if (old) {  // re-draw behind the old drawing, then swap: no flash, no jump
      box.style.position = "absolute";
      box.style.visibility = "hidden";
      box.style.left = "0";
      box.style.top = "0";
    }
    el.appendChild(box);
    var mode = currentMode();
    var fitted = el.__antbookFitted ? JSON.parse(el.__antbookFitted) : null;
    if (!fitted && avail) {
      original = wrapTitles(original, avail - 8);
      if (avail < 560) {  // a phone: legends list their entries one a line, within the width
        original.config = original.config || {};
        var legend = original.config.legend = original.config.legend || {};
        if (legend.direction === undefined) { legend.direction = "vertical"; }
        legend.labelLimit = Math.min(legend.labelLimit || 1e9, avail - 40);
        // several legends under the drawing: one above the other, not side by side
        legend.layout = {bottom: {direction: "vertical", anchor: "start"},
                         top: {direction: "vertical", anchor: "start"}};
        phoneLegends(original, avail);
      }
    }
    var first = fitted || original;

    var tried = [];
    function attempt(spec) {
      return embed(box, themed(JSON.parse(JSON.stringify(spec)), mode)).then(function (res) {
        var r = {spec: spec, result: res, width: drawnWidth(res.view)};
        tried.push(r);
        return r;
      });
    }
    // A drawing that still overshoots after fitting is held by something fixed (text at pixel
    // positions, long labels) and will scroll: draw it with the widest views among the attempts
    // within 4 px of its narrowest drawing, not with views squeezed for nothing.
    function settle(r) {
      if (r.width <= avail + 1 || tried.length < 2) { return r; }
      var least = Math.min.apply(null, tried.map(function (t) { return t.width; }));
      var best = tried.filter(function (t) { return t.width <= least + 4; })
        .sort(function (a, b) { return planWidth(b.spec, dflt) - planWidth(a.spec, dflt); })[0];
      if (best === r || planWidth(best.spec, dflt) <= planWidth(r.spec, dflt)) { return r; }
      r.result.view.finalize();
      box.innerHTML = "";
      return attempt(best.spec);
    }
    var dflt = (original.config && original.config.view &&
                original.config.view.continuousWidth) || 300;
    var lowest = minScale(original);
    // Narrow the views by what the drawing overshoots (axes, legends and titles keep their
    // size, so a step may fall short: up to three steps). Views side by side that would get
    // narrower than MIN_VIEW are stacked instead.
    // If narrower views left the drawing as wide as it was, what holds it is not the views:
    // legends side by side under it. They go one above the other (once), and fitting goes on.
    var legendsStacked = false;
    function stackLegends(spec) {
      spec.config = spec.config || {};
      var legend = spec.config.legend = spec.config.legend || {};
      legend.layout = {bottom: {direction: "vertical", anchor: "start"},
                       top: {direction: "vertical", anchor: "start"}};
      return spec;
    }
    function refit(r, step, before) {
      if (r.width <= avail + 1) { return r; }
      var spec = JSON.parse(JSON.stringify(r.spec));
      if (!legendsStacked && before && r.width >= before - 1) {
        legendsStacked = true;
        r.result.view.finalize();
        box.innerHTML = "";
        return attempt(stackLegends(spec)).then(function (r2) { return refit(r2, step, null); });
      }
      if (step > 3) { return r; }
      var plan = planWidth(r.spec, dflt);
      var base = planWidth(original, dflt);
      if (!plan || !base) { return r; }
      var f = (plan - (r.width - avail) - 4) / plan;
      var stacked = false;
      if (step === 1 && sideBySide(spec)) {
        var n = sideBySide(spec).length;
        var narrowestView = Math.min.apply(null, sideBySide(spec).map(function (v) {
          return planWidth(v, dflt);
        }));
        if (narrowestView * f < MIN_VIEW) {
          var overhead = r.width - plan;
          spec = wrapTitles(stack(spec), avail - 8);  // stacked views have the full width
          stacked = true;
          plan = planWidth(spec, dflt);
          f = (avail - Math.max(40, overhead / n) - 8) / plan;
        }
      }
      f = Math.min(1, f);
      var total = planWidth(spec, dflt) * f / base;
      var clamped = total < lowest;
      if (clamped) { f = f * lowest / total; }
      if (f >= 0.999 && !stacked) { return r; }
      scaleWidths(spec, f);
      r.result.view.finalize();
      box.innerHTML = "";
      return attempt(spec).then(function (r2) {
        if (r2.width > r.width + 1) {  // narrower views, a wider drawing: keep the step before
          r2.result.view.finalize();
          box.innerHTML = "";
          return attempt(r.spec);
        }
        return clamped && legendsStacked ? r2 : refit(r2, step + 1, r.width);
      });
    }
    return attempt(first).then(function (r) {
      return (fitted || !avail) ? r : Promise.resolve(refit(r, 1)).then(settle);
    }).then(function (r) {
      el.__antbookFitted = JSON.stringify(r.spec);
      if (state) {
        try { r.result.view.setState(state); } catch (e) { /* a param that is gone */ }
      }
      if (old) {
        if (old.__antbookView) { old.__antbookView.finalize(); }
        old.remove();
        box.style.position = box.style.visibility = box.style.left = box.style.top = "";
      }
      box.__antbookView = r.result.view;
      el.__antbookView = r.result.view;
      el.__antbookMode = mode;
      var svg = box.querySelector("svg");
      var label = el.getAttribute("aria-label");
      if (svg) {
        // the drawing is named by the chart's title and description; a mark group vega leaves
        // unnamed would be an unnamed graphic (axe: svg-img-alt), so it loses its role (its
        // items keep their own names, one per data point)
        svg.setAttribute("aria-label", label);
        Array.prototype.forEach.call(svg.querySelectorAll("[role]"), function (n) {
          if (!n.getAttribute("aria-label") && !n.getAttribute("aria-labelledby")) {
            n.removeAttribute("role");
            n.removeAttribute("aria-roledescription");
          }
        });
      }
      var scroll = r.width > el.clientWidth + 1;
      el.classList.toggle("antbook-chart-scroll", scroll);
      if (scroll) {
        el.setAttribute("tabindex", "0");
      } else {
        el.removeAttribute("tabindex");
      }
      var fallback = el.querySelector(".antbook-chart-fallback");
      if (fallback) { fallback.remove(); }
      el.setAttribute("data-antbook-state", "drawn");
      return el;
    });
  }

  function state(el) {
    var view = el.__antbookView;
    if (!view) { return null; }
    var names = paramNames(JSON.parse(el.__antbookSpecText), {signals: {}, data: {}});
    try {
      return view.getState({
        signals: function (name) { return !!names.signals[name]; },
        data: function (name) { return !!names.data[name]; },
        recurse: true
      });
    } catch (e) { return null; }
  }

  // The window's width when charts were last fitted. Read when the first chart is drawn, not as
  // the page loads: reading innerWidth mid-parse forces a full style and layout pass (~100 ms on
  // a throttled phone, counted as blocking time).
  var lastWidth = null, timer = null;

  function draw(el, keep) {
    if (lastWidth === null) { lastWidth = window.innerWidth; }
    if (el.__antbookPending) { return el.__antbookPending; }
    if (!keep && el.getAttribute("data-antbook-state") === "drawn") { return Promise.resolve(el); }
    el.setAttribute("data-antbook-state", "loading");
    var spec = el.__antbookSpecText ? Promise.resolve(el.__antbookSpecText)
      : loadSpec(el.getAttribute("data-antbook-spec"));
    var p = Promise.all([spec, loadRuntime()]).then(function (loaded) {
      el.__antbookSpecText = loaded[0];
      return render(el, keep ? state(el) : null);
    }).catch(function (err) {
      el.setAttribute("data-antbook-state", "failed");
      var fallback = el.querySelector(".antbook-chart-fallback") || el;
      fallback.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    }).then(function (r) {
      el.__antbookPending = null;
      return r;
    });
    el.__antbookPending = p;
    return p;
  }

  var charts = Array.prototype.slice.call(document.querySelectorAll("[data-antbook-chart]"));
  if ("IntersectionObserver" in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); }
      });
    }, {rootMargin: "300px 0px"});
    charts.forEach(function (el) { seen.observe(el); });
  } else {
    charts.forEach(function (el) { draw(el); });
  }

  function redrawDrawn() {
    charts.forEach(function (el) {
      if (el.__antbookView) { draw(el, true); }
    });
  }
  new MutationObserver(function () {
    charts.forEach(function (el) {
      if (el.__antbookView && el.__antbookMode !== currentMode()) { draw(el, true); }
    });
  }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});

  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      // nothing drawn yet, or a change too small to refit (a phone's toolbar showing or hiding)
      if (lastWidth === null || Math.abs(window.innerWidth - lastWidth) < 40) { return; }
      lastWidth = window.innerWidth;
      charts.forEach(function (el) { el.__antbookFitted = null; });
      redrawDrawn();
    }, 250);
  });

  window.antbookCharts = {
    drawAll: function () { return Promise.all(charts.map(function (el) { return draw(el); })); },
    redraw: function () { return Promise.all(charts.map(function (el) { return draw(el, true); })); }
  };
})();
