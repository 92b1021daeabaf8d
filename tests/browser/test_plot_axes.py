"""The site's plots as a researcher reads them: every axis carries tick labels, whatever its span."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# Pixels drawn in the strip under the plot area where the x tick labels go (slc.js drawPlot: the
# plot area's margins are 70, 16, 14 and 46 px, the labels' baseline 14 px under it, the axis
# title lower down, at the bottom edge).
X_TICK_INK = """canvas => {
  const ratio = canvas.width / canvas.clientWidth, bottom = canvas.clientHeight - 46;
  const x0 = Math.round(71 * ratio), x1 = Math.round((canvas.clientWidth - 17) * ratio);
  const y0 = Math.round((bottom + 3) * ratio), y1 = Math.round((bottom + 17) * ratio);
  const d = canvas.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 100) n++;
  return n;
}"""


def _ticks(canvas, axis: str) -> list[str]:
    return [t for t in (canvas.get_attribute(f"data-{axis}-ticks") or "").split(" | ") if t]


def _value(label: str) -> float:
    """A tick label as a number: '0.2', '2×10⁹' or '10⁻³' (slc.js format)."""
    digits = label.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
    m = re.fullmatch(r"(?:([-\d.]+)×)?10([-\d]+)", digits)
    return (float(m[1] or 1) * 10 ** int(m[2])) if m else float(digits)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_log_axis_under_a_decade_has_tick_labels(page, base_url, width):
    """kim2025's success rate against message density c, fitted on 0.24 to 0.41 and plotted from
    0.11 to 0.88: its log x axis spans less than a decade, which holds no power of ten, and the axis
    was drawn without a single tick label (so was every fit's observed-against-fitted loss axis).
    Such an axis gets round values, at their place on the log scale."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "laws/kim2025/success-vs-message-density.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-log-x") == "1"
    assert canvas.evaluate(X_TICK_INK) > 20
    low, high = (_value(v) for v in canvas.get_attribute("data-x-range").split())
    ticks = [_value(t) for t in _ticks(canvas, "x")]
    assert len(ticks) >= 2 and all(low <= t <= high for t in ticks), (ticks, low, high)


def test_fit_plot_labels_its_observed_axis(page, base_url):
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html")
    page.wait_for_selector("[data-slc-fit][data-ready='1']")
    page.click("details.slc-fit-box summary")
    page.fill("textarea.slc-fit-runs", "N,D,L\n" + "\n".join(
        f"{n:g},{d:g},{1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28:.6f}"
        for n in (1e8, 4e8, 1.6e9, 6.4e9) for d in (2e9, 2e10, 2e11)))
    page.fill('[data-fit-setting="bootstrap"]', "0")
    page.fill('[data-fit-setting="restarts"]', "4")
    page.click("button.slc-fit-run")
    page.wait_for_selector("[data-slc-fit][data-state='done']")
    canvas = page.locator("canvas.slc-fit-plot")
    assert canvas.evaluate(X_TICK_INK) > 20
    assert len(_ticks(canvas, "x")) >= 2 and len(_ticks(canvas, "y")) >= 2


def test_no_tick_is_labelled_ten_to_a_fractional_power(page, base_url):
    """Over two to three decades a log y axis has ticks at 1, 2 and 5 times powers of ten, and
    labelled each one 10 to the power of its position: 2 became '10⁰.³⁰¹⁰²⁹⁹⁹⁵⁶⁶³⁹⁸¹²'."""
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    # drawn directly: series from 1 to 400 (2.6 decades) on both axes
    labels = page.evaluate("""() => {
      const c = document.querySelector('canvas.slc-plot');
      SLC.drawPlot(c, [{label: 'x', points: [[1, 1], [20, 20], [400, 400]]}], {});
      return [c.getAttribute('data-x-ticks'), c.getAttribute('data-y-ticks')];
    }""")
    for axis in labels:
        assert axis and "." not in axis.replace("0.", ""), labels
        assert all(_value(t) > 0 for t in axis.split(" | "))


@pytest.mark.parametrize("path, log_y", [
    # a success rate from 0.11 to 0.66, linear in log c: the paper's straight line, on a linear y
    ("laws/kim2025/success-vs-message-density.html", "0"),
    # a probability linear in the z-scores: a log y bent it into a curve
    ("laws/kim2025/agent-performance-mixed-effects.html", "0"),
    # a loss and an error rate (a power law towards zero, straight on log-log) keep their log axis
    ("laws/hoffmann2022/parametric-loss.html", "1"),
    ("laws/cherti2023/error-vs-compute.html", "1"),
])
def test_a_probability_under_a_decade_is_drawn_on_a_linear_y(page, base_url, path, log_y):
    """kim2025's success rate and mixed-effects probability were drawn on a log y axis, where a score
    spanning less than a decade gains nothing and its shape is lost: S = 0.73 + 0.28 ln c is a straight
    line on a log x and linear y, a curve on log-log."""
    page.goto(base_url + path)
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    assert page.locator("canvas.slc-plot").get_attribute("data-log-y") == log_y


def test_compare_draws_chinchilla_along_its_compute_optimal_frontier(page, base_url, store):
    """Comparing Chinchilla, Kaplan and an MoE law at 1e23 FLOPs: the compute axis offered only laws
    that take compute, never a loss law in N and D (Chinchilla), which the Predict page and catalog
    optimal split at a budget. Such a law is now drawn there along its compute-optimal frontier,
    L_opt(C), with each constant set picked; its values are catalog optimal's."""
    from catalog.engine import optimal

    laws = ["hoffmann2022/parametric-loss@hoffmann2022", "hoffmann2022/parametric-loss@besiroglu2024",
            "kaplan2020/loss-compute", "shukor2025b/loss-compute-frontier"]
    page.goto(base_url + "compare.html?out=loss%7Cnats/token&var=compute&laws=" + ",".join(laws) + "&from=1e23&to=1e24")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    assert page.inner_text(".slc-share-note") == "Restored from the link."
    first = dict(page.evaluate("() => document.querySelector('canvas.slc-plot').slcPlot[0]"
                               ".map(s => [s.label, s.points[0][1]])"))
    assert len(first) == 4
    for set_id in ("hoffmann2022", "besiroglu2024"):
        expected = optimal.compute_optimal(store.law("hoffmann2022/parametric-loss"), set_id).at(1e23)["L_opt"]
        got = next(v for label, v in first.items() if label.startswith("Chinchilla") and f"({set_id})" in label)
        assert got == pytest.approx(expected, rel=1e-9)
    legend = page.inner_text(".slc-legend")
    assert "L_opt vs C, along its compute-optimal split of C = 6ND" in legend
    assert page.inner_text(".slc-cmp-held") == ""  # N and D follow the budget: nothing to hold


@pytest.mark.parametrize("query", ["par.E=-1e16&par.A=1000", "par.E=-1e5&par.A=1e-8&par.B=1e-8"])
def test_a_linear_axis_a_few_units_in_the_last_place_wide_is_drawn(page, base_url, query):
    """A calculator link whose parameters make the law's values differ in their last digits only
    (E = -1e16: L from -1e16 to -1e16 + 4, on a linear y as it is negative): the ticks' step added
    to -1e16 left it as it was, and the loop never ended (the tab froze). The axis is drawn with its
    ticks."""
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html?" + query)
    page.wait_for_selector("[data-slc-calculator][data-ready='1']", timeout=20_000)
    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-drawn") == "1"
    assert canvas.get_attribute("data-log-y") != "1"
    assert 1 <= len(_ticks(canvas, "y")) <= 12


def test_a_log_axis_of_one_two_and_five_labels_its_ticks_alike(page, base_url):
    """The compare page's loss axis from 1.2 to 70 nats/token (1, 2 and 5 times powers of ten) read
    '10⁰ | 2 | 5 | 10¹ | 20 | 50': the powers of ten in another notation than the ticks between them.
    Every tick is now labelled by its value there; an axis of powers of ten alone keeps 10ⁿ."""
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    labels = page.evaluate("""() => {
      const c = document.querySelector('canvas.slc-plot');
      SLC.drawPlot(c, [{label: 'x', points: [[1e3, 70], [1e8, 3], [1e14, 1.2]]}], {});
      const y = c.getAttribute('data-y-ticks');
      SLC.drawPlot(c, [{label: 'x', points: [[1e3, 1e-2], [1e14, 1e4]]}], {});
      return [y, c.getAttribute('data-y-ticks')];
    }""")
    assert labels[0].split(" | ") == ["1", "2", "5", "10", "20", "50"], labels
    assert "10⁰" in labels[1] and "10⁴" in labels[1], labels
