"""Where the project's rule files live.

`models/` sits beside the package in a checkout (editable install). The
environment variable PIPELINE_MODELS_DIR points elsewhere, e.g. to a tuned
copy of the rules; stage fingerprints and the rule loaders both read it here,
so the cache always describes the rules actually used.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS_DIR") or PACKAGE_DIR.parent / "models")
