// What a keyboard, screen reader or low-vision user needs from one page, checked in
// the page itself (axe-core is not available offline). Run by
// tests/web/test_accessibility_browser.py through page.evaluate; returns a list of
// problems, each "check: element — detail". Accessible names come from chromium's own
// accessibility tree, read over CDP by the test, not from here.
// options.touch (a number of CSS px, 44) checks as for a finger on a touch screen too.
(options) => {
  const { touch, within } = options || {}; // Playwright passes null for no argument
  const problems = [];
  const say = (check, el, detail) =>
    problems.push(`${check}: ${describe(el)}${detail ? " — " + detail : ""}`);

  function describe(el) {
    if (!el || !el.tagName) return String(el);
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    else if (el.classList && el.classList.length) text += "." + [...el.classList].join(".");
    const words = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
    return words ? `${text} "${words}"` : text;
  }

  // Shown to someone, or read out: display:none, visibility:hidden and aria-hidden
  // subtrees are neither; visually hidden text (1 px, clipped) is read out.
  function exposed(el) {
    if (el.closest("[aria-hidden='true'], [hidden], template")) return false;
    if (!el.getClientRects().length) return false;
    return getComputedStyle(el).visibility !== "hidden";
  }
  function visuallyHidden(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip !== "auto" && style.position === "absolute") return true;
      if (style.clipPath !== "none") return true;
      const box = node.getBoundingClientRect();
      if (style.overflow === "hidden" && (box.width <= 1 || box.height <= 1)) return true;
    }
    return false;
  }

  // --- The document: language, title, one h1, headings in order, landmarks. ---
  if (!document.documentElement.lang) say("lang", document.documentElement, "no lang");
  if (!document.title.trim()) say("title", document.documentElement, "empty <title>");

  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(exposed);
  const h1s = headings.filter((h) => h.tagName === "H1");
  if (h1s.length !== 1) say("one h1", document.body, `${h1s.length} h1 elements`);
  let level = 0;
  for (const heading of headings) {
    const next = Number(heading.tagName[1]);
    if (next > level + 1) say("heading order", heading, `h${next} after h${level}`);
    level = next;
  }

  const mains = [...document.querySelectorAll("main, [role='main']")];
  if (mains.length !== 1) say("landmarks", document.body, `${mains.length} <main> elements`);
  const navNames = new Set();
  for (const nav of document.querySelectorAll("nav, [role='navigation']")) {
    const label = nav.getAttribute("aria-label") || labelledBy(nav);
    if (!label) say("landmarks", nav, "a <nav> with no aria-label");
    else if (navNames.has(label)) say("landmarks", nav, `two <nav> named "${label}"`);
    navNames.add(label);
  }
  for (const child of document.body.children) {
    const inLandmark = child.matches("header, main, footer, nav, aside, .skip-link, script");
    if (!inLandmark && exposed(child) && child.textContent.trim())
      say("landmarks", child, "content outside every landmark");
  }

  function labelledBy(el) {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ").trim();
  }

  // --- ids: unique, and every reference points at one. ---
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) {
    if (seen.has(el.id)) say("duplicate id", el, `id "${el.id}" also on ${describe(seen.get(el.id))}`);
    seen.set(el.id, el);
  }
  for (const attr of ["aria-labelledby", "aria-describedby", "aria-controls", "for"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) say("broken reference", el, `${attr}="${id}" names nothing`);
      }
    }
  }
  for (const link of document.querySelectorAll("a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id && !document.getElementById(id)) say("broken reference", link, `href="#${id}" names nothing`);
  }

  // --- Forms: radio and checkbox groups named by a legend; required and invalid shown. ---
  const groups = new Map();
  for (const input of document.querySelectorAll("input[type='radio'], input[type='checkbox']")) {
    if (!exposed(input)) continue;
    const key = `${input.form ? [...document.forms].indexOf(input.form) : -1}:${input.name}`;
    groups.set(key, [...(groups.get(key) || []), input]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const group = members[0].closest("fieldset, [role='radiogroup'], [role='group']");
    const name = group && (group.querySelector("legend")?.textContent.trim()
      || group.getAttribute("aria-label") || labelledBy(group));
    if (!name) say("form names", members[0], `a group of ${members.length} choices with no legend`);
  }
  for (const field of document.querySelectorAll("[aria-invalid='true']")) {
    // A choice among several is described as a whole, on its fieldset (as Django does).
    const group = field.matches("[type='radio'], [type='checkbox']") && field.closest("fieldset");
    if (!field.getAttribute("aria-describedby") && !group?.getAttribute("aria-describedby"))
      say("form errors", field, "invalid, but its error is not tied to it (aria-describedby)");
  }
  // A label that says "(required)" is a promise a screen reader must hear too
  // (rapport/web/required_fields.py): aria-required or required on its field, and on
  // every radio button of a group its legend names.
  for (const label of document.querySelectorAll("label, legend")) {
    if (!label.textContent.includes("(required)") || !exposed(label)) continue;
    const fields = label.tagName === "LEGEND"
      ? [...label.parentElement.querySelectorAll("input, select, textarea")]
      : [label.control].filter(Boolean);
    if (!fields.length || !fields.every(requiredField))
      say("form required", label, "says it is required, but its field is not exposed as required");
  }
  function requiredField(field) {
    return field.required || field.getAttribute("aria-required") === "true";
  }

  // --- Tables: header cells, each with a scope. ---
  for (const table of document.querySelectorAll("table")) {
    if (!exposed(table) && !table.closest("details")) continue;
    if (table.getAttribute("role") === "presentation") continue;
    if (!table.querySelector("th")) say("tables", table, "no header cells");
    for (const th of table.querySelectorAll("th:not([scope])")) say("tables", th, "<th> without scope");
    if (!table.querySelector("caption") && !table.getAttribute("aria-label") && !labelledBy(table))
      say("tables", table, "no caption or aria-label");
  }

  // --- Images and charts: a text alternative, or hidden from screen readers. ---
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) say("images", img, "<img> without alt");
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (svg.closest("svg") !== svg || svg.closest("[aria-hidden='true']")) continue;
    if (svg.getAttribute("role") !== "img" && svg.getAttribute("role") !== "group")
      say("images", svg, `an <svg> with role="${svg.getAttribute("role") || ""}": give it role="img" or aria-hidden`);
    const title = svg.querySelector(":scope > title")?.textContent.trim();
    if (!(svg.getAttribute("aria-label") || labelledBy(svg) || title))
      say("images", svg, "an <svg> with no title or aria-label");
    if (svg.getAttribute("role") === "img" && svg.querySelector("a[href], [tabindex]"))
      say("images", svg, 'role="img" hides the links inside it from screen readers');
  }

  // --- Live updates: what htmx swaps in is announced. ---
  for (const el of document.querySelectorAll("[hx-target]")) {
    const selector = el.getAttribute("hx-target");
    if (selector.startsWith("closest") || selector === "this") continue;
    const target = document.querySelector(selector);
    if (!target) {
      say("live regions", el, `hx-target "${selector}" names nothing`);
      continue;
    }
    const swap = el.getAttribute("hx-swap") || "innerHTML";
    const live = target.closest("[aria-live], [role='status'], [role='alert'], [role='log']");
    // A note's check says what changed in it in a status of its own (rapport.js).
    const said = document.getElementById(target.dataset.announceIn || "");
    // An outerHTML swap replaces the region itself: the result row says role=status
    // and rapport.js moves focus to it, which the check of that step asserts.
    if (!live && !said?.matches("[role='status']") && !swap.startsWith("outerHTML"))
      say("live regions", target, `htmx swaps into it (${swap}) but nothing announces it`);
  }
  for (const el of document.querySelectorAll("[hx-trigger*='every']")) {
    if (!el.closest("[aria-live], [role='status']")) say("live regions", el, "polled, not announced");
  }

  // --- Colour contrast of every piece of text against what is behind it. ---
  function rgba(value) {
    const match = value.match(/rgba?\(([^)]+)\)/);
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  }
  function luminance([r, g, b]) {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  }
  function ratio(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  // The colour behind an element: its own background and its ancestors', composited
  // down to the canvas (the root's background, else white). null when an image or a
  // gradient is behind it: then nobody can say from the styles.
  function background(el) {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      // A scrolling box's edge shadows (gradients, some scrolling with its content:
      // rapport.css, .table-scroll) lie over its colour at the edges only: the colour
      // is what is behind its text.
      const edgeShadows = style.backgroundAttachment.includes("local") && !style.backgroundImage.includes("url(");
      if (style.backgroundImage !== "none" && !edgeShadows) return null;
      const colour = rgba(style.backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] === 1) break;
      }
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }
  function opacity(el) {
    let value = 1;
    for (let node = el; node; node = node.parentElement) value *= Number(getComputedStyle(node).opacity);
    return value;
  }

  const checked = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || checked.has(el)) continue;
    checked.add(el);
    if (el.closest("svg, option, script, style, noscript")) continue;
    if (!exposed(el) || visuallyHidden(el)) continue;
    if (el.closest("button:disabled, input:disabled, select:disabled, textarea:disabled")) continue;
    contrast(el, getComputedStyle(el).color);
  }
  for (const field of document.querySelectorAll("input:not([type='hidden']), select, textarea")) {
    if (exposed(field) && !field.disabled && !["checkbox", "radio", "file", "range", "color"].includes(field.type))
      contrast(field, getComputedStyle(field).color);
  }
  // Text drawn in a chart: its fill against its halo (paint-order: stroke) or the page.
  for (const text of document.querySelectorAll("svg text")) {
    if (!exposed(text)) continue;
    const style = getComputedStyle(text);
    const halo = style.paintOrder.startsWith("stroke") && style.stroke !== "none" && parseFloat(style.strokeWidth) >= 2;
    contrast(text, style.fill, halo ? rgba(style.stroke) : shapeBehind(text));
  }
  // The filled shape under a chart's text, if any (else the page behind the chart).
  function shapeBehind(text) {
    text.scrollIntoView({ block: "center" }); // elementsFromPoint sees only the viewport
    const box = text.getBoundingClientRect();
    const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    for (const el of under.slice(under.indexOf(text) + 1)) {
      if (!(el instanceof SVGGeometryElement)) continue;
      const fill = rgba(getComputedStyle(el).fill);
      if (fill && fill[3] > 0) return over(fill, background(el.ownerSVGElement));
    }
    return null;
  }

  function contrast(el, colour, behind) {
    const style = getComputedStyle(el);
    const fg = rgba(colour);
    const bg = behind || background(el);
    if (!fg || !bg) return;
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    const seen = over([...fg.slice(0, 3), fg[3] * opacity(el)], bg);
    const value = ratio(seen, bg);
    if (value < needed - 0.005)
      say("contrast", el, `${value.toFixed(2)}:1 (needs ${needed}:1), ${colour} on rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`);
  }

  // --- Boxes that scroll (a wide table on a phone): a keyboard can scroll them, which
  // takes focus (tabindex=0), and a screen reader says what they hold (a named region).
  for (const box of document.querySelectorAll("body *")) {
    if (box.matches("input, select, textarea, option") || !exposed(box)) continue;
    const style = getComputedStyle(box);
    const scrolls = (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1)
      || (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1);
    if (!scrolls) continue;
    if (box.tabIndex < 0) say("scroll box", box, "scrolls, but the keyboard cannot reach it (tabindex=0)");
    // A named <section> is a region already.
    const region = box.getAttribute("role") === "region" || (box.matches("section") && !box.hasAttribute("role"));
    if (!region || !(box.getAttribute("aria-label") || labelledBy(box)))
      say("scroll box", box, 'scrolls, but is not a named region (role="region", aria-label)');
  }

  // --- Target size (WCAG 2.2, 2.5.8, AA): a finger or a shaking hand can hit it. ---
  // Every control is at least 24 x 24 CSS px; or, if smaller, a 24 px circle centred on
  // it touches no other control and no other small control's circle (the spacing
  // exception); or it is a link in running text (the inline exception); or another link
  // on the page that passes goes to the same place (the equivalent exception). A tick
  // box or a radio button and its labels are one target: a press on either ticks it.
  const targetSelector = "a[href], button, input:not([type='hidden']), select, textarea, summary,"
    + " label, [role='button'], [tabindex]";
  const native = "a[href], button, input, select, textarea, summary";
  const ticks = (el) => el && el.matches("input[type='checkbox'], input[type='radio']");
  const groupsOf = new Map(); // the element a target is known by (a tick box for its labels) -> members
  for (const el of document.querySelectorAll(targetSelector)) {
    if (el.matches("label") && !ticks(el.control)) continue;
    if (!el.matches(native) && el.tabIndex < 0 && !el.matches("label, [role='button']")) continue;
    // checkVisibility: not in a closed <details> either, whose content chromium lays out.
    if (el.disabled || !exposed(el) || !el.checkVisibility() || visuallyHidden(el)) continue;
    const owner = el.matches("label") ? el.control : el;
    groupsOf.set(owner, [...(groupsOf.get(owner) || []), el]);
  }
  // Its box as it shows: cut to the boxes that scroll or clip it, nothing when scrolled away.
  function shownBox(el) {
    let { left, top, right, bottom } = el.getBoundingClientRect();
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflow === "visible") continue;
      const clip = node.getBoundingClientRect();
      [left, top] = [Math.max(left, clip.left), Math.max(top, clip.top)];
      [right, bottom] = [Math.min(right, clip.right), Math.min(bottom, clip.bottom)];
    }
    return right > left && bottom > top ? { left, top, right, bottom } : null;
  }
  const targetElements = new Set([...groupsOf.values()].flat());
  const targets = [];
  for (const [owner, members] of groupsOf) {
    const boxes = members.map(shownBox).filter(Boolean);
    if (!boxes.length) continue;
    const box = {
      left: Math.min(...boxes.map((b) => b.left)), top: Math.min(...boxes.map((b) => b.top)),
      right: Math.max(...boxes.map((b) => b.right)), bottom: Math.max(...boxes.map((b) => b.bottom)),
    };
    const [width, height] = [box.right - box.left, box.bottom - box.top];
    const centre = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
    targets.push({ owner, members, box, width, height, centre, small: width < 23.99 || height < 23.99 });
  }
  // In a sentence: an inline link with words of the text around it (outside every
  // control) on one of its lines, so that the line's height sets its own.
  function inSentence(el) {
    if (!el.matches("a[href]") || getComputedStyle(el).display !== "inline") return false;
    const lines = [...el.getClientRects()];
    let block = el.parentElement;
    while (block.parentElement && /^(inline|contents)$/.test(getComputedStyle(block).display))
      block = block.parentElement;
    const words = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = words.nextNode(); node; node = words.nextNode()) {
      if (!/[\p{L}\p{N}]/u.test(node.textContent) || visuallyHidden(node.parentElement)) continue;
      let inTarget = false;
      for (let up = node.parentElement; up && up !== block.parentElement; up = up.parentElement)
        inTarget ||= targetElements.has(up);
      if (inTarget) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const beside = [...range.getClientRects()].some((text) =>
        lines.some((line) => text.top < line.bottom - 1 && text.bottom > line.top + 1));
      if (beside) return true;
    }
    return false;
  }
  const related = (one, other) => one.members.some((a) => other.members.some((b) => a.contains(b) || b.contains(a)));
  function gap([x, y], box) {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    return Math.hypot(dx, dy);
  }
  const failing = [];
  for (const target of targets) {
    if (!target.small || inSentence(target.owner)) continue;
    const crowding = targets.find((other) => other !== target && !related(target, other) && (
      gap(target.centre, other.box) < 12
      || (other.small && Math.hypot(target.centre[0] - other.centre[0], target.centre[1] - other.centre[1]) < 24)));
    if (crowding) failing.push([target, crowding]);
  }
  const passingLinks = new Set(targets.filter((t) => !failing.some(([f]) => f === t))
    .map((t) => t.owner.href).filter(Boolean));
  for (const [target, crowding] of failing) {
    if (target.owner.href && passingLinks.has(target.owner.href)) continue;
    const size = `${Math.round(target.width)}×${Math.round(target.height)} px`;
    say("target size", target.owner, `${size}, and ${describe(crowding.owner)} is within its 24 px circle`);
  }

  // --- Touch (WCAG 2.5.5, AAA; Apple's 44 pt): with options.touch, a finger finds every
  // button, field, tick box and link of a menu in an area that size each way, counting
  // an invisible extension of it (rapport.css, "A finger's targets"). Measured as a
  // finger meets it: what a press hits (elementFromPoint) along the lines through the
  // centre of each of its parts (a tick box, its labels). Links in the text of a page
  // are not held to it; options.within narrows the check to a part of the page (an
  // open menu, which covers what is under it).
  const fingerControls = "button, summary, [role='button'], input, select, textarea, label, a.button,"
    + " header a[href], nav a[href]";
  if (touch) {
    const need = touch;
    const scrolled = [window.scrollX, window.scrollY];
    for (const target of targets) {
      if (!target.owner.matches(fingerControls) || inSentence(target.owner)) continue;
      if (within && !target.owner.closest(within)) continue;
      // Off the page until focused from the keyboard ("Skip to content"): no finger's.
      if (target.box.bottom + scrolled[1] <= 0) continue;
      const [width, height] = hitArea(target, need);
      if (width < need - 1 || height < need - 1)
        say("touch target", target.owner, `a finger's area is ${Math.round(width)}×${Math.round(height)} px (needs ${need}×${need})`);
    }
    window.scrollTo(...scrolled);
  }
  function hitArea(target, need) {
    const hits = (x, y) => {
      const hit = document.elementFromPoint(x, y);
      if (!hit) return false;
      if (target.members.some((member) => member.contains(hit))) return true;
      return ticks(target.owner) && hit.closest("label")?.control === target.owner;
    };
    // Out from (x, y) along one axis, a pixel at a time, until the press misses or the
    // area is big enough: the first and the last pixel hit. Chromium takes a press at
    // a whole pixel, so a box's size comes out to within a pixel: hence need - 1 below.
    const reach = (x, y, axis) => {
      let [low, high] = axis === "x" ? [x, x] : [y, y];
      const at = (v) => (axis === "x" ? hits(v, y) : hits(x, v));
      let [growLow, growHigh] = [true, true];
      while ((growLow || growHigh) && high - low < need) {
        if (growLow && at(low - 1)) low -= 1; else growLow = false;
        if (growHigh && at(high + 1)) high += 1; else growHigh = false;
      }
      return [low, high];
    };
    // A tick box and its label are one target, but a finger aims at one of them: the
    // larger of the two must be big enough, not the two together (a label above a
    // small box, help text between them).
    let best = [0, 0];
    for (const member of target.members) {
      member.scrollIntoView({ block: "center", inline: "center" });
      const box = shownBox(member);
      if (!box) continue;
      const [x, y] = [Math.round((box.left + box.right) / 2), Math.round((box.top + box.bottom) / 2)];
      if (!hits(x, y)) continue; // covered by something else where it shows
      const [left, right] = reach(x, y, "x");
      const [top, bottom] = reach(x, y, "y");
      const size = [right - left, bottom - top];
      if (Math.min(...size) > Math.min(...best)) best = size;
    }
    return best;
  }

  return problems;
}
