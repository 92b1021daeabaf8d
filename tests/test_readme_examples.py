"""Every example command in the README's "Using it" block runs and prints a useful result, at
80 columns (COLUMNS=80): the real ``catalog`` executable in a scratch directory, on the test
database; the file-writing ones have their files checked, the server is asked for a page and
for a missing one."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rich.cells import cell_len

from tests.conftest import ROOT

CATALOG = str(Path(sys.executable).with_name("catalog"))
WIDTH = 80

# What each example must print (substrings of stdout), by the command's first words. A new
# README example needs an entry here.
EXPECT = {
    "catalog validate": ["ok: "],
    "catalog search --variable experts": ["clark2022", "yun2024"],
    "catalog search --modality vision --variable compute --laws": ["law(s)"],
    'catalog search "data mixture" --analysis-code': ["liu2024", "ye2024"],
    "catalog search --covers N=1B --has-constants": ["paper(s)", "hoffmann2022"],
    "catalog search -y loss --checked precision --laws": ["law(s)", "besiroglu2024/parametric-loss"],
    "catalog show hoffmann2022": ["Chinchilla parametric loss", "alpha = 0.34", "errata"],
    "catalog show chinchilla": ["hoffmann2022: Training Compute-Optimal", "Chinchilla parametric loss"],
    "catalog eval hoffmann2022 N=70B D=1.4T --constants besiroglu2024": ["L = 1.97388"],
    "catalog eval hoffmann2022 N=70B D=1.4T": ["L = 1.93665", "conventions:"],
    "catalog eval kaplan2020/loss-n N=176T": ["L = 0.948684"],
    "catalog solve hoffmann2022": ["N = "],
    "catalog predict N=70B D=1.4T": ["hoffmann2022/parametric-loss", "prediction(s) at model_parameters=7e+10"],
    "catalog predict C=5.76e23": ["hoffmann2022/compute-optimal-parameters", "(split of C = 6ND)", "prediction(s) at compute=5.76e+23"],
    "catalog predict N=7B D=2T -w related": ["besiroglu2024/parametric-loss", "spread: "],
    "catalog predict C=1e24 -w dependent=tokens_per_parameter": ["\\begin{longtable}",  # long ids may break in a cell
                                                              "hoffmann2022/\\allowbreak{}parametric-\\allowbreak{}loss (split of C = 6ND)"],
    "catalog solve sun2025/capybara-loss": ["minimum of L at D = 2.7329e+13"],
    "catalog optimal hoffmann2022": ["N_opt(C) =", "D_opt(C) =", "L_opt(C) =", "at C=5.76e+23: N_opt=3.21899e+10"],
    "catalog optimal hoffmann2022 L=2.0 --inference-tokens": ["inference-aware: N=9.91217e+09", "saving: 1.38316e+22"],
    "catalog sweep hoffmann2022": ["N [parameters],D [tokens],L [nats/token]\n"],
    "catalog plot hoffmann2022 kaplan2020": ["wrote compare.png"],
    "catalog predict N=7B D=2T --inside": ["note: --inside left out", "brown2020/loss-compute"],
    "catalog predict C=1e24 D=20N --to D=200N": ["from model_parameters=9.12871e+10 data=1.82574e+12",
                                                "model_parameters=2.88675e+10 data=5.7735e+12",
                                                "hoffmann2022/parametric-loss @ hoffmann2022 L: 1.91775 -> 1.91256"],
    "catalog predict C=1e24 --to C=1e25": ["from compute=1e+24 to compute=1e+25", "hoffmann2022/parametric-loss @ hoffmann2022 L_opt"],
    "catalog plot hoffmann2022 besiroglu2024 kaplan2020 --x C": ["wrote frontier.svg", "compute-optimal N_opt against C"],
    "catalog plot hoffmann2022 besiroglu2024 --x C": ["wrote frontier.csv", "N_opt, D_opt, L_opt and D_opt/N_opt at 7 budgets"],
    "catalog plot hoffmann2022 hoffmann2022/compute-optimal-parameters": [
        "wrote direct.svg", "hoffmann2022/parametric-loss (derived)", "hoffmann2022/compute-optimal-parameters (direct)"],
    "catalog corrections hoffmann2022": ["corrected by besiroglu2024", "corrects kaplan2020"],
    "catalog table 7 --format latex": ["\\begin{", "Hoffmann et al. (2022)"],
    "catalog table --columns": ["\\begin{"],
    "catalog repro": ["Table 8"],
    "catalog bib --where modality=vision": ["@"],
    "catalog cite chinchilla": ["\\begin{equation}", "\\cite[Appendix D.2, Eq. (10)]{hoffmann2022}"],
    "catalog checklist": ["Fitting checklist", "reported by:"],
    "catalog audit": ["Provenance audit", "with a printed check value"],
    "catalog fit hoffmann2022": ["E            = 1.81722", "saved constant set 'my-fit' to my-fit.yaml"],
    "catalog site serve": [],  # checked over HTTP below
    "catalog new smith2026": [],  # checked on the written file below
}
# outputs in a file format (LaTeX, BibTeX, CSV, Markdown) keep their own line lengths
FREE_WIDTH = ("catalog table", "catalog bib", "catalog cite", "catalog sweep", "catalog repro",
              "catalog predict C=1e24 -w dependent=tokens_per_parameter --format latex")

SMITH_BIB = """@article{smith2026,
  title = {Scaling Laws for Example Models},
  author = {Smith, Jane and Doe, John},
  year = {2026},
  journal = {arXiv preprint},
  eprint = {2601.00001},
}
"""


def _examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Using it", 1)[1].split("```bash\n", 1)[1].split("\n```", 1)[0]
    out = []
    for line in block.splitlines():
        command, _, comment = line.partition("  #")
        if command.strip():
            out.append((command.strip(), comment.strip()))
    return out


def _expectation(command: str) -> list[str]:
    for prefix in sorted(EXPECT, key=len, reverse=True):
        if command.startswith(prefix):
            return EXPECT[prefix]
    raise AssertionError(f"README example {command!r} has no expectation in tests/test_readme_examples.py")


def test_every_example_has_an_expectation():
    examples = _examples()
    assert len(examples) >= 20
    for command, _ in examples:
        _expectation(command)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, catalog_db):
    where = tmp_path_factory.mktemp("readme")
    (where / "docs").symlink_to(ROOT / "docs")  # examples name files under docs/ as in a checkout
    (where / "smith.bib").write_text(SMITH_BIB, encoding="utf-8")
    env = {**os.environ, "CATALOG_DB": catalog_db, "COLUMNS": str(WIDTH)}
    env.pop("LINES", None)
    return where, env


def _argv(command: str, where: Path) -> tuple[list[str], Path | None]:
    words = shlex.split(command)
    stdin = None
    if "<" in words:
        i = words.index("<")
        stdin, words = where / words[i + 1], words[:i] + words[i + 2:]
    assert words[0] == "catalog"
    return [CATALOG, *words[1:]], stdin


@pytest.mark.parametrize("command, comment", [e for e in _examples() if "site serve" not in e[0]],
                         ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_example_prints_a_useful_result(scratch, command, comment):
    where, env = scratch
    argv, stdin = _argv(command, where)
    if command.startswith("catalog new"):
        argv += ["--dir", str(where)]  # not into the repository's data/papers
    with (stdin.open("rb") if stdin else open(os.devnull, "rb")) as handle:
        done = subprocess.run(argv, cwd=where, env=env, stdin=handle, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    out = done.stdout
    assert out.strip(), command
    assert "nothing found" not in done.stderr
    for expected in _expectation(command):
        assert expected in out, (command, expected, out[:3000])
    # the number the README's comment promises, when it gives one
    for number in re.findall(r"\b\d+\.\d{4,}\b", comment):
        assert number in out, (command, number)
    if not command.startswith(FREE_WIDTH):
        wide = [line for line in out.splitlines() if cell_len(line) > WIDTH]  # columns on screen, not code points
        assert not wide, (command, wide[:3])
    if command.startswith("catalog plot"):  # the file the example names (it checked compare.png for every plot)
        words = shlex.split(command)
        written = (where / words[words.index("-o") + 1]).read_bytes()
        starts = {".png": b"\x89PNG\r\n\x1a\n", ".svg": b"<?xml", ".csv": b"law,constant_set,C,N_opt,D_opt,L_opt"}
        assert written.startswith(starts[Path(words[words.index("-o") + 1]).suffix]), (command, written[:80])
    if command.startswith("catalog fit"):
        import yaml

        saved = yaml.safe_load((where / "my-fit.yaml").read_text(encoding="utf-8"))
        constants = saved["constant_sets"][0]
        assert constants["id"] == "my-fit" and abs(constants["values"]["E"] - 1.81722) < 1e-3
    if command.startswith("catalog new"):
        record = (where / "smith2026.yaml").read_text(encoding="utf-8")
        assert "Scaling Laws for Example Models" in record and "TODO" in record


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_site_serve_example_serves_the_site_and_its_404(scratch):
    where, env = scratch
    command = next(c for c, _ in _examples() if c.startswith("catalog site serve"))
    argv, _ = _argv(command, where)
    port = _free_port()
    server = subprocess.Popen([*argv, "--port", str(port)], cwd=where, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 300  # mkdocs serve builds the site first
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, home = _get(base)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(1)
        assert status == 200, server.poll()
        assert "Scaling-Law Catalog" in home and "Try a calculator" in home
        status, missing = _get(base + "papers/no-such-paper.html")
        assert status == 404
        assert "404 - Not found" in missing and "md-header" in missing  # the site's page, not Python's
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()
