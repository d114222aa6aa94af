"""The review site in a real browser: headless Chromium (Debian's), driven by Playwright.

Checks that the index lists every article, that every finding of every article page is highlighted and
listed, that the toggle shows the cleaned text, that keys move from finding to finding, and that article
text with <script> in it renders as text. Saves screenshots as artifacts.
"""
import pathlib
import sys

from playwright.sync_api import sync_playwright

site = pathlib.Path(sys.argv[1]).resolve()
artifacts = pathlib.Path(sys.argv[2]).resolve()
artifacts.mkdir(parents=True, exist_ok=True)
passed = failed = 0


def check(description, condition):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {description}")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )
    index = browser.new_page(viewport={"width": 1400, "height": 900})
    index.goto(site.joinpath("index.html").as_uri())
    rows = index.locator("#articles tbody tr")
    links = [a.get_attribute("href") for a in index.locator("#articles tbody a").all()]
    check("the index lists the articles", rows.count() == len(links) and len(links) >= 5)
    scores = [float(r.locator("td").nth(1).inner_text()) for r in rows.all()]
    check("the index is worst first", scores == sorted(scores))
    index.locator("#articles th", has_text="score").click()
    index.locator("#articles th", has_text="score").click()
    resorted = [float(r.locator("td").nth(1).inner_text()) for r in rows.all()]
    check("a column header sorts the table", resorted == sorted(scores, reverse=True))
    index.screenshot(path=str(artifacts / "index.png"))

    for link in links:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(site.joinpath(link).as_uri())
        name = page.locator("header").inner_text()
        items = page.locator("#findings li").count()
        marks = page.locator("#original mark[id^='f']").count()
        check(f"{name}: every finding has its highlight", marks == items)
        for i in range(items):
            mark = page.locator(f"#f{i}")
            if mark.count() != 1 or mark.get_attribute("data-category") is None:
                check(f"{name}: finding {i} is highlighted with its category", False)
        labels = page.locator("#original sup.tag").count()
        check(f"{name}: every finding has a text label", labels == items)
        if items:
            page.keyboard.press("n")
            check(f"{name}: n goes to the first finding",
                  page.evaluate("document.activeElement.id") == page.locator("#original mark[id^='f']").first.get_attribute("id"))
            page.keyboard.press("n")
            check(f"{name}: the side list follows", page.locator("#findings li.current").count() == 1)
        check(f"{name}: the original shows first", page.locator("#original").is_visible()
              and not page.locator("#cleaned").is_visible())
        page.locator("#toggle").click()
        check(f"{name}: the toggle shows the cleaned text", page.locator("#cleaned").is_visible()
              and not page.locator("#original").is_visible())
        page.locator("#toggle").click()
        check(f"{name}: and back", page.locator("#original").is_visible())
        if "html-injection" in name:
            check("article <script> does not run", page.title() != "pwned")
            check("article <script> shows as text", "<script>document.title" in page.locator("#original").inner_text())
            check("article markup shows as text", "<img src=x onerror=" in page.locator("#original").inner_text())
            page.screenshot(path=str(artifacts / "injection.png"))
        if "003_" in name:
            page.screenshot(path=str(artifacts / "article-003.png"))
        page.close()
    browser.close()

print(f"browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
