#!/usr/bin/env python3
"""A real browser against a real live server: headless Chromium opens the
dashboard, sees the charts update, clicks an instructor control (Pause) and
sees its effect, and saves screenshots. Exits 77 (skipped, said loudly) when
Chromium or its driver is absent.

usage: browser_test.py FAULTLINE_BIN SCENARIO OUT_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import time

SKIP = 77


def skip(why):
    print(f"SKIPPED: browser test: {why}", file=sys.stderr)
    sys.exit(SKIP)


def main():
    binary, scenario, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        skip("chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver python3-selenium)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        skip("python3-selenium is not installed")
    os.makedirs(out_dir, exist_ok=True)

    server = subprocess.Popen([binary, "live", scenario, "--port", "0", "--speed", "4", "--token", "t0ken"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    browser = None
    try:
        line = server.stdout.readline()
        m = re.match(r"viewer: (http://127\.0\.0\.1:\d+/)", line)
        assert m, f"no viewer line: {line!r}"
        base = m.group(1)
        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
            opts.add_argument(a)
        browser = webdriver.Chrome(service=Service(driver), options=opts)
        browser.set_page_load_timeout(20)
        browser.get(base + "?token=t0ken")

        def wait_for(pred, what, timeout=15):
            end = time.time() + timeout
            while time.time() < end:
                if pred():
                    return
                time.sleep(0.2)
            raise AssertionError("timed out waiting for " + what)

        clock = lambda: browser.find_element(By.ID, "clock").text
        wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#charts .chart canvas")) >= 4, "charts")
        first = clock()
        wait_for(lambda: clock() != first, "the clock to move")
        # The charts update: the goodput chart's current value appears and the history grows.
        samples = lambda: browser.execute_script("return hist.times.length")
        n0 = samples()
        wait_for(lambda: samples() > n0 + 2, "new samples in the charts")
        now_text = browser.find_element(By.CSS_SELECTOR, "#charts .chart .now").text
        assert now_text not in ("", "–"), f"goodput chart shows no value: {now_text!r}"
        assert browser.find_element(By.ID, "state").text == "LIVE"
        browser.save_screenshot(os.path.join(out_dir, "live-running.png"))

        # An instructor control: Pause stops the clock and says so.
        browser.find_element(By.ID, "b-pause").click()
        wait_for(lambda: browser.find_element(By.ID, "state").text == "PAUSED", "the PAUSED badge")
        paused_at = clock()
        time.sleep(1.5)
        assert clock() == paused_at, "the clock moved while paused"
        assert "pause" in browser.find_element(By.ID, "actions").text
        browser.save_screenshot(os.path.join(out_dir, "live-paused.png"))

        # Inject an outage from the form: it shows among the active faults.
        browser.find_element(By.ID, "f-kind").send_keys("outage")
        browser.find_element(By.ID, "f-duration").send_keys("20s")
        browser.find_element(By.ID, "b-inject").click()
        wait_for(lambda: "outage" in browser.find_element(By.ID, "faults").text, "the injected fault")
        browser.find_element(By.ID, "b-resume").click()
        wait_for(lambda: browser.find_element(By.ID, "state").text == "LIVE", "LIVE again")
        time.sleep(4)
        browser.save_screenshot(os.path.join(out_dir, "live-outage.png"))
        print("browser test passed; screenshots in " + out_dir)
        return 0
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
