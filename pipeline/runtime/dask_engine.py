"""Run tasks on Dask workers (`--engine dask`).

Workers write their parts of the tables straight into the version folder of
the output, so the output folder must be at the same path on every worker (a
shared file system); they read and fill the cache there too. Texts of the
documents to process travel with the tasks: workers need no access to the
input folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


class _Dask:
    in_process = False
    ships_texts = True

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))

    def share(self, value: Any) -> Any:
        return self.client.scatter(value, broadcast=True)

    def map(
        self,
        function: Callable[..., Any],
        tasks: Iterable[Any],
        on_done: Callable[[Any], None],
        *shared: Any,
    ) -> None:
        from dask.distributed import as_completed

        todo = iter(tasks)
        first = [
            self.client.submit(function, task, *shared, pure=False)
            for _, task in zip(range(self.workers + 1), todo, strict=False)
        ]
        if not first:
            return
        running = as_completed(first)
        for future in running:
            on_done(future.result())
            future.release()
            for task in todo:
                running.add(self.client.submit(function, task, *shared, pure=False))
                break


@contextmanager
def dask_engine(scheduler: str | None, n_workers: int) -> Iterator[_Dask]:
    """An engine on the cluster at `scheduler`, or on a local cluster of `n_workers`."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=max(1, n_workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        yield _Dask(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
