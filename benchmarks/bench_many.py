"""One law with thousands of constant sets or check values (a 4 MB record holds some 17,000 sets
or 14,000 checks): the per-set and per-check commands must grow linearly. Each case is timed
at SIZE and at 4 x SIZE; a linear command takes about 4 times as long (the floor, measured in the
same run: the smaller size's time x 4), a quadratic one about 16.

Cases: show's law block (render_law: what tests each set), predict --all-sets (a row per set),
eval --all-sets (sweep.compare over every set) and validation's check values
(records.check_value_issues); and the site's compare page data (views.compare_conventions) for one
record of SIZE / 10 laws, each stating its own validation set, so each a convention class of its
own: one reading per class, the page composing a pair's texts (the texts of every pair of classes
were quadratic: 100 laws 9,900 pairs, 1.0 MB; 400 laws 159,600 pairs, 17 MB). Its row also gives
the size of that data as the site writes it (compare-data.js) at both sizes.

Run: python benchmarks/bench_many.py [--size 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal.yaml"


def _with_sets(size: int):
    from catalog import records

    paper, _ = records.load_file(MINIMAL)
    law = paper.laws[0]
    fit = law.constant_sets[0]
    law.constant_sets = [fit, *(fit.model_copy(update={"id": f"fit{i}", "provenance": "secondary" if i % 2 else "paper"})
                                for i in range(size))]
    return paper, law


def _with_checks(size: int, where: Path):
    import yaml

    from catalog import records

    record = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    record["id"] = f"checks{size}"
    record["bibliography"]["bibtex_key"] = record["id"]
    record["laws"][0]["check_values"] = [
        {"inputs": {"N": n}, "expected": {"L": 1.5 + 4.0e2 / n ** 0.3}, "rel_tol": 1e-6, "origin": "printed",
         "locator": "Table 2", "source": "s"} for n in (1.0e6 + 1000 * i for i in range(size))]
    path = where / f"{record['id']}.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    paper, issues = records.load_file(path)
    assert not issues, issues[:3]
    return paper, path


def _with_laws(size: int):
    """The site's views of one record of ``size`` laws alike but for the validation set each states."""
    from catalog import records
    from catalog.site import views

    paper, _ = records.load_file(MINIMAL)
    law = paper.laws[0]
    paper.laws = [law.model_copy(update={"id": f"power{i}", "conventions": law.conventions.model_copy(
        update={"validation_set": f"held-out set {i}"})}) for i in range(size)]
    return views.shared_variables([views.law_view(paper, each) for each in paper.laws])


def cases(size: int, where: Path) -> dict:
    from catalog.cli import render
    from catalog.engine import predict, sweep
    from catalog.store.lawstore import LawRef
    from catalog import records

    paper, law = _with_sets(size)
    ref = LawRef(paper, law)
    checked, path = _with_checks(size, where)
    shared = _with_laws(max(2, size // 10))
    from catalog.site import views

    return {
        "show (render_law)": lambda: render.render_law(law),
        "predict --all-sets": lambda: predict.predict([ref], {"N": 1e8}, all_sets=True),
        "eval --all-sets": lambda: sweep.compare([(ref, cs.id) for cs in law.constant_sets], {"N": "1e8"}),
        "check values": lambda: records.check_value_issues([checked], [path]),
        "compare page data": lambda: views.compare_conventions(shared),
    }


def best(fn, repeat: int) -> tuple[float, object]:
    """The least process time of ``repeat`` runs, and what the last run returned."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result


def written_size(name: str, result) -> str:
    """For the compare page's data, its size as the site writes it (the page loads all of it)."""
    if name != "compare page data":
        return ""
    from catalog.site import jsgen

    return f"{len(jsgen.data_source('SLC_COMPARE', {'conventions': result}).encode()) / 1e6:.3f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="Sets or check values at the smaller size.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import os

    with tempfile.TemporaryDirectory() as tmp:
        # no cache (a directory that cannot be made): checks found passed once would not be evaluated again
        os.environ["CATALOG_CACHE_DIR"] = "/dev/null/no-cache"
        small, large = cases(args.size, Path(tmp)), cases(4 * args.size, Path(tmp))
        print(f"{'case':<22}{args.size:>10}{4 * args.size:>10}  ratio (linear 4, quadratic 16)")
        for name in small:
            (a, small_result), (b, large_result) = best(small[name], args.repeat), best(large[name], args.repeat)
            sizes = [written_size(name, r) for r in (small_result, large_result)]
            size = f"  (data {sizes[0]} and {sizes[1]})" if all(sizes) else ""
            print(f"{name:<22}{a:>9.3f}s{b:>9.3f}s  {b / a:.1f}x{size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
