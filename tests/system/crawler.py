"""A same-site crawler for the leak test: follow every link a persona is shown, read every answer.

It drives Django's test client breadth-first from some start pages, follows the `href` of
links, `hx-get` addresses, the `src` of frames, GET forms, redirects and the links inside PDFs,
feeds and calendars, and reads every answer as text: HTML and other text as it is, PDFs
through pypdf (text, metadata and annotations, links), ZIP archives member by member, and the
response headers (a paper's title travels in its Content-Disposition). In that text it finds
canaries: `CNRY` and four digits, the number naming one cell of the leak test's world.

It only ever sends GET and submits no form: POST-only addresses answer 405, the logout
button and the admin's add, delete and history pages are not followed, and the admin's
page for each object (a form) only when asked, a few of each model. So crawling changes
nothing but read receipts, audit entries and the dashboard's last visit. The POST forms it
is shown are noted (address and fields), for a test to send them as someone else (`post`).
"""

import html
import io
import logging
import re
import time
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from pypdf import PdfReader

CANARY = re.compile(r"CNRY(\d{4})", re.IGNORECASE)
# PDFs may break a long word across lines (or hyphenate it): read them once more without.
_PDF_BREAKS = re.compile(r"-?\s+")
_ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>\\]+""")

# Never followed: sign-out, static files, the admin's forms that add, delete or show history.
_SKIPPED_PATHS = (
    re.compile(r"^/static/"),
    re.compile(r"^/accounts/logout/"),
    re.compile(r"^/admin/(logout|password_change|jsi18n|r)/"),
    re.compile(r"^/admin/.+/(add|delete|history|password)/$"),
)
# The admin's page for one object (group 1: its model's list): a bounded few of each model,
# and only when asked. Its lists are always followed.
_ADMIN_OBJECT = re.compile(r"^(/admin/[^/]+/[^/]+/)[^/]+/(change/)?$")
_ADMIN = re.compile(r"^/admin/")
# Parameters that change only how a document is handed over (inline or as an attachment),
# never what it holds: one fetch of each document is enough.
_PRESENTATION = {"inline", "download"}


def canaries_in(text: str) -> set[int]:
    """The numbers of the canaries in `text`."""
    return {int(number) for number in CANARY.findall(text)}


@dataclass(frozen=True)
class PostForm:
    """A POST form a page showed: where it posts, and its fields with their given values."""

    action: str
    fields: tuple[tuple[str, str], ...]


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    text: str
    links: list[str]
    forms: list[PostForm] = field(default_factory=list)


@dataclass
class CrawlResult:
    """What one persona reached: every URL with its status, and where each canary showed."""

    persona: str
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    found: dict[int, set[str]] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    truncated: bool = False
    post_forms: set[PostForm] = field(default_factory=set)

    @property
    def urls(self) -> list[str]:
        return list(self.statuses)


class _Links(HTMLParser):
    """The same-page addresses an HTML page offers to a GET: links, hx-get, frames, GET forms.

    POST forms are collected too, with the values of their inputs, never followed.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.post_forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._post_form: tuple[str, list[tuple[str, str]]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "hx-get", "data-hx-get"):
            if attrs.get(name) and (name != "href" or tag in ("a", "area", "link")):
                if tag == "link" and attrs.get("rel") == "stylesheet":
                    continue
                self.links.append(attrs[name])
        if tag in ("iframe", "frame", "embed", "img", "script") and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "object" and attrs.get("data"):
            self.links.append(attrs["data"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.links.append(attrs.get("action") or "")
        elif tag == "form":
            self._post_form = (attrs.get("action") or "", [])
            self.post_forms.append(self._post_form)
        if tag in ("input", "button", "textarea") and self._post_form and attrs.get("name"):
            self._post_form[1].append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._post_form = None


def _site_hosts() -> set[str]:
    hosts = {"", "testserver", "localhost", "127.0.0.1"}
    hosts.add(urlsplit(settings.SITE_URL).netloc)
    return hosts


def _outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        else:
            titles.append(str(entry.title))
    return titles


# What annotations say: a note's text (a reader's notes are exported as annotations), its
# author, its subject.
_ANNOTATION_TEXTS = ("/Contents", "/T", "/Subj", "/RC")


def _pdf_text(content: bytes) -> tuple[str, list[str]]:
    """A PDF's text: metadata, bookmarks, every page's text and annotations; and its links."""
    reader = PdfReader(io.BytesIO(content))
    parts, links = [], []
    for value in (reader.metadata or {}).values():
        parts.append(str(value))
    parts += _outline_titles(reader.outline)
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            parts += [str(annotation[key]) for key in _ANNOTATION_TEXTS if key in annotation]
            action = annotation.get("/A") or {}
            if action.get("/URI"):
                links.append(str(action["/URI"]))
    text = "\n".join(parts)
    return text + "\n" + _PDF_BREAKS.sub("", text), links


class Crawler:
    """Breadth-first, de-duplicated and bounded GETs through one test client."""

    def __init__(
        self,
        client,
        persona: str,
        *,
        max_pages: int = 4000,
        queries_per_path: int = 4,
        admin_objects: int = 0,
    ):
        self.client = client
        self.admin_objects = admin_objects  # how many objects of each model, in the admin
        self.result = CrawlResult(persona)
        self.max_pages = max_pages
        self.queries_per_path = queries_per_path
        self.queue: deque[str] = deque()
        self.queued: set[str] = set()
        self.queries: dict[str, int] = {}
        self.admin_pages: dict[str, int] = {}
        self.hosts = _site_hosts()

    # -- addresses -------------------------------------------------------------------------

    def normalise(self, link: str, base: str = "/") -> str | None:
        """`link` as a same-site path (with its query), or None if it is not to be followed."""
        link = html.unescape(link or "").strip()
        if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(urljoin("http://testserver" + base, link))
        if parts.scheme not in ("http", "https") or parts.netloc not in self.hosts:
            return None
        path = parts.path or "/"
        if any(pattern.search(path) for pattern in _SKIPPED_PATHS):
            return None
        query = ""
        if not _ADMIN.search(path):  # the admin's lists are fetched unsorted and unfiltered
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            query = urlencode([(k, v) for k, v in pairs if k not in _PRESENTATION])
        return f"{path}?{query}" if query else path

    def add(self, link: str, base: str = "/") -> None:
        url = self.normalise(link, base)
        if url is None or url in self.queued:
            return
        path, _, query = url.partition("?")
        if query:
            # Filters, sorting and pagination: a few of each page prove the point.
            if self.queries.get(path, 0) >= self.queries_per_path:
                return
            self.queries[path] = self.queries.get(path, 0) + 1
        admin_object = _ADMIN_OBJECT.match(path)
        if admin_object:
            model = admin_object.group(1)
            if self.admin_pages.get(model, 0) >= self.admin_objects:
                return
            self.admin_pages[model] = self.admin_pages.get(model, 0) + 1
        self.queued.add(url)
        self.queue.append(url)

    # -- fetching --------------------------------------------------------------------------

    def run(self, *seeds: str) -> CrawlResult:
        """Fetch `seeds` and everything they lead to (not yet fetched), breadth-first."""
        for seed in seeds:
            self.add(seed)
        # Hundreds of 404s are the point, not news; server errors are collected below.
        logger = logging.getLogger("django.request")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            self._drain()
        finally:
            logger.setLevel(level)
        return self.result

    def _drain(self) -> None:
        while self.queue:
            if len(self.result.statuses) >= self.max_pages:
                self.result.truncated = True
                break
            url = self.queue.popleft()
            page = self.fetch(url)
            for link in page.links:
                self.add(link, base=url.partition("?")[0])

    def fetch(self, url: str) -> Page:
        started = time.process_time()
        response = self.client.get(url)
        status = response.status_code
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        # Reading a streamed answer to its end closes it, as the test client does the others
        # (a second close would fire request_finished, and close the test's connection).
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        text, links, forms = self.read_page(url, content_type, body)
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        if status in (301, 302, 303, 307, 308) and response.get("Location"):
            links.append(response["Location"])
        self.result.statuses[url] = status
        self.result.seconds[url] = time.process_time() - started
        if status >= 500:
            self.result.server_errors.append(f"{status} {url}")
        # A canary in the address itself is the asker's own word echoed back, not a leak.
        asked = canaries_in(unquote(url))
        for number in canaries_in(text + "\n" + headers) - asked:
            self.result.found.setdefault(number, set()).add(url)
        self.result.post_forms.update(forms)
        return Page(url, status, content_type, text, links, forms)

    def post(self, url: str, data: dict) -> int:
        """POST `data` to `url` and read the answer as `fetch` reads one; its status."""
        started = time.process_time()
        response = self.client.post(url, data)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        text, _ = self.read(url, content_type, body)
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        key = f"POST {url}"
        self.result.statuses[key] = response.status_code
        self.result.seconds[key] = time.process_time() - started
        if response.status_code >= 500:
            self.result.server_errors.append(f"{response.status_code} {key}")
        for number in canaries_in(text + "\n" + headers) - canaries_in(unquote(url)):
            self.result.found.setdefault(number, set()).add(key)
        return response.status_code

    def read_page(self, url: str, content_type: str, body: bytes):
        """`read`, and the POST forms of an HTML page (their actions made same-site paths)."""
        text, links = self.read(url, content_type, body)
        if "html" not in content_type:
            return text, links, []
        parser = _Links()
        parser.feed(body.decode("utf-8", errors="replace"))
        base = url.partition("?")[0]
        forms = []
        for action, fields in parser.post_forms:
            path = self.normalise(action or base, base)
            if path is not None:
                forms.append(PostForm(path, tuple(fields)))
        return text, links, forms

    def read(self, url: str, content_type: str, body: bytes) -> tuple[str, list[str]]:
        """The text of an answer and the links in it."""
        try:
            if content_type == "application/pdf" or body[:5] == b"%PDF-":
                return _pdf_text(body)
            if content_type in ("application/zip", "application/x-zip-compressed"):
                return self._zip_text(url, body)
        except Exception as error:  # an unreadable document could hide anything
            self.result.unread.append(f"{url}: {type(error).__name__}: {error}")
            return body.decode("latin-1"), []
        text = body.decode("utf-8", errors="replace")
        if content_type == "text/calendar":
            text = re.sub(r"\r?\n[ \t]", "", text)  # unfold long lines (RFC 5545, 3.1)
        if "html" in content_type:
            parser = _Links()
            parser.feed(text)
            return text + "\n" + html.unescape(text), parser.links
        # Feeds, calendars, CSV and JSON: any address of the site in them.
        links = _ABSOLUTE_URL.findall(text) + re.findall(r"""href=["']([^"']+)""", text)
        return text, links

    def _zip_text(self, url: str, body: bytes) -> tuple[str, list[str]]:
        texts, links = [], []
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                member = archive.read(name)
                kind = "application/pdf" if member[:5] == b"%PDF-" else "text/plain"
                text, found = self.read(f"{url}!{name}", kind, member)
                texts += [name, text]
                links += found
        return "\n".join(texts), links
