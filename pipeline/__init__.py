"""Customs news to analysis-ready Parquet tables.

The library API mirrors the CLI verbs: `pipeline.run(...)`, `pipeline.status(...)`,
`pipeline.evaluate(...)`. Imports are lazy so that `status` never loads a model.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "evaluate", "run", "status"]


def run(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """See `pipeline.runtime.runner.run`."""
    from pipeline.runtime.runner import run as _run

    return _run(*args, **kwargs)


def status(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """See `pipeline.runtime.status.status`."""
    from pipeline.runtime.status import status as _status

    return _status(*args, **kwargs)


def evaluate(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """See `pipeline.apps.evaluation.evaluate`."""
    from pipeline.apps.evaluation import evaluate as _evaluate

    return _evaluate(*args, **kwargs)
