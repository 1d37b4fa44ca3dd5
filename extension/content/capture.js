// Turns the rendered page into the HTML the server analyses, minus what the parser never reads.
//
// AliExpress pages carry hundreds of kilobytes of inline JavaScript, CSS and SVG icon paths; the
// parser only reads markup, text, attributes and JSON data blocks. Dropping the rest shrinks the
// message to the service worker and the request to the server, and keeps the parser's input small.
// Works on a clone, so the live page is never touched. Web components' shadow roots are copied in as
// declarative shadow roots.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  // Script types that hold data rather than code: the parser may read them, so they stay.
  const DATA_SCRIPT = /^application\/(?:[\w.+-]+\+)?json$/i;

  function isDataScript(script) {
    const type = (script.getAttribute("type") || "").split(";")[0].trim();
    return DATA_SCRIPT.test(type);
  }

  const MOUNT = () => ns.MOUNT_ATTR || "data-orderlens-mount";

  // A web component's shadow root, open or closed. Closed roots are reachable only from a content script
  // (Firefox: `openOrClosedShadowRoot()` on the element; Chrome: `chrome.dom`), and only custom elements
  // (a dash in the tag) are asked for one that way: asking every element of a large page costs too much.
  function shadowRootOf(el) {
    if (el.shadowRoot) return el.shadowRoot;
    if (!el.localName.includes("-")) return null;
    if (typeof el.openOrClosedShadowRoot === "function") return el.openOrClosedShadowRoot();
    const dom = globalThis.chrome && globalThis.chrome.dom;
    return dom && typeof dom.openOrClosedShadowRoot === "function" ? dom.openOrClosedShadowRoot(el) : null;
  }

  // outerHTML leaves shadow roots out, and with them a web component's whole card. Each one goes into its
  // host's copy as a declarative shadow root (<template shadowrootmode>, the way a browser saves it), which
  // the parser reads in place. `live` and `copy` are the same tree (a fresh deep clone); returns the
  // templates' contents, nested ones included, for tidying.
  function copyShadowRoots(live, copy) {
    const lives = live.querySelectorAll("*");
    const copies = copy.querySelectorAll("*"); // static lists: the templates added below shift nothing
    const contents = [];
    for (let i = 0; i < lives.length; i++) {
      const root = lives[i].hasAttribute(MOUNT()) ? null : shadowRootOf(lives[i]);
      if (!root) continue;
      const template = copies[i].ownerDocument.createElement("template");
      template.setAttribute("shadowrootmode", "open");
      for (const child of root.childNodes) template.content.appendChild(child.cloneNode(true));
      contents.push(template.content, ...copyShadowRoots(root, template.content));
      copies[i].prepend(template);
    }
    return contents;
  }

  // What the parser never reads, dropped from one tree of the copy (the page's, or a shadow root's).
  function tidy(root) {
    for (const script of root.querySelectorAll("script")) {
      if (!isDataScript(script)) script.remove();
    }
    // Keep the <style>/<svg> elements (a layout may test for them) but not their contents.
    for (const style of root.querySelectorAll("style")) style.textContent = "";
    for (const svg of root.querySelectorAll("svg")) svg.replaceChildren();
    const inert = "noscript, template:not([shadowrootmode]), link[rel~='stylesheet'], link[rel~='preload']";
    for (const node of root.querySelectorAll(inert)) node.remove();
    // Comments carry nothing for the parser (conditional comments for old IE, build stamps).
    const comments = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
    for (const node of comments) node.remove();
    // Our own banners are not part of the page.
    for (const mount of root.querySelectorAll(`[${MOUNT()}]`)) mount.remove();
  }

  ns.capturePage = function (doc) {
    const d = doc || document;
    const clone = d.documentElement.cloneNode(true);
    for (const root of [clone, ...copyShadowRoots(d.documentElement, clone)]) tidy(root);
    return "<!DOCTYPE html>\n" + clone.outerHTML;
  };
})();
