"""The reader pages in a real browser: Debian's Chromium driven by Playwright, against `lawkb serve` on 127.0.0.1.

What a person would see and do: open a profile, follow a law to its record and source, build a comparison by
clicking, point at and click the map, read the timeline, leave quickly. Screenshots of each page go to
build/test-output/screenshots (not committed). No request may leave 127.0.0.1.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from .conftest import ROOT, running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine needs them: without the background-networking flags Chromium keeps calling home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "build" / "test-output" / "screenshots"
NEUTRAL = "https://www.bbc.com/weather"


@pytest.fixture(scope="module")
def fixture_site(fixture_db):
    with running_server(fixture_db) as base:
        yield base


@pytest.fixture(scope="module")
def real_site(real_db):
    with running_server(real_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def point_inside(page, selector: str) -> tuple[float, float]:
    """A screen point where the pointer really lands on the element (a country's box centre may be sea)."""
    page.locator(selector).scroll_into_view_if_needed()
    point = page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector), r = el.getBoundingClientRect();
            for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.closest(selector) === el) return [x, y];
            }
            return null;
        }""",
        selector,
    )
    assert point, f"no visible point on {selector}"
    return point


def hover(page, selector: str) -> None:
    page.mouse.move(*point_inside(page, selector))


class Page:
    """A browser tab that records every request it makes and any script error."""

    def __init__(self, browser, base: str, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        return self.page

    def shot(self, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self):
        outside = [u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")]
        self.context.close()
        assert outside == [], f"requests left 127.0.0.1: {outside}"
        assert self.errors == [], self.errors


@pytest.fixture
def tab(browser, fixture_site):
    t = Page(browser, fixture_site)
    yield t
    t.close()


def test_profile_then_a_law_then_its_record_and_source(tab):
    page = tab.open("/j/no")
    assert page.locator("h1").inner_text() == (
        "If intimate images of you are shared, faked or used to threaten you in Norway (fixture)")
    answers = page.locator("table.answers tbody tr")
    assert answers.count() == 12
    first = answers.nth(0)
    assert first.locator("th").inner_text() == "Is sharing intimate images without consent a crime?"
    assert first.locator(".answer").inner_text() == "Yes"
    assert page.get_by_role("link", name="Leave this site quickly").is_visible()
    tab.shot("profile")
    # From the answer to the law it rests on, then to its full record.
    first.get_by_role("link", name="image-act-2020/1.10").click()
    assert page.url.endswith("#p-no-image-act-2020-1-10")
    law = page.locator("#p-no-image-act-2020-1-10")
    assert "Penalty" in law.inner_text() and "up to 2 years in prison" in law.inner_text()
    official = law.get_by_role("link", name="Official text").get_attribute("href")
    assert official.startswith("https://")
    law.get_by_role("link", name="Full record and sources").click()
    page.wait_for_load_state()
    assert "/laws/provisions/no~2Fimage-act-2020~2F1~2E10" in page.url
    assert page.locator("table.record").is_visible()
    tab.shot("provision-record")


def test_profile_with_unknown_answers_says_so(tab):
    page = tab.open("/j/gb-eaw")
    note = page.locator(".research-note")
    assert "Our research here is partial." in note.inner_text()
    assert "we do not know yet, not that there is no law" in note.inner_text()
    unknown = page.locator("table.answers tbody td:nth-child(2) .answer-unknown")
    assert unknown.count() == 7 and unknown.first.inner_text() == "Unknown"
    # Beside each answer, England and Wales's own law alone (without the UK-wide law above it).
    synthetic = page.locator("tr", has_text="Are sexual deepfakes")
    assert [synthetic.locator(".answer").nth(i).inner_text() for i in range(2)] == ["Yes", "Unknown"]


def test_compare_built_by_clicking(tab):
    page = tab.open("/compare")
    page.get_by_label("Norway (fixture)").check()
    page.get_by_label("England and Wales (fixture)").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    assert page.url.endswith("/compare?j=gb-eaw&j=no")
    headers = page.locator("table.compare-table thead th")
    assert [headers.nth(i).inner_text().split("\n")[0] for i in range(headers.count())] == [
        "Question", "England and Wales (fixture)", "Norway (fixture)"]
    assert page.locator("tr.differs").count() == 10
    tab.shot("compare")
    # Each cell opens to the laws behind it, which lead to that place's profile.
    row = page.locator("tr", has_text="Is sharing intimate images without consent a crime?")
    row.locator("summary").last.click()
    row.get_by_role("link", name="image-act-2020/1.10").click()
    page.wait_for_load_state()
    assert page.url.endswith("/j/no#p-no-image-act-2020-1-10")


def test_compare_allows_at_most_four(browser, real_site):
    tab = Page(browser, real_site)
    page = tab.open("/compare")
    for name in ["India", "Pakistan", "England and Wales", "Canada"]:
        page.get_by_label(name, exact=True).check()
    assert page.get_by_label("Australia", exact=True).is_disabled()
    page.get_by_label("Canada", exact=True).uncheck()
    assert page.get_by_label("Australia", exact=True).is_enabled()
    tab.close()


def test_map_point_and_click_lands_on_profile(tab):
    page = tab.open("/map?q=ncii_crime")
    hover(page, 'svg.choropleth a[data-id="no"]')
    assert page.locator("#map-info").inner_text() == "Norway (fixture): yes"
    hover(page, 'svg.choropleth a[data-id="gb"]')
    assert page.locator("#map-info").inner_text() == "United Kingdom (fixture): no"
    tab.shot("map")
    # Changing the question redraws the map (the menu submits itself).
    page.get_by_label("Question").select_option("synthetic_covered")
    page.wait_for_url("**/map?q=synthetic_covered")
    assert page.locator('svg.choropleth a[data-id="gb"] path').get_attribute("class") == "answer-yes"
    page.mouse.click(*point_inside(page, 'svg.choropleth a[data-id="no"]'))
    page.wait_for_url("**/j/no")
    assert "Norway (fixture)" in page.locator("h1").inner_text()


def test_us_map_on_real_data(browser, real_site):
    tab = Page(browser, real_site)
    page = tab.open("/map?q=ncii_crime")
    hover(page, 'svg.choropleth a[data-id="us-ca"]')
    assert page.locator("#map-info").inner_text() == "California: yes"
    assert page.locator("svg.choropleth").count() == 2
    tab.shot("map-real")
    page.mouse.click(*point_inside(page, 'svg.choropleth a[data-id="us-ca"]'))
    page.wait_for_url("**/j/us-ca")
    # A US state's page includes federal law.
    assert page.locator("article.provision", has_text="United States (federal)").count() > 0
    tab.shot("profile-real-us-ca")
    tab.close()


def test_timeline_chart_and_table(tab):
    page = tab.open("/timeline")
    assert page.locator("svg.chart polyline").count() == 3
    hover(page, "svg.chart circle.series-ncii_crime")
    assert page.locator("#chart-info").inner_text() == "2009: Norway (fixture) (1 in all)"
    table = page.locator("h2", has_text="Is sharing intimate images without consent a crime?").locator(
        "xpath=following-sibling::table[1]")
    assert table.locator("tbody tr").first.inner_text().split("\t") == ["2009", "Norway (fixture)", "1"]
    tab.shot("timeline")
    table.get_by_role("link", name="Norway (fixture)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/timeline?j=no")
    assert page.locator(".history-list > li").count() == 3
    assert "2009-12-11: enacted by Fixture Old Image Act 2010" in page.locator(".history-list").inner_text()
    tab.shot("history")


def test_front_page_search_and_picker(tab):
    page = tab.open("/")
    assert "Not legal advice." in page.locator(".not-legal-advice-banner").inner_text()
    tab.shot("front")
    page.get_by_label("Words to find").fill("distress")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "_search=distress" in page.url
    assert "Publishing intimate images to cause distress" in page.content()


def test_pages_work_with_javascript_off(browser, fixture_site):
    tab = Page(browser, fixture_site, java_script_enabled=False)
    page = tab.open("/")
    page.get_by_label("Place").select_option("gb-eaw")
    page.get_by_role("button", name="Show the law").click()
    page.wait_for_url("**/j/gb-eaw")
    assert page.locator("table.answers tbody tr").count() == 12
    page = tab.open("/compare")
    page.get_by_label("Norway (fixture)").check()
    page.get_by_label("United Kingdom (fixture)").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    assert page.locator("table.compare-table").is_visible()
    page = tab.open("/map?q=ncii_crime")
    assert page.locator('svg.choropleth a[data-id="no"] path.answer-yes').count() == 1  # drawn by the server
    tab.close()


def test_quick_exit_replaces_the_page(browser, fixture_site):
    tab = Page(browser, fixture_site)
    # The neutral site is answered locally: the test must not reach the internet.
    tab.context.route(f"{NEUTRAL}**", lambda route: route.fulfill(status=200, body="<title>Weather</title>",
                                                                  content_type="text/html"))
    page = tab.open("/j")
    page = tab.open("/j/no")
    page.get_by_role("link", name="Leave this site quickly").click()
    page.wait_for_url(f"{NEUTRAL}**")
    page.go_back()
    # The profile was replaced in the history: Back goes to the page before it, not back to the law.
    assert page.url == fixture_site + "/j"
    tab.requests = [u for u in tab.requests if not u.startswith(NEUTRAL)]
    tab.close()


def test_phone_width_has_no_sideways_scroll(browser, fixture_site):
    tab = Page(browser, fixture_site, viewport={"width": 375, "height": 800}, is_mobile=True)
    for path in ["/", "/j/no", "/map", "/timeline"]:
        page = tab.open(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 376, path
    tab.shot("phone-timeline")
    tab.close()


def test_keyboard_reaches_skip_link_and_map_places(tab):
    page = tab.open("/map?q=ncii_crime")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator('svg.choropleth a[data-id="no"]').focus()
    assert page.locator("#map-info").inner_text() == "Norway (fixture): yes"


def test_text_from_records_never_runs_as_script(browser, fixture_db, tmp_path):
    """Records cannot hold markup (validation refuses it); if a database ever did, pages must escape it."""
    hostile = tmp_path / "laws.db"
    shutil.copy(fixture_db, hostile)
    payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    with sqlite3.connect(hostile) as conn:
        conn.execute("UPDATE provisions SET summary = ?, heading = ? WHERE id = 'no/image-act-2020/1.10'",
                     (payload, payload))
        conn.execute("UPDATE jurisdictions SET name = ? WHERE id = 'no'", (payload,))
    with running_server(hostile) as base:
        tab = Page(browser, base)
        for path in ["/j/no", "/compare?j=no&j=gb", "/map?q=ncii_crime", "/timeline?j=no",
                     "/laws/provisions/no~2Fimage-act-2020~2F1~2E10", "/laws/provisions?_search=pwned"]:
            page = tab.open(path)
            assert page.evaluate("window.__pwned === undefined"), path
        assert payload in tab.open("/j/no").locator("article#p-no-image-act-2020-1-10 p").first.inner_text()
        tab.requests = [u for u in tab.requests if not u.endswith("/x")]  # the escaped <img> is text, never fetched
        tab.close()


CONTRAST = """(selector) => {
    function luminance(rgb) {
        const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
    return Array.from(document.querySelectorAll(selector)).map(el => {
        const style = getComputedStyle(el);
        const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
        return [el.className + ": " + el.textContent.trim(), (a + 0.05) / (b + 0.05)];
    });
}"""


def test_answer_badges_and_exit_control_have_readable_contrast(browser, real_site):
    """WCAG AA (4.5:1) for the coloured answers, the map tiles and the quick-exit control."""
    tab = Page(browser, real_site)
    low = []
    for path, selector in [("/j/us-ca", ".answer, .quick-exit"), ("/compare?j=in&j=gb-eaw", ".answer"),
                           ("/map?q=max_prison_months", ".tile"), ("/map?q=ncii_crime", ".tile")]:
        page = tab.open(path)
        checked = page.evaluate(CONTRAST, selector)
        assert checked, path
        low += [(path, name, round(ratio, 2)) for name, ratio in checked if ratio < 4.5]
    assert low == []
    tab.close()
