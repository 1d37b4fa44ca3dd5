// Turns the rendered page into the HTML the server analyses, minus what the parser never reads.
//
// AliExpress pages carry hundreds of kilobytes of inline JavaScript, CSS and SVG icon paths; the
// parser only reads markup, text, attributes and JSON data blocks. Dropping the rest shrinks the
// message to the service worker and the request to the server, and keeps the parser's input small.
// Works on a clone, so the live page is never touched.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  // Script types that hold data rather than code: the parser may read them, so they stay.
  const DATA_SCRIPT = /^application\/(?:[\w.+-]+\+)?json$/i;

  function isDataScript(script) {
    const type = (script.getAttribute("type") || "").split(";")[0].trim();
    return DATA_SCRIPT.test(type);
  }

  ns.capturePage = function (doc) {
    const d = doc || document;
    const clone = d.documentElement.cloneNode(true);
    for (const script of clone.querySelectorAll("script")) {
      if (!isDataScript(script)) script.remove();
    }
    // Keep the <style>/<svg> elements (a layout may test for them) but not their contents.
    for (const style of clone.querySelectorAll("style")) style.textContent = "";
    for (const svg of clone.querySelectorAll("svg")) svg.replaceChildren();
    for (const node of clone.querySelectorAll("noscript, template, link[rel~='stylesheet'], link[rel~='preload']")) {
      node.remove();
    }
    // Comments carry nothing for the parser (conditional comments for old IE, build stamps).
    const comments = [];
    const walker = d.createTreeWalker(clone, NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
    for (const node of comments) node.remove();
    // Our own banners are not part of the page.
    for (const mount of clone.querySelectorAll(`[${ns.MOUNT_ATTR || "data-orderlens-mount"}]`)) mount.remove();
    return "<!DOCTYPE html>\n" + clone.outerHTML;
  };
})();
