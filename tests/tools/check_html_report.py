#!/usr/bin/env python3
"""Opens reflint's HTML report in headless Chromium through Selenium (Debian chromium,
chromium-driver, python3-selenium) and checks it against the JSON findings of the same run: the
totals and per-rule counts in the DOM equal the JSON's; choosing each rule in the filter shows
exactly that rule's findings, and so does the address's #rule= (a filtered view can be linked);
the page requests nothing but itself (Chromium's own network log of the page). Prints a summary;
exits 1 on any problem, 77 when a tool is missing.

    check_html_report.py REPORT.html FINDINGS.json [SCREENSHOT_DIR]"""
import collections
import json
import os
import shutil
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError:
    print('check_html_report: python3-selenium is not installed (tools/setup.sh --test)')
    sys.exit(77)

CHROMIUM, DRIVER = shutil.which('chromium'), shutil.which('chromedriver')
LEVELS = ['error', 'warning', 'note']


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--window-size=1280,1600', f'--user-data-dir={profile}'):
        options.add_argument(flag)
    options.set_capability('goog:loggingPrefs', {'performance': 'ALL'})
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def page_requests(driver):
    """Every URL the page asked for since the last call, from Chromium's DevTools network events."""
    urls = []
    for entry in driver.get_log('performance'):
        message = json.loads(entry['message'])['message']
        if message['method'] == 'Network.requestWillBeSent':
            urls.append(message['params']['request']['url'])
    return urls


def visible_rules(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.finding')).filter(f => !f.hidden).map(f => f.dataset.rule)")


def main():
    if CHROMIUM is None or DRIVER is None:
        print('check_html_report: chromium or chromium-driver is not installed (tools/setup.sh --test)')
        return 77
    report, findings_file = os.path.abspath(sys.argv[1]), sys.argv[2]
    screenshots = sys.argv[3] if len(sys.argv) > 3 else None
    with open(findings_file) as file:
        findings = [json.loads(line) for line in file if line.strip()]
    levels = collections.Counter(finding['level'] for finding in findings)
    by_rule = collections.defaultdict(lambda: [0, 0, 0])
    for finding in findings:
        by_rule[finding['rule']][LEVELS.index(finding['level'])] += 1
    problems = []
    with open(report, encoding='utf-8') as file:
        source = file.read()
    # Markup that loads something (addresses in messages and links are text and <a>, never loaded).
    for resource in ('src=', 'url(', '@import', '<link', '<img', '<iframe', '<object', '<embed', '<video', '<audio'):
        occurrences = source.count(resource)
        if occurrences > 0:
            problems.append(f'the report holds {resource!r} {occurrences} times: a resource it could load')
    profile = tempfile.mkdtemp(prefix='reflint-chromium-')
    driver = browser(profile)
    try:
        address = 'file://' + report
        page_requests(driver)  # the browser's own start page, before the report
        started = time.monotonic()
        driver.get(address)
        seconds = time.monotonic() - started
        totals = driver.execute_script(
            "return Object.fromEntries(Array.from(document.querySelectorAll('#totals div'))"
            ".map(d => [d.dataset.level, Number(d.querySelector('dd').textContent)]))")
        expected = {'all': len(findings), **{level: levels[level] for level in LEVELS}}
        if totals != expected:
            problems.append(f'totals {totals}, the JSON has {expected}')
        rows = driver.execute_script(
            "return Object.fromEntries(Array.from(document.querySelectorAll('#rules tbody tr')).map(r => "
            "[r.dataset.rule, Array.from(r.querySelectorAll('td.count')).map(c => Number(c.textContent))]))")
        if rows != dict(by_rule):
            problems.append(f'per-rule rows {rows}, the JSON has {dict(by_rule)}')
        if len(visible_rules(driver)) != len(findings):
            problems.append(f'{len(visible_rules(driver))} findings shown unfiltered, the JSON has {len(findings)}')
        if screenshots:
            driver.save_screenshot(os.path.join(screenshots, 'report-top.png'))
        for rule in sorted(by_rule):
            Select(driver.find_element(By.NAME, 'rule')).select_by_visible_text(rule)
            shown = visible_rules(driver)
            if shown != [rule] * sum(by_rule[rule]):
                problems.append(f'choosing {rule} shows {collections.Counter(shown)}, expected {sum(by_rule[rule])}')
        Select(driver.find_element(By.NAME, 'rule')).select_by_index(0)
        first_rule = sorted(by_rule)[0] if by_rule else None
        if first_rule:
            driver.get(address + '#rule=' + first_rule)
            driver.refresh()
            if visible_rules(driver) != [first_rule] * sum(by_rule[first_rule]):
                problems.append(f'#rule={first_rule} does not show exactly its findings')
            if screenshots:
                driver.find_element(By.ID, 'filters').location_once_scrolled_into_view
                driver.save_screenshot(os.path.join(screenshots, 'report-filtered.png'))
        # Chromium's own pages (chrome://) and in-memory data: URLs (the browser's, below: the
        # report names none) reach no network; anything else but the report would.
        others = [url for url in page_requests(driver)
                  if not url.startswith(('file://' + report, 'chrome://', 'chrome-untrusted://', 'about:', 'data:'))]
        if others:
            problems.append(f'the page requested {others[:5]}')
        print(f'{len(findings)} findings, {len(by_rule)} rules filtered, {len(others)} requests besides the report, '
              f'{os.path.getsize(report)} bytes, loaded in {seconds:.2f} s')
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    for problem in problems:
        print('check_html_report:', problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
