"""notebooks/: every notebook runs on a real Jupyter kernel against a real run on data/raw.

A cell that raises fails the test. Notebooks are committed without outputs.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPLORE = ROOT / "notebooks" / "explore.ipynb"
SCREENSHOTS_ENV = "PIPELINE_DOCS_SCREENSHOTS"  # a folder: also save the timeline chart there

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(sample_tables: Path) -> Path:
    return sample_tables


def execute(notebook: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    # inline: a non-GUI backend whose charts come back as PNG outputs
    kernel_env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline", **env}
    client.execute(env=kernel_env)  # raises CellExecutionError when a cell fails
    return nb


def test_there_is_an_exploration_notebook() -> None:
    assert EXPLORE in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{notebook.name}: a cell has outputs; clear them"
            assert cell.execution_count is None, f"{notebook.name}: clear execution counts"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_a_real_kernel(notebook: Path, output: Path, tmp_path: Path) -> None:
    timeline = tmp_path / "timeline.png"
    nb = execute(notebook, {"PIPELINE_OUTPUT": str(output), "TIMELINE_PNG": str(timeline)})
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    if notebook != EXPLORE:
        return
    assert timeline.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    charts = [
        base64.b64decode(o.data["image/png"])
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(charts) >= 2, "the timeline and the countries charts are shown in the notebook"
    (countries,) = [c for c in nb.cells if c.cell_type == "code" and "by_country" in c.source]
    shown = "".join(o.get("data", {}).get("text/html", "") for o in countries.outputs)
    assert "Germany" in shown and "DE" in shown  # items by country, from entities.country_code
    tables = sum(
        1
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    )
    assert tables >= 7  # organizations, people, funds, events, countries, pairs ...
    if os.environ.get(SCREENSHOTS_ENV):
        (Path(os.environ[SCREENSHOTS_ENV]) / "timeline.png").write_bytes(timeline.read_bytes())
