"""Browser harness for the HTML report: headless Chromium, no network, screenshot, axe-core.

The report labsynth writes must be self-contained: it is opened from disk, on a machine that
may have no network, and must not send anything anywhere. :func:`check_page` opens such a file
in Debian's Chromium driven by Playwright, aborts and records every request that tries to leave
the page, takes a full-page screenshot and runs the axe-core accessibility rules on it.

What it needs, and where it looks:

* Chromium: ``LABSYNTH_CHROMIUM`` if set, else ``/usr/bin/chromium`` (``apt-get install -y
  chromium``), else ``chromium`` on the ``PATH``;
* the Python package ``playwright`` (only its driver: its own browser download is never used);
* ``axe.min.js``: ``LABSYNTH_AXE`` if set, else ``<repo>/.venv/axe/node_modules/axe-core/``.

:func:`why_unavailable` tells, in French and English, what is missing and the command that
installs it; the tests skip with that reason.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Request, Route, WebSocketRoute

ROOT = Path(__file__).resolve().parent.parent

#: The versions the harness was written and tested with (Debian 12's chromium 156).
PLAYWRIGHT_VERSION = "1.65.2"
AXE_VERSION = "4.14.1"

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

#: Flags for a quiet, offline, throw-away browser (Playwright adds a fresh ``--user-data-dir``
#: in the temporary folder and removes it on close).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Schemes that never leave the page.
LOCAL_SCHEMES = ("data:", "blob:", "about:")

SERIOUS_IMPACTS = frozenset({"serious", "critical"})

_PAGE_FACTS_JS = """() => ({
    title: document.title,
    lang: document.documentElement.getAttribute('lang') || '',
    text: document.body ? document.body.innerText : '',
    headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(
        h => [Number(h.tagName.substring(1)), h.textContent.replace(/\\s+/g, ' ').trim()]),
    imagesWithoutAlt: document.querySelectorAll('img:not([alt])').length,
})"""

_AXE_CONFIGURE_JS = "() => axe.configure({allowedOrigins: ['<unsafe_all_origins>']})"

_AXE_RUN_JS = """async () => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
    }));
}"""


def chromium_path() -> Path | None:
    """Find the Chromium executable.

    Returns
    -------
    Path or None
        ``LABSYNTH_CHROMIUM`` when set (even if wrong, so that a typo shows), else Debian's
        ``/usr/bin/chromium``, else ``chromium`` on the ``PATH``; None when there is none.
    """
    env = os.environ.get("LABSYNTH_CHROMIUM")
    if env:
        path = Path(env)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    if DEFAULT_CHROMIUM.is_file() and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def axe_path() -> Path | None:
    """Find axe-core's ``axe.min.js``.

    Returns
    -------
    Path or None
        ``LABSYNTH_AXE`` when set, else ``<repo>/.venv/axe/node_modules/axe-core/axe.min.js``;
        None when that file does not exist.
    """
    env = os.environ.get("LABSYNTH_AXE")
    path = Path(env) if env else DEFAULT_AXE
    return path if path.is_file() else None


def playwright_installed() -> bool:
    """Tell whether the ``playwright`` Python package can be imported.

    Returns
    -------
    bool
        True when ``import playwright.sync_api`` would find the package.
    """
    return importlib.util.find_spec("playwright") is not None


def why_unavailable(*, need_axe: bool = True) -> str | None:
    """Say what the browser harness is missing, with the command that installs it.

    Parameters
    ----------
    need_axe : bool, default True
        Whether axe-core is needed too (it is for :func:`check_page` with ``run_axe=True``).

    Returns
    -------
    str or None
        A French then English sentence per missing piece, ending with ``make browser`` which
        installs all of them; None when everything is there.
    """
    missing: list[str] = []
    if chromium_path() is None:
        where = os.environ.get("LABSYNTH_CHROMIUM") or str(DEFAULT_CHROMIUM)
        missing.append(
            f"Chromium introuvable ({where}) : `apt-get install -y chromium` "
            f"/ Chromium not found: `apt-get install -y chromium`"
        )
    if not playwright_installed():
        missing.append(
            f"paquet Python playwright absent : `.venv/bin/python -m pip install "
            f"playwright=={PLAYWRIGHT_VERSION}` / Python package playwright missing"
        )
    if need_axe and axe_path() is None:
        where = os.environ.get("LABSYNTH_AXE") or str(DEFAULT_AXE)
        missing.append(
            f"axe-core introuvable ({where}) : `npm install --prefix .venv/axe "
            f"axe-core@{AXE_VERSION}` (ou LABSYNTH_AXE=…/axe.min.js) / axe-core not found"
        )
    if not missing:
        return None
    return (
        "navigateur de test indisponible / browser harness unavailable — "
        + " ; ".join(missing)
        + " — tout installer / install everything: `make browser`"
    )


@dataclass
class PageCheck:
    """What :func:`check_page` saw of one HTML file.

    Attributes
    ----------
    outside_requests : list of str
        Every URL the page (or its frames and workers) tried to fetch that is neither the page's
        own ``file://`` URL nor a ``data:``, ``blob:`` or ``about:`` URL, in the order tried,
        without repeats; all of them were aborted. WebSocket URLs are included.
    console_errors : list of str
        Console messages of type ``error`` and uncaught page exceptions.
    title : str
        ``document.title``.
    lang : str
        The ``lang`` attribute of ``<html>`` (empty when absent).
    text : str
        ``document.body.innerText``.
    headings : list of (int, str)
        The h1–h6 elements in document order: level and whitespace-collapsed text.
    images_without_alt : int
        ``<img>`` elements with no ``alt`` attribute (``alt=""`` marks a decorative image).
    violations : list of dict
        axe-core violations: ``id``, ``impact``, ``help``, ``nodes`` (how many elements) and
        ``targets`` (CSS selectors of the first five); empty when axe was not run.
    screenshot : Path
        The full-page PNG screenshot (screen media).
    print_screenshot : Path or None
        The same page with print media emulated, when asked for.
    seconds : float
        Wall time of the whole call, browser launch included.
    """

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    title: str = ""
    lang: str = ""
    text: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    images_without_alt: int = 0
    violations: list[dict[str, Any]] = field(default_factory=list)
    screenshot: Path = Path()
    print_screenshot: Path | None = None
    seconds: float = 0.0

    @property
    def serious_violations(self) -> list[dict[str, Any]]:
        """The axe violations whose impact is ``serious`` or ``critical``."""
        return [v for v in self.violations if v.get("impact") in SERIOUS_IMPACTS]


def _is_local(url: str, page_url: str) -> bool:
    """Tell whether ``url`` stays inside the page (its own file, or data:/blob:/about:)."""
    return url.startswith(LOCAL_SCHEMES) or url.split("#", 1)[0] == page_url


def check_page(html: Path, screenshot: Path, *, run_axe: bool = True, width: int = 1280,
               print_screenshot: bool = False, timeout_ms: int = 30_000) -> PageCheck:
    """Open a local HTML file offline in headless Chromium and report what it did.

    One browser is launched (with a fresh profile) and closed per call. Every request other
    than the page's own file is aborted and recorded, the page's facts are read once ``load``
    has fired and the fonts are ready, then the screenshot is taken and axe-core is run.

    Parameters
    ----------
    html : Path
        The HTML file to open (as ``html.resolve().as_uri()``).
    screenshot : Path
        Where to write the full-page PNG screenshot; its folder is created.
    run_axe : bool, default True
        Whether to inject axe-core (from :func:`axe_path`) and run its rules.
    width : int, default 1280
        Viewport width in CSS pixels (the height grows to the page with the full-page shot).
    print_screenshot : bool, default False
        Also emulate print media and write ``screenshot.with_suffix('.print.png')``
        (about 0.1 s more).
    timeout_ms : int, default 30000
        Playwright's timeout for each step.

    Returns
    -------
    PageCheck
        What the page requested, logged and showed, and axe's violations.

    Raises
    ------
    RuntimeError
        When Chromium, Playwright or (with ``run_axe``) axe-core is missing; the message is
        the one of :func:`why_unavailable`.
    """
    start = time.perf_counter()
    reason = why_unavailable(need_axe=run_axe)
    if reason:
        raise RuntimeError(reason)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    axe_file = axe_path() if run_axe else None
    axe_source = axe_file.read_text(encoding="utf-8") if axe_file else ""
    page_url = html.resolve().as_uri()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    outside: dict[str, None] = {}  # an ordered set
    console_errors: list[str] = []

    def note(url: str) -> None:
        if not _is_local(url, page_url):
            outside.setdefault(url, None)

    def on_route(route: Route) -> None:
        url = route.request.url
        if _is_local(url, page_url):
            route.continue_()
        else:
            note(url)
            route.abort("blockedbyclient")

    def on_websocket(ws: WebSocketRoute) -> None:
        note(ws.url)
        ws.close()

    def on_request(request: Request) -> None:
        note(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            text = message.text
            console_errors.append(f"{text} ({where})" if where and where not in text else text)

    def on_page_error(error: Exception) -> None:
        console_errors.append(f"uncaught: {error}")

    check = PageCheck(screenshot=screenshot)
    with (tempfile.TemporaryDirectory(prefix="labsynth-chromium-") as tmp,
          sync_playwright() as playwright):
        # HOME and TMPDIR of our own, removed after: Chromium's crash-report folder and NSS
        # database stay out of the user's home. Playwright makes (and removes) a fresh
        # --user-data-dir by itself.
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, timeout=timeout_ms,
            env={**os.environ, "TMPDIR": tmp, "HOME": tmp},
        )
        try:
            context = browser.new_context(
                offline=True,  # does not stop file:// (checked); the route aborts the rest
                viewport={"width": width, "height": 800},
                bypass_csp=True,  # a strict CSP in the report must not block axe's injection
                service_workers="block",
                locale="fr-FR",
            )
            context.set_default_timeout(timeout_ms)
            context.route(re.compile(r".*"), on_route)
            context.route_web_socket(re.compile(r".*"), on_websocket)
            context.on("request", on_request)
            page = context.new_page()
            page.on("console", on_console)
            page.on("pageerror", on_page_error)
            page.goto(page_url, wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")

            facts = page.evaluate(_PAGE_FACTS_JS)
            check.title = facts["title"]
            check.lang = facts["lang"]
            check.text = facts["text"]
            check.headings = [(int(level), text) for level, text in facts["headings"]]
            check.images_without_alt = int(facts["imagesWithoutAlt"])

            page.screenshot(path=screenshot, full_page=True, type="png")
            if axe_source:
                # axe checks a frame's content only if it runs there too; a blocked frame
                # (chrome-error://) has nothing to check, and each injection costs ~0.4 s
                for frame in page.frames:
                    if frame is not page.main_frame and not _is_local(frame.url, page_url):
                        continue
                    try:
                        frame.add_script_tag(content=axe_source)
                        # file:// pages have an opaque origin ("null"): axe's default
                        # same-origin check would drop the answers of the child frames
                        frame.evaluate(_AXE_CONFIGURE_JS)
                    except PlaywrightError:
                        if frame is page.main_frame:
                            raise
                check.violations = page.evaluate(_AXE_RUN_JS)
            if print_screenshot:
                check.print_screenshot = screenshot.with_suffix(".print.png")
                page.emulate_media(media="print")
                page.screenshot(path=check.print_screenshot, full_page=True, type="png")
            context.close()
        finally:
            browser.close()
    check.outside_requests = list(outside)
    check.console_errors = console_errors
    check.seconds = time.perf_counter() - start
    return check


_OVERFLOW_JS = """(selector) => Array.from(document.querySelectorAll(selector)).map((e, i) => ({
    index: i,
    text: e.textContent.slice(0, 60),
    scroll: [e.scrollWidth, e.scrollHeight],
    client: [e.clientWidth, e.clientHeight],
}))"""


def print_layout(html: Path, selector: str, timeout_ms: int = 30_000) -> list[dict[str, Any]]:
    """Open a local page offline with print media emulated and measure the elements
    matching ``selector``: their content size (``scroll``) and box size (``client``), in
    CSS pixels. An element whose content is larger than its box cuts its text.

    Raises
    ------
    RuntimeError
        When Chromium or Playwright is missing (:func:`why_unavailable`).
    """
    reason = why_unavailable(need_axe=False)
    if reason:
        raise RuntimeError(reason)
    from playwright.sync_api import sync_playwright

    page_url = html.resolve().as_uri()
    with (tempfile.TemporaryDirectory(prefix="labsynth-chromium-") as tmp,
          sync_playwright() as playwright):
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS, timeout=timeout_ms,
            env={**os.environ, "TMPDIR": tmp, "HOME": tmp})
        try:
            context = browser.new_context(offline=True, locale="fr-FR")
            context.route(re.compile(r".*"), lambda route: route.continue_()
                          if _is_local(route.request.url, page_url) else route.abort())
            page = context.new_page()
            page.emulate_media(media="print")
            page.goto(page_url, wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            return page.evaluate(_OVERFLOW_JS, selector)
        finally:
            browser.close()
