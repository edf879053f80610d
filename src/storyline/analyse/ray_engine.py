"""The per-document stage on Ray Data, for corpora that outgrow one machine.

``pip install 'storyline[ray]'``, then ``storyline ingest ... --engine ray``. The driver reads
the inputs and decides which documents are new exactly as the local engine does; each window of
batches becomes a dataset that ``map_batches`` sends through a pool of actors, each holding one
loaded model and running the very same :func:`storyline.analyse.annotate.annotate`. The results are
written as Parquet shards (kept with ``--parquet DIR``), read back in input order and stored.
The corpus step (linking, stories) then runs on the driver as usual.

On a small machine Ray must not deadlock: actors take a fraction of a CPU each, leaving room
for the write tasks. It starts with no dashboard, no usage reporting and only loopback.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storyline.analyse.annotate import Result, annotate
from storyline.analyse.embeddings import load_embedder
from storyline.records import RawDocument

WINDOW_BATCHES = 64  # batches per dataset: bounds what the driver holds at once
ACTOR_CPUS = 0.8  # of a CPU per actor; the rest runs Ray Data's own tasks
TASK_CPUS = 0.1

Batch = tuple[list[RawDocument], dict[str, frozenset[int]]]


class RayUnavailable(RuntimeError):
    pass


class Annotator:
    """A Ray Data actor: loads the model once, then annotates batches of pickled documents."""

    def __init__(self, model: str | None) -> None:
        from storyline.analyse.model import load_pipeline

        self.nlp = load_pipeline(model)

    def __call__(self, rows: dict[str, Any]) -> dict[str, Any]:
        results: list[bytes] = []
        start = 0
        batches = list(rows["batch"])
        while start < len(batches):  # rows of one input batch share its outlets' furniture
            end = start
            while end < len(batches) and batches[end] == batches[start]:
                end += 1
            raws = [pickle.loads(blob) for blob in rows["raw"][start:end]]
            furniture = pickle.loads(rows["furniture"][start])
            results += [
                pickle.dumps(r)
                for r in annotate(
                    raws, nlp=self.nlp, outlet_furniture=furniture, embedder=load_embedder()
                )
            ]
            start = end
        return {"seq": rows["seq"], "result": results}


class RayRunner:
    """Annotates windows of batches on a Ray cluster (a local one by default)."""

    def __init__(
        self,
        actors: int,
        model: str | None,
        *,
        address: str | None = None,
        parquet: Path | None = None,
        batch_size: int = 32,
    ) -> None:
        self.actors = max(1, actors)
        self.model = model
        self.address = address
        self.parquet = parquet
        self.batch_size = batch_size
        self._started_here = False
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._windows = 0

    def __enter__(self) -> RayRunner:
        try:
            import ray
        except ImportError as error:
            raise RayUnavailable(
                "the ray engine needs Ray Data: pip install 'storyline[ray]'"
            ) from error
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "include_dashboard": False, "configure_logging": False,
                "log_to_driver": False, "ignore_reinit_error": True,
            }  # fmt: skip
            if self.address:
                ray.init(address=self.address, **options)
            else:
                ray.init(num_cpus=self.actors + 1, _node_ip_address="127.0.0.1", **options)
            self._started_here = True
        ray.data.DataContext.get_current().enable_progress_bars = False
        if self.parquet is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="storyline-ray-")
        return self

    def __exit__(self, *exc: object) -> None:
        import ray

        if self._started_here:
            ray.shutdown()
        if self._scratch is not None:
            self._scratch.cleanup()

    def run(self, batches: Iterable[Batch]) -> Iterator[tuple[list[RawDocument], list[Result]]]:
        """Each batch with its results, in the order given."""
        window: list[Batch] = []
        for batch in batches:
            window.append(batch)
            if len(window) >= WINDOW_BATCHES:
                yield from self._window(window)
                window = []
        if window:
            yield from self._window(window)

    def _window(self, window: list[Batch]) -> Iterator[tuple[list[RawDocument], list[Result]]]:
        import pyarrow.parquet as pq
        import ray

        rows = []
        for number, (raws, furniture) in enumerate(window):
            blob = pickle.dumps(furniture)
            for position, raw in enumerate(raws):
                rows.append({"seq": number * 1_000_000 + position, "batch": number,
                             "raw": pickle.dumps(raw), "furniture": blob})  # fmt: skip
        folder = self._folder()
        dataset = ray.data.from_items(rows).repartition(len(window))
        dataset = dataset.map_batches(
            Annotator,
            fn_constructor_kwargs={"model": self.model},
            batch_size=self.batch_size,
            compute=ray.data.ActorPoolStrategy(size=self.actors),
            num_cpus=ACTOR_CPUS,
            batch_format="numpy",
        )
        dataset.write_parquet(str(folder), ray_remote_args={"num_cpus": TASK_CPUS})
        results: dict[int, Result] = {}
        for shard in sorted(folder.glob("*.parquet")):
            table = pq.read_table(shard)
            for seq, blob in zip(
                table["seq"].to_pylist(), table["result"].to_pylist(), strict=True
            ):
                results[seq] = pickle.loads(blob)
        for number, (raws, _) in enumerate(window):
            yield raws, [results[number * 1_000_000 + position] for position in range(len(raws))]

    def _folder(self) -> Path:
        root = self.parquet or Path(self._scratch.name if self._scratch else tempfile.mkdtemp())
        folder = root / f"window-{self._windows:06d}"
        self._windows += 1
        folder.mkdir(parents=True, exist_ok=True)
        return folder
