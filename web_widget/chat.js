/* Tell LeDeR: plain chat page.
 * Rules: every text goes in with textContent, never as markup; focus never moves when a
 * message arrives; what a person typed stays in the box until the gateway took it.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "tell-leder.web.conversation-id";
  var REQUEST_TIMEOUT_MS = 30000; // the gateway gives up on the bot after 20 seconds

  var root = document.getElementById("chat");
  var texts = JSON.parse(document.getElementById("chat-texts").textContent);
  var api = root.getAttribute("data-api");
  var log = document.getElementById("transcript");
  var progress = document.getElementById("progress");
  var statusLine = document.getElementById("status");
  var problem = document.getElementById("problem");
  var problemText = document.getElementById("problem-text");
  var retryButton = document.getElementById("retry");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var startAgain = document.getElementById("start-again");

  var conversationId = null;
  var busy = false;
  var retryAction = null;

  // localStorage may be switched off (private windows, strict settings): then the chat
  // still works, it just cannot resume after a reload.
  var storage = {
    get: function () {
      try { return window.localStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
    },
    set: function (value) {
      try { window.localStorage.setItem(STORAGE_KEY, value); } catch (e) { /* not kept */ }
    },
    forget: function () {
      try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing kept */ }
    }
  };

  function request(method, url, body) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    var options = {
      method: method,
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options)
      .then(function (response) {
        return response.json()
          .catch(function () { return null; })
          .then(function (data) { return { status: response.status, data: data }; });
      })
      .catch(function () { return { status: 0, data: null }; })
      .then(function (result) { window.clearTimeout(timer); return result; });
  }

  function messagesUrl() {
    return api + "/" + encodeURIComponent(conversationId) + "/messages";
  }

  // --- focus-safe helpers -------------------------------------------------------------

  function focusWasIn(element) {
    return element.contains(document.activeElement);
  }

  // Hiding or removing the focused element would drop focus to the page top; give it
  // to the message box instead, without scrolling.
  function keepFocus(hadFocus) {
    if (hadFocus) { input.focus({ preventScroll: true }); }
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd(wasNearBottom) {
    if (wasNearBottom) { log.scrollTop = log.scrollHeight; }
  }

  // --- rendering ----------------------------------------------------------------------

  function bubble(speaker, text) {
    var item = document.createElement("div");
    item.className = "msg msg--" + speaker;
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (speaker === "user" ? texts.you_said : texts.bot_said) + " ";
    var body = document.createElement("p");
    body.className = "msg__text";
    body.setAttribute("dir", "auto");
    body.textContent = text;
    item.appendChild(who);
    item.appendChild(body);
    return item;
  }

  function choiceGroup(choices) {
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", texts.choices_label);
    choices.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = choice.label;
      button.setAttribute("dir", "auto");
      if (choice.picture) { button.setAttribute("data-picture", choice.picture); }
      button.addEventListener("click", function () {
        send(String(choice.value), choice.label);
      });
      group.appendChild(button);
    });
    return group;
  }

  function removeChoices() {
    var groups = log.querySelectorAll(".choices");
    var hadFocus = false;
    groups.forEach(function (group) {
      hadFocus = hadFocus || focusWasIn(group);
      group.parentNode.removeChild(group);
    });
    keepFocus(hadFocus);
  }

  function showProgress(messages) {
    for (var i = messages.length - 1; i >= 0; i -= 1) {
      var p = messages[i].speaker === "bot" ? messages[i].progress : null;
      if (p && p.step && p.of) {
        progress.textContent = texts.progress
          .replace("{step}", String(p.step)).replace("{of}", String(p.of));
        progress.hidden = false;
        return;
      }
    }
  }

  // Show messages; only the choices of the newest bot message can still be answered.
  function addMessages(messages, answerable) {
    var wasNearBottom = nearBottom();
    messages.forEach(function (message, index) {
      var speaker = message.speaker === "user" ? "user" : "bot";
      if (message.text) { log.appendChild(bubble(speaker, message.text)); }
      var last = index === messages.length - 1;
      if (speaker === "bot" && answerable && last && message.choices && message.choices.length) {
        log.appendChild(choiceGroup(message.choices));
      }
    });
    showProgress(messages);
    scrollToEnd(wasNearBottom);
  }

  function setStatus(text) {
    statusLine.textContent = text || "";
  }

  function showProblem(text, action) {
    problemText.textContent = text;
    retryAction = action || null;
    retryButton.textContent = texts.try_again;
    retryButton.hidden = !action;
    problem.hidden = false;
  }

  function hideProblem() {
    if (problem.hidden) { return; }
    var hadFocus = focusWasIn(problem);
    problem.hidden = true;
    retryButton.hidden = true;
    retryAction = null;
    keepFocus(hadFocus);
  }

  function errorText(result) {
    return (result.data && typeof result.data.message === "string")
      ? result.data.message : texts.cannot_connect;
  }

  function setBusy(value) {
    busy = value;
    // readOnly and aria-disabled, not disabled: a disabled control loses focus.
    input.readOnly = value;
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    log.setAttribute("aria-busy", value ? "true" : "false");
  }

  // --- conversation -------------------------------------------------------------------

  function send(text, label) {
    if (busy || !conversationId) { return; }
    if (!text.trim()) {
      showProblem(texts.empty_message, null);
      return;
    }
    hideProblem();
    setBusy(true);
    var wasNearBottom = nearBottom();
    var mine = bubble("user", label || text.trim());
    mine.classList.add("msg--sending");
    log.appendChild(mine);
    scrollToEnd(wasNearBottom);

    request("POST", messagesUrl(), { text: text }).then(function (result) {
      setBusy(false);
      if (result.status === 200 && result.data && Array.isArray(result.data.messages)) {
        mine.classList.remove("msg--sending");
        if (!label && input.value === text) { input.value = ""; }
        removeChoices();
        addMessages(result.data.messages, true);
        return;
      }
      log.removeChild(mine);
      if (result.status === 404) {
        // The gateway does not know this conversation (any more): start a new one.
        showProblem(texts.conversation_not_found, restart);
      } else if (result.status === 400 || result.status === 413) {
        showProblem(errorText(result), null); // the person can change their text
      } else {
        // 503 or no connection: the text is still in the box (or the choice still there).
        showProblem(errorText(result), function () { send(text, label); });
      }
    });
  }

  function start() {
    setStatus(texts.loading);
    request("POST", api, {}).then(function (result) {
      setStatus("");
      if (result.status === 201 && result.data && result.data.conversation_id) {
        conversationId = result.data.conversation_id;
        storage.set(conversationId);
        addMessages(result.data.messages || [], true);
      } else {
        showProblem(errorText(result), start);
      }
    });
  }

  function resume(savedId) {
    setStatus(texts.loading);
    request("GET", api + "/" + encodeURIComponent(savedId)).then(function (result) {
      setStatus("");
      var messages = result.data && Array.isArray(result.data.messages) ? result.data.messages : null;
      if (result.status === 200 && messages && messages.length) {
        conversationId = savedId;
        var last = messages[messages.length - 1];
        addMessages(messages, last.speaker === "bot");
      } else if (result.status === 404 || (result.status === 200 && messages)) {
        storage.forget(); // unknown or empty: begin again
        start();
      } else {
        // Keep the saved id: the bot may be back in a minute.
        showProblem(errorText(result), function () { resume(savedId); });
      }
    });
  }

  function restart() {
    storage.forget();
    conversationId = null;
    while (log.firstChild) { log.removeChild(log.firstChild); }
    progress.hidden = true;
    progress.textContent = "";
    hideProblem();
    start();
  }

  // --- events -------------------------------------------------------------------------

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value, null);
  });

  input.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter makes a new line; never while an input method is composing
    // (Chinese, Japanese and other keyboards use Enter to pick a word).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send(input.value, null);
    }
  });

  retryButton.addEventListener("click", function () {
    var action = retryAction;
    hideProblem();
    if (action) { action(); }
  });

  startAgain.addEventListener("click", function (event) {
    event.preventDefault();
    if (busy) { return; }
    if (window.confirm(texts.start_again_confirm)) { restart(); }
  });

  var saved = storage.get();
  if (saved) { resume(saved); } else { start(); }
}());
