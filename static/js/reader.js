// The paper reader: PDF.js draws the copy the download view serves (stamped for the reader at
// AMBER and RED, so the stamp is on screen too), with page thumbnails, search, zoom, keyboard
// navigation and links to a page (#page=7); the reader's private notes are kept through the
// notes endpoint. The Content Security Policy allows no inline script and no eval: this
// module, PDF.js and its worker all come from the portal's static files.
//
// For tests and the bench: the reader's element gets data-first-page-drawn (milliseconds since
// the page began to load) once a first page is drawn, data-pages once the paper is open and
// data-notes-loaded once the notes are listed; each page's element gets data-drawn.

const root = document.getElementById("reader");
const config = root.dataset;
const pagesView = document.getElementById("reader-pages");
const thumbnailsView = document.getElementById("reader-thumbnails");
const statusLine = document.getElementById("reader-status");
const pageInput = document.getElementById("reader-page");
const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const THUMBNAIL_WIDTH = 110;
const PAGE_GAP = 12;

const state = {
  pdf: null,
  pdfjs: null,
  scale: 1,
  pages: [], // {number, div, size: {width, height} at scale 1, viewport, drawnAt, thumbnail}
  current: 1,
  notes: [],
  search: { query: "", hits: [], index: -1 },
  texts: new Map(), // page number → its text content, for search
  pinning: false,
  draft: null, // the note being written: {page, quote, rects}
};

function say(text) {
  statusLine.textContent = text;
}

// -- opening --------------------------------------------------------------------------------

// The stamped copy is asked for at once, while PDF.js loads: the server stamps it meanwhile.
// One request for the whole file: the download view stamps and records each request, and a
// reader's opening is recorded once.
async function fetchPaper() {
  const response = await fetch(config.pdfUrl, { headers: { Accept: "application/pdf" } });
  if (!response.ok) {
    throw new Error(`the portal answered ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function open() {
  const paper = fetchPaper();
  paper.catch(() => {}); // answered below, once PDF.js is there
  const pdfjs = await import(config.pdfjsUrl);
  state.pdfjs = pdfjs;
  pdfjs.GlobalWorkerOptions.workerSrc = config.workerUrl;
  // The worker starts while the paper is still on its way.
  const worker = new pdfjs.PDFWorker();
  let data;
  try {
    data = await paper;
  } catch (error) {
    say(`The paper could not be opened (${error.message}). Try again, or use the download link.`);
    return;
  }
  const task = pdfjs.getDocument({
    data,
    worker,
    // No code compiled at run time: eval (gone from PDF.js since version 5; kept off should
    // an older one come back) nor WebAssembly, which the CSP forbids. JPEG 2000 and JBIG2
    // images are then decoded by the JavaScript decoders vendored under wasmUrl.
    isEvalSupported: false,
    useWasm: false,
    wasmUrl: new URL(config.wasmUrl, document.baseURI).href,
    enableXfa: false,
  });
  try {
    state.pdf = await task.promise;
  } catch (error) {
    say(`The paper could not be opened (${error.message}). Try again, or use the download link.`);
    return;
  }
  const count = state.pdf.numPages;
  document.getElementById("reader-page-count").textContent = `of ${count}`;
  pageInput.max = String(count);
  const first = await state.pdf.getPage(1);
  const size = first.getViewport({ scale: 1 });
  state.scale = fitWidthScale(size.width);
  for (let number = 1; number <= count; number += 1) {
    state.pages.push(makePage(number, { width: size.width, height: size.height }));
  }
  setScale(state.scale, { keepPage: false });
  root.dataset.pages = String(count);
  say(`${count} page${count === 1 ? "" : "s"}.`);
  const wanted = pageFromHash() || 1;
  goTo(wanted, { focus: false });
  await draw(state.pages[wanted - 1]);
  root.dataset.firstPageDrawn = String(Math.round(performance.now()));
  observePages();
  makeThumbnails();
  measureAllPages();
  if (config.notesUrl) {
    loadNotes();
  }
}

function fitWidthScale(width) {
  const available = pagesView.clientWidth - 2 * PAGE_GAP;
  return Math.max(0.5, Math.min(2, available / width));
}

function makePage(number, size) {
  const div = document.createElement("div");
  div.className = "page";
  div.id = `page-${number}`;
  div.dataset.page = String(number);
  div.setAttribute("role", "region");
  div.setAttribute("aria-label", `Page ${number}`);
  pagesView.append(div);
  return { number, div, size, viewport: null, drawnAt: 0, drawing: null, thumbnail: null };
}

// Page sizes other than the first's come in the background, so that scrolling lands right.
async function measureAllPages() {
  for (const entry of state.pages.slice(1)) {
    const page = await state.pdf.getPage(entry.number);
    const { width, height } = page.getViewport({ scale: 1 });
    if (width !== entry.size.width || height !== entry.size.height) {
      entry.size = { width, height };
      sizePage(entry);
    }
  }
}

// -- drawing --------------------------------------------------------------------------------

function sizePage(entry) {
  entry.div.style.width = `${Math.floor(entry.size.width * state.scale)}px`;
  entry.div.style.height = `${Math.floor(entry.size.height * state.scale)}px`;
}

function draw(entry) {
  if (entry.drawnAt === state.scale) {
    return Promise.resolve();
  }
  if (entry.drawing && entry.drawing.scale === state.scale) {
    return entry.drawing.promise;
  }
  const scale = state.scale;
  const promise = drawAt(entry, scale).catch((error) => {
    if (error && error.name !== "RenderingCancelledException") {
      say(`Page ${entry.number} could not be drawn (${error.message}).`);
    }
  });
  entry.drawing = { scale, promise };
  return promise;
}

async function drawAt(entry, scale) {
  const page = await state.pdf.getPage(entry.number);
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.setAttribute("aria-hidden", "true");
  await page.render({
    canvas,
    canvasContext: canvas.getContext("2d"),
    viewport,
    transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
  }).promise;
  if (scale !== state.scale) {
    return; // zoomed meanwhile: the next draw replaces this one
  }
  const text = document.createElement("div");
  text.className = "textLayer";
  const marks = document.createElement("div");
  marks.className = "note-layer";
  entry.div.style.setProperty("--scale-factor", String(scale));
  entry.div.replaceChildren(canvas, text, marks);
  entry.viewport = viewport;
  entry.drawnAt = scale;
  entry.div.dataset.drawn = "true";
  const layer = new state.pdfjs.TextLayer({
    textContentSource: page.streamTextContent(),
    container: text,
    viewport,
  });
  await layer.render();
  markSearchHits(entry);
  drawNotes(entry);
}

function observePages() {
  const observer = new IntersectionObserver(
    (seen) => {
      for (const item of seen) {
        if (item.isIntersecting) {
          draw(state.pages[Number(item.target.dataset.page) - 1]);
        }
      }
    },
    { root: pagesView, rootMargin: "400px 0px" },
  );
  state.pages.forEach((entry) => observer.observe(entry.div));
  state.observer = observer;
}

// -- thumbnails -----------------------------------------------------------------------------

function makeThumbnails() {
  const list = document.createElement("ol");
  const observer = new IntersectionObserver(
    (seen) => {
      for (const item of seen) {
        if (item.isIntersecting) {
          drawThumbnail(state.pages[Number(item.target.dataset.page) - 1]);
          observer.unobserve(item.target);
        }
      }
    },
    { root: thumbnailsView, rootMargin: "200px 0px" },
  );
  for (const entry of state.pages) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.page = String(entry.number);
    button.setAttribute("aria-label", `Page ${entry.number}`);
    const label = document.createElement("span");
    label.textContent = String(entry.number);
    button.append(label);
    button.addEventListener("click", () => goTo(entry.number));
    item.append(button);
    list.append(item);
    entry.thumbnail = button;
    observer.observe(button);
  }
  thumbnailsView.replaceChildren(list);
  markCurrentThumbnail();
}

async function drawThumbnail(entry) {
  const page = await state.pdf.getPage(entry.number);
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: THUMBNAIL_WIDTH / base.width });
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
  entry.thumbnail.prepend(canvas);
}

function markCurrentThumbnail() {
  for (const entry of state.pages) {
    if (!entry.thumbnail) {
      continue;
    }
    if (entry.number === state.current) {
      entry.thumbnail.setAttribute("aria-current", "page");
    } else {
      entry.thumbnail.removeAttribute("aria-current");
    }
  }
}

// -- where we are ---------------------------------------------------------------------------

function pageFromHash() {
  const match = /(?:^#|&)page=(\d+)/.exec(window.location.hash);
  if (!match || !state.pdf) {
    return 0;
  }
  return Math.min(Math.max(1, Number(match[1])), state.pdf.numPages);
}

function goTo(number, { focus = true } = {}) {
  if (!state.pdf) {
    return;
  }
  const wanted = Math.min(Math.max(1, number), state.pdf.numPages);
  const entry = state.pages[wanted - 1];
  pagesView.scrollTop = entry.div.offsetTop - PAGE_GAP / 2;
  setCurrent(wanted);
  if (focus) {
    pagesView.focus({ preventScroll: true });
  }
}

function setCurrent(number) {
  if (number === state.current && pageInput.value === String(number)) {
    return;
  }
  state.current = number;
  pageInput.value = String(number);
  const link = `#page=${number}`;
  document.getElementById("reader-page-link").href = link;
  if (window.location.hash !== link) {
    history.replaceState(null, "", link);
  }
  markCurrentThumbnail();
}

function pageInView() {
  const middle = pagesView.scrollTop + pagesView.clientHeight / 3;
  let found = 1;
  for (const entry of state.pages) {
    if (entry.div.offsetTop <= middle) {
      found = entry.number;
    } else {
      break;
    }
  }
  return found;
}

pagesView.addEventListener("scroll", () => {
  if (state.pdf) {
    setCurrent(pageInView());
  }
});

window.addEventListener("hashchange", () => {
  const number = pageFromHash();
  if (number && number !== state.current) {
    goTo(number);
  }
});

pageInput.addEventListener("change", () => goTo(Number(pageInput.value) || 1));

// -- zoom -----------------------------------------------------------------------------------

function setScale(scale, { keepPage = true } = {}) {
  const page = state.current;
  state.scale = scale;
  document.getElementById("reader-zoom").textContent = `${Math.round(scale * 100)}%`;
  for (const entry of state.pages) {
    sizePage(entry);
  }
  if (keepPage) {
    goTo(page, { focus: false });
    for (const entry of state.pages) {
      if (isNearView(entry)) {
        draw(entry);
      }
    }
  }
}

function isNearView(entry) {
  const top = entry.div.offsetTop;
  const bottom = top + entry.div.offsetHeight;
  return bottom >= pagesView.scrollTop - 400 && top <= pagesView.scrollTop + pagesView.clientHeight + 400;
}

function zoom(direction) {
  const steps = direction > 0 ? ZOOM_STEPS : [...ZOOM_STEPS].reverse();
  const next = steps.find((step) => (direction > 0 ? step > state.scale + 0.001 : step < state.scale - 0.001));
  if (next) {
    setScale(next);
  }
}

// -- search ---------------------------------------------------------------------------------

async function pageText(number) {
  if (!state.texts.has(number)) {
    const page = await state.pdf.getPage(number);
    const content = await page.getTextContent();
    state.texts.set(number, content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  }
  return state.texts.get(number);
}

async function search(query) {
  const wanted = query.trim().toLocaleLowerCase();
  const status = document.getElementById("reader-search-status");
  state.search = { query: wanted, hits: [], index: -1 };
  state.pages.forEach(markSearchHits);
  if (!wanted || !state.pdf) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  for (const entry of state.pages) {
    const text = (await pageText(entry.number)).toLocaleLowerCase();
    for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + wanted.length)) {
      state.search.hits.push(entry.number);
    }
  }
  state.pages.forEach(markSearchHits);
  if (!state.search.hits.length) {
    status.textContent = "Not found in the paper.";
    return;
  }
  const from = state.search.hits.findIndex((number) => number >= state.current);
  showHit(from === -1 ? 0 : from);
}

function showHit(index) {
  const { hits } = state.search;
  if (!hits.length) {
    return;
  }
  state.search.index = (index + hits.length) % hits.length;
  const number = hits[state.search.index];
  const pages = new Set(hits).size;
  document.getElementById("reader-search-status").textContent =
    `${state.search.index + 1} of ${hits.length} (on ${pages} page${pages === 1 ? "" : "s"}): page ${number}`;
  goTo(number, { focus: false });
}

// Marks the matches inside each piece of the page's text layer (a match across two pieces
// is found and its page shown, but not marked).
function markSearchHits(entry) {
  const layer = entry.div.querySelector(".textLayer");
  if (!layer) {
    return;
  }
  for (const mark of layer.querySelectorAll("mark.search-hit")) {
    mark.replaceWith(document.createTextNode(mark.textContent));
  }
  layer.normalize();
  const wanted = state.search.query;
  if (!wanted || !state.search.hits.includes(entry.number)) {
    return;
  }
  for (const span of layer.querySelectorAll("span")) {
    if (span.children.length || !span.textContent.toLocaleLowerCase().includes(wanted)) {
      continue;
    }
    const text = span.textContent;
    const lower = text.toLocaleLowerCase();
    const parts = [];
    let from = 0;
    for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, from)) {
      parts.push(document.createTextNode(text.slice(from, at)));
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = text.slice(at, at + wanted.length);
      parts.push(mark);
      from = at + wanted.length;
    }
    parts.push(document.createTextNode(text.slice(from)));
    span.replaceChildren(...parts);
  }
}

// -- notes ----------------------------------------------------------------------------------

async function request(url, { method = "GET", body } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRFToken": config.csrfToken,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { errors: { __all__: [`The portal answered ${response.status}: reload the page.`] } };
  }
  return { ok: response.ok, status: response.status, data };
}

function errorText(data) {
  const names = { text: "", quote: "Highlight: ", page: "Page: ", version: "", rects: "" };
  return Object.entries(data.errors || {})
    .map(([field, messages]) => `${names[field] ?? ""}${messages.join(" ")}`)
    .join(" ");
}

async function loadNotes() {
  const { ok, data } = await request(config.notesUrl);
  if (!ok) {
    say(errorText(data) || "Your notes could not be read: reload the page.");
    return;
  }
  state.notes = data.notes;
  listNotes();
  state.pages.forEach(drawNotes);
  root.dataset.notesLoaded = "true";
}

function listNotes() {
  const list = document.getElementById("reader-note-list");
  const notes = [...state.notes].sort((a, b) => a.page - b.page || a.id - b.id);
  list.replaceChildren(...notes.map(noteItem));
  if (!notes.length) {
    const empty = document.createElement("li");
    empty.className = "meta";
    empty.textContent = "No notes on this paper yet.";
    list.append(empty);
  }
}

function noteItem(note) {
  const item = document.createElement("li");
  item.className = "note";
  item.id = `note-${note.id}`;
  item.tabIndex = -1;
  const where = document.createElement("p");
  const link = document.createElement("a");
  link.href = `#page=${note.page}`;
  link.textContent = `Page ${note.page}`;
  where.append(link);
  if (note.may_have_moved) {
    const moved = document.createElement("strong");
    moved.className = "moved";
    moved.textContent = " may have moved";
    moved.title = "The text this note was on is not in this version of the paper.";
    where.append(moved);
  }
  item.append(where);
  if (note.quote) {
    const quote = document.createElement("blockquote");
    quote.textContent = note.quote;
    item.append(quote);
  }
  const text = document.createElement("p");
  text.className = "note-text";
  text.textContent = note.text;
  item.append(text);
  const buttons = document.createElement("p");
  buttons.className = "note-buttons";
  buttons.append(
    button("Edit", `Edit the note on page ${note.page}`, () => editNote(note, item)),
    button("Delete", `Delete the note on page ${note.page}`, () => deleteNote(note)),
  );
  item.append(buttons);
  return item;
}

function button(label, description, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.setAttribute("aria-label", description);
  element.addEventListener("click", action);
  return element;
}

function editNote(note, item) {
  const form = document.createElement("form");
  form.className = "note-form";
  const label = document.createElement("label");
  label.textContent = `Your note (up to ${config.noteMax} characters)`;
  const area = document.createElement("textarea");
  area.rows = 4;
  area.maxLength = Number(config.noteMax);
  area.required = true;
  area.value = note.text;
  area.id = `note-edit-${note.id}`;
  label.htmlFor = area.id;
  const error = document.createElement("p");
  error.className = "notice error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  const save = document.createElement("button");
  save.type = "submit";
  save.textContent = "Save";
  form.append(label, area, error, save, button("Cancel", "Cancel the change", listNotes));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, data } = await request(note.url, { method: "POST", body: { text: area.value } });
    if (!ok) {
      error.textContent = errorText(data);
      error.hidden = false;
      return;
    }
    replaceNote(data.note);
  });
  item.querySelector(".note-text").replaceWith(form);
  item.querySelector(".note-buttons").remove();
  area.focus();
}

async function deleteNote(note) {
  if (!window.confirm(`Delete your note on page ${note.page}?`)) {
    return;
  }
  const { ok, data } = await request(note.url, { method: "DELETE" });
  if (!ok) {
    say(errorText(data));
    return;
  }
  state.notes = state.notes.filter((kept) => kept.id !== note.id);
  listNotes();
  drawNotes(state.pages[note.page - 1]);
}

function replaceNote(note) {
  state.notes = state.notes.filter((kept) => kept.id !== note.id).concat([note]);
  listNotes();
  drawNotes(state.pages[note.page - 1]);
}

// The highlights and pins of the notes on one drawn page.
function drawNotes(entry) {
  const layer = entry && entry.div.querySelector(".note-layer");
  if (!layer || !entry.viewport) {
    return;
  }
  const marks = [];
  for (const note of state.notes.filter((kept) => kept.page === entry.number)) {
    for (const box of note.rects) {
      const mark = document.createElement(box.length === 2 ? "button" : "div");
      if (box.length === 2) {
        const [x, y] = entry.viewport.convertToViewportPoint(box[0], box[1]);
        mark.type = "button";
        mark.className = "note-pin";
        mark.textContent = "✎";
        mark.setAttribute("aria-label", `Your note: ${note.text}`);
        mark.style.left = `${x}px`;
        mark.style.top = `${y}px`;
        mark.addEventListener("click", () => showNote(note));
      } else {
        const [x1, y1] = entry.viewport.convertToViewportPoint(box[0], box[1]);
        const [x2, y2] = entry.viewport.convertToViewportPoint(box[2], box[3]);
        mark.className = "note-highlight";
        mark.title = note.text;
        mark.style.left = `${Math.min(x1, x2)}px`;
        mark.style.top = `${Math.min(y1, y2)}px`;
        mark.style.width = `${Math.abs(x2 - x1)}px`;
        mark.style.height = `${Math.abs(y2 - y1)}px`;
      }
      marks.push(mark);
    }
  }
  layer.replaceChildren(...marks);
}

function showNote(note) {
  const item = document.getElementById(`note-${note.id}`);
  if (item) {
    item.scrollIntoView({ block: "nearest" });
    item.focus();
  }
}

// -- writing a note -------------------------------------------------------------------------

function pageOf(node) {
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const page = element && element.closest(".page");
  return page ? state.pages[Number(page.dataset.page) - 1] : null;
}

// The boxes of a selection on one page, in PDF points of that page.
function selectionBoxes(range, entry) {
  const origin = entry.div.getBoundingClientRect();
  const boxes = [];
  for (const rect of range.getClientRects()) {
    if (rect.width < 1 || rect.height < 1) {
      continue;
    }
    const [x1, y1] = entry.viewport.convertToPdfPoint(rect.left - origin.left, rect.top - origin.top);
    const [x2, y2] = entry.viewport.convertToPdfPoint(rect.right - origin.left, rect.bottom - origin.top);
    boxes.push([x1, y1, x2, y2].map((value) => Math.round(value * 100) / 100));
  }
  return boxes.slice(0, 200);
}

function noteOnSelection() {
  const selection = window.getSelection();
  const quote = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
  if (!quote) {
    say("Highlight some text of a page first, then choose “Note on the highlighted text”.");
    return;
  }
  const range = selection.getRangeAt(0);
  const start = pageOf(range.startContainer);
  const end = pageOf(range.endContainer);
  if (!start || start !== end || !start.viewport) {
    say("Highlight text on one page at a time: a note belongs to one page.");
    return;
  }
  openForm({ page: start.number, quote, rects: selectionBoxes(range, start) });
}

function setPinning(on) {
  const control = document.querySelector('[data-action="note-pin"]');
  if (!control) {
    return; // no notes on this version
  }
  state.pinning = on;
  root.classList.toggle("pinning", on);
  control.setAttribute("aria-pressed", String(on));
  document.getElementById("reader-pin-hint").hidden = !on;
  if (on) {
    // To the pages, where a click or Enter places the note: a keyboard has no spot to click.
    pagesView.focus();
  }
}

// Enter pins the note near the top left corner of the page shown, as a click there would.
const KEYBOARD_PIN_OFFSET = 24; // CSS pixels in from the page's corner

pagesView.addEventListener("keydown", (event) => {
  if (!state.pinning || event.key !== "Enter" || event.target !== pagesView) {
    return;
  }
  const entry = state.pages[state.current - 1];
  if (!entry || !entry.viewport) {
    return;
  }
  event.preventDefault();
  const [x, y] = entry.viewport.convertToPdfPoint(KEYBOARD_PIN_OFFSET, KEYBOARD_PIN_OFFSET);
  setPinning(false);
  openForm({ page: entry.number, quote: "", rects: [[Math.round(x * 100) / 100, Math.round(y * 100) / 100]] });
});

pagesView.addEventListener("click", (event) => {
  if (!state.pinning) {
    return;
  }
  const entry = pageOf(event.target);
  if (!entry || !entry.viewport) {
    return;
  }
  const origin = entry.div.getBoundingClientRect();
  const [x, y] = entry.viewport.convertToPdfPoint(event.clientX - origin.left, event.clientY - origin.top);
  setPinning(false);
  openForm({ page: entry.number, quote: "", rects: [[Math.round(x * 100) / 100, Math.round(y * 100) / 100]] });
});

function openForm(draft) {
  state.draft = draft;
  const form = document.getElementById("reader-note-form");
  document.getElementById("reader-note-where").textContent = draft.quote
    ? `On the text you highlighted on page ${draft.page}:`
    : `Pinned on page ${draft.page}.`;
  const quote = document.getElementById("reader-note-quote");
  quote.textContent = draft.quote;
  quote.hidden = !draft.quote;
  document.getElementById("reader-note-error").hidden = true;
  form.hidden = false;
  document.getElementById("reader-note-text").focus();
}

function closeForm() {
  state.draft = null;
  const form = document.getElementById("reader-note-form");
  form.hidden = true;
  form.reset();
}

async function keepNote(event) {
  event.preventDefault();
  const area = document.getElementById("reader-note-text");
  const error = document.getElementById("reader-note-error");
  const text = area.value.trim();
  if (!text) {
    error.textContent = "Write the note: an empty note is not kept.";
    error.hidden = false;
    return;
  }
  const { ok, data } = await request(config.notesUrl, {
    method: "POST",
    body: { version: Number(config.version), ...state.draft, text },
  });
  if (!ok) {
    error.textContent = errorText(data);
    error.hidden = false;
    return;
  }
  state.notes.push(data.note);
  window.getSelection()?.removeAllRanges();
  closeForm();
  listNotes();
  drawNotes(state.pages[data.note.page - 1]);
  say(`Your note on page ${data.note.page} is kept.`);
}

// -- controls -------------------------------------------------------------------------------

const actions = {
  thumbnails: (control) => {
    const shown = thumbnailsView.hidden;
    thumbnailsView.hidden = !shown;
    control.setAttribute("aria-pressed", String(shown));
  },
  previous: () => goTo(state.current - 1),
  next: () => goTo(state.current + 1),
  "zoom-in": () => zoom(1),
  "zoom-out": () => zoom(-1),
  "fit-width": () => setScale(fitWidthScale(state.pages[state.current - 1].size.width)),
  "search-next": () => showHit(state.search.index + 1),
  "search-previous": () => showHit(state.search.index - 1),
  "note-highlight": noteOnSelection,
  "note-pin": () => setPinning(!state.pinning),
  "note-cancel": closeForm,
};

root.addEventListener("click", (event) => {
  const control = event.target.closest("[data-action]");
  if (control && actions[control.dataset.action]) {
    actions[control.dataset.action](control);
  }
});

document.getElementById("reader-search").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = document.getElementById("reader-search-text").value;
  if (query.trim().toLocaleLowerCase() === state.search.query && state.search.hits.length) {
    showHit(state.search.index + 1);
  } else {
    search(query);
  }
});

const noteForm = document.getElementById("reader-note-form");
if (noteForm) {
  noteForm.addEventListener("submit", keepNote);
}

const KEYS = {
  PageDown: () => goTo(state.current + 1),
  ArrowRight: () => goTo(state.current + 1),
  ArrowDown: () => goTo(state.current + 1),
  PageUp: () => goTo(state.current - 1),
  ArrowLeft: () => goTo(state.current - 1),
  ArrowUp: () => goTo(state.current - 1),
  Home: () => goTo(1),
  End: () => goTo(state.pdf ? state.pdf.numPages : 1),
  "+": () => zoom(1),
  "=": () => zoom(1),
  "-": () => zoom(-1),
  Escape: () => setPinning(false),
};

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
  if (typing || event.altKey || event.ctrlKey || event.metaKey || !KEYS[event.key] || !state.pdf) {
    return;
  }
  event.preventDefault();
  KEYS[event.key]();
});

open();
