"""Rule files edited on disk are read again by a long-lived process (a notebook, a
worker), looked at no more than once every RULE_FILES_LOOK_SECONDS."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.settings import MODELS_DIR
from tests.pipeline_runs import run_python

SCRIPT = """
import json, sys, time
from pathlib import Path
from pipeline.settings import MODELS_DIR, RULE_FILES_LOOK_SECONDS
from pipeline.stages.nlp.entities import rules
from pipeline.stages.counts.lexicon import lexicon

first = rules("en")
words = lexicon("en").invariant_plurals
time.sleep(RULE_FILES_LOOK_SECONDS + 0.2)
unchanged = rules("en") is first
counts = MODELS_DIR / "counts" / "lexicon.json"
data = json.loads(counts.read_text(encoding="utf-8"))
data["invariant_plurals"]["en"].append("zorblets")
counts.write_text(json.dumps(data), encoding="utf-8")
rules_file = MODELS_DIR / "en" / "lexicon.json"
rules_file.write_text(rules_file.read_text(encoding="utf-8") + "\\n", encoding="utf-8")
time.sleep(RULE_FILES_LOOK_SECONDS + 0.2)
print(json.dumps({
    "unchanged_kept": unchanged,
    "edited_rebuilt": rules("en") is not first,
    "new_word_seen": "zorblets" in lexicon("en").invariant_plurals and "zorblets" not in words,
}))
"""


def test_an_edited_rule_file_is_read_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    done = run_python(SCRIPT, env={"PIPELINE_MODELS_DIR": str(models), "PATH": "/usr/bin:/bin"})
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "unchanged_kept": True,
        "edited_rebuilt": True,
        "new_word_seen": True,
    }
