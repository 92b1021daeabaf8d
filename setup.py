"""Packaging step that pyproject.toml cannot declare: the wheel carries the project tree.

``data/papers/`` (the records, the source of truth), ``site/`` (the site's templates, hooks and
assets, without its built output) and ``mkdocs.yml`` stay at the top of the repository; building
a wheel copies them into the package as ``catalog/_bundle/``, where ``catalog.paths`` finds them
when the package runs outside a checkout. An editable install reads them from the checkout.
The sdist carries them at the top level (MANIFEST.in), so a wheel built from it has them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = ("data/papers", "site", "mkdocs.yml", "docs/examples")  # examples: catalog.examples, fit --example
SKIP = shutil.ignore_patterns("build", "__pycache__", "*.pyc", ".catalog-site")


class build_py_with_bundle(build_py):
    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        package = Path(self.build_lib) / "catalog"
        if not editable and package.exists():
            # build_py copies what the source has over what an earlier build left: a module or
            # record removed since would stay in every wheel built from this checkout
            shutil.rmtree(package)
        super().run()
        if editable:
            return  # the checkout itself is the project tree
        target = package / "_bundle"
        for name in BUNDLE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIP)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": build_py_with_bundle})
