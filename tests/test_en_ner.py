"""The shipped English NER weights (models/en_ner/): loaded over the sm package by
default, off with PIPELINE_EN_NER=base or an explicit PIPELINE_EN_MODEL, checked
against their manifest, and part of the model stage's fingerprint."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import spacy

from pipeline.runtime.fingerprint import fingerprint, weights_identity
from pipeline.runtime.registry import stage
from pipeline.settings import (
    DEFAULT_EN_MODEL,
    EN_MODEL_SETTING,
    EN_NER_DIR,
    EN_NER_SETTING,
    MODELS_DIR,
    en_ner,
)
from pipeline.stages.nlp.pipelines import (
    EN_EXCLUDE,
    NER_FILES,
    NER_MANIFEST,
    load_model,
    load_ner_weights,
)

SHIPPED = MODELS_DIR / EN_NER_DIR
# A sentence on which the fine-tuned NER and the base one disagree (checked when shipped).
SENTENCE = (
    "The WCO Secretary General met the Director General of the Kenya Revenue Authority "
    "in Brussels on 3 March 2023 to discuss the Mercator Programme."
)


def ner_bytes(nlp: spacy.language.Language) -> bytes:
    return bytes(nlp.get_pipe("ner").model.to_bytes())  # type: ignore[attr-defined]


def test_the_setting_chooses_the_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EN_MODEL_SETTING, raising=False)
    monkeypatch.delenv(EN_NER_SETTING, raising=False)
    assert en_ner() == SHIPPED
    monkeypatch.setenv(EN_NER_SETTING, "base")
    assert en_ner() is None
    monkeypatch.setenv(EN_NER_SETTING, "/some/folder")
    assert en_ner() == Path("/some/folder")
    monkeypatch.setenv(EN_MODEL_SETTING, DEFAULT_EN_MODEL)  # an explicit model runs as it is
    assert en_ner() is None


def test_the_manifest_pins_the_shipped_files() -> None:
    manifest = json.loads((SHIPPED / NER_MANIFEST).read_text("utf-8"))
    for name in NER_FILES:
        digest = hashlib.sha256((SHIPPED / name).read_bytes()).hexdigest()
        assert digest == manifest["sha256"][name], name
    assert manifest["base"]["name"] in DEFAULT_EN_MODEL


@pytest.mark.slow
def test_the_english_model_uses_the_shipped_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EN_MODEL_SETTING, raising=False)
    monkeypatch.delenv(EN_NER_SETTING, raising=False)
    shipped = load_model("en")
    monkeypatch.setenv(EN_NER_SETTING, "base")
    base = load_model("en")
    # The weights in memory are the file's bytes, and not the package's own.
    assert ner_bytes(shipped) == (SHIPPED / "model").read_bytes()
    assert ner_bytes(base) != ner_bytes(shipped)
    assert ner_bytes(base) == ner_bytes(spacy.load(DEFAULT_EN_MODEL, exclude=EN_EXCLUDE))
    # Only the ner differs: same tokens and tags, other entities on this sentence.
    a, b = shipped(SENTENCE), base(SENTENCE)
    assert [(t.text, t.tag_) for t in a] == [(t.text, t.tag_) for t in b]
    ents = [(e.text, e.label_) for e in a.ents]
    assert ents != [(e.text, e.label_) for e in b.ents]
    assert ("Kenya Revenue Authority", "ORG") in ents


def copy_weights(tmp_path: Path) -> Path:
    folder = tmp_path / "en_ner"
    shutil.copytree(SHIPPED, folder)
    return folder


def test_changed_weights_change_the_model_stage_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(EN_MODEL_SETTING, raising=False)
    monkeypatch.delenv(EN_NER_SETTING, raising=False)
    nlp, rules = stage("nlp"), stage("rules")
    shipped, shipped_rules = fingerprint(nlp), fingerprint(rules)
    folder = copy_weights(tmp_path)
    monkeypatch.setenv(EN_NER_SETTING, str(folder))
    copied = fingerprint(nlp)
    assert weights_identity(folder) == weights_identity(SHIPPED)
    (folder / "README.md").write_text("notes only\n", "utf-8")  # no new annotations for notes
    assert fingerprint(nlp) == copied
    with (folder / "model").open("r+b") as handle:  # one byte of the weights
        first = handle.read(1)
        handle.seek(0)
        handle.write(bytes([first[0] ^ 1]))
    assert weights_identity(folder) != weights_identity(SHIPPED)
    assert fingerprint(nlp) != copied
    assert fingerprint(rules) == shipped_rules  # the rules do not read the weights
    monkeypatch.setenv(EN_NER_SETTING, "base")
    assert fingerprint(nlp) not in {shipped, copied}


@pytest.mark.slow
def test_weights_that_do_not_match_are_refused(tmp_path: Path) -> None:
    nlp = spacy.load(DEFAULT_EN_MODEL, exclude=EN_EXCLUDE)
    before = ner_bytes(nlp)
    folder = copy_weights(tmp_path)
    with (folder / "model").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ValueError, match="sha256"):
        load_ner_weights(nlp, folder)
    folder = copy_weights(tmp_path / "other")
    manifest = json.loads((folder / NER_MANIFEST).read_text("utf-8"))
    manifest["base"]["version"] = "0.0.1"
    (folder / NER_MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ValueError, match="are for"):
        load_ner_weights(nlp, folder)
    (folder / NER_MANIFEST).unlink()
    with pytest.raises(ValueError, match="cannot use"):
        load_ner_weights(nlp, folder)
    assert ner_bytes(nlp) == before  # refused before anything was loaded
