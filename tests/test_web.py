"""`protosearch serve` with real parts: the installed script serves an index on a free port,
spoken to over real HTTP (and in a real headless Chromium): the pages, the API against the
CLI's --json, escaping of hostile document text, 404 for traversal and unknown ids, the query
bounds, and reads during an ingest."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCRIPT = Path(sys.executable).with_name("protosearch")  # the console script installed beside this Python
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

# A protocol whose text carries markup: every page must show it as text
PROBE = """Alingsås kommun
PROTOKOLL
Kommunstyrelsen
Sammanträdesdatum 2024-03-05

Närvarande: Anna Andersson (M), ordförande; Bo Berg (S), ledamot

§ 12 Dnr KS 2024/77
Motion om <script>alert("xss")</script> säkerhetsprövning av webbsidor
Ärendebeskrivning
Motionen om <script>document.title='pwned'</script> säkerhetsprövning har beretts.
En test av "><img src=x onerror=alert(1)> och & och < och > i text.
Beslut
Kommunstyrelsen beslutar att avslå motionen.
Reservation
Bo Berg (S) reserverar sig mot beslutet: "><img src=x onerror=alert(2)> vi ville bifalla.

§ 13 Dnr KS 2024/78
Övriga frågor
Inga övriga frågor.
"""


def _cli(*args: str, index: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PROTOSEARCH_INDEX"}
    return subprocess.run([str(SCRIPT), "--index", str(index), *args], capture_output=True, text=True, env=env,
                          timeout=300)


class Server:
    """`protosearch serve --port 0` in its own process; `url` once it listens."""

    def __init__(self, index: Path) -> None:
        self.proc = subprocess.Popen([str(SCRIPT), "--index", str(index), "serve", "--port", "0"],
                                     stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, f"the server did not start: {line}{self.proc.stderr.read() if self.proc.poll() else ''}"
        self.port = int(found.group(1))
        self.url = found.group(0)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True).start()  # type: ignore[arg-type]

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """GET `path` exactly as written (no normalisation of '..'), over a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def json(self, path: str) -> tuple[int, Any]:
        status, _, body = self.get(path)
        return status, json.loads(body)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def web_index(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus's index and the probe protocol, ingested by the installed script."""
    directory = tmp_path_factory.mktemp("web") / "index"
    shutil.copytree(corpus_index, directory)
    probe = directory.parent / "probe" / "probe.txt"
    probe.parent.mkdir()
    probe.write_text(PROBE, "utf-8")
    done = _cli("ingest", "-q", "--jobs", "1", str(probe), index=directory)
    assert done.returncode == 0, done.stderr
    return directory


@pytest.fixture(scope="module")
def server(web_index: Path) -> Iterator[Server]:
    s = Server(web_index)
    yield s
    s.stop()
    assert not any("Traceback" in line for line in s.log), "".join(s.log)


def _probe_section(server: Server) -> dict[str, Any]:
    status, found = server.json("/api/search?" + urlencode({"q": "säkerhetsprövning"}))
    assert status == 200 and found["total"] == 1, found
    return found["hits"][0]  # type: ignore[no-any-return]


# -- the pages ------------------------------------------------------------------------------

def test_every_page_answers_in_swedish_with_a_content_security_policy(server: Server) -> None:
    hit = _probe_section(server)
    pages = {
        "/": "Så söker du",
        "/?q=jobbcoachning": "dokument",
        "/?q=jobbcoachnig": "Menade du",
        "/dokument/" + hit["id"]: "Öppna originalet",
        "/arende?" + urlencode({"dnr": "AMN 2019/0540"}): "äldst först",
        "/uttalanden?kind=reservation": "Uttalanden",
        "/statistik?by=party&count=statements": "<svg",
    }
    for path, expected in pages.items():
        status, headers, body = server.get(path)
        assert status == 200, (path, body[:500])
        assert expected in body.decode(), path
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-type"].startswith("text/html")
        assert b"<script" not in body  # the pages need no script at all


def test_search_page_pages_and_sorts(server: Server) -> None:
    wanted = {"q": "nämnden", "sort": "date", "antal": 3}
    newest_first = server.json("/api/search?" + urlencode({"q": "nämnden", "sort": "date", "limit": 6}))[1]["hits"]
    status, _, body = server.get("/?" + urlencode(wanted))
    assert status == 200
    text = body.decode()
    assert "visar 1–3" in text and 'rel="next"' in text and 'rel="prev"' not in text
    status, _, second = server.get("/?" + urlencode({**wanted, "sida": 2}))
    text = second.decode()
    assert status == 200 and "visar 4–6" in text and 'rel="prev"' in text
    shown = re.findall(r'<h3><a href="/dokument/([0-9a-f]{64}(?:/\d+)?)"', text)
    assert shown == [h["id"] for h in newest_first[3:6]]


# -- the API is the CLI's --json --------------------------------------------------------------

def test_api_answers_equal_cli_json(server: Server, web_index: Path) -> None:
    hit = _probe_section(server)
    pairs: list[tuple[list[str], str]] = [
        (["search", "jobbcoachning"], "/api/search?q=jobbcoachning"),
        (["search", "parti:S uttalande:reservation"], "/api/search?" + urlencode({"q": "parti:S uttalande:reservation"})),
        (["search", "nämnden", "--sort", "date", "--limit", "3", "--offset", "2"],
         "/api/search?" + urlencode({"q": "nämnden", "sort": "date", "limit": 3, "offset": 2})),
        (["search", "AMN 2019-540"], "/api/search?" + urlencode({"q": "AMN 2019-540"})),
        (["search", "jobbcoachnig"], "/api/search?q=jobbcoachnig"),
        (["search", "--party", "V", "--from", "2019", "--doc-type", "protokoll"],
         "/api/search?party=V&from=2019&doc_type=protokoll"),
        (["show", hit["id"]], "/api/doc/" + hit["id"]),
        (["show", hit["id"].split("/")[0][:16]], "/api/doc/" + hit["id"].split("/")[0][:16]),
        (["case", "AMN 2019/0540"], "/api/case/" + quote("AMN 2019/0540")),
        (["case", "2024.77 KS"], "/api/case/" + quote("2024.77 KS")),
        (["statements", "--party", "S"], "/api/statements?party=S"),
        (["statements", "upphandling", "--kind", "reservation"], "/api/statements?q=upphandling&kind=reservation"),
        (["stats", "--by", "party", "--count", "statements"], "/api/stats?by=party&count=statements"),
        (["stats", "nämnden", "--by", "type"], "/api/stats?q=n%C3%A4mnden&by=type"),
    ]
    for args, path in pairs:
        cli = _cli(*args, "--json", index=web_index)
        assert cli.returncode == 0, (args, cli.stderr)
        status, answer = server.json(path)
        assert status == 200, (path, answer)
        assert answer == json.loads(cli.stdout), args
    assert any(json.loads(_cli(*a, "--json", index=web_index).stdout).get("did_you_mean") for a, _ in pairs[4:5])


def test_api_errors_are_messages_with_status(server: Server) -> None:
    for path, status_wanted, words in [
        ("/api/search?q=" + quote("(budget"), 400, "parenthesis"),
        ("/api/search?limit=abc", 400, "whole number"),
        ("/api/search?limit=100000", 400, "outside"),
        ("/api/search?from=2019-13", 400, "not a date"),
        ("/api/search?doc_type=ufo", 400, "unknown document type"),
        ("/api/case/" + quote("hello"), 400, "case number"),
        ("/api/stats", 400, "by"),
        ("/api/stats?by=colour", 400, "colour"),
        ("/api/doc/" + "0" * 64, 404, "Finns inte"),
    ]:
        status, answer = server.json(path)
        assert status == status_wanted, (path, answer)
        assert words in answer["error"], (path, answer)
        assert "Traceback" not in answer["error"]
    status, _, body = server.get("/?q=" + quote("((("))
    assert status == 400 and "Frågan kunde inte läsas" in body.decode() and b"Traceback" not in body


# -- safe to expose -------------------------------------------------------------------------

def test_document_text_is_escaped_everywhere(server: Server) -> None:
    hit = _probe_section(server)
    for path in ["/?q=s%C3%A4kerhetspr%C3%B6vning", "/dokument/" + hit["id"], "/dokument/" + hit["id"].split("/")[0],
                 "/arende?dnr=KS+2024%2F77", "/uttalanden?party=S", "/statistik?by=person&q=s%C3%A4kerhetspr%C3%B6vning"]:
        status, _, body = server.get(path)
        assert status == 200, path
        page = body.decode()
        assert "<script" not in page and "<img" not in page, path
        assert "onerror=alert" not in page.replace("&#34;&gt;&lt;img src=x onerror=alert", ""), path
    page = server.get("/dokument/" + hit["id"])[2].decode()
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp; och &lt; och &gt;" in page


def test_traversal_and_unknown_ids_are_404(server: Server) -> None:
    hit = _probe_section(server)
    doc = hit["id"].split("/")[0]
    for path in [
        "/fil/" + "0" * 64, "/fil/" + doc[:16], "/fil/../../../../etc/passwd", "/fil/..%2F..%2F..%2Fetc%2Fpasswd",
        "/fil/%2Fetc%2Fpasswd", "/fil/" + doc + "/../../etc/passwd", "/dokument/" + "f" * 64,
        "/dokument/..%2F..%2Fetc%2Fpasswd", "/dokument/" + doc + "/999", "/api/doc/..%2F..%2Fetc%2Fpasswd",
        "/api/doc/" + doc + "/..%2F..%2Fetc%2Fpasswd", "/static/..%2Fapp.py", "/static/../app.py",
        "/static/%2e%2e/%2e%2e/index/store.py", "/ingen-sida",
    ]:
        status, _, body = server.get(path)
        assert status == 404, (path, status)
        assert b"root:" not in body and b"import" not in body
    status, headers, body = server.get("/fil/" + doc)
    assert status == 200
    assert body == PROBE.encode()
    assert headers["content-type"].startswith("text/plain") and headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in headers["content-security-policy"]
    page = server.get("/dokument/" + hit["id"])[2].decode()
    assert f'href="/fil/{doc}#page=1"' in page
    status, answer = server.json("/api/search?" + urlencode({"q": "jobbcoachning", "party": "V, Miljöpartiet de gröna"}))
    assert status == 200 and answer == server.json("/api/search?q=jobbcoachning&party=V&party=MP")[1]


# -- bounds on a query's cost ----------------------------------------------------------------

def _seconds(fn: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def test_a_thousand_unknown_words_cost_at_most_ten_times_one(server: Server, web_index: Path) -> None:
    many = " ".join(f"zqxw{n}vb" for n in range(1000))
    one = "zqxwvb"
    t_one = _seconds(lambda: server.json("/api/search?" + urlencode({"q": one})))
    status, answer = server.json("/api/search?" + urlencode({"q": many}))
    t_many = _seconds(lambda: server.json("/api/search?" + urlencode({"q": many})))
    assert status == 400 and "at most 1,000" in answer["error"]
    assert t_many <= 10 * t_one, (t_many, t_one)

    t_one = _seconds(lambda: _cli("search", one, index=web_index), repeat=1)
    started = time.perf_counter()
    refused = _cli("search", many, index=web_index)
    t_many = time.perf_counter() - started
    assert refused.returncode == 2 and "at most 1,000" in refused.stderr and "Traceback" not in refused.stderr
    assert t_many <= 10 * t_one, (t_many, t_one)

    # the widest query allowed, of unknown words only, is answered (no hits) as fast
    widest = " ".join(f"zqxw{n}vb" for n in range(60))
    t_widest = _seconds(lambda: server.json("/api/search?" + urlencode({"q": widest})))
    t_one = _seconds(lambda: server.json("/api/search?" + urlencode({"q": one})))
    assert server.json("/api/search?" + urlencode({"q": widest}))[1]["total"] == 0
    assert t_widest <= 10 * t_one, (t_widest, t_one)


def test_deep_nesting_is_a_usage_error(server: Server, web_index: Path) -> None:
    for query in ["(" * 400 + "budget" + ")" * 400, "NOT " * 25 + "budget", "-" * 500 + "budget"]:
        result = _cli("search", "--", query, index=web_index)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "Recursion" not in result.stderr
        assert result.stderr.startswith("Error: the query"), result.stderr
        status, answer = server.json("/api/search?" + urlencode({"q": query}))
        assert status == 400 and answer["error"].startswith("the query"), answer


# -- reads during an ingest -------------------------------------------------------------------

def test_reads_during_an_ingest_see_a_whole_index(web_index: Path, tmp_path: Path) -> None:
    directory = tmp_path / "index"
    shutil.copytree(web_index, directory)
    server = Server(directory)
    try:
        before = server.json("/api/search?q=kommun&limit=1")[1]["total"]
        docs = tmp_path / "more"
        docs.mkdir()
        for n in range(4):  # new documents, each found by 'kommun'
            (docs / f"extra{n}.txt").write_text(PROBE.replace("säkerhetsprövning", f"tillägg{n}"), "utf-8")
        answers: list[tuple[int, Any]] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                answers.append(server.json("/api/search?q=kommun&limit=1"))

        readers = [threading.Thread(target=read) for _ in range(3)]
        for r in readers:
            r.start()
        done = _cli("ingest", "-q", "--jobs", "1", str(docs), index=directory)
        time.sleep(0.3)
        stop.set()
        for r in readers:
            r.join()
        assert done.returncode == 0, done.stderr
        after = server.json("/api/search?q=kommun&limit=1")[1]["total"]
        assert after == before + 4
        assert answers and all(status == 200 for status, _ in answers), [a for a in answers if a[0] != 200][:3]
        assert {a["total"] for _, a in answers} <= set(range(before, after + 1))

        moved = server.json("/api/search?q=till%C3%A4gg0")[1]["hits"][0]
        (docs / "extra0.txt").unlink()  # an original gone from its place: its text stays searchable
        status, _, body = server.get("/fil/" + moved["id"].split("/")[0])
        assert status == 404 and "originalfilen ligger inte längre" in body.decode()
    finally:
        server.stop()
    assert not any("Traceback" in line for line in server.log), "".join(server.log)


# -- a real browser ---------------------------------------------------------------------------

def _browser() -> Any:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}): "
                    "apt-get install chromium chromium-driver (.ci/run installs them)")
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="protosearch-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.implicitly_wait(5)
    driver.profile_dir = profile
    return driver


def test_in_a_real_browser_search_open_a_section_and_follow_its_case(server: Server) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = _browser()
    try:
        driver.get(server.url)
        box = driver.find_element(By.ID, "q")
        box.send_keys("säkerhetsprövning" + Keys.ENTER)
        hits = driver.find_elements(By.CSS_SELECTOR, "li.hit")
        assert len(hits) == 1
        assert "1 dokument" in driver.find_element(By.ID, "summary").text
        assert driver.find_elements(By.CSS_SELECTOR, "li.hit mark")  # the words are marked
        link = hits[0].find_element(By.CSS_SELECTOR, "h3 a")
        assert '<script>alert("xss")</script>' in link.text  # shown as text, not run
        link.click()

        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("§ 12 Motion om <script>")
        text = driver.find_element(By.ID, "text").text
        assert '"><img src=x onerror=alert(1)>' in text
        assert driver.find_elements(By.CSS_SELECTOR, "main img") == []
        assert driver.title != "pwned"
        assert driver.find_element(By.ID, "original").get_attribute("href").endswith("#page=1")
        statements = driver.find_element(By.CSS_SELECTOR, ".statement").text
        assert "reservation" in statements and "Bo Berg" in statements
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018 - no script ran

        driver.find_element(By.LINK_TEXT, "KS 2024-77").click()
        assert driver.find_element(By.TAG_NAME, "h1").text == "KS 2024-77"
        steps = driver.find_elements(By.CSS_SELECTOR, "ol.timeline li.step")
        assert len(steps) == 1 and "Kommunstyrelsen" in steps[0].text and "2024-03-05" in steps[0].text
        assert driver.find_element(By.CSS_SELECTOR, "nav a[aria-current=page]").text == "Ärende"
    finally:
        driver.quit()
        shutil.rmtree(driver.profile_dir, ignore_errors=True)
