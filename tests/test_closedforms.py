"""Closed forms (catalog.engine.closedforms): solve inverts the formula tree, optimal reads the optimum
stored at load time; both agree with the general path on every law of the catalog, never trust a
closed form the numbers do not confirm, and start without sympy or scipy's optimizers."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from catalog.engine import compiler, evaluation as engine, optimal, solve
from catalog.store import lawstore
from catalog.store.reader import LawRef
from tests.sqlite_support import connection_to


def _refs(papers):
    return [f"{p.id}/{law.id}" for p in papers for law in p.laws]


def _solvable(papers):
    """(ref, input) pairs of explicit laws with constants, each input once."""
    for p in papers:
        for law in p.laws:
            if law.form == "explicit" and law.constant_sets:
                for name in law.input_symbols:
                    yield f"{p.id}/{law.id}", name


def _given(law, unknown, consts):
    """A point inside the fitted ranges (the domains' middles) and the output there."""
    point = {n: engine.domain(law, n).middle for n in law.input_symbols}
    value = engine.evaluate(law, point, constants=consts).value
    return point, value


def test_hoffmann2022_stores_its_optimum(catalog_db):
    stored = lawstore.law(catalog_db, "hoffmann2022/parametric-loss").law.closed_forms
    assert stored["optimum"]["n"] == "N" and stored["optimum"]["d"] == "D"
    assert stored["optimum"]["text"] == "(A*C**beta*alpha/(B*beta*k**beta))**(1/(alpha + beta))"


@pytest.mark.parametrize("expression, unknown, expected", [
    ("E + A/N**alpha + B/D**beta", "N", "(A/(L - B/D**beta - E))**(1/alpha)"),
    ("(N_c/N)**(alpha_N/alpha_D) + D_c/D", "D", "D_c/(L - (N_c/N)**(alpha_N/alpha_D))"),
    ("a - b*log(N)", "N", "exp((a - L)/b)"),
    ("log10(N)*c - exp(-D)", "D", "-log(log10(N)*c - L)"),
    ("k*(N + D)**2", "N", "(L/k)**(1/2) - D"),
])
def test_inverse_undoes_the_tree(expression, unknown, expected):
    from catalog.engine import closedforms, numeric

    names = sorted(set(__import__("re").findall(r"[A-Za-z_][A-Za-z_0-9]*", expression)) - {"log", "exp", "log10"})
    tree = numeric.tree(expression, (*names, "L"))
    assert closedforms.text(closedforms.inverse(tree, unknown, "L")) == expected


def test_inverse_refuses_what_it_cannot_undo():
    from catalog.engine import closedforms, numeric

    assert closedforms.inverse(numeric.tree("N + N**2", ("N",)), "N", "L") is None  # twice
    assert closedforms.inverse(numeric.tree("tanh(N)", ("N",)), "N", "L") is None
    assert closedforms.inverse(numeric.tree("Max(N, 1)", ("N",)), "N", "L") is None


def test_solve_from_stored_forms_agrees_with_the_run_time_path(catalog_db, papers, by_id):
    checked = 0
    for ref, unknown in _solvable(papers):
        paper_id, law_id = ref.split("/")
        law = next(l for l in by_id[paper_id].laws if l.id == law_id)
        slow_target = LawRef(by_id[paper_id], law)
        consts = engine.resolve_constants(slow_target)
        try:
            point, value = _given(law, unknown, consts)
        except engine.EngineError:
            continue
        if not math.isfinite(value):
            continue
        given = {n: v for n, v in point.items() if n != unknown}
        given[law.output_symbol] = value
        fast_target = lawstore.law(catalog_db, ref)
        try:
            slow = solve.solve(slow_target, unknown, given)
        except engine.EngineError as exc:
            with pytest.raises(type(exc)):
                solve.solve(fast_target, unknown, given)
            continue
        if slow.intervals:
            continue  # flat there: which grid points are exactly on the target is down to the last bit
        fast = solve.solve(fast_target, unknown, given)
        # 1e-9 unless the law is ill-conditioned there (the output hardly depends on the unknown, e.g. a
        # term that cancels): then the two evaluators' last-bit differences move the root, so it must be
        # the same root (1e-6, the tolerance solve uses to call a root the closed form's) and each one
        # must give the target output to the last bits
        rel = 1e-9 if fast.value == pytest.approx(slow.value, rel=1e-9) else 1e-6
        assert fast.roots == pytest.approx(slow.roots, rel=rel), (ref, unknown)
        if rel > 1e-9:
            for root in (fast.value, slow.value):
                out = engine.evaluate(law, {**point, unknown: root}, constants=consts).value
                assert out == pytest.approx(value, rel=1e-12), (ref, unknown, root)
        assert fast.symbolic == slow.symbolic, (ref, unknown)
        checked += 1
    assert checked > 60


def test_optimal_from_stored_forms_agrees_with_the_run_time_path(catalog_db, papers, by_id):
    checked = 0
    for p in papers:
        for law in p.laws:
            if law.form != "explicit" or not law.constant_sets:
                continue
            try:
                optimal.pick_inputs(law)
            except engine.EngineError:
                continue
            ref = f"{p.id}/{law.id}"
            others = [s for s in law.input_symbols if s not in optimal.pick_inputs(law)]
            fixed = {s: engine.domain(law, s).middle for s in others}
            try:
                slow = optimal.compute_optimal(LawRef(p, law), fixed=fixed)
            except engine.EngineError as exc:
                with pytest.raises(type(exc)):
                    optimal.compute_optimal(lawstore.law(catalog_db, ref), fixed=fixed)
                continue
            fast = optimal.compute_optimal(lawstore.law(catalog_db, ref), fixed=fixed)
            assert fast.method == slow.method, ref
            assert fast.formulas == slow.formulas, ref
            for key, value in slow.summary().items():
                if value is None:
                    assert fast.summary()[key] is None, (ref, key)
                else:
                    assert fast.summary()[key] == pytest.approx(value, rel=1e-6, abs=1e-12), (ref, key)
            checked += 1
    assert checked >= 5


def test_a_closed_form_the_numbers_do_not_confirm_is_not_used(catalog_db, monkeypatch):
    from catalog.engine import closedforms

    honest = solve.solve(lawstore.law(catalog_db, "hoffmann2022"), "N", {"L": 2.0, "D": 1.4e12})
    monkeypatch.setattr(closedforms, "inverse", lambda tree, unknown, output: ["num", 5.0e9])
    result = solve.solve(lawstore.law(catalog_db, "hoffmann2022"), "N", {"L": 2.0, "D": 1.4e12})
    assert result.value == pytest.approx(honest.value, rel=1e-12)
    assert honest.symbolic and result.symbolic is None


def test_a_stored_optimum_the_numbers_do_not_confirm_is_not_used(catalog_db):
    tampered = lawstore.law(catalog_db, "hoffmann2022")
    # the optimum of a different split of the exponents: a stationary point of nothing here
    tampered.law.closed_forms["optimum"]["tree"] = ["**", ["sym", "C"], ["num", 0.5]]
    result = optimal.compute_optimal(tampered)
    assert result.method == "numeric"
    assert result.N_opt.exponent == pytest.approx(0.28 / (0.34 + 0.28), rel=1e-4)


def test_solve_and_optimal_start_without_sympy_or_scipy_optimize(catalog_db):
    code = (
        "import json, sys\nfrom click.testing import CliRunner\nfrom catalog.cli import cli\n"
        f"a = CliRunner().invoke(cli, ['solve', 'hoffmann2022', 'L=2.0', 'D=1.4T', '--for', 'N', '--db', {catalog_db!r}])\n"
        f"b = CliRunner().invoke(cli, ['optimal', 'hoffmann2022', '--db', {catalog_db!r}])\n"
        "print(json.dumps([a.output, b.output, sorted(m for m in ('sympy', 'scipy.optimize', 'sqlalchemy', "
        "'pydantic') if m in sys.modules)]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    solved, optimum, modules = json.loads(out.strip().splitlines()[-1])
    assert "N = 1.32995e+10" in solved and "closed form: N = (A/(L - B/D**beta - E))**(1/alpha)" in solved
    assert "(symbolic)" in optimum and "N_opt(C) = 0.598695 C^0.451613" in optimum
    assert modules == []


def test_a_derivation_that_runs_out_of_time_is_left_out(by_id, monkeypatch, tmp_path):
    from catalog import formcache
    from catalog.engine import closedforms, formulas

    import contextlib

    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path))  # no derivation kept from another test
    law = by_id["kaplan2020"].laws[0]

    @contextlib.contextmanager
    def expired(seconds):  # the limit cut in: a CPU-time timer of 1e-6 s waits for the kernel's next
        raise TimeoutError(f"took longer than {seconds}s")  # tick, which a warm derivation can beat
        yield

    with monkeypatch.context() as patched:
        patched.setattr(formulas, "solver_time_limit", expired)
        assert closedforms.derive(law) == {}
    formcache.flush()
    monkeypatch.setattr(closedforms, "SECONDS", 5.0)
    assert "optimum" in closedforms.derive(by_id["hoffmann2022"].laws[0])
    assert "optimum" in closedforms.derive(law)  # the cut derivation was not kept as 'none found'


def test_a_finished_derivation_is_kept_for_the_next_load_and_a_forged_one_refused(by_id, monkeypatch, tmp_path):
    from catalog import formcache
    from catalog.engine import closedforms

    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path))
    law = by_id["hoffmann2022"].laws[0]
    derived = closedforms.derive(law)
    assert derived["optimum"]["text"]
    formcache.flush()
    calls = []
    real = closedforms._optimum
    monkeypatch.setattr(closedforms, "_optimum", lambda law: calls.append(law) or real(law))
    assert closedforms.derive(law) == derived and calls == []  # a rebuild reads it, derives nothing
    # an entry no derivation writes (a terminal escape in its text, a key it never writes, a form in the
    # model size it gives) is derived again
    with connection_to(tmp_path / formcache.FILE_NAME) as db:
        (value,), = db.execute("SELECT value FROM forms").fetchall()
        entry = json.loads(json.loads(value)[0])
        escaped = {"optimum": {**entry["optimum"], "text": "\x1b]0;owned\x07" + entry["optimum"]["text"]}}
        db.execute("UPDATE forms SET value = ?", (json.dumps([json.dumps(escaped)]),))
    assert closedforms.derive(law) == derived and len(calls) == 1
    other = {"optimum": {"n": "N", "d": "D", "text": "N", "tree": ["sym", "N"]}, "extra": 1}
    for forged in (other, {"optimum": other["optimum"]}):
        with connection_to(tmp_path / formcache.FILE_NAME) as db:
            db.execute("UPDATE forms SET value = ?", (json.dumps([json.dumps(forged)]),))
        assert closedforms.derive(law) == derived
    assert len(calls) == 3


def test_a_term_with_both_inputs_is_one_power_of_n_along_the_budget(catalog_db):
    # B'/(D**beta' N**gamma) along C = k*N*D is B' (k/C)**beta' N**(beta' - gamma): with A/N**alpha,
    # two powers of N, so the optimum has a closed form (it used to be left to sympy.solve)
    target = lawstore.law(catalog_db, "zheng2024/cpt-extended-loss")
    stored = target.law.closed_forms["optimum"]
    assert stored["text"] == "(A*C**beta_p*alpha/(B_p*k**beta_p*(beta_p - gamma)))**(1/(alpha + beta_p - gamma))"
    result = optimal.compute_optimal(target)
    numeric = optimal.compute_optimal(target, method="numeric")
    assert result.method == "symbolic"
    # Table 2(a): alpha = 0.4, beta' = 0.2, gamma = 0.08, so N_opt grows as C**(0.2/0.52)
    assert result.N_opt.exponent == pytest.approx(0.2 / 0.52, rel=1e-9)
    assert numeric.N_opt.exponent == pytest.approx(result.N_opt.exponent, rel=1e-3)


def test_a_law_without_a_two_term_form_is_optimised_numerically_without_sympy_solve(catalog_db, monkeypatch):
    import sympy

    def refuse(*args, **kwargs):
        raise AssertionError("sympy.solve is not tried: its time limit made the answer machine-dependent")

    monkeypatch.setattr(sympy, "solve", refuse)
    target = lawstore.law(catalog_db, "muennighoff2023/data-constrained-loss-nd")
    target.law.closed_forms = {}  # as read from a database without stored forms: derived at run time
    result = optimal.compute_optimal(target, fixed={"U": 1e11}, method="symbolic")
    assert result.method == "numeric"
    assert "no closed form found; the optimum was computed numerically" in result.notes


def test_a_law_the_loader_found_no_closed_form_for_is_not_derived_again(catalog_db, monkeypatch):
    from catalog.engine import closedforms

    target = lawstore.law(catalog_db, "muennighoff2023/data-constrained-loss-nd")
    assert target.law.closed_forms["optimum"] == {"n": "N", "d": "D", "none": True}

    def refuse(*args, **kwargs):
        raise AssertionError("the loader already found no two-term form")

    monkeypatch.setattr(closedforms, "two_term_stationary", refuse)
    result = optimal.compute_optimal(target, fixed={"U": 1e11}, method="symbolic")
    assert result.method == "numeric"
    assert "no closed form found; the optimum was computed numerically" in result.notes
    # and from the command line, without importing sympy at all
    code = (
        "import json, sys\nfrom click.testing import CliRunner\nfrom catalog.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['optimal', 'busbridge2025/student-loss', 'L_T=2.5', '--db', {catalog_db!r}])\n"
        "print(json.dumps([r.exit_code, r.output, 'sympy' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    exit_code, output, imported = json.loads(out.strip().splitlines()[-1])
    assert exit_code == 0 and "(numeric)" in output
    assert not imported


def test_a_stored_optimum_is_built_once_per_law_and_a_replaced_tree_again(catalog_db, monkeypatch):
    """predict at a budget with every set built the same function from a law's closed form for each
    of its sets: it is built once per law, and a tree replaced on the law (another object) is built
    anew, never answered by the function of the one before."""
    from catalog.engine import numeric

    built = []
    real = numeric.function
    monkeypatch.setattr(numeric, "function", lambda tree, names: built.append(tree) or real(tree, names))
    law = lawstore.law(catalog_db, "hoffmann2022")
    stored = law.law.closed_forms["optimum"]["tree"]
    sets = [cs.id for cs in law.law.constant_sets]
    assert len(sets) > 1
    values = [optimal.compute_optimal(law, s, fit=False).at(5.76e23) for s in sets]
    assert sum(tree is stored for tree in built) <= 1
    assert len({v["N_opt"] for v in values}) > 1  # each set's own constants, through the one function
    law.law.closed_forms["optimum"]["tree"] = ["**", ["sym", "C"], ["num", 0.5]]
    result = optimal.compute_optimal(law, sets[0])
    assert result.method == "numeric" and built[-1] is law.law.closed_forms["optimum"]["tree"]
