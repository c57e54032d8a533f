"""`pipeline report`: the HTML page over a real run, checked as text and in headless Chromium.

The browser is Debian's `chromium`, driven over the Chrome DevTools Protocol on
a pipe (`--remote-debugging-pipe`): no port, no extra package. Without a
browser the browser test is skipped with how to install one, except under CI
(`CI=true`), where a missing browser fails it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.apps.cli import app
from pipeline.apps.report import REPORT_FILE, render, report
from pipeline.errors import OutputFolderError
from pipeline.runtime.runner import run
from pipeline.tables import table_path

ROOT = Path(__file__).resolve().parents[1]
INJECTION = "<script>alert(1)</script>"
# A source that tries to run code in the page: its title and body must show as text.
HOSTILE_SOURCE = f"""{INJECTION} found in a customs bulletin

The World Customs Organization said on 5 March 2021 that a bulletin holding {INJECTION} and \
<img src=x onerror=alert(2)> tags is shown as text, to 40 delegates.
"""
SCREENSHOTS_ENV = "PIPELINE_DOCS_SCREENSHOTS"  # a folder: also save the screenshot there
BROWSERS = ("chromium", "chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run on data/raw plus one hostile source, and its report."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(ROOT / "data" / "raw", raw, dirs_exist_ok=True)
    (raw / "zz_hostile").mkdir()
    (raw / "zz_hostile" / "script.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    out = tmp_path_factory.mktemp("processed")
    run(raw, out)
    report(out)
    return out


def rows(output: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(table_path(output, name)).to_pylist()  # type: ignore[no-any-return]


def test_report_is_a_plain_file_next_to_the_tables(output: Path) -> None:
    page = output / REPORT_FILE
    assert page.is_file() and not page.is_symlink()
    assert not list(output.glob(f".{REPORT_FILE}.*"))  # no temporary file left behind


def test_every_item_is_on_the_page(output: Path) -> None:
    page = (output / REPORT_FILE).read_text(encoding="utf-8")
    items = rows(output, "items")
    assert page.count('<article class="item"') == len(items)
    for item in items:
        assert f'id="item-{item["item_id"]}"' in page


def test_source_text_is_escaped(output: Path) -> None:
    page = (output / REPORT_FILE).read_text(encoding="utf-8")
    assert any(INJECTION in i["text"] for i in rows(output, "items"))
    assert INJECTION not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert page.count("<script>") == 1  # the page's own filter script


def test_each_linked_mention_points_at_its_canonical_entity(output: Path) -> None:
    page = (output / REPORT_FILE).read_text(encoding="utf-8")
    targets = set(re.findall(r'<a class="entity"[^>]*href="#(entity-[^"]+)"', page))
    anchors = set(re.findall(r'id="(entity-[^"]+)"', page))
    linked = {m["entity_id"] for m in rows(output, "mentions") if m["entity_id"]}
    assert targets and targets <= anchors
    assert {f"entity-{e}" for e in linked} == targets
    for entity in rows(output, "entities"):
        for alias in entity["aliases"]:
            assert f"<q>{alias}</q>" in page or "&" in alias or "<" in alias


def test_cli_writes_the_report(output: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "page.html"
    result = CliRunner().invoke(app, ["report", "--output", str(output), "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout
    assert target.read_text(encoding="utf-8") == (output / REPORT_FILE).read_text(encoding="utf-8")


def test_folder_without_tables(tmp_path: Path) -> None:
    with pytest.raises(OutputFolderError, match="no tables"):
        report(tmp_path)
    result = CliRunner().invoke(app, ["report", "--output", str(tmp_path / "missing")])
    assert result.exit_code != 0
    assert "no tables" in result.stderr and "Traceback" not in result.output


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, entities decoded."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


HOSTILE = '"><img src=x onerror=alert(3)>'


def tiny_tables() -> dict[str, list[dict[str, Any]]]:
    """One item whose every field, label and entity tries to break out of its attribute."""
    text = f"Fund{HOSTILE}\nThe Fund{HOSTILE} met."
    mention_start = text.index("The ") + 4
    item = {
        "item_id": "d-0000",
        "doc_id": "d",
        "source": f"a{HOSTILE}.txt",
        "position": 0,
        "section": HOSTILE,
        "title": text.split("\n")[0],
        "author": HOSTILE,
        "body": text.split("\n")[1],
        "text": text,
        "language": "en",
        "start_char": 0,
        "end_char": len(text),
    }
    span = {"item_id": "d-0000", "text": "Fund", "start_char": mention_start}
    return {
        "documents": [
            {"source": item["source"], "rubric": HOSTILE, "encoding": "utf-8", "n_items": 1}
        ],
        "items": [item],
        "mentions": [
            {**span, "end_char": mention_start + 4, "label": "FUND", "entity_id": f"E{HOSTILE}"}
        ],
        "entities": [
            {
                "entity_id": f"E{HOSTILE}",
                "label": "FUND",
                "name": f"Fund{HOSTILE}",
                "aliases": [f"Fund{HOSTILE}", "F&<"],
                "n_mentions": 1,
                "n_items": 1,
            }
        ],
        "dates": [],
        "counts": [
            {**span, "end_char": mention_start + 4, "value": 2.5, "approx": True, "unit": HOSTILE},
            {**span, "end_char": mention_start + 4, "value": None, "approx": False, "unit": "u"},
        ],
        "errors": [{"source": HOSTILE, "stage": "ingest", "error": "empty", "message": HOSTILE}],
    }


def test_render_keeps_hostile_values_inside_their_attributes_and_text() -> None:
    page = render(tiny_tables(), title=HOSTILE)
    elements = Elements(page).found
    assert [tag for tag, _ in elements].count("img") == 0
    assert [tag for tag, _ in elements].count("script") == 1
    article = next(attrs for tag, attrs in elements if tag == "article")
    assert article == {
        "class": "item",
        "id": "item-d-0000",
        "data-source": f"a{HOSTILE}.txt",
        "data-labels": "FUND",
    }
    link = next(attrs for tag, attrs in elements if tag == "a" and "data-entity" in attrs)
    assert link["data-entity"] == f"E{HOSTILE}"
    assert link["title"] == f"Fund{HOSTILE} (FUND)"
    assert link["href"] == "#entity-E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%283%29%3E"
    assert any(attrs.get("id") == link["href"][1:] for _, attrs in elements)
    assert "<q>F&amp;&lt;</q>" in page
    assert "<td>≈ 2.5</td>" in page and "<td>vague</td>" in page


# --- in a real browser ---------------------------------------------------------------


class Chromium:
    """Headless Chromium spoken to over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()
        # Chromium reads commands on fd 3 and answers on fd 4; bash puts the pipes there.
        script = f'exec 10<&{to_browser} 11>&{from_browser}; exec "$0" "$@" 3<&10 4>&11 10<&- 11>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", script, executable, *FLAGS, f"--user-data-dir={profile}"],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive(timeout=30)
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]  # type: ignore[no-any-return]
            self.events.append(answer)

    def open_page(self, url: str) -> str:
        """Attach to a fresh page, enable the event domains, load `url`; the session id."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=1280,
            height=1600,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.send("Page.navigate", session, url=url)
        deadline = time.monotonic() + 30
        loaded = "document.readyState === 'complete' && location.href"
        while self.evaluate(session, loaded) != url:
            if time.monotonic() > deadline:
                raise TimeoutError(f"chromium did not load {url}")
            time.sleep(0.05)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console_errors(self) -> list[dict[str, Any]]:
        return [
            e
            for e in self.events
            if e.get("method") == "Runtime.exceptionThrown"
            or (
                e.get("method") == "Runtime.consoleAPICalled"
                and e["params"]["type"] in ("error", "assert")
            )
            or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
        ]

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, RuntimeError, TimeoutError, EOFError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._out)
            os.close(self._in)

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]


@pytest.fixture
def chromium() -> Iterator[Chromium]:
    executable = next((found for b in BROWSERS if (found := shutil.which(b))), None)
    if executable is None:
        message = (
            "no chromium on PATH: install Debian's with `apt-get install chromium` "
            "(`.ci/run` does) to run the browser test"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; under CI=true the browser test must run")
        pytest.skip(message)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        browser = Chromium(executable, Path(profile))
        try:
            yield browser
        finally:
            browser.close()


def visible_items(chromium: Chromium, session: str) -> list[str]:
    return chromium.evaluate(  # type: ignore[no-any-return]
        session,
        "Array.from(document.querySelectorAll('article.item'))"
        ".filter(a => a.offsetParent !== null).map(a => a.id)",
    )


def choose(chromium: Chromium, session: str, select_id: str, value: str) -> None:
    chromium.evaluate(
        session,
        f"(() => {{ const s = document.getElementById({json.dumps(select_id)});"
        f" s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})()",
    )


def test_page_in_a_real_browser(chromium: Chromium, output: Path, tmp_path: Path) -> None:
    session = chromium.open_page((output / REPORT_FILE).as_uri())
    items = rows(output, "items")
    mentions = rows(output, "mentions")

    assert sorted(visible_items(chromium, session)) == sorted(f"item-{i['item_id']}" for i in items)
    assert chromium.evaluate(session, "document.getElementById('shown').textContent") == (
        f"{len(items)} of {len(items)} items shown"
    )
    assert chromium.evaluate(session, "document.scripts.length") == 1
    assert INJECTION in chromium.evaluate(session, "document.body.innerText")
    assert chromium.evaluate(session, "document.images.length") == 0

    # the label filter keeps the items with a mention of that label
    with_org = {m["item_id"] for m in mentions if m["label"] == "ORG"}
    assert with_org, "data/raw has organizations"
    choose(chromium, session, "filter-label", "ORG")
    assert sorted(visible_items(chromium, session)) == sorted(f"item-{i}" for i in with_org)
    # the document filter keeps that document's items
    source = items[0]["source"]
    choose(chromium, session, "filter-label", "")
    choose(chromium, session, "filter-source", source)
    assert len(visible_items(chromium, session)) == sum(1 for i in items if i["source"] == source)

    choose(chromium, session, "filter-source", "")

    # a highlighted mention leads to its canonical entity, aliases included
    landed = chromium.evaluate(
        session,
        "(() => { const mark = document.querySelector('a.entity[href]'); mark.click();"
        " const row = document.querySelector(':target');"
        " return [mark.dataset.entity, row.id, row.textContent]; })()",
    )
    entity = next(e for e in rows(output, "entities") if e["entity_id"] == landed[0])
    assert landed[1] == f"entity-{entity['entity_id']}"
    assert all(alias in landed[2] for alias in entity["aliases"])
    chromium.evaluate(session, "history.replaceState(null, '', location.pathname); scrollTo(0, 0)")
    shot = base64.b64decode(chromium.send("Page.captureScreenshot", session, format="png")["data"])
    assert shot.startswith(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "report.png").write_bytes(shot)
    if os.environ.get(SCREENSHOTS_ENV):
        (Path(os.environ[SCREENSHOTS_ENV]) / "report.png").write_bytes(shot)

    assert not any(e.get("method") == "Page.javascriptDialogOpening" for e in chromium.events)
    assert chromium.console_errors() == []
