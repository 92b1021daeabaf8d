"""Benchmark the formula engine (a script, not a test).

    python benchmarks/bench_engine.py [--points 1000000] [--repeat 5] [--sympy-sample 200] [--law REF ...]

For every law in data/papers with a published constant set (its default set), on the same
``--points`` inputs drawn log-uniformly from each input's fitted range (or default domain):

- engine: ``catalog.engine.evaluation.evaluate`` -- the whole API call: input checks, extrapolation
  warnings, the compiled function, the NaN check;
- compiled: the cached lambdified function alone (``engine.compute(check=False)``);
- numpy: a hand-written numpy expression of the same formula (HAND below; each is checked
  against the engine on the sample, and skipped with "stale" when the record's expression
  changed since it was written; "n/a" for laws added since);
- sympy: ``expr.subs(...).evalf()`` point by point, timed on ``--sympy-sample`` points and
  extrapolated to ``--points`` (to show the gap; never used by the engine).

Prints one row per law with times and the ratios engine/numpy (target: within 1.5x),
compiled/numpy and sympy/engine, then a summary, and the cost of compiling a law once against
a cached lookup. Times are the best of ``--repeat`` runs after one warm-up (the least
disturbed by other processes); they depend on the machine, the ratios much less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog import records  # noqa: E402
from catalog.engine import compiler, evaluation as engine, formulas  # noqa: E402
from catalog.store.reader import LawRef  # noqa: E402

exp, log, log10, Min, Max = np.exp, np.log, np.log10, np.minimum, np.maximum


def _muennighoff_nd(x, p):
    n, d, u = x["N"], x["D"], x["U"]
    g = (p["alpha"] * p["A"] / (p["beta"] * p["B"])) ** (1 / (p["alpha"] + p["beta"]))
    d_to_n = (u * g) ** (p["beta"] / p["alpha"]) * g
    u_n = np.minimum(n, d_to_n)
    r_n = np.maximum(n / u_n - 1, 0)
    r_d = np.maximum(d / u - 1, 0)
    n_eff = u_n + u_n * p["R_N_star"] * (1 - np.exp(-r_n / p["R_N_star"]))
    d_eff = u + u * p["R_D_star"] * (1 - np.exp(-r_d / p["R_D_star"]))
    return p["E"] + p["A"] / n_eff ** p["alpha"] + p["B"] / d_eff ** p["beta"]


# law ref -> (the record's expression when the baseline was written, hand-written numpy)
HAND = {
    "allenzhu2024/knowledge-capacity": ("k_bits*N", lambda x, p: p["k_bits"] * x["N"]),
    "besiroglu2024/parametric-loss": ("E + A/N**alpha + B/D**beta",
                                      lambda x, p: p["E"] + p["A"] / x["N"] ** p["alpha"] + p["B"] / x["D"] ** p["beta"]),
    "hoffmann2022/parametric-loss": ("E + A/N**alpha + B/D**beta",
                                     lambda x, p: p["E"] + p["A"] / x["N"] ** p["alpha"] + p["B"] / x["D"] ** p["beta"]),
    "sardana2024/chinchilla-form-loss": ("E + A/N**alpha + B/D**beta",
                                         lambda x, p: p["E"] + p["A"] / x["N"] ** p["alpha"] + p["B"] / x["D"] ** p["beta"]),
    "hoffmann2022/compute-optimal-parameters": ("k_N*C**a", lambda x, p: p["k_N"] * x["C"] ** p["a"]),
    "hoffmann2022/compute-optimal-tokens": ("k_D*C**b", lambda x, p: p["k_D"] * x["C"] ** p["b"]),
    "bi2024/optimal-learning-rate": ("eta_base*C**p_eta", lambda x, p: p["eta_base"] * x["C"] ** p["p_eta"]),
    "bi2024/optimal-batch-size": ("B_base*C**p_B", lambda x, p: p["B_base"] * x["C"] ** p["p_B"]),
    "bi2024/optimal-model-scale": ("M_base*C**a", lambda x, p: p["M_base"] * x["C"] ** p["a"]),
    "bi2024/optimal-data-scale": ("D_base*C**b", lambda x, p: p["D_base"] * x["C"] ** p["b"]),
    "bi2024/model-scale-ratio-by-dataset": ("k**a", lambda x, p: x["k"] ** p["a"]),
    "henighan2020/compute-optimal-model-size": ("k*C**a", lambda x, p: p["k"] * x["C"] ** p["a"]),
    "hernandez2021/effective-data-transferred": ("k*D_F**alpha*N**beta",
                                                 lambda x, p: p["k"] * x["D_F"] ** p["alpha"] * x["N"] ** p["beta"]),
    "hestness2017/error-ratio-vs-data": ("k**(-alpha)", lambda x, p: x["k"] ** -p["alpha"]),
    "hestness2017/model-size-ratio-vs-data": ("k**beta", lambda x, p: x["k"] ** p["beta"]),
    "kaplan2020/loss-n-d": ("((N_c/N)**(alpha_N/alpha_D) + D_c/D)**alpha_D",
                            lambda x, p: ((p["N_c"] / x["N"]) ** (p["alpha_N"] / p["alpha_D"]) + p["D_c"] / x["D"])
                            ** p["alpha_D"]),
    "kaplan2020/loss-n": ("(N_c/N)**alpha_N", lambda x, p: (p["N_c"] / x["N"]) ** p["alpha_N"]),
    "kaplan2020/loss-n-steps": ("(N_c/N)**alpha_N + (S_c/S_min)**alpha_S",
                                lambda x, p: (p["N_c"] / x["N"]) ** p["alpha_N"] + (p["S_c"] / x["S_min"]) ** p["alpha_S"]),
    "kaplan2020/critical-batch-size": ("B_star/L**(1/alpha_B)", lambda x, p: p["B_star"] / x["L"] ** (1 / p["alpha_B"])),
    "kaplan2020/loss-d": ("(D_c/D)**alpha_D", lambda x, p: (p["D_c"] / x["D"]) ** p["alpha_D"]),
    "kaplan2020/loss-compute": ("(C_c/C_min)**alpha_C", lambda x, p: (p["C_c"] / x["C_min"]) ** p["alpha_C"]),
    "muennighoff2023/data-constrained-loss": (
        "E + A/(U_N + U_N*R_N_star*(1 - exp(-R_N/R_N_star)))**alpha + B/(U_D + U_D*R_D_star*(1 - exp(-R_D/R_D_star)))**beta",
        lambda x, p: p["E"] + p["A"] / (x["U_N"] + x["U_N"] * p["R_N_star"] * (1 - np.exp(-x["R_N"] / p["R_N_star"])))
        ** p["alpha"] + p["B"] / (x["U_D"] + x["U_D"] * p["R_D_star"] * (1 - np.exp(-x["R_D"] / p["R_D_star"])))
        ** p["beta"]),
    "muennighoff2023/data-constrained-loss-nd": (None, _muennighoff_nd),
    "neumann2023/score-vs-parameters": ("1/(1 + (N_j/N_i)**alpha_N)",
                                        lambda x, p: 1 / (1 + (x["N_j"] / x["N_i"]) ** p["alpha_N"])),
    "neumann2023/score-vs-compute": ("1/(1 + (C_j/C_i)**alpha_C)",
                                     lambda x, p: 1 / (1 + (x["C_j"] / x["C_i"]) ** p["alpha_C"])),
    "neumann2023/optimal-size-vs-compute": ("N_ref*(C/C_ref)**alpha_opt",
                                            lambda x, p: x["N_ref"] * (x["C"] / x["C_ref"]) ** p["alpha_opt"]),
    "tao2024/optimal-vocab-vs-nonvocab": ("N_v0*(N_nv/N_nv0)**gamma",
                                          lambda x, p: p["N_v0"] * (x["N_nv"] / p["N_nv0"]) ** p["gamma"]),
    "tao2024/optimal-vocab-vs-compute": ("exp(k_v)*C**a_v", lambda x, p: np.exp(p["k_v"]) * x["C"] ** p["a_v"]),
    "wu2024/optimal-compute-vs-model-size": ("10**b*N**a", lambda x, p: 10 ** p["b"] * x["N"] ** p["a"]),
    "xiao2024/density-doubling": ("2**(dt/T2)", lambda x, p: 2 ** (x["dt"] / p["T2"])),
    "zhai2022/error-vs-compute": ("a*(C + d)**(-b) + c", lambda x, p: p["a"] * (x["C"] + p["d"]) ** -p["b"] + p["c"]),
    "henighan2020/reducible-loss-ratio-vs-model-size": ("k**(-alpha)", lambda x, p: x["k"] ** -p["alpha"]),
    "henighan2020/reducible-loss-ratio-vs-compute": ("k**(-alpha)", lambda x, p: x["k"] ** -p["alpha"]),
    "henighan2020/compute-optimal-size-ratio": ("k**a", lambda x, p: x["k"] ** p["a"]),
    "henighan2020/compute-optimal-data-ratio": ("k**b", lambda x, p: x["k"] ** p["b"]),
    "hoffmann2022/parameter-growth-with-compute": ("k**a", lambda x, p: x["k"] ** p["a"]),
    "hoffmann2022/token-growth-with-compute": ("k**b", lambda x, p: x["k"] ** p["b"]),
    "hoffmann2022/tokens-grow-with-parameters": ("k**p", lambda x, p: x["k"] ** p["p"]),
    "hu2024/compute-optimal-data-ratio": ("r*N", lambda x, p: p["r"] * x["N"]),
    "jones2021/compute-growth-per-board-size": ("g**db", lambda x, p: p["g"] ** x["db"]),
    "jones2021/train-test-tradeoff-ratio": ("k**k_train", lambda x, p: x["k"] ** p["k_train"]),
    "kaplan2020/compute-optimal-model-size": ("N_e*C_min**p_N", lambda x, p: p["N_e"] * x["C_min"] ** p["p_N"]),
    "kaplan2020/compute-optimal-data": ("D_e*C_min**p_D", lambda x, p: p["D_e"] * x["C_min"] ** p["p_D"]),
    "kaplan2020/data-growth-with-model-size": ("k**p", lambda x, p: x["k"] ** p["p"]),
    "kaplan2020/overfitting-data-threshold": ("k_D*N**p", lambda x, p: p["k_D"] * x["N"] ** p["p"]),
    "dubey2024/compute-optimal-tokens": ("A*C**alpha", lambda x, p: p["A"] * x["C"] ** p["alpha"]),
    "pearce2024/total-from-non-embedding-parameters": (
        "N_E + gamma*N_E**(1/3)", lambda x, p: x["N_E"] + p["gamma"] * np.cbrt(x["N_E"])),
    "pearce2024/chinchilla-loss-in-non-embedding-parameters": (
        "E + A/(N_E + gamma*N_E**(1/3))**alpha + B/D**beta",
        lambda x, p: p["E"] + p["A"] / (x["N_E"] + p["gamma"] * np.cbrt(x["N_E"])) ** p["alpha"]
        + p["B"] / x["D"] ** p["beta"]),
    "pearce2024/compute-optimal-frontier-non-embedding": (
        "6*N_E*(N_E + (gamma/3)*N_E**(1/3))**(-1/beta)*(N_E + gamma*N_E**(1/3))**((1 + alpha)/beta)"
        "*(beta*B/(alpha*A))**(1/beta)",
        lambda x, p: 6 * x["N_E"] * (x["N_E"] + p["gamma"] / 3 * np.cbrt(x["N_E"])) ** (-1 / p["beta"])
        * (x["N_E"] + p["gamma"] * np.cbrt(x["N_E"])) ** ((1 + p["alpha"]) / p["beta"])
        * (p["beta"] * p["B"] / (p["alpha"] * p["A"])) ** (1 / p["beta"])),
}


def best_times(fns: list, repeat: int) -> list[float]:
    """The fastest of ``repeat`` runs of each function after a warm-up, the functions taking
    turns so that a disturbance by other processes hits them alike."""
    for fn in fns:
        fn()  # warm-up (and compile, for the engine)
    times = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [min(t) for t in times]


def inputs_for(ref: LawRef, points: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    out = {}
    for name in ref.law.input_symbols:
        d = engine.domain(ref, name)
        out[name] = d.draw(rng, points)
    return out


def sympy_per_point(ref: LawRef, x: dict[str, np.ndarray], params: dict[str, float], sample: int) -> float:
    """Seconds per point with subs/evalf on the parsed expression (the slow way)."""
    import sympy

    law = ref.law
    # over the law's inputs: a defined symbol (ludziejewski2025's Ehat) written out as the engine does
    expr = formulas.parse(law.expanded_expression, tuple(law.symbols))
    by_name = {s.name: s for s in expr.free_symbols}
    fixed = {by_name[n]: s.value for n, s in law.symbols.items() if s.role == "fixed" and n in by_name}
    consts = {by_name[n]: sympy.Float(v) for n, v in params.items() if n in by_name}
    expr = expr.subs({**fixed, **consts})
    names = [n for n in law.input_symbols if n in by_name]
    t = time.perf_counter()
    for i in range(sample):
        float(expr.subs({by_name[n]: float(x[n][i]) for n in names}).evalf())
    return (time.perf_counter() - t) / sample


def fmt_ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:9.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sympy-sample", type=int, default=200)
    ap.add_argument("--law", action="append", default=None, help="Only these law refs (repeatable).")
    args = ap.parse_args(argv)

    papers, issues = records.load_all()
    if issues:
        print(f"note: {len(issues)} record issue(s); benchmarking the {len(papers)} valid records", file=sys.stderr)
    refs = [LawRef(p, law) for p in papers for law in p.laws if law.constant_sets]
    if args.law:
        refs = [r for r in refs if r.id in args.law or r.paper.id in args.law]
    skipped = sum(1 for p in papers for law in p.laws if not law.constant_sets)
    print(f"{len(refs)} law(s) with constants ({skipped} without constants are not evaluable), "
          f"{args.points:,} points each, best of {args.repeat}; times in ms (sympy: extrapolated)\n")
    head = (f"{'law':<46} {'in':>2} {'engine':>9} {'compiled':>9} {'numpy':>9} {'eng/np':>7} {'cmp/np':>7} "
            f"{'sympy':>12} {'sym/eng':>9}  check")
    print(head)
    print("-" * len(head))
    rng = np.random.default_rng(20240101)
    ratios, compiled_ratios, gaps, rows_without = [], [], [], []
    for ref in refs:
        law = ref.law
        consts = engine.resolve_constants(ref)
        values = {**consts.values, **{n: s.value for n, s in law.symbols.items() if s.role == "fixed"}}
        x = inputs_for(ref, args.points, rng)
        run_engine = lambda: engine.evaluate(ref, x)  # noqa: E731
        run_compiled = lambda: engine.compute(law, x, consts.values, check=False)  # noqa: E731
        reference = engine.evaluate(ref, x).value
        t_hand, check, run_hand = None, "n/a", None
        hand = HAND.get(ref.id)
        if hand is not None:
            expected_expr, fn = hand
            if expected_expr is not None and " ".join(law.expression.split()) != expected_expr:
                check = "stale"
            else:
                try:
                    with np.errstate(all="ignore"):
                        got = fn(x, values)
                except KeyError as exc:  # the record renamed a symbol since the baseline was written
                    check = f"stale ({exc})"
                else:
                    err = float(np.max(np.abs(got / reference - 1)))
                    check = f"{err:.0e}" if err > 0 else "exact"
                    run_hand = lambda: fn(x, values)  # noqa: E731
        timed = best_times([run_engine, run_compiled] + ([run_hand] if run_hand else []), args.repeat)
        t_engine, t_compiled = timed[0], timed[1]
        t_hand = timed[2] if run_hand else None
        # an implicit law has no expression to substitute into (the engine solves for the output)
        t_sympy = None if law.form == "implicit" else \
            sympy_per_point(ref, x, consts.values, min(args.sympy_sample, args.points)) * args.points
        r = t_engine / t_hand if t_hand else None
        rc = t_compiled / t_hand if t_hand else None
        if r is not None:
            ratios.append(r)
            compiled_ratios.append(rc)
        else:
            rows_without.append(ref.id)
        if t_sympy is not None:
            gaps.append(t_sympy / t_engine)
        print(f"{ref.id:<46.46} {len(law.input_symbols):>2} {fmt_ms(t_engine)} {fmt_ms(t_compiled)} {fmt_ms(t_hand)} "
              f"{(f'{r:6.2f}x' if r else '    -  '):>7} {(f'{rc:6.2f}x' if rc else '    -  '):>7} "
              f"{fmt_ms(t_sympy):>12} {(f'{t_sympy / t_engine:8.0f}x' if t_sympy is not None else '       -')}  {check}")

    print()
    if ratios:
        within = sum(1 for r in ratios if r <= 1.5)
        print(f"engine / hand-written numpy: median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x; "
              f"{within} of {len(ratios)} within the 1.5x target")
        print(f"compiled function / hand-written numpy: median {statistics.median(compiled_ratios):.2f}x, "
              f"max {max(compiled_ratios):.2f}x")
    if rows_without:
        print(f"no hand-written baseline for: {', '.join(rows_without)}")
    if gaps:
        print(f"sympy subs/evalf / engine: median {statistics.median(gaps):,.0f}x, min {min(gaps):,.0f}x")

    # compiling once vs the cache
    if refs:
        law = refs[0].law
        compiler._compile.cache_clear()
        formulas._parse.cache_clear()
        t = time.perf_counter()
        compiler.compile_law(law)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(1000):
            compiler.compile_law(law)
        warm = (time.perf_counter() - t) / 1000
        print(f"compile {refs[0].id}: first call {cold * 1e3:.1f} ms (parse + lambdify), cached {warm * 1e6:.1f} us "
              f"({cold / warm:,.0f}x)")
    scalar_call()
    hostile_units()
    return 0


def hostile_units(length: int = 20_000, repeat: int = 5) -> None:
    """A unit's text read (units.base_factor) at ``length`` hostile characters -- '(' or spaces
    that a trailing-parenthetical pattern tried one by one, 0.2 s each -- against a plain unit's
    in the same run. Target: within 500x the plain unit, 800 times shorter (a pass over the text, no more)."""
    import timeit

    from catalog.engine import units

    floor = min(timeit.repeat(lambda: units.base_factor("model_parameters", "billions of parameters (B)"),
                              number=200, repeat=repeat)) / 200
    for label, text in (("'(' x n", "(" * length), ("' (' x n", "parameters" + " (" * (length // 2)),
                        ("spaces then x", " " * length + "x)")):
        took = min(timeit.repeat(lambda: units.base_factor("model_parameters", text), number=1, repeat=repeat))
        print(f"unit text {label} ({length:,} chars): {took * 1e6:,.0f} us, {took / floor:,.0f}x a plain unit's "
              f"({floor * 1e6:.1f} us): {'ok' if took / floor <= 500 else 'MISSED'} (target <= 500x)")


def scalar_call(ref_text: str = "hoffmann2022", repeat: int = 5, number: int = 2000) -> None:
    """One point through ``engine.evaluate`` (checks, constants, warnings) against the compiled
    function alone on the same numbers, for a law read from the database both ways: the
    pydantic record (catalog.store.reader) and the record view with its stored formula tree
    (catalog.store.lawstore, what ``catalog eval`` uses)."""
    import tempfile
    import timeit

    from catalog.store import db, lawstore
    from catalog.store.reader import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'catalog.sqlite'}"
        db.load(records.load_valid(None), url)
        for label, ref in (("pydantic record", Store(url).law(ref_text)), ("record view + tree", lawstore.law(url, ref_text))):
            point = {"N": 7e10, "D": 1.4e12}
            engine.evaluate(ref, point)
            per_call = min(timeit.repeat(lambda: engine.evaluate(ref, point), number=number, repeat=repeat)) / number
            comp = compiler.compile_law(ref.law)
            values = engine.resolve_constants(ref).values
            args = [np.asarray(point[n]) for n in comp.inputs] + [np.asarray(values[n]) for n in comp.parameters]
            func = comp.func
            bare = min(timeit.repeat(lambda: func(*args), number=number, repeat=repeat)) / number
            print(f"scalar engine.evaluate({ref_text}, {label}): {per_call * 1e6:.1f} us per call, compiled function "
                  f"{bare * 1e6:.2f} us: {per_call / bare:.0f}x (issue's before: 86 us vs 0.6 us = ~140x)")


if __name__ == "__main__":
    raise SystemExit(main())
