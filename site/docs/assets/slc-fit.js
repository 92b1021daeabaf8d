/* Scaling-Law Catalog site: fit a law's form to the reader's own runs, in the page.
 *
 * The same fit as `catalog fit` (catalog/engine/fit.py), so that the page and the command give
 * the same constants: the Huber (or mean squared) objective on log (or plain) residuals, every
 * start of a grid around the law's default constants (x1/4 to x4, or a generic grid) screened,
 * the best ones descended by L-BFGS on the parameters scaled by their start and the objective
 * divided by its value there, the best four polished, then bootstrap resamples warm-started from
 * the fit. Differences: the gradient is a central difference (the page has no sympy to
 * differentiate the formula), and a grid larger than MAX_CANDIDATES is subsampled with the
 * page's generator, not numpy's. The formula is the law's generated one (assets/formulas/).
 * Loaded by law pages before slc.js, which calls SLC_FIT.init for the page's fit box.
 */
(function () {
  "use strict";

  var MAX_CANDIDATES = 20000, POLISHED = 4, BAD = 1e100;
  // catalog.engine.fit.MAX_COLUMNS: a sheet of runs holds a few columns; the rename hint compares
  // every column with every other (a pasted header of 16,000 held the page 4.5 s, quadratic)
  var MAX_COLUMNS = 1000;
  // catalog.engine.fit's L-BFGS-B tolerances: TIGHT for results, ROUGH for every start's first descent
  var TIGHT = { ftol: 1e-15, gtol: 1e-12 }, ROUGH = { ftol: 1e-10, gtol: 1e-8 };
  var MAX_ITER = 5000, MEMORY = 10, STEP = 1e-6;
  // catalog.engine.fit.BOOTSTRAP_MAX_ITER: a resample of a fit whose runs leave a direction flat
  // stops here instead of wandering along the valley for thousands of iterations
  var BOOTSTRAP_MAX_ITER = 500;
  // catalog.engine.fit.FLAT and FLAT_LOADING: a singular value below this share of the largest is a
  // direction the runs leave flat, and a constant loading on it by more than this is not identified
  var FLAT = 1e-14, FLAT_LOADING = 1e-6;
  var SPREAD = 100;  // catalog.engine.fit.SPREAD: a bootstrap interval wider than this factor determines nothing

  /* Whether obj holds key itself (a column named "constructor" is not one Object.prototype lends). */
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* ------------------------------------------------------------------ reading runs */

  /* A cell as catalog fit reads it (catalog.engine.fit._cell_number): a number, or a count with a
   * suffix as people write run sizes in their sheets (70M, 1.4T), with slc.js's parseMagnitude,
   * the calculator's grammar. Not Number(), which refused 70M and read 0x10 as 16. inf and nan are
   * numbers there, refused as not finite. */
  var NOT_FINITE = /^[-+]?(?:inf|infinity|nan)$/i;

  function cellNumber(cell) {
    return NOT_FINITE.test(cell) ? NaN : window.SLC.parseMagnitude(cell);
  }

  /* A cell or name in a message, as catalog.textguard.quoted: its first QUOTED characters and its
   * length when longer ("'xxxx'... (5,000 characters)"): a pasted cell of megabytes was shown whole. */
  var QUOTED = 80;
  function quoted(text) {
    return text.length <= QUOTED ? "'" + text + "'"
      : "'" + text.slice(0, QUOTED) + "'... (" + text.length.toLocaleString("en-US") + " characters)";
  }

  /* The symbol a header cell names, as catalog.engine.fit.column_name: 'N [parameters]' (catalog
   * sweep's header, a spreadsheet's) is column N, the unit in brackets being for the reader. */
  function columnName(header) {
    var name = header.trim(), unit = /\[[^\[\]]*\]$/.exec(name);
    return unit ? name.slice(0, unit.index).trimEnd() : name;
  }

  /* One line's cells, as Python's csv module reads them (catalog fit): a cell starting with a
   * double quote runs to the closing one, a doubled quote inside standing for one, so a quoted
   * header ("N [parameters]", a spreadsheet's export) or cell holds the separator. */
  function splitCells(line, sep, number) {
    var cells = [], cell = "", i = 0, quoted = false;
    for (;;) {
      if (i < line.length && line[i] === '"' && cell === "" && !quoted) {
        quoted = true;
        for (i++; ; i++) {
          if (i >= line.length) throw new Error("line " + number + ": a quoted cell is not closed on its line");
          if (line[i] === '"') {
            if (line[i + 1] === '"') { cell += '"'; i++; } else { i++; break; }
          } else cell += line[i];
        }
      }
      if (i >= line.length || line[i] === sep) {
        cells.push(cell);
        if (i >= line.length) return cells;
        cell = ""; quoted = false; i++;
      } else cell += line[i++];
    }
  }

  /* Runs pasted or loaded as CSV (a spreadsheet's tab- or semicolon-separated copy too): a header row naming
   * the law's symbols, then one run a row; as catalog.engine.fit.read_runs, every cell must be a
   * finite number and an error names the line and column. Blank lines are skipped. The header is
   * read as catalog fit reads it: quoted cells, a unit in brackets after a name, an unnamed
   * column (pandas' row numbers) kept under the empty name. */
  function parseRuns(text) {
    var lines = String(text).replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
    var first = 0;
    while (first < lines.length && lines[first].trim() === "") first++;
    if (first === lines.length) throw new Error("no runs: paste a header row (the law's symbols) and one row per run");
    // as catalog.engine.fit.SEPARATORS: the first of comma, tab, semicolon the header holds (a
    // spreadsheet in a decimal-comma locale writes semicolons)
    var sep = [",", "\t", ";"].filter(function (c) { return lines[first].indexOf(c) >= 0; })[0] || ",";
    var names = splitCells(lines[first], sep, first + 1), keys = names.map(columnName);
    if (names.length > MAX_COLUMNS) {
      throw new Error("line " + (first + 1) + ": the header names " + names.length.toLocaleString("en-US") +
        " columns; a runs file holds at most " + MAX_COLUMNS.toLocaleString("en-US"));
    }
    var columns = Object.create(null);  // no prototype: a column named __proto__ is a column, not the object's prototype
    keys.forEach(function (name) {
      if (has(columns, name)) throw new Error("line " + (first + 1) + ": the header names column " + quoted(name) + " twice");
      columns[name] = [];
    });
    for (var l = first + 1; l < lines.length; l++) {
      if (lines[l].trim() === "") continue;
      var cells = splitCells(lines[l], sep, l + 1);
      if (cells.length !== names.length) {
        throw new Error("line " + (l + 1) + ": " + cells.length + " values for " + names.length + " columns");
      }
      for (var c = 0; c < names.length; c++) {
        var cell = cells[c].trim(), v = cellNumber(cell), where = "line " + (l + 1) + ": column " + quoted(names[c]) + ": ";
        if (isNaN(v) && !NOT_FINITE.test(cell)) {
          var hint = /^[-+]?\d+,\d+$/.test(cell) ? "a decimal comma: write " + cell.replace(",", ".") : "write e.g. 70M, 1.4e12 or 0.34";
          throw new Error(where + "not a number: " + quoted(cell) + " (" + hint + ")");
        }
        if (!isFinite(v)) throw new Error(where + quoted(cell) + " is not a finite number");
        columns[keys[c]].push(v);
      }
    }
    return columns;
  }

  /* ------------------------------------------------------------------ the objective */

  /* The law's formula over the runs: ``parameters`` every parameter of the formula, in its order,
   * ``held`` the ones held at a value (the others are the fitted theta, in order), ``weights``
   * one per run or null. */
  function Model(fn, inputs, runs, output, settings, parameters, held, weights) {
    this.fn = fn;
    this.xs = inputs.map(function (n) { return runs[n]; });
    this.log = settings.space === "log";
    this.target = runs[output].map(this.log ? Math.log : function (y) { return y; });
    this.huber = settings.objective !== "mse";
    this.delta = settings.delta;
    var free = 0;
    held = held || {};
    this.slots = (parameters || []).map(function (name) {
      return has(held, name) ? { value: held[name] } : { index: free++ };
    });
    this.w = weights || null;
  }

  /* The formula's arguments for run j: its inputs, then every parameter (held or fitted). */
  Model.prototype.fill = function (args, theta) {
    var k = this.xs.length;
    for (var p = 0; p < this.slots.length; p++) {
      var slot = this.slots[p];
      args[k + p] = slot.index === undefined ? slot.value : theta[slot.index];
    }
    return args;
  };

  /* The objective on the points ``idx`` (every point when null): the mean (weighted mean) Huber
   * or squared residual, BAD where a prediction is not finite (as catalog.engine.fit). */
  Model.prototype.loss = function (theta, idx) {
    var xs = this.xs, k = xs.length, args = this.fill(new Array(k + this.slots.length), theta), total = 0;
    var n = idx ? idx.length : this.target.length, delta = this.delta, w = this.w, weight = 0;
    for (var i = 0; i < n; i++) {
      var j = idx ? idx[i] : i;
      for (var a = 0; a < k; a++) args[a] = xs[a][j];
      var pred = this.fn.apply(null, args);
      var r = (this.log ? Math.log(pred) : pred) - this.target[j];
      if (!isFinite(r)) return BAD;
      var size = Math.abs(r), wj = w ? w[j] : 1;
      weight += wj;
      if (!this.huber) total += wj * r * r;
      else total += wj * (size <= delta ? 0.5 * r * r : delta * (size - 0.5 * delta));
    }
    return weight > 0 ? total / weight : BAD;
  };

  Model.prototype.residuals = function (theta) {
    var out = [], k = this.xs.length, args = this.fill(new Array(k + this.slots.length), theta);
    for (var j = 0; j < this.target.length; j++) {
      for (var a = 0; a < k; a++) args[a] = this.xs[a][j];
      var pred = this.fn.apply(null, args);
      out.push((this.log ? Math.log(pred) : pred) - this.target[j]);
    }
    return out;
  };

  /* ------------------------------------------------------------------ L-BFGS */

  function dot(a, b) { var s = 0; for (var i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }

  /* Minimise f (value only) from x0 by L-BFGS with central-difference gradients and a
   * backtracking (Armijo) line search; stops as scipy's L-BFGS-B does, on a relative decrease
   * below ftol or a gradient below gtol, or after maxiter iterations (nit: how many it made). */
  function lbfgs(f, x0, tol, maxiter) {
    var n = x0.length;
    function gradient(x) {
      var g = new Array(n);
      for (var i = 0; i < n; i++) {
        var h = STEP * Math.max(1, Math.abs(x[i])), xi = x[i];
        x[i] = xi + h; var up = f(x);
        x[i] = xi - h; var down = f(x);
        x[i] = xi;
        g[i] = (up >= BAD || down >= BAD) ? NaN : (up - down) / (2 * h);
      }
      return g;
    }
    var x = x0.slice(), fx = f(x), g = gradient(x), S = [], Y = [], RHO = [];
    if (!(fx < BAD) || g.some(function (v) { return !isFinite(v); })) return { x: x, fun: fx, nit: 0 };
    for (var iter = 0; iter < maxiter; iter++) {
      if (Math.max.apply(null, g.map(Math.abs)) <= tol.gtol) break;
      // two-loop recursion: d = -H g
      var q = g.slice(), alpha = new Array(S.length);
      for (var i = S.length - 1; i >= 0; i--) {
        alpha[i] = RHO[i] * dot(S[i], q);
        for (var a = 0; a < n; a++) q[a] -= alpha[i] * Y[i][a];
      }
      var gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1;
      for (a = 0; a < n; a++) q[a] *= gamma;
      for (i = 0; i < S.length; i++) {
        var beta = RHO[i] * dot(Y[i], q);
        for (a = 0; a < n; a++) q[a] += S[i][a] * (alpha[i] - beta);
      }
      var d = q.map(function (v) { return -v; }), slope = dot(g, d);
      if (!(slope < 0)) { S = []; Y = []; RHO = []; d = g.map(function (v) { return -v; }); slope = -dot(g, g); }
      var step = S.length ? 1 : Math.min(1, 1 / Math.sqrt(-slope)), next = null, fnext = BAD;
      for (var tries = 0; tries < 60; tries++) {
        next = x.map(function (v, k) { return v + step * d[k]; });
        fnext = f(next);
        if (fnext < BAD && fnext <= fx + 1e-4 * step * slope) break;
        step *= 0.5;
        next = null;
      }
      if (!next) break;  // no decrease along the direction: as far as this start goes
      var gnext = gradient(next);
      if (gnext.some(function (v) { return !isFinite(v); })) { x = next; fx = fnext; iter++; break; }
      var s = next.map(function (v, k) { return v - x[k]; }), y = gnext.map(function (v, k) { return v - g[k]; });
      var decrease = (fx - fnext) / Math.max(Math.abs(fx), Math.abs(fnext), 1);
      x = next; fx = fnext; g = gnext;
      if (decrease <= tol.ftol) { iter++; break; }
      var sy = dot(s, y);
      if (sy > 1e-12 * dot(y, y)) {
        S.push(s); Y.push(y); RHO.push(1 / sy);
        if (S.length > MEMORY) { S.shift(); Y.shift(); RHO.shift(); }
      }
    }
    return { x: x, fun: fx, nit: iter };
  }

  /* catalog.engine.fit's refine: descend in u = theta / |start| (coefficients and exponents
   * equally conditioned) on the objective divided by its value at the start. */
  function refine(model, start, idx, tol, maxiter) {
    var scale = start.map(function (v) { return v !== 0 ? Math.abs(v) : 1; });
    var level = model.loss(start, idx), norm = level > 0 && level < BAD ? level : 1;
    var theta = new Array(start.length);
    var scaled = function (u) {
      for (var i = 0; i < u.length; i++) theta[i] = u[i] * scale[i];
      var v = model.loss(theta, idx);
      return v >= BAD ? BAD : v / norm;
    };
    var res = lbfgs(scaled, start.map(function (v, i) { return v / scale[i]; }), tol, maxiter || MAX_ITER);
    return { x: res.x.map(function (u, i) { return u * scale[i]; }), fun: res.fun >= BAD ? BAD : res.fun * norm, nit: res.nit };
  }

  /* ------------------------------------------------------------------ what the runs identify */

  /* Python's format(x, ".<digits>g"), so that the warnings read as catalog fit prints them. */
  function formatG(x, digits) {
    if (!isFinite(x)) return isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    if (x === 0) return 1 / x < 0 ? "-0" : "0";
    var parts = x.toExponential(digits - 1).split("e"), exp = parseInt(parts[1], 10);
    var trim = function (t) { return t.indexOf(".") < 0 ? t : t.replace(/0+$/, "").replace(/\.$/, ""); };
    if (exp >= -4 && exp < digits) return trim(x.toFixed(digits - 1 - exp));
    return trim(parts[0]) + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /* The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9):
   * scipy.stats.norm.ppf, which the identification limit takes at (1 + level) / 2. */
  function normalQuantile(p) {
    var a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
    var b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
    var c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    var d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    var tail = Math.min(p, 1 - p), q, r;
    if (tail < 0.02425) {
      q = Math.sqrt(-2 * Math.log(tail));
      var x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
      return p < 0.5 ? x : -x;
    }
    q = p - 0.5; r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /* The singular values and right singular vectors of the n x p matrix ``columns`` (one array a
   * column) by one-sided Jacobi rotations: Jacobi's eigen-decomposition of J^T J without forming
   * J^T J, whose rounding would swamp the tiny singular values of the directions the runs leave
   * flat. Returns {values, vectors} with vectors[j][k] the j-th component of the k-th vector. */
  function jacobiSvd(columns) {
    var p = columns.length, a = columns.map(function (col) { return col.slice(); }), v = [];
    for (var i = 0; i < p; i++) { v.push(new Array(p).fill(0)); v[i][i] = 1; }
    for (var sweep = 0; sweep < 100; sweep++) {
      var rotated = false;
      for (var j = 0; j < p - 1; j++) {
        for (var k = j + 1; k < p; k++) {
          var alpha = dot(a[j], a[j]), beta = dot(a[k], a[k]), gamma = dot(a[j], a[k]);
          if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
          rotated = true;
          var zeta = (beta - alpha) / (2 * gamma);
          var t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          var cos = 1 / Math.sqrt(1 + t * t), sin = cos * t;
          for (var m = 0; m < a[j].length; m++) {
            var x = a[j][m], y = a[k][m];
            a[j][m] = cos * x - sin * y; a[k][m] = sin * x + cos * y;
          }
          for (m = 0; m < p; m++) {
            var vx = v[m][j], vy = v[m][k];
            v[m][j] = cos * vx - sin * vy; v[m][k] = sin * vx + cos * vy;
          }
        }
      }
      if (!rotated) break;
    }
    return { values: a.map(function (col) { return Math.sqrt(dot(col, col)); }), vectors: v };
  }

  /* d r / d s at s = 0 of the residuals r(theta_j * (1 + s)) (theta_j * d r / d theta_j; d r / d theta_j
   * where theta_j is 0), one number a run, by Ridders' extrapolation of central differences from a
   * wide step down (Numerical Recipes' dfridr, each run's its own best estimate). Not one narrow
   * difference: a term the runs barely move (B / D**beta ~ 1e-9 of the loss over one narrow span of
   * D) changes the prediction by less than its rounding at a step of 1e-6, and that noise would
   * make its column independent of the others it is in fact nearly a multiple of. */
  function residualSlope(model, theta, j) {
    var CON = 1.4, TABLE = 10, SAFE = 2, base = theta[j] !== 0 ? theta[j] : 1;
    function difference(h) {
      var up = theta.slice(), down = theta.slice();
      up[j] = theta[j] + h * base; down[j] = theta[j] - h * base;
      var ru = model.residuals(up), rd = model.residuals(down);
      return ru.map(function (u, i) { return (u - rd[i]) / (2 * h); });
    }
    var h = 0.1, first = difference(h);
    while (!first.every(isFinite) && h > 1e-6) { h /= 10; first = difference(h); }  // a step beyond the formula's domain
    var tables = first.map(function (d) { return [[d]]; }), best = first.slice();
    var error = first.map(function () { return Infinity; }), done = first.map(function () { return false; });
    for (var i = 1; i < TABLE; i++) {
      h /= CON;
      var row = difference(h);
      for (var run = 0; run < row.length; run++) {
        if (done[run]) continue;
        var a = tables[run], fac = CON * CON;
        a[i] = [row[run]];
        for (var k = 1; k <= i; k++) {  // eliminate the h^2, h^4, ... terms of the central difference
          a[i][k] = (a[i][k - 1] * fac - a[i - 1][k - 1]) / (fac - 1);
          fac *= CON * CON;
          var err = Math.max(Math.abs(a[i][k] - a[i][k - 1]), Math.abs(a[i][k] - a[i - 1][k - 1]));
          if (err <= error[run]) { error[run] = err; best[run] = a[i][k]; }
        }
        if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= SAFE * error[run]) done[run] = true;  // rounding took over
      }
    }
    return best;
  }

  /* catalog.engine.fit._unidentified: the free parameters the runs do not identify, by name with
   * their relative standard errors: those whose linearised ``level`` interval at the optimum
   * (Gauss-Newton, sigma^2 from the residuals) contains zero. The Jacobian is of the residuals in
   * log|theta| (relative changes, comparable across coefficients and exponents), by extrapolated
   * central differences (residualSlope). Empty when it cannot be computed (no verdict). */
  function unidentified(model, theta, params, level) {
    var n = model.target.length, p = theta.length, r = model.residuals(theta);
    var w = model.w, mean = w ? w.reduce(function (t, v) { return t + v; }, 0) / n : 1;
    var share = r.map(function (_, i) { return w ? w[i] / mean : 1; }), sigma2 = 0;
    r.forEach(function (ri, i) { sigma2 += share[i] * ri * ri; });
    // a run weighted zero is no point of the fit: the residuals' degrees of freedom are the others'
    var counted = share.filter(function (v) { return v > 0; }).length;
    sigma2 /= Math.max(counted - p, 1);
    var columns = [];
    for (var j = 0; j < p; j++) {
      // d r / d log|theta_j| = theta_j * d r / d theta_j, up to its sign (which the variances below square away)
      columns.push(residualSlope(model, theta, j).map(function (d, i) { return d * Math.sqrt(share[i]); }));
    }
    var finite = isFinite(sigma2) && columns.every(function (col) { return col.every(isFinite); });
    if (!finite) return {};
    var svd = jacobiSvd(columns), top = Math.max.apply(null, svd.values);
    if (!(top > 0)) return {};
    // catalog.engine.fit.FLAT: a direction the Jacobian has none of is flat whatever the noise (one run
    // repeated, weights leaving fewer points than constants), where sigma^2 is 0 and every error would read 0
    var flat = svd.values.map(function (s) { return s <= top * FLAT; });
    // a nearly flat direction has a singular value ~0: floored so that its variance is huge, not infinite
    var singular = svd.values.map(function (s) { return Math.max(s, top * 1e-15); });
    var limit = 1 / normalQuantile((1 + level) / 2), out = {};
    params.forEach(function (name, i) {
      var variance = 0, loading = 0;
      for (var k = 0; k < p; k++) {
        variance += svd.vectors[i][k] * svd.vectors[i][k] / (singular[k] * singular[k]);
        if (flat[k]) loading += svd.vectors[i][k] * svd.vectors[i][k];
      }
      var relative = loading > FLAT_LOADING ? Infinity : Math.sqrt(sigma2 * variance);
      if (relative > limit) out[name] = relative;
    });
    return out;
  }

  /* catalog.engine.fit._identification_warnings and _undetermined, in the same words (the page's
   * 'Hold fixed' field for the CLI's --fix): the
   * constants the runs do not identify, the resamples stopped at BOOTSTRAP_MAX_ITER, a sign
   * opposite to the published constant's (``published`` {id, values} or null), a bootstrap
   * interval across zero or over SPREAD. */
  function warningsOf(result, params, stopped, published) {
    var out = [], names = Object.keys(result.unidentified);
    if (names.length) {
      var errors = names.map(function (name) {
        var e = result.unidentified[name];
        return isFinite(e) ? name + " \u00b1" + formatG(e * 100, 3) + "%" : name + " unbounded";
      });
      out.push("badly determined: the runs do not identify " + names.join(", ") + " (relative standard errors " +
        "from the fit's curvature: " + errors.join(", ") + "; an interval would contain zero); more runs over a wider " +
        "span of each input, or holding one fixed (Hold fixed: NAME=VALUE), pin them down");
    }
    if (stopped) {
      out.push(stopped + " of " + result.bootstrap + " bootstrap resamples stopped at " + BOOTSTRAP_MAX_ITER + " iterations, " +
        "drifting along a direction the runs leave flat: the bootstrap intervals understate that drift");
    }
    var level = formatG(result.level * 100, 6) + "%";
    params.forEach(function (name) {
      var value = result.values[name], ref = published && typeof published.values[name] === "number" ? published.values[name] : null;
      if (ref && value && (value > 0) !== (ref > 0)) {
        out.push(name + " = " + formatG(value, 6) + " has the opposite sign of the published " + formatG(ref, 6) + " (" +
          published.id + "): the runs may not determine it (too few, or too narrow a span of an input); Hold fixed: " + name +
          "=VALUE holds it");
      }
      var ci = result.intervals[name];
      if (!ci) return;
      var lo = ci[0], hi = ci[1], why;
      if (lo < 0 && 0 < hi) why = "contains zero";
      else if (lo * hi > 0 && Math.abs(hi) / Math.abs(lo) > SPREAD) why = "spans a factor of " + formatG(Math.abs(hi) / Math.abs(lo), 3);
      else return;
      out.push(name + ": the " + level + " bootstrap interval [" + formatG(lo, 6) + ", " + formatG(hi, 6) + "] " + why +
        ": the runs do not determine " + name);
    });
    return out;
  }

  /* ------------------------------------------------------------------ the fit */

  /* catalog.engine.fit._initial_grid: x1/4 .. x4 around each published constant, else a generic
   * axis; the whole product when it has at most MAX_CANDIDATES rows (in itertools.product's
   * order), else that many distinct random rows. */
  function initialGrid(parameters, defaults, restarts, random) {
    var axes = parameters.map(function (name) {
      var v = defaults ? defaults[name] : undefined;
      return typeof v === "number" && v !== 0 ? [0.25, 0.5, 1, 2, 4].map(function (f) { return v * f; })
        : [0.1, 0.3, 0.5, 1, 3, 10, 100];
    });
    var total = axes.reduce(function (t, a) { return t * a.length; }, 1), limit = Math.max(MAX_CANDIDATES, restarts);
    var rows = [];
    if (total <= limit) {
      for (var r = 0; r < total; r++) {
        var row = new Array(axes.length), rest = r;
        for (var k = axes.length - 1; k >= 0; k--) { row[k] = axes[k][rest % axes[k].length]; rest = Math.floor(rest / axes[k].length); }
        rows.push(row);
      }
      return rows;
    }
    var seen = {};
    for (var t = 0; t < limit; t++) {
      var picks = axes.map(function (a) { return Math.floor(random() * a.length); }), key = picks.join(",");
      if (seen[key]) continue;
      seen[key] = true;
      rows.push(picks.map(function (p, i) { return axes[i][p]; }));
    }
    return rows;
  }

  /* 'a, b, c and 4 more' (catalog.frames.listed): a pasted sheet may have hundreds of columns. */
  function listed(items, shown) {
    return items.slice(0, shown).join(", ") + (items.length > shown ? " and " + (items.length - shown) + " more" : "");
  }

  /* ' (rename N [params] to N (Number of model parameters; unit: parameters))': as
   * catalog.engine.fit._renames, the columns that name a missing symbol in the other case or with a
   * unit written after it, each the one column for its one symbol, with what the symbol means
   * (``described``: symbol -> 'meaning; unit: unit', as fit._described); the
   * values are then said to be wanted in plain units (a column of billions renamed N would be read
   * as that many parameters). Not the variable names (params, tokens) the CLI also reads. */
  var UNIT_SUFFIX = /(\([^()]*\)|\[[^\[\]]*\])$/;

  /* The column's name before a unit written after it ('N (params)' -> 'N'), null when it has none, as
   * catalog.engine.fit._without_unit: the unit found from its bracket on the right-trimmed name (a
   * pattern with \s* around it was tried from every space of a long header to its end). */
  function withoutUnit(column) {
    var name = column.trimEnd(), unit = UNIT_SUFFIX.exec(name);  // not /\s+$/: tried from every space too
    return unit ? name.slice(0, unit.index).trimEnd() : null;
  }

  function renames(runs, missing, described) {
    var meant = function (column) {
      var bare = (withoutUnit(column) === null ? column : withoutUnit(column)).toLowerCase();
      return missing.filter(function (n) { return n.toLowerCase() === column.toLowerCase() || n.toLowerCase() === bare; });
    };
    var pairs = Object.keys(runs).map(function (c) { var found = meant(c); return found.length === 1 ? [c, found[0]] : null; })
      .filter(Boolean);
    pairs = pairs.filter(function (p) { return pairs.filter(function (q) { return q[1] === p[1]; }).length === 1; });
    if (!pairs.length) return "";
    var plain = pairs.some(function (p) { return withoutUnit(p[0]) !== null; })
      ? "; every value in plain units: 70B or 7e10, not 70 in a column of billions" : "";
    return " (rename " + pairs.map(function (p) { return p[0] + " to " + p[1] + " (" + described[p[1]] + ")"; })
      .join(", ") + plain + ")";
  }

  /* Each input and the output -> 'Number of model parameters; unit: parameters' (fit._described). */
  function describedSymbols(data) {
    var out = {}, say = function (meaning, unit) { return meaning + (unit ? "; unit: " + unit : ""); };
    data.inputs.forEach(function (s) { out[s.name] = say(s.meaning, s.unit); });
    out[data.output] = say(data.outputMeaning, data.outputUnit);
    return out;
  }

  function tick() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  /* Fit ``spec`` = {fn, inputs, parameters, output, defaults, defaultSet (its id), defined (names),
   * described (input or output -> 'meaning; unit: unit')} to ``runs``
   * (name -> numbers) with ``settings`` = {objective, delta, space, restarts, bootstrap, level, seed};
   * ``progress(stage, done, total)`` as the fit advances. Resolves to {values, loss, r2, rmse, points,
   * restarts, intervals, stderr, bootstrap, level, unidentified (name -> relative standard error),
   * warnings}, as catalog.engine.fit.FitResult; rejects with an Error whose message says what is wrong. */
  /* As catalog.engine.fit._outside_conditions: "2 of 16 runs lie outside the law's conditions (U <= D),
   * where it is not stated: run 3 (U <= D does not hold: U = 3e+10, D = 1e+10); ...", or "" when every
   * run is inside. A condition over a parameter `params` lacks (one still to fit) is left out. */
  var SHOWN_RUNS = 10;

  function outsideConditions(spec, runs, params) {
    var all = spec.conditions || [], known = function (u) {
      return u[1] !== null || spec.inputs.indexOf(u[0]) >= 0 || has(params, u[0]);
    };
    var conditions = all.filter(function (c) { return c[1].every(known); });
    if (!conditions.length) return "";
    var n = runs[spec.output].length, failing = [];
    for (var i = 0; i < n; i++) {
      var args = spec.inputs.map(function (name) { return runs[name][i]; })
        .concat(spec.parameters.map(function (name) { return has(params, name) ? params[name] : NaN; }));
      var c = conditions.filter(function (c) { return !c[2].apply(null, args); })[0];
      if (!c) continue;
      failing.push("run " + (i + 1) + " (" + c[0] + " does not hold: " + c[1].map(function (u) {
        var v = u[1] !== null ? u[1] : spec.inputs.indexOf(u[0]) >= 0 ? runs[u[0]][i] : params[u[0]];
        return u[0] + " = " + window.SLC.format(v);
      }).join(", ") + ")");
    }
    if (!failing.length) return "";
    return failing.length + " of " + n + " runs lie outside the law's conditions (" +
      all.map(function (c) { return c[0]; }).join(" and ") + "), where it is not stated: " +
      failing.slice(0, SHOWN_RUNS).join("; ") +
      (failing.length > SHOWN_RUNS ? "; and " + (failing.length - SHOWN_RUNS) + " more" : "");
  }

  async function fit(spec, runs, settings, progress) {
    progress = progress || function () {};
    var every = spec.parameters, output = spec.output, held = settings.fixed || {};
    var missing = spec.inputs.concat([output]).filter(function (n) { return !has(runs, n); });
    if (missing.length) {
      // a column named after a quantity the law defines (pearce2024's N_T): the law computes it, as catalog fit says
      var defined = (spec.defined || []).filter(function (n) { return has(runs, n); }).map(function (n) {
        return "; '" + n + "' is a quantity the law defines from its inputs (see the symbols table) and cannot be " +
          "given: give the inputs it is made of, as columns";
      });
      throw new Error("the runs lack columns for: " + missing.join(", ") + " (law symbols: " +
        spec.inputs.concat([output]).join(", ") + "; the runs' columns: " + (listed(Object.keys(runs), 20) || "none") +
        "); name the columns after the law's symbols" + renames(runs, missing, spec.described) + defined.join(""));
    }
    if (!every.length) throw new Error("this law has no parameters to fit");
    Object.keys(held).forEach(function (name) {
      if (every.indexOf(name) < 0) throw new Error("cannot fix '" + name + "': not a parameter of the law (parameters: " + every.join(", ") + ")");
      if (!isFinite(held[name])) throw new Error("cannot fix " + name + ": not a finite number");
    });
    var params = every.filter(function (name) { return !has(held, name); });
    if (!params.length) throw new Error("every parameter is fixed: nothing to fit");
    var n = runs[output].length, weights = null;
    if (settings.weights) {
      if (!has(runs, settings.weights)) {
        throw new Error("the runs have no weights column '" + settings.weights + "' (columns: " + Object.keys(runs).join(", ") + ")");
      }
      weights = runs[settings.weights];
      var sum = weights.reduce(function (t, v) { return t + v; }, 0);
      if (weights.some(function (v) { return v < 0; }) || !(sum > 0)) throw new Error("weights must be finite, none negative, and not all zero");
    }
    if (n < params.length + 1) throw new Error(n + " points cannot determine " + params.length + " parameters");
    if (settings.space === "log" && runs[output].some(function (y) { return y <= 0; })) {
      throw new Error("log-space fitting needs positive outputs; fit in linear space");
    }
    var outside = outsideConditions(spec, runs, held);
    if (outside) throw new Error(outside + "; correct those runs or leave them out of the runs fitted");
    if (!(isFinite(settings.delta) && settings.delta > 0)) throw new Error("the Huber threshold delta must be a positive number");
    if (!(settings.restarts >= 1)) throw new Error("restarts must be at least 1");
    if (!(settings.bootstrap === 0 || settings.bootstrap >= 2)) throw new Error("bootstrap must be 0 (none) or at least 2");
    var model = new Model(spec.fn, spec.inputs, runs, output, settings, every, held, weights);
    var random = window.SLC.rng(settings.seed || 0);

    var grid = initialGrid(params, spec.defaults, settings.restarts, random);
    var screened = grid.map(function (row, i) { return [model.loss(row, null), i]; })
      .filter(function (p) { return p[0] < BAD && isFinite(p[0]); })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .slice(0, settings.restarts);
    if (!screened.length) throw new Error("no starting point gave finite predictions; check units and columns");
    var total = screened.length + POLISHED, rough = [];
    for (var s = 0; s < screened.length; s++) {
      var res = refine(model, grid[screened[s][1]], null, ROUGH);
      if (res.fun < BAD && isFinite(res.fun)) rough.push(res);
      progress("starts", s + 1, total);
      if (s % 4 === 3) await tick();
    }
    rough.sort(function (a, b) { return a.fun - b.fun; });
    var best = null;
    for (var p = 0; p < Math.min(POLISHED, rough.length); p++) {
      var polished = refine(model, rough[p].x, null, TIGHT);
      if (polished.fun < BAD && isFinite(polished.fun) && (!best || polished.fun < best.fun)) best = polished;
      progress("starts", screened.length + p + 1, total);
      await tick();
    }
    if (!best) throw new Error("no starting point gave finite predictions; check units and columns");
    var theta = best.x, r = model.residuals(theta), mean = 0, ssRes = 0, ssTot = 0;
    model.target.forEach(function (t) { mean += t / n; });
    model.target.forEach(function (t, i) { ssTot += (t - mean) * (t - mean); ssRes += r[i] * r[i]; });
    var result = {
      // maps of parameter names: a law's may be toString or valueOf (Object.prototype's own members)
      values: Object.create(null), fixed: Object.assign(Object.create(null), held), weighted: !!weights,
      loss: best.fun, points: n, restarts: screened.length,
      r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN, rmse: Math.sqrt(ssRes / n),
      objective: settings.objective === "mse" ? "mse" : "huber(delta=" + settings.delta + ")", space: settings.space,
      intervals: Object.create(null), stderr: Object.create(null), bootstrap: settings.bootstrap, level: settings.level || 0.95,
    };
    every.forEach(function (name) {  // in the formula's order, held ones at their value
      result.values[name] = has(held, name) ? held[name] : theta[params.indexOf(name)];
    });
    result.unidentified = unidentified(model, theta, params, result.level);
    // resamples of a badly determined fit drift along the flat valley: capped there, and only there
    var capped = Object.keys(result.unidentified).length > 0, stopped = 0, samples = [];
    for (var b = 0; b < settings.bootstrap; b++) {
      var idx = new Array(n);
      for (var i = 0; i < n; i++) idx[i] = Math.floor(random() * n);
      // a resample's optimum lies near the full fit's
      var again = refine(model, theta, idx, TIGHT, capped ? BOOTSTRAP_MAX_ITER : MAX_ITER);
      if (again.fun < BAD && isFinite(again.fun)) {
        samples.push(again.x);
        if (capped && again.nit >= BOOTSTRAP_MAX_ITER) stopped++;
      }
      progress("bootstrap", b + 1, settings.bootstrap);
      if (b % 4 === 3) await tick();
    }
    if (samples.length) {
      var lo = (1 - result.level) / 2, hi = (1 + result.level) / 2;
      params.forEach(function (name, i) {
        var col = samples.map(function (x) { return x[i]; }).sort(function (u, v) { return u - v; });
        result.intervals[name] = [window.SLC.quantile(col, lo), window.SLC.quantile(col, hi)];
        var m = col.reduce(function (t, v) { return t + v; }, 0) / col.length;
        result.stderr[name] = col.length > 1 ? Math.sqrt(col.reduce(function (t, v) { return t + (v - m) * (v - m); }, 0) / (col.length - 1)) : NaN;
      });
    }
    var published = spec.defaults && spec.defaultSet ? { id: spec.defaultSet, values: spec.defaults } : null;
    result.warnings = warningsOf(result, params, stopped, published);
    var atFit = outsideConditions(spec, runs, result.values);  // a condition over a fitted constant
    if (atFit) result.warnings.push("at the fitted constants, " + atFit);
    return result;
  }

  /* ------------------------------------------------------------------ the page's fit box */

  /* The law page's "Fit this form to your runs" box: runs pasted or loaded from a file, the
   * settings of catalog fit, the fitted constants beside the default set's (with bootstrap
   * intervals), a plot of predicted against observed, and a button that puts the constants into
   * the calculator (``calc.use(values)``). Record text reaches the page only through textContent. */
  function init(box, data, calc) {
    var runsBox = box.querySelector("textarea.slc-fit-runs"), file = box.querySelector("input.slc-fit-file");
    var button = box.querySelector("button.slc-fit-run"), status = box.querySelector(".slc-fit-status");
    var table = box.querySelector("table.slc-fit-result"), use = box.querySelector("button.slc-fit-use");
    var copy = box.querySelector("button.slc-fit-copy");
    var canvas = box.querySelector("canvas.slc-fit-plot"), command = box.querySelector("code.slc-fit-command");
    var setting = function (name) { return box.querySelector('[data-fit-setting="' + name + '"]'); };
    var formula = window.SLC_FORMULAS[data.id];  // its argument order: inputs, then parameters
    var spec = {
      fn: formula.fn, inputs: formula.inputs, parameters: formula.parameters, output: data.output,
      defined: (formula.defined || []).map(function (d) { return d[0]; }),
      conditions: formula.conditions || [],
      defaults: data.defaultSet ? data.sets.filter(function (s) { return s.id === data.defaultSet; })[0].values : null,
      defaultSet: data.defaultSet || null,
      described: describedSymbols(data),
    };
    var last = null;

    /* "E=1.69, alpha=0.34" (commas or spaces between): the parameters to hold, as typed and as numbers. */
    function heldOf(text) {
      var out = { typed: [], values: {} };
      text.split(/[\s,;]+/).filter(function (t) { return t; }).forEach(function (item) {
        var eq = item.indexOf("="), name = item.slice(0, eq).trim(), value = item.slice(eq + 1).trim();
        if (eq <= 0 || !value) throw new Error("hold fixed: write NAME=VALUE, e.g. E=1.69 (got '" + item + "')");
        var v = window.SLC.parseMagnitude(value);
        if (!isFinite(v)) throw new Error("hold fixed: " + name + "=" + value + " is not a number");
        out.typed.push(name + "=" + value);
        out.values[name] = v;
      });
      return out;
    }

    function settings() {
      var read = function (name) { return Number(setting(name).value.trim()); };
      return { objective: setting("objective").value, space: setting("space").value, delta: read("delta"),
        restarts: Math.floor(read("restarts")), bootstrap: Math.floor(read("bootstrap")), level: 0.95, seed: 0,
        fixed: heldOf(setting("fixed").value).values, weights: setting("weights").value.trim() || null };
    }

    function showCommand() {
      var objective = setting("objective").value, typed;
      try { typed = heldOf(setting("fixed").value).typed; } catch (e) { typed = []; }
      var weights = setting("weights").value.trim();
      command.textContent = "catalog fit " + data.id + " runs.csv --objective " + objective +
        (objective === "mse" ? "" : " --delta " + setting("delta").value.trim()) + " --space " + setting("space").value +
        " --restarts " + setting("restarts").value.trim() + " --bootstrap " + setting("bootstrap").value.trim() +
        typed.map(function (t) { return " --fix " + t; }).join("") + (weights ? " --weights " + weights : "");
    }

    /* The fitted constants at full precision, to paste into a sheet or a notebook: the table's
     * six digits and a selection of its cells lost them. A held parameter has no interval. */
    function resultCsv(result) {
      return "parameter,value,interval_low,interval_high\n" + spec.parameters.map(function (name) {
        var iv = has(result.fixed, name) ? null : result.intervals[name];
        return [name, String(result.values[name]), iv ? String(iv[0]) : "", iv ? String(iv[1]) : ""].join(",");
      }).join("\n") + "\n";
    }

    function cell(row, text, attrs) {
      var td = document.createElement("td");
      td.textContent = text;
      Object.keys(attrs || {}).forEach(function (k) { td.setAttribute(k, attrs[k]); });
      row.appendChild(td);
    }

    function show(result, runs) {
      var body = table.querySelector("tbody"), format = window.SLC.format;
      body.textContent = "";
      var base = spec.defaults;
      spec.parameters.forEach(function (name) {
        var tr = document.createElement("tr"), v = result.values[name], iv = result.intervals[name];
        tr.setAttribute("data-parameter", name);
        cell(tr, name);
        cell(tr, format(v, 6), { "data-value": String(v) });
        var isHeld = has(result.fixed, name), loose = has(result.unidentified, name);
        // as catalog fit marks it: "(not identified)" after the interval
        var band = iv ? format(iv[0], 4) + " to " + format(iv[1], 4) : "\u2014";
        cell(tr, isHeld ? "held fixed" : band + (loose ? " (not identified)" : ""),
          iv ? { "data-low": String(iv[0]), "data-high": String(iv[1]) } : {});
        if (loose) tr.setAttribute("data-unidentified", "");
        cell(tr, base && typeof base[name] === "number" ? format(base[name], 6) : "\u2014");
        body.appendChild(tr);
      });
      table.hidden = false;
      status.textContent = "Fitted " + result.points + " runs: " + result.objective + (result.weighted ? " weighted" : "") +
        " on " + result.space +
        " residuals, objective " + format(result.loss, 4) + ", R\u00b2 = " + format(result.r2, 5) +
        ", RMSE = " + format(result.rmse, 4) + "; " + result.restarts + " starts descended" +
        (result.bootstrap ? ", intervals from " + result.bootstrap + " bootstrap resamples" : "") + ".";
      ["loss", "r2", "rmse", "points"].forEach(function (k) { box.setAttribute("data-" + k, String(result[k])); });
      showWarnings(result.warnings);
      use.hidden = false;
      if (copy) copy.hidden = false;
      if (canvas) {
        canvas.hidden = false;
        var model = new Model(spec.fn, spec.inputs, runs, spec.output, { space: "linear" }, spec.parameters, {}, null);
        var theta = spec.parameters.map(function (name) { return result.values[name]; });
        var pred = model.residuals(theta).map(function (r, i) { return r + runs[spec.output][i]; });
        var observed = runs[spec.output], lo = Math.min.apply(null, observed), hi = Math.max.apply(null, observed);
        window.SLC.drawPlot(canvas, [{ label: "predicted = observed", points: [[lo, lo], [hi, hi]] }], {
          xLabel: "observed " + spec.output, yLabel: "fitted " + spec.output,
          points: observed.map(function (y, i) { return [y, pred[i]]; }), scoreY: data.outputScore,
        });
      }
    }

    /* The fit's warnings (catalog fit's stderr lines) in a list after the status line, made here
     * when the page has none. */
    function showWarnings(warnings) {
      var list = box.querySelector("ul.slc-fit-warnings");
      if (!list) {
        list = document.createElement("ul");
        list.className = "slc-fit-warnings slc-warning";
        status.parentNode.insertBefore(list, status.nextSibling);
      }
      list.textContent = "";
      warnings.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = "warning: " + text;
        list.appendChild(li);
      });
      list.hidden = !warnings.length;
    }

    async function run() {
      var runs;
      status.textContent = "";
      showWarnings([]);
      table.hidden = true; use.hidden = true; last = null;
      if (copy) copy.hidden = true;
      if (canvas) canvas.hidden = true;
      box.setAttribute("data-state", "running");
      try {
        runs = parseRuns(runsBox.value);
        button.disabled = true;
        var result = await fit(spec, runs, settings(), function (stage, done, total) {
          status.textContent = (stage === "starts" ? "Descending from start " : "Bootstrap resample ") + done + " of " + total + "\u2026";
        });
        last = result;
        show(result, runs);
        box.setAttribute("data-state", "done");
      } catch (e) {
        status.textContent = "Cannot fit: " + e.message + ".";
        box.setAttribute("data-state", "error");
      } finally {
        button.disabled = false;
      }
    }

    button.addEventListener("click", run);
    use.addEventListener("click", function () { if (last) calc.use(last.values); });
    if (copy) copy.addEventListener("click", function () { if (last) window.SLC.copyText(copy, resultCsv(last), "fit as CSV"); });
    if (file) {
      file.addEventListener("change", function () {
        if (!file.files.length) return;
        file.files[0].text().then(function (text) { runsBox.value = text; });
      });
    }
    box.addEventListener("input", showCommand);
    box.addEventListener("change", showCommand);
    showCommand();
    box.setAttribute("data-ready", "1");
  }

  window.SLC_FIT = { parseRuns: parseRuns, fit: fit, init: init };
})();
