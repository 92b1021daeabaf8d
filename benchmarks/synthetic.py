"""Synthetic records for benchmarks: N valid papers shaped like real ones (laws, symbols,
constants, survey-free), written as YAML files into a directory."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

MODALITIES = ["language", "vision", "multimodal", "code", "speech"]
CATEGORIES = ["pre-training", "transfer-learning", "sparsity", "quantization", "inference"]
ARCHITECTURES = ["decoder-only-transformer", "vit", "moe", "convnet", "lstm"]
TASKS = ["language-generation", "image-recognition", "code-generation", "machine-translation"]
WORDS = "scaling law loss compute data model parameters experts sparsity precision vision language tokens".split()


def record(i: int, rng: random.Random) -> dict:
    pid = f"synthetic{i:05d}"
    low = 10 ** rng.uniform(6, 9)
    return {
        "id": pid,
        "bibliography": {"title": " ".join(rng.choices(WORDS, k=8)).capitalize(), "authors": [f"Author {i}", "B. Author"],
                         "year": rng.randint(2017, 2025), "bibtex_key": pid},
        "summary": " ".join(rng.choices(WORDS, k=30)),
        "sources": ["other"],
        "categories": [rng.choice(CATEGORIES)],
        "modalities": [rng.choice(MODALITIES)],
        "tasks": [rng.choice(TASKS)],
        "architectures": [rng.choice(ARCHITECTURES)],
        "datasets": [f"Dataset{rng.randint(1, 200)}"],
        "model_range": {"min": low, "max": low * 10 ** rng.uniform(1, 3), "unit": "parameters"},
        "reproducibility": {"training_code": rng.random() < 0.4, "analysis_code": rng.random() < 0.5},
        "laws": [{
            "id": "parametric-loss", "name": "Parametric loss", "dependent_variable": "loss",
            "scaling_variables": ["model_parameters", "data"],
            "expression": "E + A/N**alpha + B/D**beta",
            "symbols": {
                "L": {"role": "output", "meaning": "Loss", "variable": "loss", "unit": "nats/token"},
                "N": {"role": "input", "meaning": "Parameters", "variable": "model_parameters", "unit": "parameters",
                      "range": {"min": low, "max": low * 100, "source": "Table 1, synthetic runs"}},
                "D": {"role": "input", "meaning": "Tokens", "variable": "data", "unit": "tokens"},
                "E": {"role": "parameter", "meaning": "Irreducible"},
                "A": {"role": "parameter", "meaning": "Coefficient"},
                "B": {"role": "parameter", "meaning": "Coefficient"},
                "alpha": {"role": "parameter", "meaning": "Exponent"},
                "beta": {"role": "parameter", "meaning": "Exponent"},
            },
            "constant_sets": [{"id": "fit", "label": "Fit", "source": "synthetic", "provenance": "secondary",
                               "values": {"E": rng.uniform(1, 2), "A": rng.uniform(100, 500), "B": rng.uniform(100, 500),
                                          "alpha": rng.uniform(0.2, 0.4), "beta": rng.uniform(0.2, 0.4)}}],
        }],
    }


def write(directory: Path, count: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"synthetic{i:05d}.yaml"
        path.write_text(yaml.safe_dump(record(i, rng), sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
