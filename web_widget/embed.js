/* Tell LeDeR: put the chat on any website with one tag:
 *   <script src="https://<gateway>/embed.js" async></script>
 * A button opens the chat page of the gateway in a frame below it. The gateway must
 * allow the site in GATEWAY_FRAME_ANCESTORS. Served rendered: the words come from
 * easy_read/locales/widget.en.yml.
 */
(function () {
  "use strict";

  var TEXTS = {{ texts|tojson }};
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src).origin;

  var holder = document.createElement("div");
  holder.className = "tell-leder-embed";

  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.textContent = TEXTS.embed_open;
  toggle.setAttribute("aria-expanded", "false");
  // Styles through the DOM, not a style sheet: the host page's own CSP may forbid ours.
  var look = {
    minHeight: "44px", padding: "8px 16px", font: "700 18px Arial, sans-serif",
    color: "#ffffff", background: "#1d4f91", border: "2px solid #1d4f91",
    borderRadius: "12px", cursor: "pointer"
  };
  Object.keys(look).forEach(function (name) { toggle.style[name] = look[name]; });

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/";
      frame.title = TEXTS.title;
      // Voice mode may read aloud and, when the person agrees, listen.
      frame.allow = "microphone; autoplay";
      frame.style.width = "100%";
      frame.style.height = "min(90vh, 56rem)";
      frame.style.border = "2px solid #1d4f91";
      frame.style.borderRadius = "12px";
      frame.style.marginTop = "8px";
      holder.appendChild(frame);
    }
    frame.hidden = false;
    toggle.textContent = TEXTS.embed_close;
    toggle.setAttribute("aria-expanded", "true");
  }

  function close() {
    if (frame) { frame.hidden = true; }
    toggle.textContent = TEXTS.embed_open;
    toggle.setAttribute("aria-expanded", "false");
  }

  toggle.addEventListener("click", function () {
    if (toggle.getAttribute("aria-expanded") === "true") { close(); } else { open(); }
  });

  holder.appendChild(toggle);
  script.parentNode.insertBefore(holder, script.nextSibling);
}());
