"""What a member who uses only a keyboard, a screen reader or large text needs from
every page of the demo, checked in a real chromium (docs/accessibility.md).

axe-core is not available offline, so the checks are ours: tests/web/accessibility_audit.js
runs inside each page (headings, landmarks, ids, tables, charts, live regions, the
contrast of every piece of text), and accessible names come from chromium's own
accessibility tree, read over the DevTools protocol. The pages are found by following
links from the home page, one of each kind, so a new page is checked with no list to
update.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from rapport.asks.models import Ask
from rapport.demo.seed import DEMO_PASSWORD, demo_community_seed
from rapport.gatherings.models import Gathering
from rapport.keeper.models import Person
from rapport.members.models import Member
from rapport.network.selectors import connected_ids
from tests.browser_fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUDIT = Path(__file__).with_name("accessibility_audit.js").read_text()

# Links that lead to no page to read: downloads, feeds, the API, Django's admin, logging out.
NOT_PAGES = re.compile(r"^/(logout|admin|api|calendar|static)/|\.(ics|html)$|/export/")
# Pages every walk must reach, so that a broken link cannot shrink what is checked.
SECTIONS = {
    "ana": [
        "/", "/search/", "/requests/", "/connections/", "/introductions/", "/introductions/new/",
        "/conversations/", "/conversations/N/", "/asks/", "/asks/N/", "/asks/new/",
        "/gatherings/", "/gatherings/N/", "/gatherings/new/", "/coffee/", "/coffee/pairings/N/",
        "/keeper/", "/keeper/due/", "/keeper/circles/", "/keeper/seats/", "/keeper/seats/N/",
        "/keeper/duplicates/", "/keeper/people/new/", "/keeper/people/N/",
        "/keeper/people/N/edit/", "/keeper/settings/", "/insights/", "/import/", "/import/N/",
        "/audit/", "/audit/archive/", "/me/", "/members/N/", "/safety/",
        "/safety/members/N/report/", "/safety/account/delete/", "/settings/tokens/",
        "/settings/notifications/", "/help/",
    ],
    "ben": ["/", "/keeper/", "/keeper/circles/", "/insights/", "/audit/", "/members/N/connect/"],
    "signed out": ["/", "/login/", "/signup/", "/help/"],
}  # fmt: skip
# Queries that fill in a form rather than filter a list: the page keeps its title.
PREFILLED = {"/introductions/new/?first_id,why_first"}
# Fields the services refuse empty, by the kind of page that shows them and how their
# label starts. The test cannot read the services, so this list says what they refuse:
# each field must be exposed as required and say "(required)" (rapport/web/required_fields.py).
# A new form whose service refuses an empty field adds a line here.
REQUIRED_FIELDS = {
    "/signup/": ["Username", "Full name", "Password", "Password again"],
    "/me/": ["Full name"],
    "/members/N/connect/": ["How do you know", "Your note"],
    "/conversations/N/": ["Your reply"],
    "/asks/new/": ["In one line"],
    "/asks/N/": ["Your answer"],
    "/gatherings/new/": ["Title", "Starts", "Ends"],
    "/introductions/new/": [
        "First person", "Why they should meet, for the first person",
        "Second person", "Why they should meet, for the second person",
    ],
    "/keeper/": ["With"],
    "/keeper/people/new/": ["Name"],
    "/keeper/people/N/edit/": ["Name"],
    # A person's dates: the walk may reach a person without any, so
    # tests/keeper/test_dates_browser.py opens the date pages itself.
    "/keeper/people/N/": ["Day and month"],
    "/keeper/people/N/dates/N/": ["Day and month"],
    "/keeper/seats/N/": ["Role"],
    "/import/": ["What are you bringing in?", "The file"],
    "/safety/members/N/report/": ["What is wrong?"],
    "/settings/account/": ["Your password", "Current password", "New password"],
}  # fmt: skip
# Roles a person must be able to tell apart by name (chromium's names for them).
NAMED_ROLES = {
    "link", "button", "textbox", "searchbox", "combobox", "checkbox", "radio", "spinbutton",
    "slider", "listbox", "switch", "image", "DisclosureTriangle", "menuitem", "tab",
}  # fmt: skip
# What the stylesheet draws with ::before and ::after (rapport.css), shown, not read.
DRAWN_SYMBOLS = re.compile("[\u25be\u2713\u2717]")

# Every focusable thing, focused in turn: it must match :focus-visible and show a ring
# (an outline of 2 px or more, or a box shadow; a mark in the circles picture draws its
# own ring). Chromium shows focus from script like focus from the keyboard once a key
# was pressed, which the skip-link check has just done.
FOCUS_RINGS = """() => {
  const problems = [];
  const focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  for (const el of document.querySelectorAll(focusable)) {
    if (el.tabIndex < 0 || el.disabled) continue;
    el.focus();
    if (document.activeElement !== el) continue;  // not shown now (a closed menu)
    const what = `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim().slice(0, 40)}"`;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== "none";
    const mark = el.querySelector(".dot__focus");
    const drawn = mark && getComputedStyle(mark).stroke !== "none";
    if (!el.matches(":focus-visible") || !(ring || drawn)) problems.push(`focus: no visible ring on ${what}`);
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) problems.push(`focus: ${what} takes focus but cannot be seen`);
  }
  document.activeElement.blur();
  return problems;
}"""


def unnamed_controls(page) -> list[str]:
    """Links, buttons, fields and images with no accessible name, as chromium computes it;
    and names that read out a symbol the stylesheet draws (a menu's triangle, a tick)."""
    session = page.context.new_cdp_session(page)
    problems = []
    try:
        for node in session.send("Accessibility.getFullAXTree")["nodes"]:
            role = node.get("role", {}).get("value")
            name = (node.get("name", {}).get("value") or "").strip()
            if node.get("ignored"):
                continue
            if DRAWN_SYMBOLS.search(name):
                problems.append(f"names: a {role} named {name!r} reads out a drawn symbol")
            if role not in NAMED_ROLES or name:
                continue
            element = session.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})
            attributes = element["node"].get("attributes", [])
            problems.append(
                f"names: a {role} with no name, <{element['node']['localName']} {attributes}>"
            )
    finally:
        session.detach()
    return problems


def skip_link_problems(page) -> list[str]:
    """The first Tab stop is "Skip to content", it shows, and Enter moves focus to <main>."""
    skip = page.locator("a.skip-link")
    if page.evaluate("document.activeElement !== document.body"):
        # A page that focuses its one field (logging in): the link must still come first.
        first = page.evaluate(
            "[...document.querySelectorAll('a[href], button, input, select, textarea, summary')]"
            ".find(el => el.tabIndex >= 0 && el.type !== 'hidden')?.className"
        )
        return [] if first == "skip-link" else [f"skip link: the first Tab stop is {first!r}"]
    page.keyboard.press("Tab")
    if not skip.evaluate("el => el === document.activeElement"):
        return ["skip link: not the first Tab stop"]
    problems = []
    if not skip.evaluate("el => el.getBoundingClientRect().top >= 0"):
        problems.append("skip link: focused but off the screen")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append("skip link: Enter does not move focus to <main>")
    page.keyboard.press("Tab")
    if not page.evaluate("!!document.activeElement.closest('main')"):
        problems.append("skip link: the Tab after it leaves <main>")
    return problems


# Each field of REQUIRED_FIELDS on this page: found by the start of its label (or its
# group's legend), required (aria-required, or required on each radio button), and said so.
REQUIRED_FIELDS_SAY_SO = """starts => starts.flatMap((start) => {
  const text = (el) => el.textContent.trim().replace(/\\s+/g, " ");
  const labels = [...document.querySelectorAll("label, legend")]
    .filter((label) => text(label).startsWith(start));
  if (!labels.length) return [`required: no field labelled "${start}"`];
  return labels.flatMap((label) => {
    const fields = label.tagName === "LEGEND"
      ? [...label.parentElement.querySelectorAll("input")]
      : [label.control].filter(Boolean);
    const problems = [];
    if (!fields.length || !fields.every((f) => f.required || f.getAttribute("aria-required") === "true"))
      problems.push(`required: "${text(label)}" is refused empty, but not exposed as required`);
    if (!text(label).includes("(required)"))
      problems.push(`required: "${text(label)}" is refused empty, but does not say "(required)"`);
    return problems;
  });
})"""


def required_field_problems(page) -> list[str]:
    url = urlsplit(page.url)
    wanted = REQUIRED_FIELDS.get(kind_of(url.path + (f"?{url.query}" if url.query else "")), [])
    return page.evaluate(REQUIRED_FIELDS_SAY_SO, wanted) if wanted else []


def page_problems(page) -> list[str]:
    return (
        skip_link_problems(page)
        + page.evaluate(AUDIT)
        + unnamed_controls(page)
        + page.evaluate(FOCUS_RINGS)
        + required_field_problems(page)
    )


def kind_of(path: str) -> str:
    """/members/12/ and /members/30/ are one kind of page; so are two searches."""
    url = urlsplit(path)
    keys = ",".join(sorted(parse_qs(url.query)))
    return re.sub(r"\d+", "N", url.path) + (f"?{keys}" if keys else "")


def walk_and_check(page) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every page reachable from the home page, one of each kind: problems and titles."""
    queue, kinds = ["/"], {kind_of("/")}
    problems: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    while queue and len(titles) < 100:
        path = queue.pop(0)
        response = page.goto(path)
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        titles[kind_of(path)] = page.title()
        problems[path] = page_problems(page)
        if response.status != 200:
            problems[path].append(f"a link leads to a {response.status}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlsplit(urljoin(page.url, href))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc != urlsplit(page.url).netloc or NOT_PAGES.search(url.path):
                continue
            if kind_of(target) not in kinds:
                kinds.add(kind_of(target))
                queue.append(target)
    return problems, titles


def subject_names() -> re.Pattern[str]:
    """What pages are about: members, keeper people, asks and gatherings, longest first."""
    names = {
        *Member.objects.values_list("name", flat=True),
        *Person.objects.values_list("name", flat=True),
        *Ask.objects.values_list("title", flat=True),
        *Gathering.objects.values_list("title", flat=True),
    }
    alternatives = (
        re.escape(name) for name in sorted(filter(str.strip, names), key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


@pytest.mark.parametrize("who", ["ana", "ben", "signed out"])
def test_every_demo_page_can_be_used_without_a_mouse_or_without_sight(new_page, who):
    demo_community_seed()
    page = new_page()
    if who != "signed out":
        log_in(page, who, DEMO_PASSWORD)

    problems, titles = walk_and_check(page)

    assert {path: found for path, found in problems.items() if found} == {}
    assert set(SECTIONS[who]) <= set(titles), "the walk missed pages it should reach"
    assert all(title.endswith(" · Rapport") and len(title) > 10 for title in titles.values())
    # Words only: a block left open in a template once put a section's markup in a title.
    assert {kind: title for kind, title in titles.items() if "<" in title or len(title) > 120} == {}
    # Each kind of page is told apart by its title, as kind_of tells them apart by their
    # addresses: with its subject's name masked (as kind_of masks ids), no two titles are
    # alike. So a page about someone says what it is ("Grace Mensah — in your keeper",
    # "Ben Okafor — profile"), and a filtered list says its filter.
    subjects = subject_names()
    masked: dict[str, list[str]] = {}
    for kind, title in titles.items():
        if kind not in PREFILLED:
            masked.setdefault(subjects.sub("N", title), []).append(kind)
    assert {title: kinds for title, kinds in masked.items() if len(kinds) > 1} == {}
    assert masked.get("N · Rapport", []) == [], "titled with a name and nothing else"


def test_a_page_that_is_not_there_is_checked_too(new_page):
    page = new_page()
    page.goto("/no-such-page/")

    assert page_problems(page) == []
    assert page.title() == "Not found · Rapport"


# --- Colours ----------------------------------------------------------------------

TEXT_COLOURS = ["--ink", "--ink-soft", "--accent", "--good", "--bad"]
BACKGROUNDS = ["--paper", "--paper-soft", "--accent-soft", "--bad-soft"]


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_palette_keeps_text_readable_and_focus_visible(new_page):
    """Every text colour of the stylesheet on every background it sets reaches 4.5:1; so
    does white on the buttons; the focus ring's two colours (yellow over a dark edge)
    stand out at 3:1 from any background, whichever of the two meets it."""
    page = new_page()
    page.goto("/")
    names = TEXT_COLOURS + BACKGROUNDS + ["--accent-ink", "--focus"]
    colour = page.evaluate(
        "names => Object.fromEntries(names.map(n => "
        "[n, getComputedStyle(document.documentElement).getPropertyValue(n).trim()]))",
        names,
    )
    assert all(re.fullmatch(r"#[0-9a-f]{6}", value) for value in colour.values()), colour

    weak = {
        (text, ground): round(contrast(colour[text], colour[ground]), 2)
        for text in TEXT_COLOURS
        for ground in BACKGROUNDS
        if contrast(colour[text], colour[ground]) < 4.5
    }
    assert weak == {}
    for button in ("--accent", "--bad"):
        assert contrast(colour["--accent-ink"], colour[button]) >= 4.5
    for ground in [*BACKGROUNDS, "--ink", "--accent"]:
        ring = max(
            contrast(colour["--focus"], colour[ground]), contrast(colour["--ink"], colour[ground])
        )
        assert ring >= 3, ground


# --- Forms ------------------------------------------------------------------------


def accessible_field(page, selector: str) -> dict[str, object]:
    """The field's role, name, description and states as chromium exposes them."""
    session = page.context.new_cdp_session(page)
    try:
        document = session.send("DOM.getDocument")
        node_id = session.send(
            "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
        )["nodeId"]
        (node,) = session.send(
            "Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False}
        )["nodes"]
    finally:
        session.detach()
    states = {prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}
    return {
        "name": node["name"]["value"],
        "description": node.get("description", {}).get("value", ""),
        "required": states.get("required", False),
        "invalid": states.get("invalid", "false"),
    }


def test_a_refused_form_says_why_beside_each_field_and_starts_there(new_page):
    page = new_page()
    page.goto("/signup/")
    required = {
        field: accessible_field(page, f"#id_{field}")["required"]
        for field in ("username", "name", "email", "password", "password_again")
    }
    assert required == {
        "username": True, "name": True, "email": False, "password": True, "password_again": True
    }  # fmt: skip

    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#id_username")).to_be_focused()

    for field in ("username", "name", "password"):
        exposed = accessible_field(page, f"#id_{field}")
        error = page.locator(f"#id_{field}_error").inner_text().strip()
        assert exposed["invalid"] == "true", field
        assert error and error in exposed["description"], (field, exposed)
    assert page.evaluate(AUDIT) == []


# --- Live updates -----------------------------------------------------------------


def test_what_htmx_changes_is_read_out_and_focus_follows(new_page):
    demo_community_seed()
    page = new_page()
    log_in(page, "ana", DEMO_PASSWORD)

    # As a note is typed, only the lines of its check that changed are said.
    ana = Member.objects.get(username="ana")
    known = connected_ids(member_id=ana.pk) | {ana.pk}
    for stranger in Member.objects.exclude(pk__in=known).order_by("pk"):
        page.goto(f"/members/{stranger.pk}/connect/")
        if page.locator("textarea[name=note]").count():
            break
    assert page_problems(page) == []  # the request form, reached here for certain
    said = page.locator("#note-check-said")
    assert page.locator("#note-check").get_attribute("aria-live") is None
    assert said.get_attribute("role") == "status"
    note = page.locator("textarea[name=note]")
    note.press_sequentially("Hello there")
    expect(said).to_have_text("Not yet: at least 40 characters Met: at most 600 characters")
    said.evaluate("el => { el.textContent = 'unchanged'; }")
    note.press_sequentially(" again")
    expect(page.locator("#note-check")).to_contain_text("17 characters")
    expect(said).to_have_text("unchanged")  # the same rules: nothing said again
    note.press_sequentially(", we met at the mentoring meetup in Leeds last spring.")
    expect(said).to_contain_text("Met: at least 40 characters")
    expect(said).not_to_contain_text("at most 600")

    # Accepting a request from the keyboard: focus moves to the row's result, a status.
    page.goto("/requests/")
    page.get_by_role("button", name=re.compile("^Accept ")).first.focus()
    page.keyboard.press("Enter")
    result = page.locator("li[role=status]", has_text="are connected")
    expect(result).to_be_focused()

    # A message sent from the keyboard is added to a live list, and typing goes on.
    result.get_by_role("link", name="Open the conversation").click()
    page.get_by_label(re.compile("^Your reply")).fill("Thank you for accepting; coffee soon?")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#messages > li").last).to_contain_text("coffee soon?")
    assert page.locator("#messages").get_attribute("aria-live") == "polite"
    expect(page.get_by_label(re.compile("^Your reply"))).to_be_focused()


# --- Small screens and large text ---------------------------------------------------


def test_the_menus_open_close_and_lead_on_from_the_keyboard_on_a_phone(browser, live_server):
    """On a touch screen, each link of an open menu takes a finger (44 x 44 px, as every
    control of tests/web/test_phone_layout.py); a keyboard opens, walks and closes it."""
    demo_community_seed()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 800},
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)
    too_small = {}
    for menu, first_link in (
        ("People", "Find members"),
        ("Together", "Asks and offers"),
        ("Keeper", "People I keep"),
        ("Ana Ruiz", "Profile"),
    ):
        summary = page.locator("summary", has_text=menu)
        summary.focus()
        page.keyboard.press("Enter")
        shown = page.locator("details[open] .nav__list")
        box = shown.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, menu
        found = page.evaluate(AUDIT, {"touch": 44, "within": "details[open] .nav__list"})
        too_small[menu] = [problem for problem in found if problem.startswith("touch target")]
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=first_link, exact=True)).to_be_focused()
        page.keyboard.press("Escape")
        expect(summary).to_be_focused()
        expect(page.locator("details[open]")).to_have_count(0)
    context.close()
    assert {menu: found for menu, found in too_small.items() if found} == {}


# WCAG's reflow: at 320 CSS px (a 1280 px window at 400 %) nothing scrolls sideways,
# but a data table in its own scrolling box.
NARROW_PAGES = ["/", "/keeper/", "/keeper/due/", "/keeper/circles/", "/keeper/seats/", "/audit/"]


def test_nothing_scrolls_sideways_at_320_px(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)
    page.goto("/keeper/due/")
    someone_due = page.locator("a.person__name").first.get_attribute("href")
    widths = {}
    for path in [*NARROW_PAGES, someone_due]:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert {path: width for path, width in widths.items() if width > 320} == {}


# --- Charts -------------------------------------------------------------------------


def test_every_chart_has_a_name_and_its_numbers_in_words(new_page):
    demo_community_seed()
    page = new_page()
    log_in(page, "ana", DEMO_PASSWORD)

    page.goto("/audit/")
    charts = page.locator("svg.audit-chart")
    assert charts.count() == 2
    for index in range(2):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("role", "img")
        assert chart.evaluate("svg => svg.querySelector('title').textContent.trim()")
        # The same numbers, as a table beside the chart.
        table = chart.locator("xpath=ancestor::section").locator("table")
        assert table.locator("tbody th[scope=row]").count() >= 1

    page.goto("/insights/")
    clusters = page.get_by_role("img", name="Your connections by cluster")
    expect(clusters).to_have_count(1)
    names = clusters.locator("circle > title").all_text_contents()
    caption = page.locator(".insights-figure figcaption").inner_text()
    assert names and all(name in caption for name in names)

    page.goto("/keeper/circles/")
    rings = page.get_by_role("group", name="Your circles")
    marks = rings.get_by_role("link")
    listed = page.locator(".rings-list__people").get_by_role("link").all_inner_texts()
    assert marks.count() == len(listed) > 0
    assert sorted(mark.get_attribute("aria-label") for mark in marks.all()) == sorted(listed)
    # The marks are a mouse's way in; the keyboard's is the list, a few Tab stops into
    # <main> (the keeper's menu, then the list) rather than after every mark.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Skip to content"
    stops = 0
    while not page.evaluate("!!document.activeElement.closest('.rings-list')"):
        stops += 1
        assert stops <= 12, "the Tab key does not reach the list of the people in the picture"
        page.keyboard.press("Tab")


# --- The checks themselves ----------------------------------------------------------

BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title><style>
  .faint { color: #999; } .flat:focus { outline: none; } .tick::before { content: "\\2713 "; }
  .tiny { width: 16px; height: 16px; padding: 0; border: 0; font-size: 10px; }
  .scroller { width: 100px; overflow-x: auto; } .wide { width: 400px; }
  .reaching { position: relative; margin: 14px; } .reaching::after { content: ""; position: absolute; inset: -14px; }
</style></head><body>
  <a href="#main">Skip</a>
  <main id="main"><h1>One</h1><h3>Skipped a level</h3><h1>Two</h1>
    <p class="faint">Grey on white</p>
    <input id="lonely"><button class="flat">Go</button><button></button>
    <table><tr><th>No scope</th></tr></table>
    <svg viewBox="0 0 10 10"><circle r="4"/></svg>
    <p id="twice">a</p><p id="twice">b</p><p class="tick">Met</p>
    <label for="promised">Title (required)</label><input id="promised">
    <p><button class="tiny">1</button><button class="tiny">2</button></p>
    <p>Read <a class="in-sentence" href="/guide">the guide</a> first.</p>
    <p><button class="tiny roomy">3</button></p>
    <div class="scroller"><p class="wide">A line</p></div>
    <div class="scroller" tabindex="0" role="region" aria-label="Wide"><p class="wide">Named</p></div>
    <p><button class="tiny reaching">4</button></p>
  </main><nav><a href="/">Home</a></nav>
</body></html>"""


def test_the_checks_find_what_they_look_for(new_page):
    page = new_page()
    page.goto("about:blank")
    page.set_content(BROKEN_PAGE)
    page.keyboard.press("Tab")

    found = " | ".join(page.evaluate(AUDIT) + unnamed_controls(page) + page.evaluate(FOCUS_RINGS))
    touch = " | ".join(page.evaluate(AUDIT, {"touch": 44}))

    for expected in (
        "lang:", "one h1: body", "heading order: h3", "landmarks: nav", "contrast: p.faint",
        "tables: th", "tables: table", "images: svg", "duplicate id: p#twice",
        "names: a textbox", "names: a button", 'focus: no visible ring on button "Go"',
        "reads out a drawn symbol", 'form required: label "Title (required)"',
        'target size: button.tiny "1"', 'scroll box: div.scroller "A line" — scrolls, but the keyboard',
        'scroll box: div.scroller "A line" — scrolls, but is not a named region',
    ):  # fmt: skip
        assert expected in found, expected
    # A small control with room around it, a link in a sentence and a scrolling box
    # that takes focus and says what it holds are all right.
    for spared in (
        "target size: button.tiny.roomy",
        "target size: a.in-sentence",
        'scroll box: div.scroller "Named',
    ):
        assert spared not in found, spared
    # For a finger, 44 px each way: room around a control is not enough, but an
    # invisible extension of it (::after) is; a link in a sentence keeps its line.
    assert 'touch target: button.tiny.roomy "3"' in touch
    assert "touch target: button.tiny.reaching" not in touch
    assert "touch target: a.in-sentence" not in touch
