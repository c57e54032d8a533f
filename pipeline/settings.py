"""Where the project's rule files live.

`models/` sits beside the package in a checkout (editable install). The
environment variable PIPELINE_MODELS_DIR points elsewhere, e.g. to a tuned
copy of the rules; stage fingerprints and the rule loaders both read it here,
so the cache always describes the rules actually used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS_DIR") or PACKAGE_DIR.parent / "models")


def read_rule_file(relative: str) -> dict[str, Any]:
    """A JSON rule file under MODELS_DIR; the error names the file when it can't be read."""
    path = MODELS_DIR / relative
    try:
        with path.open(encoding="utf-8") as handle:
            data: dict[str, Any] = json.load(handle)
    except (OSError, ValueError) as error:
        raise RuntimeError(f"cannot read the rule file {path}: {error}") from error
    return data
