"""The browser harness itself (tests/browser.py) on small pages made for it.

Each page is opened once per module (2.5–3 s: one Chromium launch, axe included); the tests
then read what was seen. Without Chromium, Playwright or axe-core they skip, saying what to install;
with ``LABSYNTH_BROWSER_REQUIRED=1`` (for CI once ``make browser`` is part of it) they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import PageCheck, axe_path, check_page, chromium_path, why_unavailable
from .conftest import DATA

PAGES = DATA / "browser"
LEAKY_URLS = [
    "https://cdn.example.com/styles/report.css",
    "https://cdn.jsdelivr.net/npm/chart.js@4/dist/chart.umd.min.js",
    "http://example.org/logo.png",
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _require_browser() -> None:
    """Skip (or fail, when the browser is required) with the reason the harness gives."""
    reason = why_unavailable()
    if reason is None:
        return
    if os.environ.get("LABSYNTH_BROWSER_REQUIRED"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for this module's screenshots."""
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def clean(shots: Path) -> PageCheck:
    """``clean.html`` as the browser saw it."""
    _require_browser()
    return check_page(PAGES / "clean.html", shots / "clean.png", print_screenshot=True)


@pytest.fixture(scope="module")
def leaky(shots: Path) -> PageCheck:
    """``leaky.html`` as the browser saw it."""
    _require_browser()
    return check_page(PAGES / "leaky.html", shots / "leaky.png")


@pytest.fixture(scope="module")
def sneaky(shots: Path) -> PageCheck:
    """``sneaky.html`` (requests from scripts, frames, a worker, a socket) as seen."""
    _require_browser()
    return check_page(PAGES / "sneaky.html", shots / "sneaky.png")


def _violation_ids(check: PageCheck) -> str:
    return ", ".join(f"{v['id']} ({v['impact']}: {v['targets']})" for v in check.violations)


def test_why_unavailable_names_the_install_commands(monkeypatch, tmp_path):
    monkeypatch.setenv("LABSYNTH_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    monkeypatch.setenv("LABSYNTH_AXE", str(tmp_path / "pas-d-axe.min.js"))
    assert chromium_path() is None
    assert axe_path() is None
    reason = why_unavailable()
    assert reason is not None
    assert "apt-get install -y chromium" in reason
    assert "npm install --prefix .venv/axe axe-core@" in reason
    assert "make browser" in reason
    assert why_unavailable(need_axe=False) is not None
    assert "axe-core" not in (why_unavailable(need_axe=False) or "")


def test_check_page_refuses_to_run_without_what_it_needs(monkeypatch, tmp_path):
    monkeypatch.setenv("LABSYNTH_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    with pytest.raises(RuntimeError, match="apt-get install -y chromium"):
        check_page(PAGES / "clean.html", tmp_path / "x.png")


def test_clean_page_stays_inside(clean):
    assert clean.outside_requests == []
    assert clean.console_errors == []


def test_clean_page_passes_axe(clean):
    assert clean.serious_violations == [], _violation_ids(clean)
    assert clean.violations == [], _violation_ids(clean)


def test_clean_page_facts(clean):
    assert clean.lang == "fr"
    assert clean.title == "Synthèse — page de test propre"
    assert [text for level, text in clean.headings if level == 1] == [
        "Synthèse de la consultation"]
    assert [level for level, _ in clean.headings] == [1, 2, 3, 3, 2]
    assert clean.images_without_alt == 0
    assert "« Le bus du matin passe trop tôt pour les lycéens. »" in clean.text


def test_clean_page_screenshots_are_pngs(clean):
    for path in (clean.screenshot, clean.print_screenshot):
        assert path is not None and path.is_file()
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC)
        assert len(data) > 5_000, f"{path}: {len(data)} octets, page blanche ?"
    assert clean.print_screenshot == clean.screenshot.with_suffix(".print.png")


def test_leaky_page_outside_requests_are_all_reported(leaky):
    assert sorted(leaky.outside_requests) == sorted(LEAKY_URLS)
    # each one was aborted, so the page logged a failed load for it
    for url in LEAKY_URLS:
        assert any(url in line for line in leaky.console_errors), leaky.console_errors


def test_leaky_page_axe_violations(leaky):
    serious = {v["id"]: v for v in leaky.serious_violations}
    assert "image-alt" in serious, _violation_ids(leaky)
    assert "color-contrast" in serious, _violation_ids(leaky)
    assert serious["color-contrast"]["targets"] == ["p"]
    assert leaky.images_without_alt == 1
    assert leaky.lang == "fr"
    assert leaky.screenshot.read_bytes().startswith(PNG_MAGIC)


@pytest.mark.slow  # 3.5–5 s: frames, a worker and axe run in three frames
def test_requests_from_scripts_frames_workers_and_sockets_are_seen(sneaky):
    here = (PAGES / "logo-local.png").resolve().as_uri()
    assert set(sneaky.outside_requests) == {
        here,  # a file beside the report is outside it too
        "https://frame.example.net/embed",
        "https://api.example.com/fetch",  # despite the page's CSP connect-src 'none'
        "https://beacon.example.com/b",
        "wss://socket.example.com/ws",
        "https://worker.example.com/w",
        "https://srcdoc.example.com/pixel.gif",
    }
    assert len(sneaky.outside_requests) == len(set(sneaky.outside_requests))
    # axe was injected despite the CSP, and looked inside the frame built from srcdoc
    assert [(v["id"], v["targets"]) for v in sneaky.serious_violations] == [
        ("image-alt", ['iframe[title="cadre interne"] img'])], _violation_ids(sneaky)
