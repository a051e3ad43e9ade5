/**
 * What the reference page adds to Swagger UI so that axe finds nothing serious:
 * colours with at least 4.5:1 contrast where Swagger UI's own fall short
 * (white on its light method badges, grey on tinted rows, red "Cancel"), and a
 * script that names the controls and buttons Swagger UI leaves unnamed (or
 * names apart from their visible words) and lets the keyboard reach its
 * scrolling code blocks. Kept as strings, not files, so the
 * Lambda bundle needs nothing beside its code.
 */
export const THEME_CSS = `.swagger-ui .opblock .opblock-summary-method { background: #0b5cad; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0b5cad; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #12784c; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #a14f00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #c01818; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0c6e5e; }
.swagger-ui .btn.execute { background-color: #1d5fa8; border-color: #1d5fa8; }
.swagger-ui .btn.cancel { color: #b00020; border-color: #b00020; }
.swagger-ui .btn.authorize { color: #12784c; border-color: #12784c; }
.swagger-ui .btn.authorize svg { fill: #12784c; }
.swagger-ui .parameter__in, .swagger-ui .parameter__deprecated { color: #4f4f4f; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #3d3d3d; }
.swagger-ui .markdown code, .swagger-ui .renderedMarkdown code { color: #6a00c2; }
.swagger-ui .info .title small { background: #545b66; }
.swagger-ui .info .title small.version-stamp { background: #3d6b00; }
.swagger-ui .info a, .swagger-ui .info .url { color: #1d5fa8; }
.swagger-ui .json-schema-2020-12__constraint { background-color: #6b46c1; }
.swagger-ui .json-schema-2020-12__constraint--string { background-color: #8a5a00; }
.swagger-ui .json-schema-2020-12-keyword__name--extension, .swagger-ui .json-schema-2020-12-keyword__value--extension,
.swagger-ui .json-schema-2020-12-json-viewer__name--extension, .swagger-ui .json-schema-2020-12-json-viewer-extension-keyword .json-schema-2020-12-json-viewer__name,
.swagger-ui .json-schema-2020-12-json-viewer-extension-keyword .json-schema-2020-12-json-viewer__value,
.swagger-ui .json-schema-2020-12__attribute--muted { color: #5e5e5e; }
.swagger-ui .json-schema-2020-12__attribute--warning, .swagger-ui .json-schema-2020-12-keyword__value--warning { color: #c00000; }
.swagger-ui .json-schema-2020-12-property--required > .json-schema-2020-12:first-of-type > .json-schema-2020-12-head .json-schema-2020-12__title:after { color: #c00000; }
`;

export const INIT_JS = `"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#reference",
  // Deep links put a link inside each operation's toggle button: a control within a control.
  deepLinking: false,
  // The default dark theme shows numbers at 3.5:1; "idea" is dark on light throughout.
  syntaxHighlight: { theme: "idea" },
});

(function () {
  var root = document.getElementById("reference");

  function nameOf(control) {
    if (control.id === "servers") return "Server";
    var row = control.closest("tr[data-param-name]");
    if (row) return row.getAttribute("data-param-name") + " (" + row.getAttribute("data-param-in") + " parameter)";
    if (control.closest(".body-param")) return "Request body";
    if (control.closest(".body-param-content-type")) return "Request media type";
    if (control.closest(".response-control-media-type, .responses-wrapper")) return "Response media type";
    return control.getAttribute("placeholder") || control.getAttribute("title") || "Value";
  }

  // A label's own words, without the control inside it (the server select sits alone in an empty label).
  function wordsOf(label) {
    var copy = label.cloneNode(true);
    copy.querySelectorAll("select, textarea, input").forEach(function (inner) {
      inner.remove();
    });
    return copy.textContent.trim();
  }

  function unnamed(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) return false;
    return !Array.prototype.some.call(control.labels || [], function (label) {
      return wordsOf(label) !== "";
    });
  }

  function fix() {
    root.querySelectorAll("select, textarea, input:not([type=hidden])").forEach(function (control) {
      if (unnamed(control)) control.setAttribute("aria-label", nameOf(control));
    });
    root.querySelectorAll("button").forEach(function (button) {
      var text = button.textContent.trim();
      var label = button.getAttribute("aria-label");
      if (!text && !label && button.classList.contains("close-modal")) button.setAttribute("aria-label", "Close");
      // A name that leaves out the visible words ("Apply credentials" on "Authorize") fails people who speak them.
      else if (text && label && label.toLowerCase().indexOf(text.toLowerCase()) === -1) {
        button.setAttribute("aria-label", text + ": " + label);
      }
    });
    root.querySelectorAll("pre").forEach(function (block) {
      if (!block.hasAttribute("tabindex")) block.setAttribute("tabindex", "0");
    });
  }

  // Runs before the browser paints what Swagger UI rendered; setting attributes triggers no new round.
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
})();
`;
