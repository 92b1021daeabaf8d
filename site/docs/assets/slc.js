/* Scaling-Law Catalog site: math rendering, law calculators, log-log plots, compare page.
 *
 * The formulas themselves are not written here: assets/formulas/<paper>/<law>.js (one per law,
 * loaded by its page; the compare page loads assets/formulas/compare.js) is generated at build
 * time from each law's formula tree (catalog/site/jsgen.py) and adds to window.SLC_FORMULAS.
 * Record text reaches the page through the DOM (textContent), never through innerHTML.
 */
(function () {
  "use strict";

  var SUFFIX = { "": 1, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12, P: 1e15 };
  // Same grammar as catalog.ranges.parse_magnitude: a number with an optional K/M/B/G/T/P suffix in any case.
  // as catalog.engine.ranges reads them, digits grouped with underscores (70_000_000_000) too; each run of
  // spaces read by one \s (two side by side split a long one every way: quadratic in a pasted cell)
  var MAGNITUDE = /^\s*([-+]?(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?:\s*([KkMmBbGgTtPp]))?\s*$/;
  // a percentage as catalog eval reads one (catalog.engine.sweep.percentage): the same number, then %
  var PERCENT = /^\s*([-+]?(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*%\s*$/;

  /* Euler's Beta function for formulas that call Beta(a, b) (jsgen writes SLC_MATH.beta): the
   * Lanczos approximation (g = 7, 9 terms) of log|Gamma| with the reflection formula below 1/2,
   * so that B(a, b + k) stays finite for k in the thousands, where a ratio of Gamma overflows. */
  var LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

  function logGamma(x) { // [log|Gamma(x)|, sign of Gamma(x)]
    if (x < 0.5) {
      var s = Math.sin(Math.PI * x);
      var r = logGamma(1 - x);
      return [Math.log(Math.PI / Math.abs(s)) - r[0], s < 0 ? -r[1] : r[1]];
    }
    x -= 1;
    var a = LANCZOS[0];
    var t = x + 7.5;
    for (var i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
    return [0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a), 1];
  }

  function beta(a, b) {
    var ga = logGamma(a), gb = logGamma(b), gab = logGamma(a + b);
    return ga[1] * gb[1] * gab[1] * Math.exp(ga[0] + gb[0] - gab[0]);
  }

  /* The error function, for formulas that call erf (GELU written out: x/2 (1 + erf(x/sqrt 2))). Below
   * 3 the series e^-x^2 sum 2^n x^(2n+1) / (2n+1)!!, whose terms are all positive (no cancellation);
   * above, 1 - erfc by its continued fraction x + (1/2)/(x + (2/2)/(x + (3/2)/...)), from the back. */
  function erf(x) {
    if (x < 0) return -erf(-x);
    if (x < 3) {
      var term = x, sum = x;
      for (var n = 1; term > sum * 1e-17; n++) { term *= 2 * x * x / (2 * n + 1); sum += term; }
      return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
    var f = x;
    for (var k = 80; k >= 1; k--) f = x + (k / 2) / f;
    return 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  window.SLC_MATH = { beta: beta, erf: erf };

  // a calendar date as typed (2020-06, 2020-06-15, 2020/6): not a number of years or days
  var DATE = /^\s*\d{4}[-\/]\d{1,2}(?:[-\/]\d{1,2})?\s*$/;

  function parseMagnitude(text) {
    var m = MAGNITUDE.exec(String(text));
    if (!m) return NaN;
    return parseFloat(m[1].replace(/_/g, "")) * SUFFIX[(m[2] || "").toUpperCase()];  // parseFloat stops at a _
  }

  /* "20N" or "20*N", a multiple of one name (catalog.engine.sweep.proportion): [20, "N"], else
   * null; a magnitude ("1.4T", "70B") is no multiple. */
  var MULTIPLE = /^\s*([-+]?(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*\*?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
  function multipleOf(text) {
    if (isFinite(parseMagnitude(text))) return null;
    var m = MULTIPLE.exec(String(text));
    return m ? [parseFloat(m[1].replace(/_/g, "")), m[2]] : null;
  }

  var SUPERSCRIPT = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  /* x (already in percent) to `digits` significant digits, as Python's format(x, ".{digits}g") */
  function percent(x, digits) { return String(Number(x.toPrecision(digits))) + "%"; }
  function signedPercent(x, digits) { return (x < 0 ? "" : "+") + percent(x, digits); }

  function superscript(n) {
    return String(n).split("").map(function (c) { return SUPERSCRIPT[c] || c; }).join("");
  }

  /* 6 significant digits; scientific as 1.5×10¹² outside [1e-3, 1e6). */
  function format(x, digits) {
    digits = digits || 6;
    if (typeof x !== "number" || !isFinite(x)) return String(x);
    if (x === 0) return "0";
    var ax = Math.abs(x);
    if (ax >= 1e-3 && ax < 1e6) return String(parseFloat(x.toPrecision(digits)));
    var parts = x.toExponential(digits - 1).split("e");
    var mant = String(parseFloat(parts[0]));
    var exp = parseInt(parts[1], 10);
    return (mant === "1" ? "" : mant + "\u00d7") + "10" + superscript(exp);
  }

  function formula(id) {
    var all = window.SLC_FORMULAS || {};
    if (!Object.prototype.hasOwnProperty.call(all, id)) throw new Error("no generated formula for " + id);
    return all[id];
  }

  /* obj[key] when obj holds key itself, else undefined: never what Object.prototype lends every
   * object (a share link's ?plot=constructor or ?var=__proto__ names a function or the prototype). */
  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined; }

  /* An empty map from a law's symbol names, copied from `from` if given: a symbol may be called
   * toString, valueOf or hasOwnProperty (tests/fixtures/site/proto2024.yaml), which `name in {}`
   * and `{}[name]` find on Object.prototype (the calculator dropped every such parameter's
   * uncertainty, the compare page held x at "function toString() { [native code] }"). */
  function symbolMap(from) { return Object.assign(Object.create(null), from); }

  function bisect(g, lo, hi) {
    var glo = g(lo);
    for (var i = 0; i < 300; i++) {
      var mid = lo + (hi - lo) / 2;
      if (mid === lo || mid === hi) break;
      var gm = g(mid);
      if (gm === 0) return mid;
      if ((gm < 0) === (glo < 0)) { lo = mid; glo = gm; } else { hi = mid; }
    }
    return lo + (hi - lo) / 2;
  }

  /* Output of an implicit law (expression = 0), found as catalog.engine does: the first sign
   * change of the residual on 97 log-spaced outputs in [1e-12, 1e12], refined in log space. */
  var IMPLICIT_LOW = Math.log(1e-12), IMPLICIT_HIGH = Math.log(1e12), IMPLICIT_SCAN = 97;

  function solveImplicit(f, args) {
    var g = function (t) { return f.fn.apply(null, args.concat([Math.exp(t)])); };
    var ts = [], vs = [];
    for (var i = 0; i < IMPLICIT_SCAN; i++) {
      var t = IMPLICIT_LOW + (IMPLICIT_HIGH - IMPLICIT_LOW) * i / (IMPLICIT_SCAN - 1);
      ts.push(t); vs.push(g(t));
    }
    for (var j = 0; j + 1 < IMPLICIT_SCAN; j++) {
      if (!isFinite(vs[j]) || !isFinite(vs[j + 1])) continue;
      if (Math.sign(vs[j]) * Math.sign(vs[j + 1]) <= 0) {
        if (vs[j] === 0) return Math.exp(ts[j]);
        if (vs[j + 1] === 0) return Math.exp(ts[j + 1]);
        return Math.exp(bisect(g, ts[j], ts[j + 1]));
      }
    }
    return NaN;
  }

  /* The law's defined quantities (Ehat, D') at `inputs` with `params`, name -> number, as
   * catalog eval prints them under the value ("where Ehat = 8.81"). */
  function definedValues(id, inputs, params) {
    var f = formula(id), args = argumentsOf(f, inputs, params), out = symbolMap();
    (f.defined || []).forEach(function (d) { out[d[0]] = d[1].apply(null, args); });
    return out;
  }

  /* A generated function's arguments: the law's inputs, then its parameters. */
  function argumentsOf(f, inputs, params) {
    return f.inputs.map(function (n) { return inputs[n]; })
      .concat(f.parameters.map(function (n) { return params[n]; }));
  }

  /* The first of the law's conditions (U <= D) failing at `inputs` with `params`, in catalog
   * eval's words with the page's numbers ("U <= D does not hold: U = 10¹³, D = 1.7×10⁸": the
   * messages printed Python's 2e+12 beside the 2×10¹² of the inputs and warnings), or "" where all hold. */
  function failedCondition(id, inputs, params) {
    var f = formula(id), args = argumentsOf(f, inputs, params), conditions = f.conditions || [];
    for (var i = 0; i < conditions.length; i++) {
      var c = conditions[i];
      if (c[2].apply(null, args)) continue;
      return c[0] + " does not hold: " + c[1].map(function (u) {
        var v = u[1] !== null ? u[1] : own(inputs, u[0]) !== undefined ? inputs[u[0]] : params[u[0]];
        return u[0] + " = " + format(v);
      }).join(", ");
    }
    return "";
  }

  /* Evaluate law `id` at `inputs` (name -> number) with parameter values `params`: NaN where a
   * condition of the law fails (the plot leaves it out, the optimum search stays where it holds). */
  function evaluate(id, inputs, params) {
    var f = formula(id), args = argumentsOf(f, inputs, params);
    if (failedCondition(id, inputs, params)) return NaN;
    if (f.implicit) return solveImplicit(f, args);
    return f.fn.apply(null, args);
  }

  /* The compute-optimal split of budget C = k*n*d: the n minimising the law along d = C/(k n),
   * as catalog.engine.optimal's numeric path finds it (600 points of log n from 1 to C/k, then
   * the best point's neighbours refined; here where its slope changes sign). Null without an interior
   * minimum, or when the law is flat along the budget (a law in the product n*d alone). */
  var OPTIMUM_SCAN = 600, GOLDEN = (Math.sqrt(5) - 1) / 2, SLOPE_STEP = 1e-4;

  function computeOptimum(id, n, d, k, c, inputs, params) {
    var top = Math.log(c / k);
    if (!(top > 0)) return null;
    var f = function (u) {
      var p = Object.assign({}, inputs); p[n] = Math.exp(u); p[d] = c / (k * Math.exp(u));
      var v = evaluate(id, p, params);
      return isFinite(v) ? v : Infinity;
    };
    var best = -1, bestV = Infinity, lo = Infinity, hi = -Infinity;
    for (var i = 0; i < OPTIMUM_SCAN; i++) {
      var v = f(top * i / (OPTIMUM_SCAN - 1));
      if (v < bestV) { bestV = v; best = i; }
      if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (best <= 0 || best >= OPTIMUM_SCAN - 1 || !isFinite(bestV)) return null;
    if (hi - lo <= 1e-12 * Math.max(Math.abs(hi), Math.abs(lo)) * Math.sqrt(OPTIMUM_SCAN)) return null;
    var a = top * (best - 1) / (OPTIMUM_SCAN - 1), b = top * (best + 1) / (OPTIMUM_SCAN - 1);
    // Where the slope along the budget line changes sign (a central difference over SLOPE_STEP of
    // log n): the value is flat to rounding within ~1e-7 of log n around a minimum, which moved
    // the sixth digit of n_opt (ni2025 at C=1e28: 3.88436e12 against the closed form's
    // 3.88437e12); the slope's sign holds to ~1e-9. Golden section where the bracket's slopes
    // do not change sign.
    var slope = function (u) { return f(u + SLOPE_STEP) - f(u - SLOPE_STEP); };
    var u = slope(a) < 0 && slope(b) > 0 ? bisect(slope, a, b) : goldenMinimum(f, a, b), nOpt = Math.exp(u);
    return { n: nOpt, d: c / (k * nOpt), value: f(u) };
  }

  /* n_opt(C) = a C^b where the optimum is a power law in the budget (Chinchilla's form, at any
   * constants: the exponents people quote, beta/(alpha+beta)), fitted and checked where catalog
   * optimal fits and checks it (catalog.engine.optimal.compute_optimal, o = views.optimal_check):
   * n_opt at o.points budgets spaced evenly in log C across the fitted range's budgets of the set
   * `setId`, a least-squares line in log-log through those with an optimum, and its misfit, the
   * largest relative miss at any of them; null under two. Stated only within o.tol
   * (powerLawHolds), the CLI's tolerance for a closed form, no looser: so the page never states a
   * power law the CLI calls "not a power law in C" (it checked a tenth, one and ten times the budget
   * typed, and stated one where the optimum drifts across the range). */
  function optimumPowerLaw(id, o, setId, params) {
    var range = o.budgets[setId];
    if (!range) return null;
    var lo = Math.log10(range[0]), hi = Math.log10(range[1]), xs = [], ys = [];
    for (var i = 0; i < o.points; i++) {
      var c = Math.pow(10, lo + (hi - lo) * i / (o.points - 1)), found = computeOptimum(id, o.n, o.d, o.k, c, {}, params);
      if (found && found.n > 0) { xs.push(Math.log(c)); ys.push(Math.log(found.n)); }
    }
    if (xs.length < 2) return null;
    var mean = function (v) { return v.reduce(function (t, x) { return t + x; }, 0) / v.length; };
    var mx = mean(xs), my = mean(ys), sxy = 0, sxx = 0;
    xs.forEach(function (x, j) { sxy += (x - mx) * (ys[j] - my); sxx += (x - mx) * (x - mx); });
    if (!(sxx > 0)) return null;
    var b = sxy / sxx, a = Math.exp(my - b * mx);
    if (!(isFinite(a) && isFinite(b) && a > 0)) return null;
    var misfit = Math.max.apply(null, xs.map(function (x, j) { return Math.abs(Math.exp(Math.log(a) + b * x - ys[j]) - 1); }));
    return { a: a, b: b, misfit: misfit, tol: o.tol, from: Math.exp(xs[0]), to: Math.exp(xs[xs.length - 1]) };
  }

  function powerLawHolds(law) { return law !== null && law.misfit <= law.tol; }

  function goldenMinimum(f, a, b) {
    var x1 = b - GOLDEN * (b - a), x2 = a + GOLDEN * (b - a), f1 = f(x1), f2 = f(x2);
    for (var j = 0; j < 200 && b - a > 1e-13; j++) {
      if (f1 <= f2) { b = x2; x2 = x1; f2 = f1; x1 = b - GOLDEN * (b - a); f1 = f(x1); }
      else { a = x1; x1 = x2; f1 = f2; x2 = a + GOLDEN * (b - a); f2 = f(x2); }
    }
    return (a + b) / 2;
  }

  function renderFormula(el) {
    if (el.getAttribute("data-rendered")) return;
    try {
      window.katex.render(el.getAttribute("data-latex"), el, {
        displayMode: el.classList.contains("slc-display"), throwOnError: false, output: "htmlAndMathml",
      });
      el.setAttribute("data-rendered", "katex");
    } catch (e) {
      el.setAttribute("data-rendered", "source");
    }
  }

  /* A page with many formulas (the Laws list: 461, a variable's browse page) renders each one
   * as it comes near the viewport instead of all before the page answers (5 s for the Laws list
   * on a slow machine); rows a filter hides are not rendered until shown. Pages with a few
   * formulas (a law, a paper) render them all at once. */
  var LAZY_MATH_FROM = 60;

  function renderMath(root) {
    if (!window.katex) return;
    var nodes = (root || document).querySelectorAll(".slc-math[data-latex]:not([data-rendered])");
    if (nodes.length >= LAZY_MATH_FROM && window.IntersectionObserver) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          renderFormula(entry.target);
        });
      }, { rootMargin: "800px 0px" });
      for (var k = 0; k < nodes.length; k++) observer.observe(nodes[k]);
    } else {
      for (var i = 0; i < nodes.length; i++) renderFormula(nodes[i]);
    }
    // Survey tables (catalog.tables HTML) mark math as <span class="arithmatex">\(...\)</span>.
    var spans = (root || document).querySelectorAll("span.arithmatex");
    for (var j = 0; j < spans.length; j++) {
      var span = spans[j], text = span.textContent.trim();
      if (span.getAttribute("data-rendered")) continue;
      var m = /^\\\(([\s\S]*)\\\)$/.exec(text) || /^\\\[([\s\S]*)\\\]$/.exec(text);
      if (!m) continue;
      try {
        window.katex.render(m[1], span, { throwOnError: false, output: "htmlAndMathml" });
        span.setAttribute("data-rendered", "katex");
      } catch (e) {
        span.setAttribute("data-rendered", "source");
      }
    }
  }

  /* ------------------------------------------------------------------ plotting */

  // The grey is the scheme's own (slc.css): GitHub's dark grey was 2.5:1 on the dark scheme's background,
  // the other hues are 3.1-3.5:1 there and 4.6-5.2:1 on white. A swatch takes the var() as it is,
  // a canvas the value it stands for when drawn (plots are redrawn on a scheme switch).
  var COLORS = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4", "var(--slc-plot-grey)"];

  /* A second channel beside the colour (a colour-blind reader told the compare page's blue, red and
   * green curves apart by nothing else): series i carries the shape MARKERS[i] along its curve and in
   * its legend key. Not a dash pattern: dashes mean beyond the fitted range. Each shape is a polygon
   * (corners in units of the marker's radius) or, for the cross and the plus, two strokes. */
  var MARKERS = [["circle"], ["square", [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]]],
    ["triangle", [[0, -1.15], [1.05, 0.75], [-1.05, 0.75]]], ["diamond", [[0, -1.25], [1.05, 0], [0, 1.25], [-1.05, 0]]],
    ["cross", null, [[-1, -1, 1, 1], [-1, 1, 1, -1]]], ["plus", null, [[-1.15, 0, 1.15, 0], [0, -1.15, 0, 1.15]]],
    ["triangle-down", [[0, 1.15], [1.05, -0.75], [-1.05, -0.75]]],
    ["star", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (k) {
      var a = -Math.PI / 2 + k * Math.PI / 5, m = k % 2 ? 0.5 : 1.3; return [m * Math.cos(a), m * Math.sin(a)]; })]];
  var MARKER_EVERY = 15;  // one marker per this many of a curve's points (150 on the compare page)

  function drawMarker(ctx, marker, x, y, r) {
    ctx.beginPath(); ctx.setLineDash([]);
    if (marker[2]) {
      ctx.lineWidth = 2.5;
      marker[2].forEach(function (l) { ctx.moveTo(x + l[0] * r, y + l[1] * r); ctx.lineTo(x + l[2] * r, y + l[3] * r); });
      ctx.stroke();
      return;
    }
    if (marker[1]) marker[1].forEach(function (p, k) { ctx[k ? "lineTo" : "moveTo"](x + p[0] * r, y + p[1] * r); });
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.closePath(); ctx.fill();
  }

  /* A legend's key for series i, as its curve is drawn: a stretch of line in its colour with its
   * marker on it (an SVG in currentColor: the scheme's grey is a CSS variable, and a font's glyphs
   * for these shapes are not everywhere). */
  function seriesKey(i) {
    var NS = "http://www.w3.org/2000/svg", marker = MARKERS[i % MARKERS.length], r = 3.8;
    var key = document.createElementNS(NS, "svg"), shape;
    key.setAttribute("class", "slc-key"); key.setAttribute("viewBox", "-12 -5 24 10");
    key.setAttribute("aria-hidden", "true"); key.setAttribute("data-marker", marker[0]);
    key.style.color = COLORS[i % COLORS.length];
    var line = key.appendChild(document.createElementNS(NS, "path"));
    line.setAttribute("d", "M-12 0H12"); line.setAttribute("stroke", "currentColor"); line.setAttribute("stroke-width", "2");
    if (marker[2] || marker[1]) {
      shape = key.appendChild(document.createElementNS(NS, "path"));
      shape.setAttribute("d", marker[2] ? marker[2].map(function (l) {
        return "M" + l[0] * r + " " + l[1] * r + "L" + l[2] * r + " " + l[3] * r; }).join("")
        : "M" + marker[1].map(function (p) { return p[0] * r + " " + p[1] * r; }).join("L") + "Z");
    } else {
      shape = key.appendChild(document.createElementNS(NS, "circle")); shape.setAttribute("r", String(r));
    }
    shape.setAttribute(marker[2] ? "stroke" : "fill", "currentColor");
    if (marker[2]) shape.setAttribute("stroke-width", "2.5");
    shape.setAttribute("class", "slc-marker");
    return key;
  }

  var SCORE_LINEAR_BELOW = 10;  // catalog.engine.units.SCORE_LINEAR_BELOW

  function canvasColor(style, color) {
    var named = /^var\((--[\w-]+)\)$/.exec(color);
    return named ? style.getPropertyValue(named[1]).trim() || "#6e7781" : color;
  }

  function logTicks(lo, hi) {
    var ticks = [], a = Math.floor(lo), b = Math.ceil(hi);
    var step = Math.max(1, Math.ceil((b - a) / 8));
    for (var e = a; e <= b; e += step) if (e >= lo - 1e-9 && e <= hi + 1e-9) ticks.push(e);
    return ticks;
  }

  function linTicks(lo, hi) {
    var span = hi - lo || Math.abs(hi) || 1;
    var step = Math.pow(10, Math.floor(Math.log10(span / 5)));
    if (span / step > 10) step *= 2;
    if (span / step > 10) step *= 2.5;
    // by index, at most the 11 a span holds: over a few units in the last place (y from -1e16 to
    // -1e16 + 4, a calculator link's parameters) adding the step left v as it was and the loop froze the tab
    var ticks = [], first = Math.ceil(lo / step);
    for (var k = 0; k <= 11; k++) {
      var v = (first + k) * step;
      if (!(v <= hi + step * 1e-9)) break;  // NaN too: an infinite span has no step
      if (v !== ticks[ticks.length - 1]) ticks.push(v);
    }
    return ticks;
  }

  /* The ticks of a log axis from 10^lo to 10^hi, as [position in log10, label]: powers of ten
   * from `powersFrom` decades up, 1, 2 and 5 times them from 0.6 of a decade, round values below
   * (a probability from 0.1 to 0.9, a loss from 2.1 to 3.4: powers of ten alone gave the x axis
   * no tick at all). A power of ten is labelled 10ⁿ where the ticks are powers of ten alone, the
   * other ticks by their value (never 10 to a fractional power): among 1, 2 and 5 times them a
   * loss axis read '10⁰, 2, 5, 10¹, 20, 50', now '1, 2, 5, 10, 20, 50' (format's 10ⁿ from 10⁶ on). */
  function logAxisTicks(lo, hi, powersFrom) {
    var ticks;
    if (hi - lo >= powersFrom) ticks = logTicks(lo, hi);
    else if (hi - lo >= 0.6) {
      ticks = [];
      for (var e = Math.floor(lo); e <= Math.ceil(hi); e++) {
        [1, 2, 5].forEach(function (m) { var t = e + Math.log10(m); if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push(t); });
      }
    } else {
      ticks = linTicks(Math.pow(10, lo), Math.pow(10, hi)).filter(function (v) { return v > 0; })
        .map(function (v) { return Math.log10(v); });
    }
    return ticks.map(function (t) {
      var power = Math.abs(t - Math.round(t)) < 1e-9;
      return [t, power && hi - lo >= powersFrom ? "10" + superscript(Math.round(t)) : format(Math.pow(10, t), 4)];
    });
  }

  /* Every k-th tick, the least k whose labels do not run into each other over `room` pixels
   * (on a phone, an axis of round values or of 1, 2 and 5 times powers of ten is crowded). */
  function spacedTicks(ctx, ticks, lo, hi, room) {
    var widest = 0, closest = Infinity;
    ticks.forEach(function (t, i) {
      widest = Math.max(widest, ctx.measureText(t[1]).width);
      if (i) closest = Math.min(closest, (t[0] - ticks[i - 1][0]) / (hi - lo) * room);
    });
    var k = ticks.length > 1 ? Math.max(1, Math.ceil((widest + 8) / closest)) : 1;
    return ticks.filter(function (t, i) { return i % k === 0; });
  }

  /* Draw series [{label, color, points: [[x, y], ...]}] on a log-x canvas (linear x with
   * opts.linearX: a z-score's or a date's domain, domainScale "linear"); log y when every
   * y is positive, linear otherwise, and linear for scores (opts.scoreY: probabilities,
   * accuracies, not error rates) spanning under a decade. opts: {xLabel, yLabel, shade: [lo, hi], marker: [x, y],
   * empty: what to say where no point is finite (default: the law is undefined over the range)}. */
  function drawPlot(canvas, series, opts) {
    opts = opts || {};
    canvas.slcPlot = [series, opts];  // redrawn as it is when the colour scheme changes
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 640, height = canvas.clientHeight || 360;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var style = getComputedStyle(canvas);
    var fg = style.color || "#222";
    var all = [], linX = !!opts.linearX;
    var onX = function (x) { return isFinite(x) && (linX || x > 0); };  // a log axis has no x <= 0
    series.forEach(function (s) {
      s.points = s.points.filter(function (p) { return onX(p[0]) && isFinite(p[1]); });
      all = all.concat(s.points);
    });
    canvas.removeAttribute("data-message");
    if (!all.length) {
      ctx.fillStyle = fg;
      var message = opts.empty || "Nothing to plot: the law is undefined over this range.";
      canvasMessage(ctx, message, width, height);
      canvas.setAttribute("data-message", message);  // the canvas's words, for a reader of the DOM
      canvas.setAttribute("data-drawn", "0");
      canvas.setAttribute("data-points", "0");
      return;
    }
    var logY = all.every(function (p) { return p[1] > 0; });
    if (logY && opts.scoreY) {  // a score spanning under a decade: linear (catalog.engine.units.linear_score_axis)
      var ylo = Math.min.apply(null, all.map(function (p) { return p[1]; }));
      var yhi = Math.max.apply(null, all.map(function (p) { return p[1]; }));
      if (yhi / ylo < SCORE_LINEAR_BELOW) logY = false;
    }
    var fx = linX ? function (x) { return x; } : function (x) { return Math.log10(x); };
    var fy = logY ? function (y) { return Math.log10(y); } : function (y) { return y; };
    var xs = all.map(function (p) { return fx(p[0]); }), ys = all.map(function (p) { return fy(p[1]); });
    var dots = (opts.points || []).filter(function (p) { return onX(p[0]) && isFinite(p[1]) && (!logY || p[1] > 0); });
    dots.forEach(function (p) { xs.push(fx(p[0])); ys.push(fy(p[1])); });
    if (opts.marker && onX(opts.marker[0])) xs.push(fx(opts.marker[0]));
    if (opts.marker && isFinite(opts.marker[1]) && (!logY || opts.marker[1] > 0)) ys.push(fy(opts.marker[1]));
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    if (x1 - x0 < 1e-9) { var dx = linX ? Math.abs(x0) * 0.1 || 1 : 0.5; x0 -= dx; x1 += dx; }
    if (y1 - y0 < 1e-12) { var d = logY ? 0.1 : Math.abs(y0) * 0.1 || 1; y0 -= d; y1 += d; }
    var pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    var L = 70, R = 16, T = 14, B = 46, W = width - L - R, H = height - T - B;
    var px = function (x) { return L + (fx(x) - x0) / (x1 - x0) * W; };
    var py = function (y) { return T + H - (fy(y) - y0) / (y1 - y0) * H; };

    if (opts.shade) {
      var s0 = onX(opts.shade[0]) ? Math.max(L, px(opts.shade[0])) : L;
      var s1 = isFinite(opts.shade[1]) ? Math.min(L + W, px(opts.shade[1])) : L + W;
      if (s1 > s0) {
        ctx.fillStyle = "rgba(31, 111, 235, 0.10)";
        ctx.fillRect(s0, T, s1 - s0, H);
        ctx.fillStyle = fg; ctx.font = "11px sans-serif"; ctx.textAlign = "left";
        ctx.fillText(opts.shade[2] || "fitted range", s0 + 4, T + 12);
      }
    }
    ctx.strokeStyle = "rgba(128,128,128,0.35)"; ctx.lineWidth = 1;
    ctx.fillStyle = fg; ctx.font = "11px sans-serif";
    var linear = function (lo, hi) { return linTicks(lo, hi).map(function (v) { return [v, format(v, 4)]; }); };
    // x: powers of ten alone from two decades (a phone's axis has no room for 1, 2, 5 over three)
    var xTicks = spacedTicks(ctx, linX ? linear(x0, x1) : logAxisTicks(x0, x1, 2), x0, x1, W);
    xTicks.forEach(function (t) {
      var X = L + (t[0] - x0) / (x1 - x0) * W;
      ctx.beginPath(); ctx.moveTo(X, T); ctx.lineTo(X, T + H); ctx.stroke();
      ctx.textAlign = "center"; ctx.fillText(t[1], X, T + H + 14);
    });
    var yTicks = logY ? logAxisTicks(y0, y1, 3) : linear(y0, y1);
    yTicks.forEach(function (t) {
      var Y = T + H - (t[0] - y0) / (y1 - y0) * H;
      ctx.beginPath(); ctx.moveTo(L, Y); ctx.lineTo(L + W, Y); ctx.stroke();
      ctx.textAlign = "right";
      ctx.fillText(t[1], L - 6, Y + 4);
    });
    // the tick labels drawn, for tests and tools that read the canvas
    canvas.setAttribute("data-x-ticks", xTicks.map(function (t) { return t[1]; }).join(" | "));
    canvas.setAttribute("data-y-ticks", yTicks.map(function (t) { return t[1]; }).join(" | "));
    ctx.strokeStyle = fg; ctx.strokeRect(L, T, W, H);
    ctx.textAlign = "center"; ctx.font = "12px sans-serif";
    ctx.fillText((opts.xLabel || "x") + (linX ? "" : " (log scale)"), L + W / 2, height - 8);
    ctx.save(); ctx.translate(14, T + H / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText((opts.yLabel || "y") + (logY ? " (log scale)" : ""), 0, 0); ctx.restore();

    if (opts.atX != null && onX(opts.atX)) {  // the compare page's readout: a thin line at its x
      var AX = px(opts.atX);
      if (AX >= L && AX <= L + W) {
        ctx.strokeStyle = fg; ctx.lineWidth = 1; ctx.setLineDash([2, 3]);
        ctx.beginPath(); ctx.moveTo(AX, T); ctx.lineTo(AX, T + H); ctx.stroke(); ctx.setLineDash([]);
      }
    }
    /* A point [x, y, beyond] whose third element is true lies beyond the fitted range: its stretch
     * of the curve is dashed (the compare page's curves; the calculator's plot shades the range). */
    var drawn = 0, dashedCounts = [], markerCounts = [];
    series.forEach(function (s, i) {
      ctx.strokeStyle = canvasColor(style, s.color || COLORS[i % COLORS.length]); ctx.lineWidth = 2;
      ctx.beginPath();
      var pen = false, dashed = false, last = null, nDashed = 0;
      s.points.forEach(function (p) {
        if (logY && p[1] <= 0) { pen = false; return; }
        var beyond = !!p[2];
        if (beyond !== dashed) {  // a new stroke in the other style, from the point before
          ctx.stroke(); ctx.beginPath(); ctx.setLineDash(beyond ? [7, 5] : []); dashed = beyond;
          if (pen) ctx.moveTo(px(last[0]), py(last[1]));
        }
        if (!pen) { ctx.moveTo(px(p[0]), py(p[1])); pen = true; } else { ctx.lineTo(px(p[0]), py(p[1])); }
        last = p; drawn++;
        if (beyond) nDashed++;
      });
      ctx.stroke(); ctx.setLineDash([]);
      dashedCounts.push(nDashed);
      if (!opts.markers) return;
      // the series' marker every MARKER_EVERY points, each series starting further along (curves
      // that coincide show both shapes)
      ctx.fillStyle = ctx.strokeStyle;
      var placed = 0;
      s.points.forEach(function (p, k) {
        if ((k + 3 * i) % MARKER_EVERY !== 0 || (logY && p[1] <= 0)) return;
        var X = px(p[0]), Y = py(p[1]);
        if (Y < T || Y > T + H) return;
        drawMarker(ctx, MARKERS[i % MARKERS.length], X, Y, 4); placed++;
      });
      markerCounts.push(MARKERS[i % MARKERS.length][0] + ":" + placed);
    });
    canvas.setAttribute("data-dashed-points", dashedCounts.join(" "));
    canvas.setAttribute("data-markers", markerCounts.join(" "));
    ctx.strokeStyle = "#2da44e"; ctx.lineWidth = 1.5;  // values printed in the source: hollow circles
    dots.forEach(function (p) { ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), 4, 0, 2 * Math.PI); ctx.stroke(); });
    canvas.setAttribute("data-printed-points", String(dots.length));
    if (opts.marker && isFinite(opts.marker[1]) && (!logY || opts.marker[1] > 0)) {
      ctx.fillStyle = "#d1242f"; ctx.beginPath();
      ctx.arc(px(opts.marker[0]), py(opts.marker[1]), 4.5, 0, 2 * Math.PI); ctx.fill();
    }
    // the x axis, for a pointer's readout (xAtPointer)
    canvas.slcAxis = { left: L, width: W, lo: x0, hi: x1, linear: linX };
    canvas.setAttribute("data-drawn", "1");
    canvas.setAttribute("data-points", String(drawn));
    canvas.setAttribute("data-log-y", logY ? "1" : "0");
    canvas.setAttribute("data-log-x", linX ? "0" : "1");
    canvas.setAttribute("data-x-range", format(linX ? x0 : Math.pow(10, x0), 4) + " " + format(linX ? x1 : Math.pow(10, x1), 4));
  }

  /* The x value under a pointer at clientX on a drawn plot, or NaN off its axis. */
  function xAtPointer(canvas, clientX) {
    var a = canvas.slcAxis;
    if (!a || canvas.getAttribute("data-drawn") !== "1") return NaN;
    var f = (clientX - canvas.getBoundingClientRect().left - a.left) / a.width;
    if (!(f >= 0 && f <= 1)) return NaN;
    var u = a.lo + f * (a.hi - a.lo);
    return a.linear ? u : Math.pow(10, u);
  }

  function placeholder(canvas, text) {
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 640, height = canvas.clientHeight || 360;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.strokeStyle = "rgba(128,128,128,0.5)"; ctx.setLineDash([4, 4]);
    ctx.strokeRect(1, 1, width - 2, height - 2);
    ctx.fillStyle = getComputedStyle(canvas).color || "#555";
    canvasMessage(ctx, text, width, height);
    canvas.setAttribute("data-drawn", "0");
  }

  /* A sentence in the middle of a canvas, wrapped to its width: on a phone one line ran off both sides. */
  function canvasMessage(ctx, text, width, height) {
    ctx.font = "14px sans-serif"; ctx.textAlign = "center";
    var lines = [""];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1, longer = lines[last] ? lines[last] + " " + word : word;
      if (lines[last] && ctx.measureText(longer).width > width - 24) lines.push(word); else lines[last] = longer;
    });
    lines.forEach(function (line, i) { ctx.fillText(line, width / 2, height / 2 + (i - (lines.length - 1) / 2) * 18); });
  }

  function logspace(lo, hi, n) {
    var a = Math.log10(lo), b = Math.log10(hi), out = [];
    for (var i = 0; i < n; i++) out.push(Math.pow(10, a + (b - a) * i / (n - 1)));
    return out;
  }

  /* n values from lo to hi: log-spaced, or evenly on a linear x (catalog.engine.spaced). */
  function spaced(lo, hi, n, linear) {
    if (!linear) return logspace(lo, hi, n);
    var out = [];
    for (var i = 0; i < n; i++) out.push(lo + (hi - lo) * i / (n - 1));
    return out;
  }

  /* An input drawn on a linear x: its domain reaches below zero (a z-score) or, for an input
   * that may be negative, down to zero (catalog.engine.Domain.scale, the data's domainScale). */
  function isLinear(input) { return input.domainScale === "linear"; }

  /* A constant set by id among a law's sets (the calculator's data, each law on the compare page). */
  function findSet(sets, id) {
    for (var i = 0; i < sets.length; i++) if (sets[i].id === id) return sets[i];
    return null;
  }

  /* The input as a constant set fits it (catalog.provenance.fitted_range): a set fitted on other
   * data carries its own range and domain of every input. */
  function fitFor(input, set) {
    return set && set.ranges ? Object.assign({}, input, set.ranges[input.name]) : input;
  }

  /* The x span to plot for an input: its domain (the fitted range when recorded, as
   * catalog.engine.domain) widened by a third of a decade each side (a sixth of its width on a
   * linear domain), and the current value. */
  function plotSpan(input, current) {
    var lo = input.domain[0], hi = input.domain[1];
    if (isLinear(input)) {
      lo = onAxis(lo); hi = onAxis(hi);
      var pad = (hi - lo) / 6 || Math.abs(lo) || 1;
      var wide = [lo - pad, hi + pad];
      if (isFinite(current)) { wide[0] = Math.min(wide[0], current - pad); wide[1] = Math.max(wide[1], current + pad); }
      return [onAxis(wide[0]), onAxis(wide[1])];
    }
    var span = hi > lo ? [lo / 2.15, hi * 2.15] : [lo / 1e3, lo * 1e3];
    if (current > 0) { span[0] = Math.min(span[0], current / 1.5); span[1] = Math.max(span[1], current * 1.5); }
    // a whole count (experts, samples, agents; catalog.vocab.COUNTS) stops at one
    if (input.count && span[1] > 1) span[0] = Math.max(span[0], 1);
    return [Math.max(span[0], 1 / AXIS_LIMIT), Math.min(span[1], AXIS_LIMIT)];
  }

  /* The largest size a plot spans (catalog.engine.plotting.AXIS_LIMIT): a record's range may reach
   * 1e308, and a span widened past the largest float is spaced into NaN, an empty plot. */
  var AXIS_LIMIT = 1e250;
  function onAxis(x) { return Math.min(Math.max(x, -AXIS_LIMIT), AXIS_LIMIT); }

  function shadeOf(input) {
    if (input.min != null || input.max != null) {
      return [input.min != null ? input.min : -Infinity, input.max != null ? input.max : Infinity, "fitted range"];
    }
    if (input.domainFitted) return [input.domain[0], input.domain[1], input.domainSource];
    return null;
  }

  function readJson(el) {
    var node = el.querySelector("script.slc-data");
    return JSON.parse(node.textContent);
  }

  /* ------------------------------------------------------------------ shareable URLs */

  /* The calculator and compare states live in the query string (not the hash, which the page's
   * table of contents uses), rewritten with history.replaceState as the user types. Keys the
   * page does not own (mkdocs-material's ?h= search highlight) are kept. */
  function encodePart(text) {
    return encodeURIComponent(text).replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%2C/gi, ",");
  }

  /* A link's text as the page shows it: control and invisible format characters (Unicode Cc, Cf:
   * a right-to-left override, zero-width joiners) written as their code point, [U+202E], so that
   * they neither reorder nor hide what the note says. */
  function visible(text) {
    return String(text).replace(/[\p{Cc}\p{Cf}]/gu, function (c) {
      return "[U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + "]";
    });
  }

  function restoredNote(notes) {
    return "Restored from the link" + (notes.length ? "; ignored: " + visible(notes.join(", ")) : "") + ".";
  }

  function stateQuery(pairs, owned) {
    var parts = [];
    new URLSearchParams(window.location.search).forEach(function (v, k) {
      if (!owned(k)) parts.push(encodePart(k) + "=" + encodePart(v));
    });
    pairs.forEach(function (p) { parts.push(encodePart(p[0]) + "=" + encodePart(p[1])); });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function pageUrl(query) {
    return window.location.href.split(/[?#]/)[0] + query;
  }

  function writeUrl(query) {
    if (window.location.search === query) return;
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + query + window.location.hash);
    } catch (e) { /* some file:// setups refuse; the share link still carries the state */ }
  }

  function ownedParams(owned) {
    var found = [];
    new URLSearchParams(window.location.search).forEach(function (v, k) { if (owned(k)) found.push([k, v]); });
    return found;
  }

  /* Put text on the clipboard; the button says "Copied" for a moment (its aria-live announces
   * it). Where the clipboard is refused, a prompt holds the text selected, to copy by hand. */
  function copyText(button, text, what) {
    var label = button.textContent;
    var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = label; }, 1500); };
    var byHand = function () { window.prompt("Copy this " + what + ":", text); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, byHand);
    else byHand();
  }

  function setupShare(el, current) {
    var button = el.querySelector("button.slc-copy"), link = el.querySelector("a.slc-share-link");
    if (!button || !link) return;
    button.addEventListener("click", function () { copyText(button, current(), "link"); });
  }

  /* The Copy LaTeX and Copy BibTeX buttons (slc-copy-text) copy their data-copy text, which the
   * site build wrote: a formula's LaTeX as the form column of `catalog table --format latex` prints it, a paper's
   * entry as `catalog bib`. */
  function setupCopyButtons(root) {
    var buttons = root.querySelectorAll("button.slc-copy-text[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (e) {
        var b = e.currentTarget;
        copyText(b, b.getAttribute("data-copy"), b.textContent.replace(/^Copy /, ""));
      });
    }
  }

  /* ------------------------------------------------------------------ prediction intervals */

  /* Seeded generator (mulberry32) and Box-Muller normals: the same page shows the same
   * interval every time. */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function normals(random, n) {
    var out = [];
    while (out.length < n) {
      var u = 1 - random(), v = random();
      var r = Math.sqrt(-2 * Math.log(u));
      out.push(r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v));
    }
    return out.slice(0, n);
  }

  function quantile(sorted, q) {  // numpy's default (linear) method
    var h = (sorted.length - 1) * q, i = Math.floor(h);
    return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  }

  var INTERVAL_SAMPLES = 10000, INTERVAL_LEVEL = 0.95;

  /* As catalog.uncertainty.prediction_interval: each parameter with a standard error or an
   * interval drawn from its normal distribution (spreads computed at build time by
   * catalog.uncertainty.spreads), independently; parameters overridden by the user held. */
  function predictionInterval(id, inputs, params, spreads) {
    var random = rng(20240501), ys = [], z = symbolMap();
    spreads.forEach(function (s) { z[s.name] = normals(random, INTERVAL_SAMPLES); });
    for (var i = 0; i < INTERVAL_SAMPLES; i++) {
      var p = symbolMap(params);
      spreads.forEach(function (s) { p[s.name] = s.mean + s.sd * z[s.name][i]; });
      var y = evaluate(id, inputs, p);
      if (isFinite(y)) ys.push(y);
    }
    if (ys.length <= INTERVAL_SAMPLES / 2) return null;
    ys.sort(function (a, b) { return a - b; });
    return { low: quantile(ys, (1 - INTERVAL_LEVEL) / 2), median: quantile(ys, 0.5),
      high: quantile(ys, (1 + INTERVAL_LEVEL) / 2), samples: INTERVAL_SAMPLES, dropped: INTERVAL_SAMPLES - ys.length };
  }

  /* ------------------------------------------------------------------ calculator */

  /* URL keys of a calculator: law, set (the constant set), in.NAME (inputs as typed),
   * par.NAME (parameters that differ from the set), plot (the plot's x input). */
  /* The constant-set chooser: radio buttons (labels wrap, so a long set name is never cut, as it
   * would be in a <select>), read and set through ``value`` like a select. The value "" is the
   * "edited values" choice, shown once the user edits a parameter. */
  function setChooser(box) {
    if (!box) return null;
    var radios = box.querySelectorAll("input[type=radio]");
    return {
      get value() {
        for (var i = 0; i < radios.length; i++) if (radios[i].checked) return radios[i].value;
        return "";
      },
      set value(v) {
        for (var i = 0; i < radios.length; i++) {
          if (radios[i].value !== v) continue;
          radios[i].checked = true;
          if (v === "") radios[i].parentNode.hidden = false;
        }
      },
      addEventListener: function (type, fn) {
        for (var i = 0; i < radios.length; i++) radios[i].addEventListener(type, fn);
      }
    };
  }

  function calculatorKey(k) { return k === "law" || k === "set" || k === "plot" || k === "budget" || /^(in|par)\./.test(k); }

  function initCalculator(el) {
    var data = readJson(el);
    var inputs = el.querySelectorAll("input[data-input]");
    var params = el.querySelectorAll("input[data-parameter]");
    var select = setChooser(el.querySelector("fieldset.slc-sets"));
    var result = el.querySelector("output.slc-result-value");
    var message = el.querySelector(".slc-message");
    // The warning box is not a live region: it was an alert, re-read whole at every keystroke while
    // an input stayed beyond its range (its text holds the value typed). A polite status line says
    // which inputs lie beyond, and changes (is announced) only when that changes.
    var warning = el.querySelector(".slc-warning"), warningSaid = el.querySelector(".slc-warning-said"), warningShown = "[]";
    var intervalBox = el.querySelector(".slc-interval");
    var printedBox = el.querySelector(".slc-printed");
    var secondaryBox = el.querySelector(".slc-secondary"), vsPrimaryBox = el.querySelector(".slc-vs-primary");
    var provenanceBox = el.querySelector(".slc-provenance-used");
    var canvas = el.querySelector("canvas.slc-plot");
    var xSelect = el.querySelector("select.slc-x");
    var shareLink = el.querySelector("a.slc-share-link");
    var shareNote = el.querySelector(".slc-share-note");
    var budget = el.querySelector("input.slc-opt-budget"), optBox = el.querySelector(".slc-opt-result");
    var budgetStart = budget ? budget.value : null;
    var byName = symbolMap();
    data.inputs.forEach(function (i) { byName[i.name] = i; });
    // The constant set the parameters start from: the selected one, or the last one selected
    // before the user edited a parameter (then the URL carries only the edited parameters).
    var baseSet = select ? select.value : null;

    function setById(id) { return findSet(data.sets, id); }

    /* The input as the constant set the parameters start from fits it (catalog.provenance.fitted_range):
     * a set fitted on other data carries its own range and domain. */
    function fitOf(input) { return fitFor(input, setById(baseSet)); }

    function outside(input, v) {
      return (input.min != null && v < input.min) || (input.max != null && v > input.max);
    }

    /* how far beyond, as catalog eval says it: the ratio to the nearer end (none where an end or v is not
     * positive), the distance for a range reaching below zero (z-scores), where a ratio means nothing */
    function howFar(input, v) {
      var above = input.max != null && v > input.max, end = above ? input.max : input.min;
      if (input.min != null && input.min < 0)
        return ", " + (above ? "above" : "below") + " it by " + format(Math.abs(v - end), 3);
      if (!(v > 0 && end > 0)) return "";
      return ", " + (above ? "above" : "below") + " it by a factor of " + format(above ? v / end : end / v, 3);
    }

    /* a calendar year (2020) typed for a time input fitted on spans of years from an origin (ho2024's t, 0 to 11) */
    function looksLikeYear(input, v) {
      return input.variable === "time" && input.unit === "years" && v >= 1900 && v <= 2200 && input.max != null && input.max < 1900;
    }

    /* "Every constant set at these inputs": each published set's value at the inputs typed (its own
     * constants, not edited ones) and the inputs beyond that set's fitted range, as catalog eval
     * --all-sets prints them. */
    function fillAllSets(ins, ok) {
      var rows = el.querySelectorAll(".slc-all-sets tr[data-set]");
      for (var r = 0; r < rows.length; r++) {
        var set = setById(rows[r].getAttribute("data-set"));
        var cell = rows[r].querySelector(".slc-set-value"), beyondCell = rows[r].querySelector(".slc-set-beyond");
        var y = ok && set ? evaluate(data.id, ins, set.values) : NaN;
        cell.textContent = isFinite(y) ? format(y) : "\u2014";
        if (isFinite(y)) cell.setAttribute("data-value", String(y)); else cell.removeAttribute("data-value");
        var beyond = !ok || !set ? [] : data.inputs.filter(function (i) { return outside(fitFor(i, set), ins[i.name]); })
          .map(function (i) { return i.name; });
        beyondCell.textContent = ok ? (beyond.join(", ") || "none") : "";
      }
    }

    /* The "fitted range" hints under the inputs, for the set picked (laws whose sets have ranges of
     * their own; the others keep the page's text). */
    function showRanges() {
      if (!data.sets.some(function (s) { return s.ranges; })) return;
      data.inputs.forEach(function (i) {
        var hint = el.querySelector("#range-" + i.name), fit = fitOf(i);
        if (!hint) return;
        hint.textContent = "fitted range" + (fit.own ? " of these constants" : "") + ": " +
          (fit.min == null && fit.max == null ? (fit.source ? "not stated in the sources" : "not recorded")
            : (fit.min != null ? format(fit.min) : "\u2026") + " \u2013 " + (fit.max != null ? format(fit.max) : "\u2026"));
        hint.setAttribute("data-set", baseSet || "");
      });
    }

    function field(nodes, attr, name) {
      for (var i = 0; i < nodes.length; i++) if (nodes[i].getAttribute(attr) === name) return nodes[i];
      return null;
    }

    function fillSet() {
      var set = select ? setById(select.value) : null;
      if (!set) return;
      baseSet = set.id;
      for (var i = 0; i < params.length; i++) {
        var name = params[i].getAttribute("data-parameter");
        params[i].value = String(set.values[name]);
      }
    }

    function markEdited() {
      if (select) select.value = "";
    }

    /* Parameters whose value differs from the base set's (all typed ones without a set). */
    function overridden() {
      var base = setById(baseSet), out = [];
      for (var i = 0; i < params.length; i++) {
        var name = params[i].getAttribute("data-parameter"), text = params[i].value.trim();
        if (base ? parseMagnitude(text) !== base.values[name] : text !== "") out.push([name, text]);
      }
      return out;
    }

    function state() {
      var pairs = [["law", data.id]];
      if (baseSet) pairs.push(["set", baseSet]);
      for (var i = 0; i < inputs.length; i++) pairs.push(["in." + inputs[i].getAttribute("data-input"), inputs[i].value.trim()]);
      overridden().forEach(function (p) { pairs.push(["par." + p[0], p[1]]); });
      if (xSelect && xSelect.value !== data.inputs[0].name) pairs.push(["plot", xSelect.value]);
      if (budget && budget.value.trim() !== budgetStart) pairs.push(["budget", budget.value.trim()]);
      return stateQuery(pairs, calculatorKey);
    }

    /* Apply the state in the URL, if any; say what could not be applied. */
    function restore() {
      var found = ownedParams(calculatorKey);
      if (!found.length) return;
      var notes = [], edited = false, law = null, set = null;
      found.forEach(function (kv) { if (kv[0] === "law") law = kv[1]; if (kv[0] === "set") set = kv[1]; });
      if (law !== null && law !== data.id) {
        shareNote.textContent = "The link is for " + visible(law) + ", not " + data.id + ": its values were not applied.";
        return;
      }
      if (set !== null) {
        if (setById(set) && select) { select.value = set; fillSet(); }
        else notes.push("no constant set '" + set + "' here (the default is used)");
      }
      found.forEach(function (kv) {
        var k = kv[0], v = kv[1], name = k.slice(k.indexOf(".") + 1), node;
        if (k.indexOf("in.") === 0) {
          node = field(inputs, "data-input", name);
          if (node) node.value = v; else notes.push("no input '" + name + "'");
        } else if (k.indexOf("par.") === 0) {
          node = field(params, "data-parameter", name);
          if (node) { node.value = v; edited = true; } else notes.push("no parameter '" + name + "'");
        } else if (k === "budget") {
          if (budget) { budget.value = v; budget.closest("details").open = true; } else notes.push("no compute-optimal budget here");
        } else if (k === "plot") {
          if (xSelect && own(byName, v)) xSelect.value = v; else if (xSelect) notes.push("no input '" + v + "' to plot against");
        }
      });
      if (edited) {
        markEdited();
        var details = el.querySelector("details.slc-params");
        if (details) details.open = true;
      }
      shareNote.textContent = restoredNote(notes);
      el.setAttribute("data-restored", "1");
    }

    function read(nodes, attr) {
      var values = symbolMap(), errors = [], empty = [];
      for (var i = 0; i < nodes.length; i++) {
        var name = nodes[i].getAttribute(attr), text = nodes[i].value;
        var v = parseMagnitude(text);
        var input = attr === "data-input" ? byName[name] : null;
        // S=40% in the input's unit, as catalog eval reads it: 0.4 for a fraction, 40 in percent
        var pct = input ? PERCENT.exec(text) : null, pctError = null;
        if (pct) {
          v = parseFloat(pct[1].replace(/_/g, ""));
          if (input.unit === "fraction") v /= 100;
          else if (input.unit !== "percent") {
            pctError = name + "=" + visible(text.trim()) + ": a percentage is taken for an input in 'fraction' or " +
              "'percent', and this law takes " + name + " in " + (input.unit || "no stated unit");
            v = NaN;
          }
        }
        if (text.trim() === "") empty.push(name);
        else if (pctError) errors.push(pctError);
        else if (!isFinite(v) && input && input.variable === "time" && DATE.test(text)) {
          // a date typed for a time input: the law counts time from an origin its meaning states
          errors.push(name + ": '" + visible(text) + "' is a date; this law takes " + name + " as a number of " +
            (input.unit || "time units") + " (" + input.meaning + ")");
        } else if (!isFinite(v)) errors.push(name + ": '" + visible(text) + "' is not a " +
          (MAGNITUDE.test(text) ? "finite number (it overflows)" : "number (write e.g. 70B, 1.4T or 1.4e12)"));
        else if (input && input.scale && !pct && MAGNITUDE.exec(text)[2]) {
          // as catalog.engine: a suffixed count is absolute, this law takes the input in a scaled unit
          errors.push(name + "=" + text.trim() + ": this law takes " + name + " in " + input.unit + ", so " + text.trim() +
            " is " + name + "=" + format(v / input.scale) + " there; write the number in that unit");
          v = NaN;
        } else if (input && !input.signed && v < 0) {
          // as catalog.engine.evaluation.check_positive words it
          errors.push(name + " must not be negative (got " + format(v) + "): it is a size or quantity (" + input.meaning +
            "), and the formula is defined for positive values");
          v = NaN;
        }
        nodes[i].setAttribute("aria-invalid", text.trim() !== "" && !isFinite(v) ? "true" : "false");
        values[name] = v;
      }
      return { values: values, errors: errors, empty: empty, ok: !errors.length && !empty.length };
    }

    function showInterval(ins, ps, y) {
      var base = setById(baseSet);
      var held = symbolMap();
      overridden().forEach(function (p) { held[p[0]] = true; });
      var spreads = base && base.spreads ? base.spreads.filter(function (s) { return !held[s.name]; }) : [];
      if (!intervalBox) return;
      if (!spreads.length || !isFinite(y)) { intervalBox.hidden = true; intervalBox.removeAttribute("data-low"); return; }
      var pi = data.implicit ? null : predictionInterval(data.id, ins, ps, spreads);
      if (!pi) {
        intervalBox.textContent = data.implicit ? "The constants carry uncertainties; use catalog eval --interval for this implicit law's prediction interval." :
          "No prediction interval: most sampled constants give no finite value here.";
        intervalBox.removeAttribute("data-low");
      } else {
        intervalBox.textContent = Math.round(100 * INTERVAL_LEVEL) + "% prediction interval: " + format(pi.low) + " to " +
          format(pi.high) + " (median " + format(pi.median) + "), from the " +
          spreads.map(function (s) { return s.name + " (" + s.source + ")"; }).join(", ") +
          "; parameters sampled independently (" + pi.samples + " samples" +
          (pi.dropped ? ", " + pi.dropped + " without a finite value left out" : "") + ")" +
          (Object.keys(held).length ? "; edited parameters held at their value" : "") + "." +
          (base.spreadNotes && base.spreadNotes.length ? " " + base.spreadNotes.join(" ") : "");
        intervalBox.setAttribute("data-low", String(pi.low));
        intervalBox.setAttribute("data-high", String(pi.high));
        intervalBox.setAttribute("data-median", String(pi.median));
      }
      intervalBox.hidden = false;
    }

    // The table of stated values: what the law gives at each forward check value, with the
    // check's constant set (and the parameters it sets), beside the expected number. The rows
    // it cannot compute (inverse, optimum and extremum checks) keep the dash.
    function fillChecks() {
      (data.checks || []).forEach(function (c) {
        var cell = document.querySelector('td.slc-check-got[data-check="' + c.row + '"]');
        var set = c.set ? setById(c.set) : null;  // none: the check gives every parameter itself
        if (!cell || (c.set && !set)) return;
        var y = evaluate(data.id, c.inputs, Object.assign({}, set ? set.values : {}, c.params));
        if (!isFinite(y)) return;
        cell.textContent = data.output + " = " + format(y) +
          (c.expected ? " (" + signedPercent(100 * (y - c.expected) / Math.abs(c.expected), 2) + ")" : "");
        cell.setAttribute("data-value", String(y));
      });
    }

    // Whether the inputs are those of the printed value p (every one but ``except``), as
    // catalog.provenance.printed_at compares them.
    function atPrinted(p, vals, except) {
      return Object.keys(p.inputs).every(function (n) {
        var v = vals[n], w = p.inputs[n];
        return n === except || (isFinite(v) && Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), Math.abs(w)));
      });
    }

    // The printed check values made with the chosen constant set (none once a parameter is
    // edited) at the current inputs, every one but ``except``.
    function printedAt(vals, except) {
      var set = select ? select.value : null;
      if (overridden().length) return [];
      return (data.printed || []).filter(function (p) { return p.set === set && atPrinted(p, vals, except); });
    }

    // Where the source prints the output (a printed check value): beside the value computed at
    // exactly those inputs with the constant set it was made with, as catalog eval says it.
    function showPrinted(ins, y) {
      if (!printedBox) return;
      var lines = !isFinite(y) ? [] : printedAt(ins, null).map(function (p) {
        var gap = String(y - p.expected);
        var off = p.expected ? signedPercent(100 * (y - p.expected) / Math.abs(p.expected), 3)
          : (gap.charAt(0) === "-" ? gap : "+" + gap);
        var tol = percent(100 * p.relTol, 3);
        return "Printed in the source (" + p.locator + "): " + data.output + " = " + format(p.expected) +
          " at these inputs; this value is " + off + " from it (" + (p.measured
            ? "a measured point the law was fitted to; the fit misses such points by up to " + tol
            : "the check holds the law to it within " + tol) + ").";
      });
      printedBox.textContent = lines.join(" ");
      printedBox.hidden = lines.length === 0;
    }

    /* A secondary set picked (a survey's or Wikipedia's transcription): the primary set it stands
     * for at the same inputs and how far apart they land, as catalog eval notes it
     * (catalog.provenance.Comparison); not once a parameter is edited. */
    function showSecondary(ins, y) {
      if (!secondaryBox) return;
      var set = select && select.value ? setById(select.value) : null, about = set && set.secondary;
      var primary = about ? setById(about.primary) : null;
      showAgainst(secondaryBox, primary, ins, y, function (p, gap) {
        return "Constant set " + set.id + " is a " + about.provenance +
          " transcription, not the primary source: the primary set " + primary.id + " (" + about.where + ") gives " +
          data.output + " = " + format(p) + " at these inputs, where " + set.id + " gives " + format(y) +
          " (difference " + gap + ").";
      });
    }

    /* The constants in use were not read in the paper, its code or a replication (a transcription,
     * Wikipedia's): catalog eval's provenance warning, word for word (the build writes it per set);
     * none once a parameter is edited, as catalog eval warns only of a set's own constants. */
    function showProvenance() {
      if (!provenanceBox) return;
      var set = select && select.value ? setById(select.value) : null, said = set && set.provenanceWarning;
      provenanceBox.hidden = !said;
      if (provenanceBox.getAttribute("data-said") === (said || "")) return;
      provenanceBox.setAttribute("data-said", said || "");
      provenanceBox.textContent = "";
      if (!said) return;
      provenanceBox.appendChild(document.createElement("b")).textContent = "Warning:";
      provenanceBox.appendChild(document.createTextNode(" " + said));
    }

    /* `box` says `words(p, the signed difference)`, p the value of the set `against` at the inputs,
     * where both it and y are numbers; else it is emptied and hidden. The two notes setting a
     * picked set beside a primary one (showSecondary, showVsPrimary). */
    function showAgainst(box, against, ins, y, words) {
      var p = against && isFinite(y) ? evaluate(data.id, ins, against.values) : NaN;
      box.hidden = !isFinite(p);
      if (!isFinite(p)) { box.textContent = ""; box.removeAttribute("data-primary-value"); return; }
      var gap = format(y - p);
      box.textContent = words(p, y - p < 0 ? gap : "+" + gap);
      box.setAttribute("data-primary-value", String(p));
    }

    /* Another set than the default picked (Besiroglu et al.'s replication on Chinchilla's page): how
     * far its value lands from the law's primary set's at the inputs typed, which only the collapsed
     * table of every set showed. Not for the primary set itself, edited constants, or a
     * transcription of the primary set (showSecondary says it). */
    function showVsPrimary(ins, y) {
      if (!vsPrimaryBox) return;
      var set = select && select.value ? setById(select.value) : null, primary = data.primarySet;
      var shown = set && primary && set.id !== data.defaultSet && set.id !== primary.id &&
        !(set.secondary && set.secondary.primary === primary.id);
      showAgainst(vsPrimaryBox, shown ? setById(primary.id) : null, ins, y, function (p, gap) {
        return "Constant set " + set.id + " gives " + data.output + " = " + format(y) + " at these inputs; the law's " +
          "primary set " + primary.id + " (" + primary.where + ") gives " + format(p) + " (difference " + gap +
          (p ? ", " + signedPercent(100 * (y - p) / Math.abs(p), 3) : "") + ").";
      });
    }

    /* The power law in C of the set the parameters start from, with the parameters in use: it does
     * not depend on the budget typed, so it is found once per set and parameters (13 optima). */
    var lastPowerLaw = { key: null, law: null };
    function powerLawOf(ps) {
      var setId = baseSet || data.defaultSet, key = JSON.stringify([setId, ps]);
      if (lastPowerLaw.key !== key) lastPowerLaw = { key: key, law: optimumPowerLaw(data.id, data.optimal, setId, ps) };
      return lastPowerLaw.law;
    }

    /* "Compute-optimal allocation": n_opt, d_opt and the output at the budget typed, with the
     * parameters in use, and whether n_opt or d_opt leaves the constants' fitted range. */
    function showOptimum(ps, ok) {
      if (!budget) return;
      var note = budget.nextElementSibling, text = budget.value.trim(), c = parseMagnitude(text), o = data.optimal;
      note.textContent = "";
      ["data-n", "data-d", "data-value", "data-n-exponent", "data-n-coefficient", "data-n-misfit"].forEach(function (a) {
        optBox.removeAttribute(a);
      });
      if (!ok) { optBox.textContent = ""; return; }
      if (!(c > 0 && isFinite(c))) {
        note.textContent = c > 0 ? "not a finite number (it overflows)" : "enter a positive budget, e.g. 5.76e23";
        optBox.textContent = "";
        return;
      }
      var found = computeOptimum(data.id, o.n, o.d, o.k, c, {}, ps);
      if (!found) { optBox.textContent = "No interior optimum at this budget: the law keeps falling towards one end of the budget line, or is flat along it."; return; }
      var beyond = [[o.n, found.n], [o.d, found.d]].filter(function (p) { return outside(fitOf(byName[p[0]]), p[1]); })
        .map(function (p) { return p[0] + "_opt"; });
      optBox.textContent = o.n + "_opt = " + format(found.n) + ", " + o.d + "_opt = " + format(found.d) + " (" +
        format(found.d / found.n, 3) + " tokens per parameter), " + data.output + " = " + format(found.value) + " at C = " + format(c) +
        (beyond.length ? ". Extrapolation: " + beyond.join(" and ") + " outside the fitted range." : ".");
      var law = powerLawOf(ps);
      if (law) optBox.setAttribute("data-n-misfit", String(law.misfit));
      if (powerLawHolds(law)) {
        optBox.textContent += " Over the fitted range's budgets (C from " + format(law.from) + " to " + format(law.to) + ") " +
          o.n + "_opt = " + format(law.a) + " C^" + format(law.b) + " and " + o.d + "_opt = " + format(1 / (o.k * law.a)) +
          " C^" + format(1 - law.b) + " (power laws in C, as catalog optimal states them).";
        optBox.setAttribute("data-n-coefficient", String(law.a));
        optBox.setAttribute("data-n-exponent", String(law.b));
      }
      optBox.setAttribute("data-n", String(found.n));
      optBox.setAttribute("data-d", String(found.d));
      optBox.setAttribute("data-value", String(found.value));
    }

    /* Why the output is not a number, as catalog.engine.evaluation words it for catalog eval. */
    function notFinite(ins, y) {
      var zeros = data.inputs.filter(function (i) { return ins[i.name] === 0; }).map(function (i) { return i.name; });
      return data.output + " is not a finite number at " +
        data.inputs.map(function (i) { return i.name + "=" + format(ins[i.name]); }).join(", ") + ": " +
        (zeros.length ? zeros.join(", ") + "=0 is outside the formula's domain (log of zero or division by zero)"
          : isNaN(y) ? "the formula is undefined there (e.g. a negative base raised to a fractional power, " +
            "or the log of a negative number); check the inputs and constants"
            : "the result overflows (the inputs or constants are far outside a sensible range)");
    }

    function update(fromUser) {
      var ins = read(inputs, "data-input"), ps = read(params, "data-parameter");
      // one line for the empty fields: a law without published constants has ten of them
      var empty = ins.empty.concat(ps.empty);
      var errors = (empty.length ? ["enter a value for " + empty.join(", ")] : []).concat(ins.errors, ps.errors);
      var warnings = [];  // each [text, where its range comes from (or ""), what it says in a few words]
      data.inputs.forEach(function (input) {
        var v = ins.values[input.name], i = fitOf(input);
        if (!isFinite(v)) return;
        if (outside(i, v)) {
          // the range's source after it, as catalog eval prints it ("range from: ..."): a range
          // read off a figure or a paper's prose is weaker evidence than a table's
          warnings.push([i.name + " = " + format(v) + " is outside the fitted range " +
            (i.own ? "of these constants " : "") +
            (i.min != null ? format(i.min) : "\u2013\u221e") + " to " + (i.max != null ? format(i.max) : "\u221e") +
            howFar(i, v) + "." + (looksLikeYear(i, v) ? " " + i.name + " counts " + i.unit + " from an origin, not a calendar year: " +
              i.meaning + "." : ""), i.source || "", i.name + " is outside the fitted range"]);
        }
      });
      // as catalog.engine: a law in a mixture's proportions was fitted on shares summing to 1
      var shares = data.inputs.filter(function (i) { return i.variable === "mixture_proportions"; });
      var total = shares.reduce(function (t, i) { return t + ins.values[i.name]; }, 0);
      if (shares.length > 1 && isFinite(total) && Math.abs(total - 1) > 1e-6) {
        warnings.push(["The proportions " + shares.map(function (i) { return i.name; }).join(", ") +
          " sum to " + format(total) + ", not 1: the law was fitted on mixtures, whose proportions sum to 1.", "",
          "the proportions do not sum to 1"]);
      }
      showRanges();
      var said = warnings.length ? "Extrapolation: " + warnings.map(function (w) { return w[2]; }).join("; ") + "." : "";
      // kept while an input is no number yet ("1e" on the way to "1e14"), which would clear and say it again
      if (warningSaid && !errors.length && warningSaid.textContent !== said) warningSaid.textContent = said;
      // one heading over the warnings, each an item (it began every one of them); redrawn only
      // when a warning's text changes
      var shown = JSON.stringify(warnings);
      if (shown !== warningShown) { warningShown = shown; warning.textContent = ""; }
      if (warnings.length && !warning.firstChild) {
        var head = document.createElement("b"), list = document.createElement("ul");
        head.textContent = "Extrapolation";
        warnings.forEach(function (w) {
          var item = list.appendChild(document.createElement("li"));
          item.textContent = w[0];
          if (!w[1]) return;
          var source = item.appendChild(document.createElement("span"));
          source.className = "slc-range-source";
          source.textContent = " Range from: " + w[1];
        });
        warning.append(head, list);
      }
      warning.hidden = warnings.length === 0;
      var y = NaN;
      result.title = "";  // a dash shows no number: not the last one's digits on hover
      if (errors.length) {
        message.textContent = errors.join("; ");
        result.textContent = "\u2014";
        result.removeAttribute("data-value");
      } else {
        var failed = failedCondition(data.id, ins.values, ps.values);
        y = evaluate(data.id, ins.values, ps.values);
        if (failed) {
          message.textContent = failed + ": the law is stated only where it holds";
          result.textContent = "\u2014";
          result.removeAttribute("data-value");
        } else if (isFinite(y)) {
          message.textContent = "";
          result.textContent = format(y);
          result.setAttribute("data-value", String(y));
          result.title = String(y);
        } else {
          message.textContent = notFinite(ins.values, y);
          result.textContent = "\u2014";
          result.removeAttribute("data-value");
        }
      }
      var definedOut = el.querySelectorAll(".slc-defined-value");
      if (definedOut.length) {
        var dv = errors.length || !isFinite(y) ? {} : definedValues(data.id, ins.values, ps.values);
        for (var q = 0; q < definedOut.length; q++) {
          var out = definedOut[q].querySelector("output"), v = own(dv, definedOut[q].getAttribute("data-name"));
          out.textContent = isFinite(v) ? format(v) : "\u2014";
          out.title = isFinite(v) ? String(v) : "";  // every digit, as the result's
          if (isFinite(v)) out.setAttribute("data-value", String(v)); else out.removeAttribute("data-value");
        }
      }
      fillAllSets(ins.values, ins.ok);
      showInterval(ins.values, ps.values, errors.length ? NaN : y);
      showPrinted(ins.values, errors.length ? NaN : y);
      showSecondary(ins.values, errors.length ? NaN : y);
      showVsPrimary(ins.values, errors.length ? NaN : y);
      showProvenance();
      showOptimum(ps.values, ps.ok);
      el.setAttribute("data-state", errors.length ? "error" : (isFinite(y) ? "ok" : "undefined"));
      if (canvas && !errors.length) plot(ins.values, ps.values, y);
      else if (canvas) { plotted = null; placeholder(canvas, "The plot appears when every input and parameter has a value."); }
      var query = state();
      if (shareLink) shareLink.href = pageUrl(query);
      if (fromUser === true) {
        writeUrl(query);
        if (shareNote && el.getAttribute("data-restored")) { shareNote.textContent = ""; el.removeAttribute("data-restored"); }
      }
    }

    /* Reading a value off the plot: the law itself at the x under the pointer (the other inputs
     * held as typed), not the gridlines' guess; the calculator gives it for a typed x. */
    var plotted = null, readout = null;
    function readAt(clientX) {
      var x = plotted ? xAtPointer(canvas, clientX) : NaN;
      if (!isFinite(x)) { readout.textContent = ""; readout.removeAttribute("data-x"); return; }
      var point = Object.assign({}, plotted.ins); point[plotted.x] = x;
      var v = evaluate(data.id, point, plotted.ps);
      readout.textContent = "Under the pointer: " + plotted.x + " = " + format(x, 4) + ", " + data.output + " = " +
        format(v) + (data.outputUnit ? " " + data.outputUnit : "") + ".";
      readout.setAttribute("data-x", String(x));
      readout.setAttribute("data-value", String(v));
    }
    if (canvas) {
      readout = document.createElement("p");
      readout.className = "slc-plot-readout";
      canvas.parentNode.insertBefore(readout, canvas.nextSibling);
      ["pointermove", "pointerdown"].forEach(function (type) {
        canvas.addEventListener(type, function (e) { readAt(e.clientX); });
      });
      canvas.addEventListener("pointerleave", function () { readAt(NaN); });
    }

    function plot(inVals, parVals, y) {
      var xName = xSelect ? xSelect.value : data.inputs[0].name;
      plotted = { ins: inVals, ps: parVals, x: xName };
      var input = fitOf(byName[xName]);
      var span = plotSpan(input, inVals[xName]);
      var failed = [];  // the condition failing at each x, where one does (U <= D with U held above D)
      var pts = spaced(span[0], span[1], 120, isLinear(input)).map(function (x) {
        var point = Object.assign({}, inVals); point[xName] = x;
        var why = failedCondition(data.id, point, parVals);
        if (why) failed.push(why);
        return [x, evaluate(data.id, point, parVals)];
      });
      // every x failing a condition: the law is not undefined there, it is not stated (as catalog eval says)
      var empty = failed.length === pts.length ? "Nothing to plot: " + failed[0] + " across this range; the law is " +
        "stated only where it holds." : null;
      var fixed = data.inputs.filter(function (i) { return i.name !== xName; })
        .map(function (i) { return i.name + " = " + format(inVals[i.name]); });
      var printed = printedAlong(xName, inVals);
      drawPlot(canvas, [{ label: data.name, points: pts }], {
        xLabel: xName + (input.unit ? " [" + input.unit + "]" : ""),
        yLabel: data.output + (data.outputUnit ? " [" + data.outputUnit + "]" : ""),
        shade: shadeOf(input), marker: [inVals[xName], y], points: printed, linearX: isLinear(input),
        scoreY: data.outputScore, empty: empty,
      });
      var caption = el.querySelector(".slc-plot-caption");
      if (caption) {
        caption.textContent = (fixed.length ? "Other inputs held at " + fixed.join(", ") + ". " : "") +
          (printed.length ? "Circles: " + printed.length + " value" + (printed.length > 1 ? "s" : "") +
            " printed in the source" + (fixed.length ? " at these other inputs" : "") +
            " (listed under Stated values)." : "");
      }
    }

    // The printed check values along the plotted input: same constant set, no edited parameter,
    // every other input at its current value.
    function printedAlong(xName, inVals) {
      return printedAt(inVals, xName).map(function (p) { return [p.inputs[xName], p.expected]; });
    }

    function userUpdate() { update(true); }

    if (select) select.addEventListener("change", function () { fillSet(); userUpdate(); });
    for (var i = 0; i < params.length; i++) params[i].addEventListener("input", function () { markEdited(); userUpdate(); });
    for (var j = 0; j < inputs.length; j++) inputs[j].addEventListener("input", userUpdate);
    if (xSelect) xSelect.addEventListener("change", userUpdate);
    if (budget) budget.addEventListener("input", userUpdate);
    el.querySelector("form").addEventListener("submit", function (ev) { ev.preventDefault(); userUpdate(); });
    var resize = null;
    window.addEventListener("resize", function () { clearTimeout(resize); resize = setTimeout(update, 150); });
    if (data.sets.length && select) fillSet();
    var fitBox = el.querySelector("[data-slc-fit]");
    if (fitBox && window.SLC_FIT) {
      // "Use these constants in the calculator": the fitted values as edited parameters
      window.SLC_FIT.init(fitBox, data, { use: function (values) {
        for (var k = 0; k < params.length; k++) {
          var name = params[k].getAttribute("data-parameter");
          if (own(values, name) !== undefined) params[k].value = String(values[name]);
        }
        markEdited();
        var details = el.querySelector("details.slc-params");
        if (details) details.open = true;
        userUpdate();
      } });
    }
    fillChecks();
    restore();
    setupShare(el, function () { return pageUrl(state()); });
    update(false);
    el.setAttribute("data-ready", "1");
  }

  /* ------------------------------------------------------------------ conventions */

  /* A template of catalog.engine.conventions.TEMPLATES (the compare page's data) with its {names}
   * filled in one pass, as str.format fills it: braces in a value stay text. */
  function fillTemplate(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (match, name) { return String(own(values, name)); });
  }

  /* Python's round(x, digits), digits >= 0: the nearest number of `digits` decimals to x's exact
   * value, an exact half to the even one (toFixed takes the larger). A double is a terminating
   * decimal, so toFixed(100) shows a tie's trailing zeros for any size a tokenizer text states. */
  function pyRound(x, digits) {
    if (!isFinite(x) || Math.abs(x) >= 1e21) return x;  // no decimals there (and no fixed form)
    var ax = Math.abs(x), sign = x < 0 ? -1 : 1, places = Math.min(digits, 99);
    var exact = ax.toFixed(100), point = exact.indexOf(".");
    if (/^50*$/.test(exact.slice(point + 1 + places))) {
      var down = exact.slice(0, places ? point + 1 + places : point);
      if (Number(down.charAt(down.length - 1)) % 2 === 0) return sign * Number(down);
    }
    return sign * Number(ax.toFixed(places));
  }

  /* conventions._same_size: whether two tokenizer readings' vocabulary sizes can be one (equal, or
   * a size printed in thousands or millions agreeing at its printed precision or in binary
   * thousands). Sizes are numbers, or "Infinity" where JSON has none. */
  function sameSize(a, b) {
    if (a.size === null || b.size === null || Number(a.size) === Number(b.size)) return true;
    var orders = [[a, b], [b, a]];
    for (var i = 0; i < orders.length; i++) {
      var rounded = orders[i][0], exact = orders[i][1];
      if (rounded.rounded && !(exact.scale && exact.scale !== rounded.scale)) {
        var size = Number(exact.size), r = rounded.rounded;
        if (pyRound(size / rounded.scale, r[1]) === Number(r[0]) || size === Number(r[2])) return true;
      }
    }
    return false;
  }

  /* conventions._tokenizer_difference: what differs between two tokenizers in words, or null. */
  function tokenizerDifference(T, ta, tb) {
    var what = [];
    if (ta.name && tb.name && ta.name !== tb.name) what.push(T.tokenizer_names);
    if (!sameSize(ta, tb)) what.push(fillTemplate(T.tokenizer_sizes, { a: ta.sizeText, b: tb.sizeText }));
    return what.join(T.and) || null;
  }

  /* The differences ([[field, text], ...]) and notes between the conventions of laws a and b: a
   * port of catalog.site.views.compare_pair (conventions.compose of the two laws' class readings,
   * with the units of their outputs and matched inputs), worded by the templates in the data. */
  function conventionDifferences(conv, a, b) {
    var ra = conv.readings[conv.classes[a]], rb = conv.readings[conv.classes[b]], T = conv.templates;
    var ca = ra.stated, cb = rb.stated, diffs = [], notes = [];
    function oneSided(field) {
      var sa = ra.unstated.indexOf(field) >= 0, sb = rb.unstated.indexOf(field) >= 0;
      if (sa !== sb && ra.notApplicable.indexOf(field) < 0 && rb.notApplicable.indexOf(field) < 0) {
        notes.push(fillTemplate(T.note, { silent: sa ? a : b, label: conv.labels[field], other: sa ? b : a,
                                          value: sa ? cb[field] : ca[field] }));
      }
    }
    var pa = ca.parameters, pb = cb.parameters;
    if (ra.embeddings && rb.embeddings && pa !== pb) {
      diffs.push(["parameters", fillTemplate(T.parameters, { a: pa, b: pb, a_embeddings: ra.embeddings,
                                                             b_embeddings: rb.embeddings })]);
    } else oneSided("parameters");
    var xa = ra.compute, xb = rb.compute;
    if (xa && xb) {
      if ([0, 1, 2].some(function (k) { return xa[k] && xb[k] && xa[k] !== xb[k]; })) {
        diffs.push(["compute", fillTemplate(T.compute, { a: ca.compute, b: cb.compute, a_read: xa[3], b_read: xb[3] })]);
      }
    } else oneSided("compute");
    var ua = ca.loss_unit, ub = cb.loss_unit, units = ["nats", "bits"];
    if (units.indexOf(ua) >= 0 && units.indexOf(ub) >= 0 && ua !== ub) {
      diffs.push(["loss_unit", fillTemplate(T.loss_unit, { a: ua, b: ub })]);
    } else oneSided("loss_unit");
    var va = ra.validationSet, vb = rb.validationSet;
    if (va && vb && va !== vb) {
      diffs.push(["validation_set", fillTemplate(T.validation_set, { a: ca.validation_set, b: cb.validation_set })]);
    } else oneSided("validation_set");
    var ta = ra.tokenizer, tb = rb.tokenizer, what = ta && tb ? tokenizerDifference(T, ta, tb) : null;
    if (what) diffs.push(["tokenizer", fillTemplate(T.tokenizer, { a: ta.text, b: tb.text, what: what })]);
    else oneSided("tokenizer");
    // the outputs where they are one variable, then the inputs of a variable both have, in a's order
    var pairs = ra.output[0] === rb.output[0] ? [[ra.output.slice(1), rb.output.slice(1)]] : [];
    ra.inputs.forEach(function (ia) {
      rb.inputs.forEach(function (ib) { if (ia[0] === ib[0]) pairs.push([ia.slice(1), ib.slice(1)]); });
    });
    var differing = pairs.filter(function (p) { return p[0][2] && p[1][2] && p[0][2] !== p[1][2]; });
    if (differing.length) {
      diffs.push(["unit", fillTemplate(T.unit, { what: differing.map(function (p) {
        return fillTemplate(T.unit_pair, { a: p[0][0], a_unit: p[0][1], b: p[1][0], b_unit: p[1][1] });
      }).join(T.and) })]);
    }
    return { d: diffs, n: notes };
  }
  window.SLC_CONVENTIONS = { differences: conventionDifferences };  // and for the tests that hold it to Python's

  /* ------------------------------------------------------------------ compare */

  function initCompare(el) {
    var data = window.SLC_COMPARE;  // assets/formulas/compare-data.js, which the browser keeps between visits
    var outSelect = el.querySelector("select.slc-cmp-output");
    var varSelect = el.querySelector("select.slc-cmp-variable");
    if (!varSelect) return;  // no variable shared by two laws: the page says so, and has no controls
    var box = el.querySelector(".slc-cmp-laws");
    var canvas = el.querySelector("canvas.slc-plot");
    var legend = el.querySelector(".slc-legend");
    var fromInput = el.querySelector("input.slc-cmp-from"), toInput = el.querySelector("input.slc-cmp-to");
    var heldBox = el.querySelector(".slc-cmp-held");
    var convBox = el.querySelector(".slc-cmp-conventions");
    var shareLink = el.querySelector("a.slc-share-link"), shareNote = el.querySelector(".slc-share-note");
    var atInput = el.querySelector("input.slc-cmp-at"), atNote = atInput.nextElementSibling;
    var readout = el.querySelector(".slc-cmp-readout");
    var held = {};  // other scaling variable -> the text typed for it, shared by every law that has it
    var restoredPicks = null;  // law ids from the URL, used once

    /* catalog.site.views.output_key, computed at build time: laws share a y axis only when they
     * predict the same quantity in the same unit (counts of parameters, tokens or FLOPs in their
     * plain unit, each law's values times its outputScale). */
    function outputKey(law) { return law.outputKey; }

    function lawsFor(variable) {
      var out = outSelect ? outSelect.value : null;
      var split = variable === "compute" && out !== null && own(data.frontierOutputs || {}, out);
      return (own(data.variables, variable) || { laws: [] }).laws.filter(function (id) {
        return out === null || outputKey(data.laws[id]) === out || (split && data.laws[id].optimal);
      });
    }

    /* On the compute axis with N_opt or D_opt chosen (catalog plot --x C --y N_opt): the quantity a
     * loss law's compute-optimal split gives ("N_opt", "D_opt"; its loss, L_opt, otherwise), drawn
     * beside the laws that state N_opt(C) or D_opt(C) themselves. */
    function splitQuantity() {
      return varSelect.value === "compute" ? own(data.frontierOutputs || {}, outSelect.value) : undefined;
    }

    /* Along a frontier, the split's output: N_opt or D_opt in plain counts (the law takes N in
     * parameters and D in tokens), else the loss at the optimum; its name and unit. */
    function frontierOutput(law) {
      var o = law.optimal, q = splitQuantity(), out = outSelect.value;
      if (q) return { name: (q === "N_opt" ? o.n : o.d) + "_opt", unit: out.slice(out.indexOf("|") + 1), of: q === "N_opt" ? "n" : "d" };
      return { name: law.output + "_opt", unit: law.outputKey.slice(law.outputKey.indexOf("|") + 1), of: null };
    }

    /* The scaling variables offered for the chosen output: those with at least one of its laws. */
    function fillVariables() {
      var keep = varSelect.value;
      varSelect.textContent = "";
      Object.keys(data.variables).forEach(function (v) {
        var n = lawsFor(v).length;
        if (!n) return;
        var opt = document.createElement("option");
        opt.value = v;
        opt.textContent = data.variables[v].label + " (" + n + (n === 1 ? " law)" : " laws)");
        varSelect.appendChild(opt);
      });
      if (keep && lawsFor(keep).length) varSelect.value = keep;
      else if (lawsFor("model_parameters").length) varSelect.value = "model_parameters";
    }

    /* The law's input on the x axis of `variable`. A loss law in N and D alone has none on the
     * compute axis: there it is drawn along its compute-optimal frontier, as catalog optimal and
     * the Predict page split a budget C = kND, over budgets whose domain and fitted range are k
     * times those of N and D (with `set`'s own ranges where it has them). */
    function xName(law, variable, set) {
      for (var i = 0; i < law.inputs.length; i++) if (law.inputs[i].variable === variable) return law.inputs[i];
      if (variable !== "compute" || !law.optimal) return null;
      var o = law.optimal, n = null, d = null;
      law.inputs.forEach(function (inp) { if (inp.name === o.n) n = fitFor(inp, set); if (inp.name === o.d) d = fitFor(inp, set); });
      var times = function (a, b) { return a != null && b != null ? o.k * a * b : null; };
      return { name: "C", unit: "FLOPs", variable: "compute", scale: null, frontier: true, "default": o.k * n["default"] * d["default"],
        min: times(n.min, d.min), max: times(n.max, d.max), domainScale: "log",
        domain: [o.k * n.domain[0] * d.domain[0], o.k * n.domain[1] * d.domain[1]] };
    }

    /* The inputs a curve is held at: the typed value of each other scaling variable (typed in the
     * variable's base unit, converted to the law's: millions, billions, PF-days), else the
     * calculator's starting value. */
    function heldPoint(law) {
      var point = symbolMap();
      law.inputs.forEach(function (inp) {
        var key = heldKey(law, inp), v = key in held ? parseMagnitude(held[key]) / (inp.scale || 1) : NaN;
        point[inp.name] = isFinite(v) ? v : inp["default"];
      });
      return point;
    }

    /* A held value typed as a multiple of the x axis's variable, "20N" (tokens twenty times the
     * parameters over model size, as catalog plot --fix D=20N takes it): the factor, else NaN. The
     * letters name the x axis, whatever each law calls it. */
    function heldRatio(text) {
      var m = multipleOf(text);
      return m ? m[0] : NaN;
    }

    /* The law's inputs held at a multiple of x (heldRatio): name -> the factor in the law's own
     * units (20N over parameters is D = 2e10 N for a law taking N in billions). */
    function heldRatios(law, input) {
      var out = symbolMap();
      if (input.frontier) return out;
      law.inputs.forEach(function (inp) {
        var key = heldKey(law, inp), k = inp.name !== input.name && key in held ? heldRatio(held[key]) : NaN;
        if (isFinite(k)) out[inp.name] = k * (input.scale || 1) / (inp.scale || 1);
      });
      return out;
    }

    /* The law's inputs at x (in the variable's base unit): the held point, x, and the inputs held
     * at a multiple of x. */
    function pointAt(law, input, point, x) {
      var at = symbolMap(point), ratios = heldRatios(law, input);
      at[input.name] = x / (input.scale || 1);
      Object.keys(ratios).forEach(function (n) { at[n] = ratios[n] * at[input.name]; });
      return at;
    }

    /* The held field an input reads: its variable's, shared by every law that has it, for the
     * law's first input of that variable; a further one (Muennighoff et al.'s unique tokens U
     * beside the tokens D, both data) has its own, "data.U", else one field set both U and D,
     * and on the data axis U took whatever was held for data before. An input without a variable
     * (bergsma2025b's tau) is the law's own, "bergsma2025b/...:tau": it was held at its starting
     * value with no field to change it. */
    function heldKey(law, inp) {
      if (!inp.variable) return law.id + ":" + inp.name;
      var first = law.inputs.filter(function (i) { return i.variable === inp.variable; })[0];
      return first === inp ? inp.variable : inp.variable + "." + inp.name;
    }

    /* The inputs whose fitted range (the set's, fitFor) does not hold `at` (name -> value in the
     * law's units), as catalog eval's and catalog optimal's extrapolation warnings name them. */
    function beyondOf(curve, at) {
      return curve.law.inputs.filter(function (inp) {
        var i = fitFor(inp, curve.set), v = at[inp.name];
        return inp.name in at && ((i.min != null && v < i.min) || (i.max != null && v > i.max));
      }).map(function (inp) { return inp.name; });
    }

    /* A curve at x (in the variable's base unit): its value times outputScale and the inputs
     * beyond their fitted range there; along a compute-optimal frontier (computeOptimum, as
     * catalog optimal) the loss at the best split of budget x, N_opt and D_opt held to their ranges. */
    function curveAt(curve, input, point, x) {
      var law = curve.law, set = curve.set, at;
      if (input.frontier) {
        var o = law.optimal, found = computeOptimum(law.id, o.n, o.d, o.k, x, {}, set.values), of = frontierOutput(law).of;
        if (!found) return { value: NaN, beyond: [], at: {} };
        at = symbolMap(); at[o.n] = found.n; at[o.d] = found.d;
        return { value: of ? found[of] : found.value * (law.outputScale || 1), beyond: beyondOf(curve, at), at: at };
      }
      at = pointAt(law, input, point, x);
      return { value: evaluate(law.id, at, set.values) * (law.outputScale || 1), beyond: beyondOf(curve, at), at: at };
    }

    /* Where a curve has no value (a held input outside the law's conditions, U <= D, or its formula
     * undefined there), a line saying at how many of the points and why at the first, in catalog
     * eval's words: the curve was left out of the plot, or cut short, without a word. */
    function missingNote(curve, input, point, xs, pts) {
      var gaps = pts.filter(function (p) { return !isFinite(p[1]); }).length;
      if (!gaps) return null;
      var x = xs[pts.map(function (p) { return isFinite(p[1]); }).indexOf(false)];
      var note = document.createElement("p");
      note.className = "slc-cmp-missing slc-small";
      note.textContent = (gaps === pts.length ? "No value anywhere on this range" : "No value at " + gaps + " of the " +
        pts.length + " points") + ": " + noValueReason(curve, input, point, x, true) + ".";
      return note;
    }

    /* Why a curve has no value at x (in the variable's base unit), in catalog eval's words: the
     * condition failing at the held values, no interior split along a frontier, else the formula
     * undefined there. Shared by the legend's note and the readout, so both say the same; `advise`
     * adds the legend's hint to change the held values. */
    function noValueReason(curve, input, point, x, advise) {
      if (input.frontier) return "no interior compute-optimal split at " + format(x);
      var at = pointAt(curve.law, input, point, x);
      var why = failedCondition(curve.law.id, at, curve.set.values);
      if (why) return why + (advise ? " (the law is stated only where it holds; change the held values)" : "");
      return "the formula is undefined at " + input.name + " = " + format(at[input.name]);
    }

    /* The fitted ranges a curve is dashed beyond, in a <details> whose body gives each range's
     * source (as the calculator's extrapolation warning does): the x input's (along a frontier
     * N's and D's) and any held input's that lies beyond its own. */
    function rangesOf(curve, input, point) {
      var law = curve.law, names = input.frontier ? [law.optimal.n, law.optimal.d] : [input.name];
      var ratios = heldRatios(law, input), fixed = symbolMap(point);
      Object.keys(ratios).forEach(function (n) { delete fixed[n]; names.push(n); });  // varies along x: always named
      beyondOf(curve, fixed).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
      var details = document.createElement("details"), summary = document.createElement("summary");
      var sources = document.createElement("ul");
      details.className = "slc-cmp-range slc-small";
      summary.textContent = "dashed beyond its fitted range: " + names.map(function (n) {
        var inp = law.inputs.filter(function (i) { return i.name === n; })[0], i = fitFor(inp, curve.set);
        if (i.min == null && i.max == null) return n + " range not stated";
        var li = sources.appendChild(document.createElement("li"));
        li.textContent = n + ": " + (i.source || "the record states no source");
        return n + " " + (i.min != null ? format(i.min) : "\u2013\u221e") + " to " + (i.max != null ? format(i.max) : "\u221e") +
          (n !== input.name && !input.frontier ? " (held at " + heldText(n, input, point, ratios) + ")" : "");
      }).join("; ");
      details.appendChild(summary);
      if (sources.children.length) details.appendChild(sources);
      return details;
    }

    /* An input's held value as the legend gives it: a number, or "20 N" for one held at a multiple of x. */
    function heldText(name, input, point, ratios) {
      return name in ratios ? format(ratios[name]) + " " + input.name : format(point[name]);
    }

    /* Each curve's value at the x typed (the readout), as catalog eval (or catalog optimal along a
     * frontier) gives it at that point: which inputs lie beyond their fitted range there. */
    function showReadout(curves, variable) {
      readout.textContent = "";
      atNote.textContent = "";
      var text = atInput.value.trim();
      if (!text) return null;
      var x = parseMagnitude(text);
      if (!isFinite(x) || !(x > 0 || linearX())) {
        atNote.textContent = isFinite(x) ? "not a positive number (the axis is logarithmic)" : "not a number (write e.g. 1e23, 70B)";
        return null;
      }
      var table = document.createElement("table"), head = table.createTHead().insertRow();
      // whom to cite and where the set's constants are printed, as catalog predict's citation and locator
      var heads = ["Curve", "Value", "Unit", "Beyond the fitted range", "Citation"];  // a phone's cards label cells (.slc-stack)
      heads.forEach(function (t) {
        var th = document.createElement("th"); th.textContent = t; head.appendChild(th);
      });
      var body = table.createTBody();
      curves.forEach(function (curve, i) {
        var law = curve.law, input = xName(law, variable, curve.set), got = curveAt(curve, input, heldPoint(law), x);
        var tr = body.insertRow();
        tr.setAttribute("data-law", curve.id); tr.setAttribute("data-set", curve.set.id);
        var name = tr.insertCell();
        name.appendChild(seriesKey(i));
        name.appendChild(document.createTextNode(law.name + " (" + curve.set.id + ")"));
        var value = tr.insertCell();
        value.className = "slc-cmp-at-value";
        value.setAttribute("data-label", heads[1]);
        value.textContent = isFinite(got.value) ? format(got.value) : "no value: " + noValueReason(curve, input, heldPoint(law), x);
        if (isFinite(got.value)) { value.setAttribute("data-value", String(got.value)); value.title = String(got.value); }
        if (input.frontier) {  // where along the frontier: catalog optimal's N_opt and D_opt
          var o = law.optimal, where = document.createElement("span");
          where.className = "slc-muted slc-small";
          where.textContent = " at " + o.n + "_opt = " + format(got.at[o.n]) + ", " + o.d + "_opt = " + format(got.at[o.d]);
          if (isFinite(got.value)) value.appendChild(where);
        }
        var unit = tr.insertCell();
        unit.textContent = (input.frontier ? frontierOutput(law).unit : law.outputKey.slice(law.outputKey.indexOf("|") + 1)) ||
          "not stated";
        unit.setAttribute("data-label", heads[2]);
        var beyond = tr.insertCell();
        beyond.className = "slc-cmp-at-beyond";
        beyond.setAttribute("data-label", heads[3]);
        beyond.textContent = got.beyond.join(", ") || "none";
        var cite = tr.insertCell();  // record text: textContent only
        cite.className = "slc-cmp-at-citation";
        cite.setAttribute("data-label", heads[4]);
        cite.textContent = law.citation + (curve.set.locator ? ", " + curve.set.locator : "");
      });
      var caption = document.createElement("p");
      caption.className = "slc-small";
      caption.textContent = "At " + variable.replace(/_/g, " ") + " = " + text + " (each curve held as its legend says).";
      readout.appendChild(caption);
      var scroll = document.createElement("div"), wrap = document.createElement("div");
      scroll.className = "md-typeset__scrollwrap"; wrap.className = "md-typeset__table";
      wrap.appendChild(table); scroll.appendChild(wrap); readout.appendChild(scroll);
      return x;
    }

    var rangeEdited = false;

    /* Default picks: up to three laws predicting the most common dependent variable: the laws
     * the home page offers (the ones other records refer to most: Chinchilla, Kaplan) first, then
     * those with a recorded fitted range for the variable (else the first three by id). */
    function defaultPicks(ids) {
      var counts = {}, best = null, variable = varSelect.value;
      ids.forEach(function (id) { var d = data.laws[id].dependent; counts[d] = (counts[d] || 0) + 1; });
      Object.keys(counts).forEach(function (d) { if (best === null || counts[d] > counts[best]) best = d; });
      var same = splitQuantity() ? ids : ids.filter(function (id) { return data.laws[id].dependent === best; });
      var fitted = function (id) { var i = xName(data.laws[id], variable, null); return i.min != null && i.max != null; };
      var order = same.filter(fitted).concat(same.filter(function (id) { return !fitted(id); }));
      var first = (data.featured || []).filter(function (id) { return order.indexOf(id) >= 0; });
      return first.concat(order.filter(function (id) { return first.indexOf(id) < 0; })).slice(0, 3);
    }

    /* A picked curve is a law with one of its constant sets: "law" (its default set) or
     * "law@set" in the URL's laws list; a law drawn with several sets overlays them. */
    function defaultSetOf(law) { return law.defaultSet; }

    function parsePick(item) {
      var at = item.indexOf("@");
      return at < 0 ? { id: item, set: null } : { id: item.slice(0, at), set: item.slice(at + 1) };
    }

    function fillLaws(fromUser) {
      Array.prototype.slice.call(box.querySelectorAll(".slc-cmp-law-row")).forEach(function (l) { box.removeChild(l); });
      var ids = lawsFor(varSelect.value), picks = restoredPicks || defaultPicks(ids);
      restoredPicks = null;
      var chosen = {};  // law id -> the set ids picked for it (none: its default set)
      picks.forEach(function (item) {
        var p = parsePick(item);
        chosen[p.id] = chosen[p.id] || [];
        if (p.set) chosen[p.id].push(p.set);
      });
      ids.forEach(function (id) {
        var law = data.laws[id];
        var row = document.createElement("div");
        row.className = "slc-cmp-law-row";
        var label = document.createElement("label");
        var cb = document.createElement("input");
        cb.type = "checkbox"; cb.value = id; cb.className = "slc-cmp-law"; cb.checked = id in chosen;
        label.appendChild(cb);
        var name = document.createElement("span");
        name.textContent = " " + law.name + " ";
        var small = document.createElement("code");
        small.textContent = id;
        label.appendChild(name); label.appendChild(small);
        row.appendChild(label);
        if (law.sets.length > 1) {
          /* the law's constant sets, shown while it is picked: several overlay their curves */
          var sets = document.createElement("div");
          sets.className = "slc-cmp-sets"; sets.hidden = !cb.checked;
          sets.setAttribute("role", "group"); sets.setAttribute("aria-label", "constant sets of " + id);
          var wanted = chosen[id] && chosen[id].length ? chosen[id] : [defaultSetOf(law)];
          law.sets.forEach(function (s) {
            var sl = document.createElement("label");
            var sb = document.createElement("input");
            sb.type = "checkbox"; sb.className = "slc-cmp-set"; sb.value = s.id; sb.setAttribute("data-law", id);
            sb.checked = wanted.indexOf(s.id) >= 0;
            sb.addEventListener("change", function () {
              var left = sets.querySelectorAll("input.slc-cmp-set:checked").length;
              if (!left) {  // the last set unticked: the law is no longer drawn
                cb.checked = false; sets.hidden = true; sb.checked = s.id === defaultSetOf(law);
                fillHeld();
              }
              fitRange(); draw(true);
            });
            sl.appendChild(sb);
            sl.appendChild(document.createTextNode(" " + s.label + (s.id === defaultSetOf(law) ? " (default)" : "") + " "));
            var code = document.createElement("code");
            code.textContent = s.id;
            sl.appendChild(code);
            sets.appendChild(sl);
          });
          row.appendChild(sets);
          cb.addEventListener("change", function () { sets.hidden = !cb.checked; });
        }
        cb.addEventListener("change", function () { fitRange(); fillHeld(); draw(true); });
        box.appendChild(row);
      });
      if (fromUser === true) rangeEdited = false;
      fitRange();
      fillHeld();
      draw(fromUser);
    }

    /* One field per other scaling variable of the selected laws (e.g. data when comparing
     * over model size), so every law is held at the same value of it. */
    function fillHeld() {
      heldBox.textContent = "";
      var seen = {};
      checkedIds().forEach(function (id) {
        var x = xName(data.laws[id], varSelect.value, null);
        if (x && x.frontier) return;  // N and D both follow the budget
        var law = data.laws[id];
        law.inputs.forEach(function (inp) {
          var key = heldKey(law, inp);
          if (key === varSelect.value || seen[key]) return;
          seen[key] = true;
          var d = inp["default"] * (inp.scale || 1);  // shown in the variable's base unit
          if (!(key in held)) held[key] = (Math.abs(d) >= 1e6 || (d !== 0 && Math.abs(d) < 1e-3)) ?
            d.toExponential() : String(d);
          var row = document.createElement("div"); row.className = "slc-field";
          var label = document.createElement("label");
          label.textContent = "held: " + (!inp.variable ? inp.name + " of " + law.name :
            inp.variable.replace(/_/g, " ") + (key === inp.variable ? "" : ", " + inp.name));
          var field = document.createElement("input");
          field.type = "text"; field.value = held[key]; field.setAttribute("data-held", key);
          field.title = "A value (1.4e12, 1.4T) or a multiple of the x axis (20N: twenty times x at each point)";
          // each other character as its code, so 'a/b-c' and 'a-b/c' get different ids (and labels)
          field.id = "cmp-held-" + key.replace(/[^A-Za-z0-9_]/g, function (c) { return "-" + c.charCodeAt(0).toString(16) + "-"; });
          label.htmlFor = field.id;
          field.addEventListener("input", function () { held[key] = field.value; draw(true); });
          row.appendChild(label); row.appendChild(field); row.appendChild(document.createElement("span"));
          heldBox.appendChild(row);
        });
      });
    }

    function checkedIds() {
      return Array.prototype.filter.call(box.querySelectorAll("input.slc-cmp-law"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
    }

    /* The curves to draw: each picked law with each of its picked sets (its default set when it
     * has one set, or none is ticked). */
    function checkedCurves() {
      var curves = [];
      checkedIds().forEach(function (id) {
        var law = data.laws[id];
        var sets = Array.prototype.filter.call(box.querySelectorAll("input.slc-cmp-set"), function (c) {
          return c.checked && c.getAttribute("data-law") === id;
        }).map(function (c) { return findSet(law.sets, c.value); });
        if (!sets.length) sets = [findSet(law.sets, defaultSetOf(law))];
        sets.forEach(function (set) { curves.push({ id: id, law: law, set: set }); });
      });
      return curves;
    }

    /* The x range: the union of the selected laws' domains, until the user types one. */
    function fitRange() {
      if (rangeEdited) return;
      var lo = Infinity, hi = -Infinity;
      checkedCurves().forEach(function (curve) {
        var input = fitFor(xName(curve.law, varSelect.value, curve.set), curve.set);
        var span = plotSpan(input, input["default"]), k = input.scale || 1;  // in base units
        lo = Math.min(lo, span[0] * k); hi = Math.max(hi, span[1] * k);
      });
      if (hi > lo && (hi > 0 || linearX())) { fromInput.value = lo.toExponential(2); toInput.value = hi.toExponential(2); }
    }

    /* A linear x axis when some drawn law's domain of the variable is linear (isLinear). */
    function linearX() {
      return checkedCurves().some(function (curve) {
        return isLinear(fitFor(xName(curve.law, varSelect.value, curve.set), curve.set));
      });
    }

    /* URL keys: out (the output quantity), var (the x variable), laws (comma-separated ids),
     * held.VARIABLE, from and to (only once the user typed a range). */
    function compareKey(k) {
      return k === "out" || k === "var" || k === "laws" || k === "from" || k === "to" || k === "at" || /^held\./.test(k);
    }

    function state() {
      var picks = [], curves = checkedCurves();
      checkedIds().forEach(function (id) {
        var law = data.laws[id];
        var sets = curves.filter(function (c) { return c.id === id; }).map(function (c) { return c.set.id; });
        if (sets.length === 1 && sets[0] === defaultSetOf(law)) picks.push(id);
        else sets.forEach(function (set) { picks.push(id + "@" + set); });
      });
      var pairs = [["out", outSelect.value], ["var", varSelect.value], ["laws", picks.join(",")]];
      var shown = {};
      Array.prototype.forEach.call(heldBox.querySelectorAll("input[data-held]"), function (f) {
        shown[f.getAttribute("data-held")] = true;
        pairs.push(["held." + f.getAttribute("data-held"), f.value.trim()]);
      });
      if (rangeEdited) { pairs.push(["from", fromInput.value.trim()]); pairs.push(["to", toInput.value.trim()]); }
      if (atInput.value.trim()) pairs.push(["at", atInput.value.trim()]);
      return stateQuery(pairs, compareKey);
    }

    function restore() {
      var found = ownedParams(compareKey);
      if (!found.length) return;
      var notes = [], q = {};
      found.forEach(function (kv) { q[kv[0]] = kv[1]; });
      // the output quantity: from the link, else (older links) that of the first linked law
      var first = "laws" in q ? own(data.laws, parsePick(q.laws.split(",")[0]).id) || null : null;
      var out = "out" in q ? q.out : (first ? outputKey(first) : null);
      // a bare quantity (out=loss) names its first output of any unit: the linked law's, else the
      // one with the most laws (data.outputs' order); a key is quantity|unit, as share links write it
      if (out !== null && out.indexOf("|") < 0 && !own(data.outputs, out)) {
        var byName = Object.keys(data.outputs).filter(function (k) { return k.slice(0, k.indexOf("|")) === out; });
        if (first && byName.indexOf(outputKey(first)) >= 0) out = outputKey(first);
        else if (byName.length) out = byName[0];
      }
      if (out !== null) {
        if (own(data.outputs, out)) outSelect.value = out; else notes.push("no output quantity '" + out + "'");
      }
      fillVariables();
      if ("var" in q) {
        if (lawsFor(q["var"]).length) varSelect.value = q["var"];
        else notes.push("no shared variable '" + q["var"] + "' for this output");
      }
      if ("laws" in q) {
        var ids = lawsFor(varSelect.value), withDefaultSet = [];
        restoredPicks = q.laws.split(",").filter(function (item) {
          if (!item) return false;
          var p = parsePick(item);
          if (ids.indexOf(p.id) < 0) { notes.push("no law '" + p.id + "' for this variable"); return false; }
          if (p.set !== null && !findSet(data.laws[p.id].sets, p.set)) {
            notes.push("no constant set '" + p.set + "' of " + p.id);
            withDefaultSet.push(p.id);
            return false;
          }
          return true;
        }).concat(withDefaultSet);
      }
      Object.keys(q).forEach(function (k) { if (k.indexOf("held.") === 0) held[k.slice(5)] = q[k]; });
      if ("from" in q && "to" in q) { fromInput.value = q.from; toInput.value = q.to; rangeEdited = true; }
      if ("at" in q) atInput.value = q.at;
      shareNote.textContent = restoredNote(notes);
    }

    /* Warnings from catalog.conventions for the selected laws whose conventions differ, composed
     * from the two laws' convention classes (conventionDifferences). */
    function showConventions(ids) {
      convBox.textContent = "";
      var conv = data.conventions || { classes: {}, readings: [], templates: {}, labels: {} }, warned = 0, noted = [];
      var list = document.createElement("ul");
      var has = Object.prototype.hasOwnProperty;
      for (var a = 0; a < ids.length; a++) {
        for (var b = a + 1; b < ids.length; b++) {
          var x = ids[a] < ids[b] ? ids[a] : ids[b], y = ids[a] < ids[b] ? ids[b] : ids[a];
          if (!has.call(conv.classes, x) || !has.call(conv.classes, y)) continue;
          var pair = conventionDifferences(conv, x, y);
          pair.n.forEach(function (t) { if (noted.indexOf(t) < 0) noted.push(t); });
          if (!pair.d.length) continue;
          var labels = [];
          pair.d.forEach(function (d) { var l = conv.labels[d[0]] || d[0]; if (labels.indexOf(l) < 0) labels.push(l); });
          var li = document.createElement("li");
          li.setAttribute("data-pair", x + "|" + y);
          li.textContent = x + " and " + y + " (" + labels.join(", ") + "): " +
            pair.d.map(function (d) { return d[1]; }).join("; ") + ".";
          list.appendChild(li);
          warned++;
        }
      }
      if (warned) {
        var box = document.createElement("div"), p = document.createElement("p");
        box.className = "slc-conv-warning";
        var strong = document.createElement("b");
        strong.textContent = "Conventions differ";
        p.appendChild(strong);
        p.appendChild(document.createTextNode(" between " + (warned === 1 ? "two of the selected laws" : warned + " pairs of the selected laws") +
          ": the curves do not measure the same quantity, so compare them with care."));
        box.appendChild(p);
        box.appendChild(list);
        convBox.appendChild(box);
      }
      if (noted.length) {
        var det = document.createElement("details");
        var sum = document.createElement("summary");
        sum.textContent = noted.length + " convention" + (noted.length === 1 ? "" : "s") + " stated by one law and not the other (cannot be checked)";
        det.appendChild(sum);
        var ul = document.createElement("ul");
        noted.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
        det.appendChild(ul);
        convBox.appendChild(det);
      }
      convBox.setAttribute("data-warnings", String(warned));
    }

    function draw(fromUser) {
      var variable = varSelect.value;
      var lo = parseMagnitude(fromInput.value), hi = parseMagnitude(toInput.value);
      var checked = checkedIds();
      legend.textContent = "";
      showConventions(checked);
      var query = state();
      if (shareLink) shareLink.href = pageUrl(query);
      if (fromUser === true) writeUrl(query);
      var linear = linearX(), atX = showReadout(checkedCurves(), variable);
      if (!(hi > lo && (linear || lo > 0))) {
        legend.textContent = linear ? "Enter a range (from < to)." : "Enter a positive range (from < to).";
        return;
      }
      var xs = spaced(lo, hi, 150, linear), series = [], outputs = {};
      var curves = checkedCurves(), perLaw = {};
      curves.forEach(function (c) { perLaw[c.id] = (perLaw[c.id] || 0) + 1; });
      /* N_opt derived from loss laws beside laws stating it: each curve says which (catalog plot --x C) */
      var kinds = splitQuantity() ? curves.map(function (c) { return xName(c.law, variable, c.set).frontier ? "derived" : "direct"; }) : [];
      var mixed = kinds.indexOf("derived") >= 0 && kinds.indexOf("direct") >= 0;
      curves.forEach(function (curve, i) {
        var law = curve.law, set = curve.set, input = xName(law, variable, set);
        var point = heldPoint(law);
        // [x, y, beyond the fitted range]: drawPlot dashes the stretches beyond
        var pts = xs.map(function (x) {
          var got = curveAt(curve, input, point, x);
          return [x, got.value, got.beyond.length > 0];
        });
        var color = COLORS[i % COLORS.length];
        // a law drawn with a set other than its default, or with several, names the set
        var named = perLaw[curve.id] > 1 || set.id !== defaultSetOf(law);
        var how = mixed ? " (" + kinds[i] + ")" : "";
        series.push({ label: law.name + (named ? " (" + set.id + ")" : "") + how, points: pts, color: color });
        var shown = input.frontier ? frontierOutput(law) : { name: law.output, unit: law.outputKey.slice(law.outputKey.indexOf("|") + 1) };
        outputs[shown.name + (shown.unit ? " [" + shown.unit + "]" : "")] = true;
        var item = document.createElement("div");
        item.setAttribute("data-law", curve.id); item.setAttribute("data-set", set.id);
        if (mixed) item.setAttribute("data-how", kinds[i]);
        var a = document.createElement("a");
        a.href = law.url; a.textContent = law.name + how;
        var ratios = heldRatios(law, input);
        var rest = input.frontier ? [] : law.inputs.filter(function (inp) { return inp.name !== input.name; })
          .map(function (inp) { return inp.name + " = " + heldText(inp.name, input, point, ratios); });
        var o = law.optimal, along = input.frontier ? "_opt vs C, along its compute-optimal split of C = " + o.relation +
          " (" + o.n + "_opt, " + o.d + "_opt as catalog optimal finds them)" : " vs " + input.name;
        var note = document.createElement("span");
        note.textContent = " \u2014 " + (input.frontier ? shown.name.slice(0, -4) : law.output) + along + ", constants: " + set.label +
          (set.id === defaultSetOf(law) ? "" : " (not the default set)") +
          (rest.length ? "; held at " + rest.join(", ") : "") +
          (law.outputScale && law.outputScale !== 1 && !(input.frontier && splitQuantity()) ? "; output converted from " + law.outputUnit : "");
        item.appendChild(seriesKey(i)); item.appendChild(a); item.appendChild(note);
        var missing = missingNote(curve, input, point, xs, pts);
        if (missing) item.appendChild(missing);
        item.appendChild(rangesOf(curve, input, point));
        legend.appendChild(item);
      });
      drawPlot(canvas, series, { xLabel: variable.replace(/_/g, " "), yLabel: Object.keys(outputs).join(", ") || "output",
                                 linearX: linear, atX: atX, markers: true, scoreY: curves.every(function (c) { return c.law.outputScore; }) });
      el.setAttribute("data-series", String(series.length));
    }

    outSelect.addEventListener("change", function () { fillVariables(); fillLaws(true); });
    varSelect.addEventListener("change", function () { fillLaws(true); });
    fromInput.addEventListener("input", function () { rangeEdited = true; draw(true); });
    toInput.addEventListener("input", function () { rangeEdited = true; draw(true); });
    atInput.addEventListener("input", function () { draw(true); });
    varSelect.value = "model_parameters";  // the default x axis, when the default output has it
    fillVariables();
    restore();
    setupShare(el, function () { return pageUrl(state()); });
    fillLaws(false);
    el.setAttribute("data-ready", "1");
  }

  /* ------------------------------------------------------------------ table filters */

  /* A filter form before a table (the Laws and Papers pages) hides the rows that do not match.
   * Each control names its query-string key with data-key: the search box (key words) wants every
   * word typed in the row's text (its data-search attribute and its cells, not a formula); a
   * select wants its value among the space-separated vocabulary keys of the row's data-<key>; a
   * checkbox wants data-<key>="1". The filter lives in the query string, so a filtered list can
   * be shared; values the page does not offer are ignored. (Not key q: mkdocs-material opens its
   * own search for ?q=.) */
  function initTableFilter(form) {
    var table = form.parentNode.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var controls = Array.prototype.slice.call(form.querySelectorAll("[data-key]"));
    var keys = {};
    controls.forEach(function (c) { keys[c.getAttribute("data-key")] = c; });
    var count = form.querySelector(".slc-f-count");
    var noun = form.getAttribute("data-noun") || "rows";
    // the vocabulary's other names of each row's variables (the Laws page: 'optimal lr' finds eta_opt's laws)
    var synonyms = JSON.parse(form.getAttribute("data-synonyms") || "{}");
    var words = rows.map(function (row) {
      var parts = [row.getAttribute("data-search") || "", row.getAttribute("data-group") || ""];
      ((row.getAttribute("data-variable") || "") + " " + (row.getAttribute("data-dependent") || "")).split(" ")
        .forEach(function (v) { if (v && synonyms.hasOwnProperty(v)) parts.push(synonyms[v]); });
      for (var i = 0; i < row.cells.length; i++) {
        if (!row.cells[i].querySelector(".slc-scroll")) parts.push(row.cells[i].textContent);  // not a formula
      }
      return parts.join(" ").toLowerCase();
    });
    var sorter = tableSorter(table, rows, form, function () { apply(); });
    function owned(k) { return keys.hasOwnProperty(k) || k === "sort"; }
    function keeps(row, i, c, terms) {
      var key = c.getAttribute("data-key");
      if (c.type === "search") {
        for (var t = 0; t < terms.length; t++) if (words[i].indexOf(terms[t]) < 0) return false;
        return true;
      }
      if (c.type === "checkbox") return !c.checked || row.getAttribute("data-" + key) === "1";
      return !c.value || (" " + (row.getAttribute("data-" + key) || "") + " ").indexOf(" " + c.value + " ") >= 0;
    }
    function state() {
      var pairs = [];
      controls.forEach(function (c) {
        var key = c.getAttribute("data-key");
        if (c.type === "checkbox") { if (c.checked) pairs.push([key, "1"]); }
        else if (c.value.trim()) pairs.push([key, c.value.trim()]);
      });
      if (sorter.key()) pairs.push(["sort", sorter.key()]);
      return stateQuery(pairs, owned);
    }
    var text = form.querySelector("input[type=search][data-key]");
    function apply() {
      var shown = 0;
      var terms = text ? text.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      rows.forEach(function (row, i) {
        var keep = controls.every(function (c) { return keeps(row, i, c, terms); });
        row.hidden = !keep;
        if (keep) shown++;
      });
      count.textContent = (shown === rows.length ? "" : shown + " of ") + rows.length + " " + noun;
      writeUrl(state());
    }
    ownedParams(owned).forEach(function (p) {
      if (p[0] === "sort") { sorter.restore(p[1]); return; }
      var c = keys[p[0]];
      if (c.type === "checkbox") c.checked = p[1] === "1";
      else if (c.tagName === "SELECT") {
        for (var o = 0; o < c.options.length; o++) if (c.options[o].value === p[1]) c.value = p[1];
      } else c.value = p[1];
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", apply);  // selects and checkboxes fire it too; "change" would apply twice
    downloadButton(form, table, rows, noun);
    apply();
    form.setAttribute("data-ready", "1");
  }

  /* A CSV cell no spreadsheet runs, as catalog.publish.escaping.csv_cell: text starting with = + - @
   * (or a tab or carriage return) gets a leading apostrophe, numbers stay numbers; then quoted where
   * it holds a comma, a quote or a line break (RFC 4180). The number pattern is csv_cell's: each digit
   * belongs to one part ("\d+\.?\d*" split a cell of digits every way, quadratic in a long one). */
  var CSV_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/;
  function csvCell(text) {
    if (/^[=+\-@\t\r]/.test(text) && !CSV_NUMBER.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* A header and rows (arrays of text) as CSV, each cell through csvCell, CRLF line ends. */
  function csvText(heads, rows) {
    return [heads].concat(rows).map(function (cells) { return cells.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* A filtered table's shown rows, in the order shown, as CSV: a column per header, a formula as its
   * LaTeX (data-latex), an empty cell as its data-checked state, and the address of the row's
   * first link (its law's or paper's page). */
  function shownCsv(table, rows) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells).map(function (th) { return th.textContent.trim(); });
    var shown = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (row) { return !row.hidden && rows.indexOf(row) >= 0; })
      .map(function (row) {
        var cells = Array.prototype.slice.call(row.cells).map(function (td) {
          var math = td.querySelector("[data-latex]");
          var text = math ? math.getAttribute("data-latex") : td.textContent.replace(/\s+/g, " ").trim();
          return text || td.getAttribute("data-checked") || "";
        });
        var link = row.querySelector("a[href]");
        return cells.concat([link ? link.href : ""]);
      });
    return csvText(heads.concat(["link"]), shown);
  }

  /* "Download the shown rows (CSV)": the filtered list taken out (laws.csv, papers.csv, table-6.csv),
   * made in the page from its rows, so it works offline and from the file system too. */
  function downloadButton(form, table, rows, noun) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button slc-f-download";
    button.textContent = "Download the shown " + noun + " (CSV)";
    button.addEventListener("click", function () {
      var name = (location.pathname.split("/").pop().replace(/\.html$/, "") || "index");
      downloadCsv((name === "index" ? noun : name).replace(/[^\w.-]+/g, "-") + ".csv", shownCsv(table, rows));
    });
    form.appendChild(button);
  }

  /* Save `text` as the file `file`, made in the page (offline and from the file system too). */
  function downloadCsv(file, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url; a.download = file;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);  // after the download has read it
  }

  /* The column headers of a filtered table sort its rows: a button in each (reached by Tab), a
   * second press reverses; numbers (a year, a count of laws) as numbers, text as text, ties in the
   * page's order. The formula column is not sorted. key() is the order for the query string:
   * "year" or "-year" (the header's text, lower case, spaces as hyphens). A "Sort" select in the
   * filter form offers the same orders: on a phone or tablet the rows are cards and the headers
   * are hidden (slc.css), so it is the only way to sort there. */
  function tableSorter(table, rows, form, changed) {
    var body = table.tBodies[0], heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var current = null, descending = false, buttons = [], numeric = [];
    var chooser = document.createElement("select");
    chooser.className = "slc-f-sort";
    chooser.appendChild(new Option("page order", ""));
    var slug = function (th) { return th.textContent.trim().toLowerCase().replace(/\s+/g, "-"); };
    function value(row, i) {
      // a blank cell of a grouped row (survey Table 2's modality, printed once per group) is its group's
      var text = (row.cells[i] ? row.cells[i].textContent.trim() : "") || row.getAttribute("data-group") || "";
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
    }
    function sort(i, down) {
      current = i; descending = down;
      var order = rows.map(function (row, k) { return [value(row, i), k, row]; });
      order.sort(function (a, b) {
        var x = a[0], y = b[0], c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
        return (down ? -c : c) || a[1] - b[1];
      });
      order.forEach(function (o) { body.appendChild(o[2]); });
      heads.forEach(function (th, k) {
        if (k === i) th.setAttribute("aria-sort", down ? "descending" : "ascending"); else th.removeAttribute("aria-sort");
      });
      chooser.value = (down ? "-" : "") + buttons[i];
    }
    function unsort() {
      current = null; descending = false;
      rows.forEach(function (row) { body.appendChild(row); });
      heads.forEach(function (th) { th.removeAttribute("aria-sort"); });
    }
    function byKey(key) {
      var down = key.charAt(0) === "-", i = buttons.indexOf(down ? key.slice(1) : key);
      if (i >= 0) sort(i, down);
    }
    heads.forEach(function (th, i) {
      if (body.rows.length && body.rows[0].cells[i] && body.rows[0].cells[i].querySelector(".slc-scroll")) return;  // a formula
      var button = document.createElement("button");
      button.type = "button"; button.className = "slc-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      buttons[i] = slug(th);
      numeric[i] = rows.some(function (row) { return typeof value(row, i) === "number"; });
      var name = th.textContent.trim();
      // numbers start from the largest (newest year, most laws), text from A
      var orders = numeric[i] ? [["-", ", largest first"], ["", ", smallest first"]] : [["", ", A to Z"], ["-", ", Z to A"]];
      orders.forEach(function (o) { chooser.appendChild(new Option(name + o[1], o[0] + buttons[i])); });
      button.addEventListener("click", function () {
        sort(i, current === i ? !descending : numeric[i]);
        changed();
      });
    });
    var count = form.querySelector(".slc-f-count"), label = document.createElement("label");
    label.append("Sort ", chooser);
    form.insertBefore(label, count);
    // before the form's own input listener, which then writes the new order into the address
    chooser.addEventListener("input", function () { if (chooser.value) byKey(chooser.value); else unsort(); });
    return {
      key: function () { return current === null ? "" : (descending ? "-" : "") + buttons[current]; },
      restore: byKey,
    };
  }

  /* ------------------------------------------------------------------ predict at one point */

  /* The Predict page: every law of N, D and C (catalog.site.views.predict_data) evaluated at the
   * values typed, as `catalog predict`: a law takes part when each of its inputs is one of the
   * variables given and (unless "partial") it uses every one; values are converted to the law's
   * units by its factors, outputs back to plain counts by outputScale. */
  var CHECKED_LABEL = { precision: "printed", fit_residual: "fit residual" };

  /* A law's inputs (name -> value in its units) against its fitted ranges: those beyond them, and
   * those whose sources state no span (catalog.engine.predict's beyond and unranged). */
  function againstRanges(law, inputs) {
    var out = { beyond: [], unranged: [] };
    law.inputs.forEach(function (i) {
      var x = inputs[i.name];
      if (i.min == null && i.max == null) out.unranged.push(i.name);
      else if ((i.min != null && x < i.min) || (i.max != null && x > i.max)) out.beyond.push(i.name);
    });
    return out;
  }

  function initPredict(el) {
    var data = readJson(el);
    var fields = Array.prototype.slice.call(el.querySelectorAll("input.slc-pred-input"));
    var toFields = Array.prototype.slice.call(el.querySelectorAll("input.slc-pred-to"));  // the second point (--to)
    var partial = el.querySelector("input.slc-pred-partial"), inside = el.querySelector("input.slc-pred-inside");
    var summary = el.querySelector(".slc-pred-summary"), results = el.querySelector(".slc-pred-results");
    var shareLink = el.querySelector("a.slc-share-link");
    var OWNED = ["N", "D", "C", "toN", "toD", "toC", "partial", "inside"];
    var owned = function (k) { return OWNED.indexOf(k) >= 0; };
    var download = el.querySelector("button.slc-pred-download"), shown = [], changed = null;
    var downloadNote = el.querySelector(".slc-pred-download-note"), rowsNote = downloadNote.cloneNode(true);

    /* The rows as catalog predict --csv gives them (its columns of the same name, with each row's
     * citation, the locator of its constants and its inputs: a split's N_opt and D_opt together),
     * to paste a table of predictions into a paper's notes. */
    function predictionsCsv(rows) {
      var heads = ["law", "dependent", "output", "value", "unit", "constant_set", "provenance", "checked", "beyond_range",
        "range_not_stated", "derived", "citation", "locator", "inputs"];
      return csvText(heads, rows.map(function (r) {
        var inputs = Object.keys(r.inputs).map(function (n) { return n + "=" + String(r.inputs[n]); }).join(" ");
        return [r.id, r.dependent, r.output, String(r.value), r.unit, r.law.set, r.law.provenance,
          CHECKED_LABEL[r.law.checked] || "none", r.beyond.join(" "), r.unranged.join(" "), r.derived,
          r.law.citation, r.law.locator || "", inputs];
      }));
    }
    /* The pairs of two points as catalog predict ... --to ... --csv gives them (its columns). */
    function changesCsv(pairs) {
      var heads = ["law", "constant_set", "output", "dependent", "unit", "at", "to", "ratio", "difference", "derived",
        "citation", "locator"];
      return csvText(heads, pairs.map(function (c) {
        var r = c.at;
        return [r.id, r.law.set, r.output, r.dependent, r.unit, String(r.value), String(c.to.value), String(c.ratio),
          String(c.difference), r.derived, r.law.citation, r.law.locator || ""];
      }));
    }
    download.addEventListener("click", function () {
      if (changed) downloadCsv("changes.csv", changesCsv(changed)); else downloadCsv("predictions.csv", predictionsCsv(shown));
    });

    /* on a phone each row is a card (.slc-stack): a cell after the first is labelled by its column */
    var HEADS = ["Law", "Value", "Unit", "Constant set", "Digits tested", "Beyond the fitted range"];
    var heads = HEADS;  // and "N counts" where the rows at an N mix non-embedding and total counts
    function cell(row, text, cls) {
      var td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      if (row.cells.length) td.setAttribute("data-label", heads[row.cells.length]);
      row.appendChild(td);
      return td;
    }

    /* The values typed in `list` (variable -> value; D as a multiple of N, "200N", -> {perN: 200}),
     * their query pairs, and whether one is bad. */
    function readFields(list, at, pairs) {
      var bad = false;
      list.forEach(function (f) {
        var note = f.nextElementSibling, text = f.value.trim(), variable = f.getAttribute("data-variable");
        note.textContent = "";
        if (!text) return;
        pairs.push([f.getAttribute("data-key"), text]);
        var v = parseMagnitude(text), times = variable === "data" ? multipleOf(text) : null;
        if (times && times[1] === "N" && times[0] > 0 && isFinite(times[0])) { at[variable] = { perN: times[0], text: text }; return; }
        if (!(v > 0 && isFinite(v))) {
          note.textContent = v > 0 ? "not a finite number (it overflows)" : variable === "data" ?
            "not a positive number, nor a multiple of N (20N)" : "not a positive number";
          bad = true;
        }
        at[variable] = v;
      });
      return bad;
    }

    /* The point of the values read (readFields), D given as a multiple of N read as catalog predict
     * reads it (catalog.engine.predict.resolve): with N, that many tokens; with a budget C instead,
     * C split as C = 6ND at that ratio, the budget then no longer part of the point. {at, how}, how
     * saying how N and D were read from the budget ("" where they were given), or {error}. */
    function resolvePoint(spec) {
      var at = {}, ratio = null;
      Object.keys(spec).forEach(function (v) { if (typeof spec[v] === "number") at[v] = spec[v]; else ratio = spec[v]; });
      if (!ratio) return { at: at, how: "" };
      if ("model_parameters" in at) { at.data = ratio.perN * at.model_parameters; return { at: at, how: "" }; }
      if (!("compute" in at)) {
        return { error: "D = " + ratio.text + " is a number of tokens per parameter: give N, or a budget C to split as C = " + data.k + "ND" };
      }
      var budget = at.compute, n = Math.sqrt(budget / (data.k * ratio.perN));
      delete at.compute;
      at.model_parameters = n;
      at.data = ratio.perN * n;
      return { at: at, how: "N = " + format(n) + ", D = " + format(at.data) + " split the budget C = " + format(budget) +
        " as C = " + data.k + "ND at D = " + format(ratio.perN) + "N" };
    }

    /* Every law's rows at the point `at` (variable -> value), as catalog predict evaluates it. */
    function rowsAt(at) {
      var given = Object.keys(at);
      var rows = [], budgetOnly = given.length === 1 && given[0] === "compute";
      /* at N and D (no C), a law of compute alone whose record states C = kND takes that compute
       * (catalog.engine.predict, conventions.nd_multiple) */
      var givenND = "model_parameters" in at && "data" in at && !("compute" in at) && (partial.checked || given.length === 2);
      Object.keys(data.laws).forEach(function (id) {
        var law = data.laws[id];
        if (budgetOnly && law.optimal) { rows.push.apply(rows, splitRows(id, law, at.compute)); return; }
        var vars = law.inputs.map(function (i) { return i.variable; }), point = at, derived = "";
        if (givenND && law.perND != null) {
          point = { compute: law.perND * at.model_parameters * at.data };
          derived = law.inputs[0].name + " = " + law.perND + "ND from N and D, as its paper counts compute";
        }
        if (vars.some(function (v) { return !(v in point); })) return;
        if (!derived && !partial.checked && given.some(function (v) { return vars.indexOf(v) < 0; })) return;
        var inputs = symbolMap();
        law.inputs.forEach(function (i) { inputs[i.name] = point[i.variable] / i.factor; });
        var value, fit = againstRanges(law, inputs);
        try { value = evaluate(id, inputs, law.params) * law.outputScale; } catch (e) { value = NaN; }
        if (!isFinite(value)) return;
        rows.push({ id: id, law: law, output: law.output, group: law.dependentLabel, dependent: law.dependent || "unstated",
          unit: law.unit, value: value, inputs: inputs, beyond: fit.beyond, unranged: fit.unranged, derived: derived, perND: derived ? law.perND : null,
          /* the N typed is taken as each paper's own N: which parameters it counts (catalog predict's
           * parameters_counted) */
          counts: "model_parameters" in at ? law.counts : null });
      });
      rows.sort(function (a, b) {
        return a.group.localeCompare(b.group) || a.unit.localeCompare(b.unit) || a.value - b.value;
      });
      return rows;
    }

    /* "Only laws whose fitted ranges cover the point" (Predictions.keep_inside): the rows with no
     * input beyond its set's fitted range and none whose range is unstated; the others named, a
     * split's four rows as one law. */
    function keepInside(rows, left) {
      return rows.filter(function (r) {
        var where = r.beyond.length ? left.outside : r.unranged.length ? left.unknown : null;
        if (where && where.indexOf(r.id) < 0) where.push(r.id);
        return !where;
      });
    }

    /* A quantity's heading and table (a phone stacks its rows as cards: .slc-stack). */
    function startGroup(results, groups, label, heads) {
      var h = document.createElement("h3");
      h.textContent = label;
      h.id = "pred-" + label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      results.appendChild(h);
      var scroll = document.createElement("div"), wrap = document.createElement("div");
      scroll.className = "md-typeset__scrollwrap";  // as mkdocs-material wraps tables (a phone stacks them: .slc-stack)
      wrap.className = "md-typeset__table";
      scroll.appendChild(wrap);
      var table = document.createElement("table");
      var head = table.createTHead().insertRow();
      heads.forEach(function (t) {
        var th = document.createElement("th"); th.textContent = t; head.appendChild(th);
      });
      wrap.appendChild(table);
      results.appendChild(scroll);
      var g = { id: h.id, label: label, rows: 0, values: {}, table: scroll, tbody: table.createTBody() };
      groups.push(g);
      return g;
    }

    /* A row's first cell: the law's link and name, how a derived value is derived, and the field a
     * renamed or rescaled input took (catalog predict's 'takes p = N (...)'). */
    function lawCell(tr, r) {
      var a = document.createElement("a");
      a.setAttribute("href", r.law.url);
      a.textContent = r.id;
      var first = cell(tr, "");
      first.appendChild(a);
      first.appendChild(document.createElement("br"));
      var name = document.createElement("span");
      name.className = "slc-muted slc-small";
      name.textContent = r.law.name;
      first.appendChild(name);
      if (r.derived) {
        first.appendChild(document.createElement("br"));
        var how = document.createElement("span");
        how.className = "slc-pred-derived slc-small";
        how.textContent = r.derived;
        first.appendChild(how);
      }
      var taken = r.derived ? [] : Object.keys(r.law.taken || {});  // a split or C = kND row says how instead
      if (taken.length) {
        first.appendChild(document.createElement("br"));
        var takes = document.createElement("span");
        takes.className = "slc-pred-taken slc-small";
        takes.textContent = "takes " + taken.map(function (n) {
          var t = r.law.taken[n];
          var text = t.unit ? n + " = " + format(r.inputs[n]) + " " + t.unit + (n !== t.from ? " from " + t.from : "")
            : n + " = " + t.from;
          return text + (t.meaning ? " (" + t.meaning + ")" : "");
        }).join(", ");
        first.appendChild(takes);
      }
    }

    function beyondText(r) {
      var parts = r.beyond.length ? [r.beyond.join(", ")] : [];
      if (r.unranged.length) parts.push(r.unranged.join(", ") + ": range not stated");
      return parts.join("; ") || "none";
    }

    function typed(list) {
      return list.filter(function (f) { return f.value.trim(); })
        .map(function (f) { return (f.getAttribute("data-of") || f.getAttribute("data-key")) + " = " + f.value.trim(); }).join(", ");
    }

    function update() {
      var at = {}, to = {}, pairs = [];
      var bad = readFields(fields, at, pairs);
      bad = readFields(toFields, to, pairs) || bad;
      if (partial.checked) pairs.push(["partial", "1"]);
      if (inside.checked) pairs.push(["inside", "1"]);
      var query = stateQuery(pairs, owned);
      writeUrl(query);
      if (shareLink) shareLink.setAttribute("href", pageUrl(query));
      results.textContent = "";
      download.parentNode.hidden = true;
      shown = []; changed = null;
      var spec = at, given = Object.keys(spec);
      /* the two points differ only in values (change.second_point's refusal) */
      toFields.forEach(function (f) {
        var v = f.getAttribute("data-variable");
        if (v in to && !(v in spec)) {
          f.nextElementSibling.textContent = "the first point gives no " + f.getAttribute("data-of") +
            "; the two points differ only in values";
          bad = true;
        }
      });
      if (!given.length || bad) {
        summary.textContent = bad ? "" : "Type a value for N, D or C.";
        el.setAttribute("data-rows", "0");
        return;
      }
      var first = resolvePoint(spec), other = null;
      if (Object.keys(to).length) {
        var merged = {};
        given.forEach(function (v) { merged[v] = v in to ? to[v] : spec[v]; });
        other = resolvePoint(merged);
      }
      var refused = first.error || (other && other.error);
      if (refused) {
        summary.textContent = refused + ".";
        el.setAttribute("data-rows", "0");
        return;
      }
      at = first.at;
      var left = { outside: [], unknown: [] };
      var rows = rowsAt(at);
      if (inside.checked) rows = keepInside(rows, left);
      var second = null;
      if (other) {
        second = rowsAt(other.at);
        if (inside.checked) second = keepInside(second, left);
      }
      if (second) showChanges(rows, second); else showRows(rows, at);
      var hows = [first.how, other ? other.how : ""].filter(Boolean);
      if (hows.length) {  // catalog predict's line under its heading: how N and D were read
        var from = document.createElement("p");
        from.className = "slc-pred-point-from slc-small";
        from.textContent = hows.map(function (h, i) {
          return (first.how && other && other.how ? (i ? "Second point: " : "First point: ") :
            !first.how ? "Second point: " : "") + "(" + h + ")";
        }).join(" ");
        results.insertBefore(from, results.firstChild);
      }
      if (inside.checked && (left.outside.length || left.unknown.length)) {  // catalog predict --inside's note
        var note = document.createElement("p");
        note.className = "slc-pred-inside-note slc-small";
        note.setAttribute("data-outside", String(left.outside.length));
        note.setAttribute("data-unknown", String(left.unknown.length));
        note.textContent = "Only inside the fitted ranges: left out " + left.outside.length +
          " law(s) with an input beyond the fitted range and " + left.unknown.length +
          " whose source states no fitted range of an input.";
        results.insertBefore(note, results.firstChild);
      }
    }

    /* Each law's value at both points, paired as catalog.engine.change.between pairs them (same law,
     * set and output), with the ratio to/at and the difference to - at; the rows with a value at one
     * point only named under the tables. */
    function showChanges(rows, second) {
      var key = function (r) { return r.id + "\u0000" + r.law.set + "\u0000" + r.output; };
      var theirs = {}, ours = {};
      second.forEach(function (r) { theirs[key(r)] = r; });
      rows.forEach(function (r) { ours[key(r)] = true; });
      var paired = [], onlyAt = [], onlyTo = [];
      rows.forEach(function (r) {
        var m = theirs[key(r)];
        if (!m) { onlyAt.push(r.id + "@" + r.law.set + " " + r.output); return; }
        paired.push({ at: r, to: m, ratio: r.value ? m.value / r.value : NaN, difference: m.value - r.value });
      });
      second.forEach(function (r) { if (!ours[key(r)]) onlyTo.push(r.id + "@" + r.law.set + " " + r.output); });
      changed = paired;
      downloadNote.textContent = "as catalog predict ... --to ... --csv: each law's value at both points, ratio, " +
        "difference, citation and locator";
      el.setAttribute("data-rows", String(paired.length));
      download.parentNode.hidden = !paired.length;
      summary.textContent = paired.length + " value" + (paired.length === 1 ? "" : "s") + " from " + typed(fields) +
        " to " + typed(toFields) + ": each law's value at both points, their ratio and difference.";
      heads = ["Law", "At the first point", "At the second", "Ratio", "Difference", "Unit", "Constant set", "Beyond the fitted range"];
      var group = null, groups = [];
      paired.forEach(function (c) {
        var r = c.at;
        if (r.group !== group) { group = r.group; startGroup(results, groups, group, heads); }
        var g = groups[groups.length - 1];
        g.rows++;
        var tr = g.tbody.insertRow();
        tr.setAttribute("data-law", r.id);
        tr.setAttribute("data-output", r.output);
        lawCell(tr, r);
        [["slc-pred-at", r.value], ["slc-pred-to-value", c.to.value], ["slc-pred-ratio", c.ratio],
          ["slc-pred-difference", c.difference]].forEach(function (v) {
          cell(tr, (v[0] === "slc-pred-ratio" ? "\u00d7" : v[0] === "slc-pred-difference" && v[1] >= 0 ? "+" : "") + format(v[1]), v[0])
            .setAttribute("data-value", String(v[1]));
        });
        cell(tr, r.unit);
        cell(tr, r.law.set + " (" + r.law.provenance + ")");
        var b = [beyondText(r), beyondText(c.to)];
        cell(tr, b[0] === b[1] ? b[0] : "first: " + b[0] + "; second: " + b[1], "slc-pred-beyond");
      });
      [["only at the first point", onlyAt, "slc-pred-only-at"], ["only at the second point", onlyTo, "slc-pred-only-to"]]
        .forEach(function (o) {
          if (!o[1].length) return;
          var p = document.createElement("p");
          p.className = o[2] + " slc-small";
          p.textContent = "A value " + o[0] + ": " + o[1].join(", ") + ".";
          results.appendChild(p);
        });
      if (groups.length > 3) results.insertBefore(jumpList(groups), results.firstChild);
    }

    function showRows(rows, at) {
      downloadNote.replaceChildren.apply(downloadNote, Array.prototype.slice.call(rowsNote.cloneNode(true).childNodes));
      el.setAttribute("data-rows", String(rows.length));
      shown = rows;
      download.parentNode.hidden = !rows.length;
      var laws = {}, splits = {}, ofC = {};
      rows.forEach(function (r) { laws[r.id] = true; if (r.perND) ofC[r.id] = true; else if (r.derived) splits[r.id] = true; });
      var nLaws = Object.keys(laws).length, nSplits = Object.keys(splits).length, nOfC = Object.keys(ofC).length;
      summary.textContent = (nSplits ? rows.length + " values from " : "") + nLaws + " law" + (nLaws === 1 ? "" : "s") +
        (nSplits ? " (" + nSplits + " of them loss laws in N and D, split compute-optimally)" : "") +
        (nOfC ? " (" + nOfC + " of them laws of compute alone, at the compute C = kND their papers count)" : "") + " at " +
        typed(fields) + ".";
      var counted = {};
      rows.forEach(function (r) { if (r.counts) counted[r.counts] = true; });
      var mixed = Object.keys(counted).length > 1;
      heads = mixed ? HEADS.concat(["N counts"]) : HEADS;
      var group = null, groups = [];
      rows.forEach(function (r) {
        if (r.group !== group) { group = r.group; startGroup(results, groups, group, heads); }
        var g = groups[groups.length - 1];
        g.rows++;
        (g.values[r.unit] = g.values[r.unit] || []).push(r.value);
        var tr = g.tbody.insertRow();
        tr.setAttribute("data-law", r.id);
        tr.setAttribute("data-output", r.output);
        lawCell(tr, r);
        cell(tr, format(r.value), "slc-pred-value").setAttribute("data-value", String(r.value));
        cell(tr, r.unit);
        cell(tr, r.law.set + " (" + r.law.provenance + ")");
        cell(tr, CHECKED_LABEL[r.law.checked] || "none");
        cell(tr, beyondText(r), "slc-pred-beyond");
        if (mixed) cell(tr, r.counts || "not stated", "slc-pred-counts");
      });
      groups.forEach(function (g) { spreadLines(g, results); });
      if (mixed) {  // catalog predict's note, word for word
        var note = document.createElement("p");
        note.className = "slc-pred-counts-note slc-small";
        var typedN = el.querySelector("input.slc-pred-input[data-key='N']").value.trim();
        note.textContent = "N counts: N = " + (typedN || format(at.model_parameters)) +
          " is taken as each paper's own N, which counts " +
          "non-embedding parameters in some papers (Kaplan's) and all parameters (total) in others, as their " +
          "records state; one model has fewer non-embedding than total parameters, and no row converts one " +
          "count into the other.";
        results.insertBefore(note, results.firstChild);
      }
      if (groups.length > 3) results.insertBefore(jumpList(groups), results.firstChild);
    }

    /* Under a quantity's table, the spread of its values in each unit with two rows or more, as
     * catalog predict ends each of its tables (Predictions.spread: rows, lowest to highest, median). */
    function spreadLines(g, results) {
      var after = g.table;  // each line after the one before, in the table's order of units
      Object.keys(g.values).forEach(function (unit) {
        var v = g.values[unit].slice().sort(function (a, b) { return a - b; });
        if (v.length < 2) return;
        var mid = v.length >> 1, median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
        var p = document.createElement("p");
        p.className = "slc-pred-spread slc-small";
        p.setAttribute("data-unit", unit);
        p.setAttribute("data-rows", String(v.length));
        p.setAttribute("data-low", String(v[0]));
        p.setAttribute("data-median", String(median));
        p.setAttribute("data-high", String(v[v.length - 1]));
        p.textContent = "Spread (" + unit + "): " + v.length + " rows from " + format(v[0]) + " to " +
          format(v[v.length - 1]) + ", median " + format(median) + ".";
        results.insertBefore(p, after.nextSibling);
        after = p;
      });
    }

    /* Links to each quantity's table: at a budget alone some twenty follow each other by name,
     * loss among the last. */
    function jumpList(groups) {
      var nav = document.createElement("nav");
      nav.className = "slc-pred-jump";
      nav.setAttribute("aria-label", "Quantities predicted");
      nav.appendChild(document.createTextNode("Jump to: "));
      groups.forEach(function (g, i) {
        if (i) nav.appendChild(document.createTextNode(" \u00b7 "));
        var a = document.createElement("a");
        a.setAttribute("href", "#" + g.id);
        a.textContent = g.label + " (" + g.rows + ")";
        nav.appendChild(a);
      });
      return nav;
    }

    /* A loss law's compute-optimal split of budget c (computeOptimum, as the law page's
     * calculator and catalog optimal find it): N_opt, D_opt, D_opt/N_opt and the loss there, beside the laws
     * that predict those from C directly; none without an interior optimum at c. */
    function splitRows(id, law, c) {
      var o = law.optimal, found = computeOptimum(id, o.n, o.d, o.k, c, {}, law.params);
      if (!found) return [];
      var at = symbolMap();
      at[o.n] = found.n; at[o.d] = found.d;
      var fit = againstRanges(law, at), beyond = fit.beyond, unranged = fit.unranged;
      var how = "compute-optimal split of " + law.output + "(" + o.n + ", " + o.d + ") along C = " + o.relation;
      return [[o.n + "_opt", "optimal model parameters", "parameters", found.n, "optimal_model_parameters"],
        [o.d + "_opt", "optimal data", "tokens", found.d, "optimal_data"],
        [o.d + "_opt/" + o.n + "_opt", "tokens per parameter", "tokens per parameter", found.d / found.n, "tokens_per_parameter"],
        [law.output + "_opt", law.dependentLabel, law.unit, found.value * law.outputScale, law.dependent || "unstated"]].map(function (p) {
        return { id: id, law: law, output: p[0], group: p[1], unit: p[2], value: p[3], dependent: p[4], inputs: at,
          beyond: beyond, unranged: unranged, derived: how };
      });
    }

    var restored = ownedParams(owned);
    restored.forEach(function (p) {
      if (p[0] === "partial" || p[0] === "inside") { (p[0] === "partial" ? partial : inside).checked = p[1] === "1"; return; }
      var f = el.querySelector("input[data-key='" + p[0] + "']");
      if (f) f.value = p[1];
      if (f && toFields.indexOf(f) >= 0) el.querySelector("details.slc-pred-second").open = true;
    });
    fields.concat(toFields).forEach(function (f) { f.addEventListener("input", update); });
    partial.addEventListener("change", update);
    inside.addEventListener("change", update);
    setupShare(el, function () { return pageUrl(stateQuery([], function () { return false; })); });
    update();
    el.setAttribute("data-ready", "1");
  }

  /* The header's light/dark toggle sets the body's data-md-color-scheme: every plot drawn so far is
   * drawn again, its axes and labels in the new scheme's text colour (a canvas keeps its pixels). */
  function redrawPlotsOnSchemeChange() {
    new MutationObserver(function () {
      var canvases = document.querySelectorAll("canvas");
      for (var i = 0; i < canvases.length; i++) {
        if (canvases[i].slcPlot) drawPlot(canvases[i], canvases[i].slcPlot[0], canvases[i].slcPlot[1]);
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  /* Below 1220 px the theme's navigation is a drawer off the screen's left edge, opened by the
   * header's menu label (a checkbox behind it): closed, its links stayed in the Tab order (a keyboard
   * user tabbed through some thirty invisible links), and the label itself could not be reached by
   * keyboard. slc.css hides the closed drawer (visibility, after its slide); here the menu label is a
   * button (Enter or Space opens the drawer and moves focus into it, aria-expanded says which), and
   * Escape in the open drawer closes it, focus back on the button. The open drawer covers the page
   * as a dialog does, so Tab keeps focus in it: past its last visible control (a closed section's
   * links are hidden) Tab went on to the page behind the overlay; it now wraps to the first, and
   * Shift+Tab from the first to the last. */
  var DRAWER_WIDTH = window.matchMedia("(max-width: 76.234375em)");  // the theme's drawer breakpoint
  var FOCUSABLE = "a[href], label[tabindex], input:not([type=hidden]), button, select, textarea, [tabindex]";

  function tabbable(root) {
    return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (el) {
      return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0 &&
        getComputedStyle(el).visibility !== "hidden";
    });
  }

  function keyboardDrawer() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("label.md-header__button[for='__drawer']");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !drawer) return;
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", "Navigation");
    var said = function () { button.setAttribute("aria-expanded", String(toggle.checked)); };
    said();
    toggle.addEventListener("change", said);
    var set = function (open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));  // the theme follows the change too
    };
    button.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      set(!toggle.checked);
      if (!toggle.checked) return;
      var first = drawer.querySelector("a[href], label[tabindex], input:not([type=hidden]), button");
      if (first) first.focus();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !toggle.checked || !drawer.contains(document.activeElement)) return;
      set(false);
      button.focus();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Tab" || e.altKey || e.ctrlKey || e.metaKey || !toggle.checked || !DRAWER_WIDTH.matches) return;
      var items = tabbable(drawer), at = items.indexOf(document.activeElement), last = items.length - 1;
      if (!items.length) return;
      var next = at < 0 ? items[e.shiftKey ? last : 0]
        : e.shiftKey && at === 0 ? items[last] : !e.shiftKey && at === last ? items[0] : null;
      if (!next) return;  // within the drawer: the browser's own order
      e.preventDefault();
      next.focus();
    });
  }

  function init() {
    keyboardDrawer();
    redrawPlotsOnSchemeChange();
    renderMath(document);
    setupCopyButtons(document);
    var calcs = document.querySelectorAll("[data-slc-calculator]");
    for (var i = 0; i < calcs.length; i++) {
      try { initCalculator(calcs[i]); } catch (e) { calcs[i].setAttribute("data-state", "broken"); throw e; }
    }
    var cmps = document.querySelectorAll("[data-slc-compare]");
    for (var j = 0; j < cmps.length; j++) initCompare(cmps[j]);
    var predicts = document.querySelectorAll("[data-slc-predict]");
    for (var q = 0; q < predicts.length; q++) initPredict(predicts[q]);
    var filters = document.querySelectorAll("[data-slc-filter]");
    for (var f = 0; f < filters.length; f++) initTableFilter(filters[f]);
  }

  window.SLC = { parseMagnitude: parseMagnitude, format: format, evaluate: evaluate, drawPlot: drawPlot, copyText: copyText,
    renderMath: renderMath, solveImplicit: solveImplicit, rng: rng, quantile: quantile };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
