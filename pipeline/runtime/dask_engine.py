"""Run batches on Dask workers (`--engine dask`)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.runtime.work import Job, Outcome, process


def run_on_dask(
    work: list[list[Job]],
    scheduler: str | None,
    n_workers: int,
    on_done: Callable[[list[Outcome]], None],
) -> None:
    """Send each batch to a Dask worker; a local cluster when no scheduler is given."""
    from dask.distributed import Client, LocalCluster, as_completed

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
        futures = client.map(process, work, pure=False)
        for future in as_completed(futures):
            on_done(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
