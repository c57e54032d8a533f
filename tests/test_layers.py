"""The package's layers: no module imports from a layer above its own.

pipeline (facade, __main__) > apps > runtime > stages > base
(base: records, tables, labels, settings, text, files, errors)
"""

from __future__ import annotations

import pytest

from pipeline.runtime.fingerprint import direct_imports, module_file
from pipeline.settings import PACKAGE_DIR

LAYERS = {"stages": 1, "runtime": 2, "apps": 3}
FRONT_DOORS = {"pipeline", "pipeline.__main__"}


def layer(module: str) -> int:
    if module in FRONT_DOORS:
        return 4
    return LAYERS.get(module.split(".")[1], 0)


def modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(parts))
    return found


@pytest.mark.parametrize("module", modules())
def test_no_import_runs_upwards(module: str) -> None:
    path = module_file(module)
    assert path is not None
    upward = sorted(
        imported
        for imported in set(direct_imports(path, module))
        if module_file(imported) is not None and layer(imported) > layer(module)
    )
    assert upward == [], f"{module} imports from a layer above its own: {upward}"
