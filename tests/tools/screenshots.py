"""The README's screenshots (docs/*.png), taken from the demo database in headless Chromium.

Usage: ./dev screenshots [--only NAME]   (starts its own Odoo on the demo database, then runs:)
       python tests/tools/screenshots.py --url http://127.0.0.1:8169 --db crmpack --out docs

Logs in as admin through /web/session/authenticate, hands the session cookie to Chromium, opens
each screen of SCREENS, waits until it is drawn, and saves a PNG reduced to 256 colours (small
files). Chromium is driven over the DevTools protocol (websocket-client). Retake them whenever a
screen changes.
"""

import argparse
import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import websocket

WIDTH, HEIGHT = 1280, 760

# name, path (Odoo 18 URL), selector that is there once the screen is drawn, script run after it.
SCREENS = [
    ("customer-journeys", "/odoo/action-crm_journey.res_partner_journey_action",
     ".o_kanban_record:not(.o_kanban_ghost)", None),
    ("customer-360", "/odoo/action-crm_journey.res_partner_journey_action",
     ".o_kanban_record:not(.o_kanban_ghost)",
     "document.querySelector('.o_kanban_record:not(.o_kanban_ghost)').click()"),
    ("log-action", "/odoo/action-crm_journey.res_partner_journey_action",
     ".o_kanban_record:not(.o_kanban_ghost)",
     "document.querySelector('.o_kanban_record:not(.o_kanban_ghost)').click()"),
    ("customer-base", "/odoo/action-crm_portfolio.res_partner_customer_base_action",
     ".o_data_row", None),
    ("portfolio-board", "/odoo/action-crm_portfolio.crm_portfolio_board_action",
     ".o_kanban_record:not(.o_kanban_ghost), .o_data_row", None),
    ("action-history", "/odoo/action-crm_action_flow.crm_action_log_action", ".o_data_row", None),
    ("categorization-settings", "/odoo/settings#crm", "#crm_loyalty_thresholds",
     "(e => (e.closest('.o_settings_container')?.previousElementSibling || e).scrollIntoView())"
     "(document.getElementById('crm_loyalty_thresholds'))"),
]
# Then, step by step: wait for a selector, run a script (open the Journey tab, open a dialog...).
AFTER = {
    "customer-360": [(".o_form_view .o_notebook",
                      "[...document.querySelectorAll('.o_notebook_headers a')]"
                      ".find(a => /Journey/.test(a.textContent))?.click();"
                      "document.querySelector('.o_notebook_headers').scrollIntoView()")],
    "log-action": [(".o_form_view .o_notebook",
                    "[...document.querySelectorAll('.o_form_view button')]"
                    ".find(b => /Log action/.test(b.textContent))?.click()"),
                   (".modal .o_form_view", None)],
}


class Page:
    def __init__(self, ws_url: str):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return res.get("result", {}).get("value")

    def wait_for(self, selector: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        check = (f"!!document.querySelector({json.dumps(selector)})"
                 " && !document.querySelector('.o_loading_indicator, .o_blockUI')")
        while time.monotonic() < deadline:
            if self.js(check):
                time.sleep(1.5)  # let images, fonts and transitions settle
                return
            time.sleep(0.3)
        raise TimeoutError(f"{selector} did not appear")


def login(url: str, db: str, login_: str, password: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps({"jsonrpc": "2.0", "method": "call",
                       "params": {"db": db, "login": login_, "password": password}}).encode()
    req = urllib.request.Request(f"{url}/web/session/authenticate", body, {"Content-Type": "application/json"})
    with opener.open(req, timeout=120) as resp:
        answer = json.load(resp)
    if answer.get("error"):
        raise RuntimeError(f"login failed: {answer['error'].get('message')}")
    return next(c.value for c in jar if c.name == "session_id")


def wait_for_server(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"Odoo did not answer at {url}")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("Chromium not found")


def small_png(data: bytes) -> bytes:
    from PIL import Image

    img = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--only", action="append", help="take only this screen (repeatable)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    wait_for_server(args.url)
    session = login(args.url, args.db, args.login, args.password)
    profile = tempfile.mkdtemp(prefix="crmpack-shots-")
    flags = ["--headless=new", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
             "--force-device-scale-factor=1", "--lang=en-US"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")
    browser = subprocess.Popen([chromium(), *flags, "about:blank"], stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in browser.stderr:
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                port = found.group(1)
                break
        if not port:
            raise RuntimeError("Chromium did not open its DevTools port")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as resp:
            target = next(t for t in json.load(resp) if t["type"] == "page")
        page = Page(target["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Network.enable")
        page.call("Network.setCookie", name="session_id", value=session, url=args.url, path="/")
        page.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)
        for name, path, selector, script in SCREENS:
            if args.only and name not in args.only:
                continue
            page.call("Page.navigate", url=f"{args.url}{path}")
            page.wait_for(selector)
            if script:
                page.js(script)
                time.sleep(0.5)
            for sel, then in AFTER.get(name, []):
                page.wait_for(sel)
                if then:
                    page.js(then)
                    time.sleep(1.5)
            shot = page.call("Page.captureScreenshot", format="png")
            data = small_png(base64.b64decode(shot["data"]))
            (out / f"{name}.png").write_bytes(data)
            print(f"{out / name}.png  {len(data) // 1024} kB")
        page.ws.close()
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=20)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
