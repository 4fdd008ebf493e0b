"""What the web tests share: a throwaway database driven by the command line, `tiendo serve` on
loopback, plain HTTP requests with a session, and a real browser (headless Chromium through
Selenium) logged in as a person would.

A test file does:

    import common
    workspace = common.Workspace("name")      # reads PATH_TO_TIENDO from sys.argv[1]
    workspace.cli("demo")
    workspace.add_account("admin", "admin")
    server = workspace.serve()                # `tiendo serve --listen 127.0.0.1:0`
    session = server.login("admin")
    answer = server.post_form("/baselines", session, {"name": "q4",
                                                      "csrf_token": server.csrf(session)})
    browser = common.Browser(server)          # None-safe: common.browser_or_skip() first
    browser.login("admin")
    ...
    common.finish()                           # exit 0 when every check passed, 1 otherwise

Each check prints "ok" or "FAIL" with its name, so a failing run says what failed.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

TIENDO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
FAILED = []


def check(name, ok, detail=""):
    if ok:
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {str(detail)[:2000]}", flush=True)
    return bool(ok)


def finish():
    if FAILED:
        print(f"{len(FAILED)} check(s) failed: {', '.join(FAILED)}")
        sys.exit(1)
    print("every check passed")
    sys.exit(0)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def cookie(self, name):
        """The value a Set-Cookie header gives `name` (an answer may carry several)."""
        for key, value in self.headers:
            if key.lower() == "set-cookie" and value.startswith(name + "="):
                return value.split(";", 1)[0].split("=", 1)[1]
        return None

    def json(self):
        return json.loads(self.text)

    def summary(self):
        return f"{self.status} Location={self.header('Location')!r} body={self.body[:600]!r}"


class Workspace:
    """A temporary folder with one SQLite database, driven by the command line."""

    def __init__(self, name, today="2026-12-07"):
        if TIENDO is None:
            sys.exit(f"usage: {os.path.basename(sys.argv[0])} PATH_TO_TIENDO")
        self.work = tempfile.mkdtemp(prefix=f"tiendo-{name}-")
        self.db = os.path.join(self.work, f"{name}.db")
        self.env = dict(os.environ, USER=f"{name}tester", LC_ALL="C.UTF-8")
        if today:
            self.env["TIENDO_TODAY"] = today
        self.env.pop("TIENDO_DB", None)
        self.passwords = {}

    def cli(self, *args, stdin=None, expect=0):
        process = subprocess.run([TIENDO, "--db", self.db, *args], input=stdin,
                                 capture_output=True, text=True, env=self.env, cwd=self.work,
                                 timeout=300)
        if expect is not None and process.returncode != expect:
            raise RuntimeError(f"tiendo {' '.join(args)} exited {process.returncode}: "
                               f"{process.stderr.strip()[:800]}")
        return process

    def cli_json(self, *args):
        return json.loads(self.cli(*args, "--format", "json").stdout)

    def add_account(self, name, role, *provinces):
        self.passwords[name] = f"secret-password-{name}"
        arguments = ["user", "add", name, "--role", role, "--password-stdin"]
        for province in provinces:
            arguments += ["--province", province]
        self.cli(*arguments, stdin=self.passwords[name] + "\n")

    def changes(self):
        return self.cli_json("history", "--limit", "1000000")["changes"]

    def serve(self, *extra):
        return Server(self, *extra)

    def remove(self):
        shutil.rmtree(self.work, ignore_errors=True)


class Server:
    """`tiendo serve` on a free loopback port; stop() ends it with SIGTERM."""

    def __init__(self, workspace, *extra):
        self.workspace = workspace
        self.process = subprocess.Popen(
            [TIENDO, "serve", "--db", workspace.db, "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE,
            stderr=open(os.path.join(workspace.work, "server.stderr"), "ab"),
            env=workspace.env, cwd=workspace.work)
        line = self.process.stdout.readline().decode()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"tiendo serve printed {line!r}")
        self.port = int(match.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, method, target, session=None, body=None, headers=None, cookies=""):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = dict(headers or {})
        jar = [f"tiendo_session={session}"] if session else []
        if cookies:
            jar.append(cookies)
        if jar:
            headers["Cookie"] = "; ".join(jar)
        if isinstance(body, str):
            body = body.encode()
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        answer = Answer(response.status, response.getheaders(), response.read())
        connection.close()
        return answer

    def get(self, target, session=None, headers=None):
        return self.request("GET", target, session, headers=headers)

    def post_form(self, target, session, fields):
        """A form POST; `fields` is a dict or a list of pairs (a name may repeat)."""
        return self.request("POST", target, session, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, method, target, session=None, payload=None, token=None, headers=None):
        """A JSON API call, by session (with its CSRF header) or by bearer token."""
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif session and method not in ("GET", "HEAD"):
            headers["X-CSRF-Token"] = self.csrf(session)
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        return self.request(method, target, session, body, headers)

    def login(self, name, password=None):
        """Logs in through the form and answers the session cookie's value."""
        answer = self.request("GET", "/login")
        token = answer.cookie("tiendo_login") or ""
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                 answer.text))
        hidden.update({"username": name,
                       "password": password or self.workspace.passwords[name]})
        answer = self.request("POST", "/login", None, urllib.parse.urlencode(hidden).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"},
                              cookies=f"tiendo_login={token}")
        session = answer.cookie("tiendo_session")
        if not session:
            raise RuntimeError(f"login of {name} failed: {answer.summary()}")
        return session

    def csrf(self, session):
        return json.loads(self.request("GET", "/api/v1/session", session).text)["csrf_token"]

    def form_fields(self, target, session):
        """The hidden fields of the page's forms (csrf_token, version, ...), by name."""
        answer = self.get(target, session)
        return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                               answer.text))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else \
    shutil.which("chromedriver")


def browser_or_skip():
    """Imports Selenium, or skips the test (exit 0, saying why) where Chromium is missing.

    Debian's python3-selenium belongs to Debian's Python; when another python3 runs the test
    (pyenv, a virtual environment), the test runs itself again with /usr/bin/python3."""
    if not CHROMIUM or not CHROMEDRIVER:
        print("SKIPPED: this test needs chromium and chromedriver "
              "(Debian: apt-get install chromium chromium-driver; `make deps` does it)")
        sys.exit(0)
    try:
        import selenium  # noqa: F401
    except ImportError:
        if os.path.exists("/usr/bin/python3") and \
                os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3",
                     ["/usr/bin/python3", os.path.abspath(sys.argv[0]), *sys.argv[1:]])
        print("FAIL: python3-selenium is not installed (Debian: apt-get install python3-selenium)")
        sys.exit(1)


class Browser:
    """Headless Chromium at a given width, on one server."""

    def __init__(self, server, width=1366, height=1000, language="vi"):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         f"--window-size={width},{height}", f"--lang={language}"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(120)
        # Chromium keeps a window at least 500 px wide, whatever --window-size asks: a phone's
        # width is emulated instead, so that "no sideways scroll at 390 px" is checked at 390.
        self.phone_width = width if width < 500 else None
        if self.phone_width:
            self._emulate(height)
        self.server = server
        self.base = server.base

    def _emulate(self, height):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.phone_width, "height": height, "deviceScaleFactor": 1, "mobile": True})

    def resize(self, width, height=1000):
        """The window at `width` (a phone's, below 500 px, emulated as at the start)."""
        if width < 500:
            self.phone_width = width
            self._emulate(height)
        else:
            if self.phone_width:
                self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            self.phone_width = None
            self.driver.set_window_size(width, height)

    def quit(self):
        self.driver.quit()

    def open(self, path):
        self.driver.get(self.base + path)
        return self.driver

    def find(self, selector):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def field(self, name):
        from selenium.webdriver.common.by import By
        found = self.driver.find_elements(By.NAME, name)
        return found[0] if found else None

    def fill(self, name, value):
        """Types `value` into the field `name` (a text box, or picks the option of a list whose
        value or visible text is `value`)."""
        from selenium.webdriver.support.ui import Select
        element = self.field(name)
        if element is None:
            raise RuntimeError(f"no field {name} on {self.driver.current_url}")
        if element.tag_name == "select":
            choice = Select(element)
            for option in choice.options:
                if option.get_attribute("value") == value or option.text.strip() == value:
                    choice.select_by_visible_text(option.text)
                    return element
            raise RuntimeError(f"no option {value!r} in {name} on {self.driver.current_url}")
        element.clear()
        element.send_keys(value)
        return element

    def submit(self, selector="main form button[type=submit]"):
        """Clicks the (first) submit button and waits for the next page to load."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait
        buttons = self.find(selector) or self.find("form button[type=submit]")
        old = self.driver.find_element("tag name", "html")
        buttons[0].click()

        def left(driver):
            # The old page is gone once its root element is: Chromium says so with a stale
            # reference or, while the next document is being attached, with another inspector
            # error ("Node with given id does not belong to the document").
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True

        WebDriverWait(self.driver, 60).until(left)
        WebDriverWait(self.driver, 60).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete")

    def text(self):
        return self.driver.find_element("tag name", "body").text

    def login(self, name, password=None):
        self.open("/login")
        self.fill("username", name)
        self.fill("password", password or self.server.workspace.passwords[name])
        self.submit("form button[type=submit]")

    def screenshot(self, path):
        """A screenshot of the whole page (its full height), for a person to look at."""
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        if self.phone_width:
            self._emulate(min(max(height, 600), 12000))
            self.driver.save_screenshot(path)
            self._emulate(1000)
            return
        width = self.driver.get_window_size()["width"]
        self.driver.set_window_size(width, min(max(height, 600), 12000))
        self.driver.save_screenshot(path)
        self.driver.set_window_size(width, 1000)

    def scrolls_sideways(self):
        """True when the page is wider than the window (a phone would scroll sideways)."""
        return self.driver.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth + 1")
