"""Loading what every document needs, ahead of the first document.

`warm_up()` imports the per-document stages and loads the language identifier,
the English model part and the English rule pipeline: what any English item
needs. The Russian part (natasha, pymorphy2) is not loaded here: it loads on
the first Russian item, in the process that reads it.

Worker processes of `--jobs N` are forked from a forkserver that imports this
module (`pipeline.runtime.engine`): importing it warms up, so the models are
loaded once, in the forkserver, and every worker starts with them. Elsewhere
nothing imports it; call `warm_up()`. A failure is left for the first document
to meet, where it is reported as the run's error.
"""

from __future__ import annotations

import contextlib

from pipeline.runtime.allocator import keep_freed_memory
from pipeline.runtime.registry import STAGES
from pipeline.tables import spare_pandas_import


def warm_up() -> None:
    """Import the per-document stages and load the English models and rules."""
    with contextlib.suppress(Exception):
        for stage in STAGES:
            if stage.per_document:
                stage.load()

        from pipeline.stages.language import detect_language
        from pipeline.stages.nlp.annotate import model
        from pipeline.stages.nlp.entities import rules

        detect_language("The language identifier loads on its first item.")
        model("en")
        rules("en")


spare_pandas_import()  # workers write tables and never need pandas
keep_freed_memory()  # inherited by the workers forked from here
warm_up()
