"""Stage fingerprints: what a stage's output depends on besides its input.

Like weasel's `check_rerun`, a stage's fingerprint hashes everything its
output depends on:
- its code: every module of this package that its function's module imports,
  directly or through others, read from the sources with `ast` (imports inside
  functions included) - the import closure, not a hand-kept list;
- its rule files under `models/`;
- the versions of the distributions it declares, and of the spaCy package it
  actually loads (or the files of a pipeline folder given as a path), and
  every file of the weights loaded over it (`models/en_ner/`, the fine-tuned
  NER), so that retrained weights re-annotate everything;
- the settings it reads, and the package version.

Only files and package metadata are read: no model library is imported, so
`pipeline status` stays instant. Within one `stage_fingerprints` call each
source is read and parsed once (the stages' closures overlap), and each
distribution's version looked up once; nothing is
cached between calls, so a notebook or a Dask client that edits code or rules
sees new fingerprints on its next run.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pipeline.files import replace_atomically
from pipeline.runtime.registry import STAGES, Stage
from pipeline.settings import DISTRIBUTION, MODELS_DIR, PACKAGE_DIR

PACKAGE = PACKAGE_DIR.name
# The package's own __init__ is the facade: lazy imports and the version only.
# Every import runs it; counting it in every closure would make an edit to a
# docstring of the front door redo every stage. The version is hashed apart.
_FACADE = PACKAGE


def stage_fingerprints(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """Fingerprint of every stage, by name, from the sources under `package_dir`."""
    sources = _Sources(package_dir)
    fingerprints = {stage.name: fingerprint(stage, package_dir, sources) for stage in STAGES}
    sources.save()
    return fingerprints


class _Sources:
    """Each module's source hash and direct imports, read once per call.

    Sources are always read and hashed anew. What parsing a source gives (its
    imports) is a function of the module's name and the source's bytes alone, so
    it is kept in the user's cache folder under that hash: a no-op run does not
    parse the package again. An unreadable or unwritable cache only costs the
    parsing.
    """

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = package_dir
        self._read: dict[str, tuple[bytes, list[str]]] = {}
        self._parsed = _read_parsed()
        self._used: dict[str, list[str]] = {}
        self._added = False
        self._versions: dict[str, str] = {}

    def version(self, name: str) -> str:
        """`package_version(name)`, looked up once per call: the stages name the same
        few distributions sixty times, and each lookup walks the installed ones."""
        known = self._versions.get(name)
        if known is None:
            known = self._versions[name] = package_version(name)
        return known

    def get(self, module: str, path: Path) -> tuple[bytes, list[str]]:
        known = self._read.get(module)
        if known is None:
            source = path.read_bytes()
            digest = hashlib.sha256(source).digest()
            key = f"{module}:{digest.hex()}"
            imports = self._parsed.get(key)
            if imports is None:
                imports = self._parsed[key] = list(_imports(source, path, module, self.package_dir))
                self._added = True
            self._used[key] = imports
            known = self._read[module] = (digest, imports)
        return known

    def save(self) -> None:
        """Keep what this call parsed or reused for the next process (only that: the
        file holds the package as it is, not every past version of it)."""
        if self._added:
            _write_parsed(self._used)


def _parsed_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / DISTRIBUTION / "imports.json"


def _read_parsed() -> dict[str, list[str]]:
    try:
        data = json.loads(_parsed_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_parsed(parsed: dict[str, list[str]]) -> None:
    target = _parsed_file()
    text = json.dumps(parsed, sort_keys=True)

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, write)


def fingerprint(
    stage: Stage, package_dir: Path = PACKAGE_DIR, sources: _Sources | None = None
) -> str:
    """The fingerprint of one stage (see the module docstring)."""
    sources = sources or _Sources(package_dir)
    digest = hashlib.sha256(f"{stage.name}\0{sources.version(DISTRIBUTION)}\0".encode())
    for module in sorted(module_closure(stage.module, package_dir, sources)):
        path = module_file(module, package_dir)
        assert path is not None
        digest.update(module.encode() + b"\0" + sources.get(module, path)[0])
    for relative in stage.rule_files:
        _hash_tree(digest, MODELS_DIR / relative, MODELS_DIR)
    for package in stage.packages:
        digest.update(f"{package}=={sources.version(package)}\0".encode())
    for setting in stage.settings:
        digest.update(f"{setting}={os.environ.get(setting, '')}\0".encode())
    if stage.model is not None:
        digest.update(model_identity(stage.model()).encode())
    if stage.weights is not None:
        digest.update(weights_identity(stage.weights()).encode())
    return digest.hexdigest()[:16]


def module_closure(
    module: str, package_dir: Path = PACKAGE_DIR, sources: _Sources | None = None
) -> set[str]:
    """Modules of this package that importing `module` runs: itself, what it imports
    (at the top or inside functions), their parent packages, and so on."""
    sources = sources or _Sources(package_dir)
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen or name == _FACADE:
            continue
        path = module_file(name, package_dir)
        if path is None:
            continue
        seen.add(name)
        todo.extend(_parents(name))
        todo.extend(sources.get(name, path)[1])
    return seen


def module_file(module: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """Source file of a module of this package, or None when it is not one."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _parents(module: str) -> Iterable[str]:
    parts = module.split(".")
    return (".".join(parts[:n]) for n in range(1, len(parts)))


def direct_imports(path: Path, module: str, package_dir: Path = PACKAGE_DIR) -> Iterable[str]:
    """Modules `module` (whose source is `path`) imports itself, anywhere in its code."""
    return _imports(path.read_bytes(), path, module, package_dir)


def _imports(source: bytes, path: Path, module: str, package_dir: Path) -> Iterable[str]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            yield base
            # `from package import name` may name a submodule.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if module_file(candidate, package_dir) is not None:
                    yield candidate


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    if not is_package:
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def _hash_tree(digest: hashlib._Hash, path: Path, root: Path) -> None:
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())


def model_identity(name: str) -> str:
    """What a spaCy model name resolves to: the distribution and version of the
    package, or a hash of the config and meta of a pipeline folder given as a path."""
    folder = Path(name)
    if folder.is_dir():
        digest = hashlib.sha256()
        for part in ("config.cfg", "meta.json"):
            if (folder / part).is_file():
                digest.update((folder / part).read_bytes())
        return f"{folder.resolve()}@{digest.hexdigest()[:16]}"
    return f"{name}=={package_version(name)}"


def weights_identity(folder: Path | None) -> str:
    """A hash of the files (name and content) of a folder of weights loaded over a
    model, such as the shipped NER, but its .md notes; "none" when no weights are
    loaded."""
    if folder is None:
        return "weights:none"
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file() and file.suffix != ".md":
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return f"weights:{digest.hexdigest()[:16]}"


def package_version(name: str) -> str:
    """Installed version of a distribution, or of the distribution that provides the
    importable module `name`; 'missing' when there is none."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    for distribution in metadata.packages_distributions().get(name, []):
        try:
            return f"{distribution}=={metadata.version(distribution)}"
        except metadata.PackageNotFoundError:
            continue
    return "missing"


def cache_key(content_sha256: str, fingerprints: dict[str, str], *stages: str) -> str:
    """Key of a document's output after `stages`: its content plus their fingerprints."""
    parts = [content_sha256, *(f"{s}={fingerprints[s]}" for s in stages)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
