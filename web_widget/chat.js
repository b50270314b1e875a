/* Tell LeDeR: the easy-read chat page.
 * Rules: every text goes in with textContent, never as markup; focus never moves when a
 * message arrives; nothing plays until the person asks; no time limits; what a person
 * typed stays in the box until the gateway took it. The page is drawn from the message
 * metadata (flow, asks, input, choices, multiple, progress, audio), never from its words.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "tell-leder.web.conversation-id";
  var TEXT_SIZE_KEY = "tell-leder.web.text-size";
  var CONTRAST_KEY = "tell-leder.web.strong-colours";
  var REQUEST_TIMEOUT_MS = 30000; // the gateway gives up on the bot after 20 seconds
  var TEXT_SIZES = [100, 125, 150, 200]; // percent of the normal 18px text
  var SHIFT_PRESSES_TO_LEAVE = 3;
  var SHIFT_WINDOW_MS = 5000;

  var root = document.getElementById("chat");
  var texts = JSON.parse(document.getElementById("chat-texts").textContent);
  var pictures = JSON.parse(document.getElementById("chat-pictures").textContent);
  var api = root.getAttribute("data-api");
  var picturesBase = root.getAttribute("data-pictures");
  var exitUrl = root.getAttribute("data-exit");
  var log = document.getElementById("transcript");
  var progressArea = document.getElementById("progress-area");
  var progress = document.getElementById("progress");
  var progressBar = document.getElementById("progress-bar");
  var statusLine = document.getElementById("status");
  var problem = document.getElementById("problem");
  var problemText = document.getElementById("problem-text");
  var retryButton = document.getElementById("retry");
  var choicesArea = document.getElementById("choices");
  var dateArea = document.getElementById("date-area");
  var datePicker = document.getElementById("date-picker");
  var dateSend = document.getElementById("date-send");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var speakButton = document.getElementById("speak");
  var startAgain = document.getElementById("start-again");
  var leaveButton = document.getElementById("leave");
  var smallerButton = document.getElementById("text-smaller");
  var biggerButton = document.getElementById("text-bigger");
  var contrastButton = document.getElementById("contrast");
  var voiceButton = document.getElementById("voice");
  var voicePanel = document.getElementById("voice-panel");
  var voiceOnButton = document.getElementById("voice-on");
  var voiceCancelButton = document.getElementById("voice-cancel");
  var stopButton = document.getElementById("stop");

  var conversationId = null;
  var busy = false;
  var retryAction = null;
  var current = null; // the newest bot message that asks for something

  // localStorage may be switched off (private windows, strict settings): then the chat
  // still works, it just cannot resume after a reload.
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); }
      else { window.localStorage.setItem(key, value); }
    } catch (e) { /* not kept */ }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

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

  // --- pictures -----------------------------------------------------------------------

  // "openmoji:1F3E0" -> "/pictures/openmoji/1F3E0.svg"; anything else gets no picture.
  function pictureUrl(pictureId) {
    var match = /^([a-z]+):([0-9A-F]+(?:-[0-9A-F]+)*)$/.exec(pictureId || "");
    return match ? picturesBase + match[1] + "/" + match[2] + ".svg" : null;
  }

  // Pictures sit beside words that say the same: they are decoration for screen readers.
  function picture(pictureId, className) {
    var url = pictureUrl(pictureId);
    if (!url) { return null; }
    var img = document.createElement("img");
    img.src = url;
    img.alt = "";
    img.className = className;
    img.width = 48;
    img.height = 48;
    return img;
  }

  function messagePicture(message) {
    return (message.asks && pictures["asks." + message.asks]) ||
      (message.flow && pictures["flow." + message.flow]) || pictures["default"];
  }

  // --- focus-safe helpers -------------------------------------------------------------

  // When the control that had focus was removed or hidden, focus would drop to the page
  // top: give it to the message box instead, without scrolling. Otherwise leave it alone.
  function keepFocus(previous) {
    var lost = previous && previous !== document.body &&
      (!previous.isConnected || previous.closest("[hidden]"));
    if (lost) { input.focus({ preventScroll: true }); }
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd(wasNearBottom) {
    if (wasNearBottom) { log.scrollTop = log.scrollHeight; }
  }

  // --- reading aloud ------------------------------------------------------------------

  var player = new Audio();
  player.preload = "none";
  var playingButton = null;
  var queue = [];
  var voiceMode = false;

  // Only audio of this site: a path such as "/audio/abc.mp3".
  function safeAudio(url) {
    return typeof url === "string" && /^\/(?!\/)[^\s\\]*$/.test(url) ? url : null;
  }

  function setPlayLabel(button, playing) {
    if (!button) { return; }
    button.querySelector(".play__label").textContent = playing ? texts.stop : texts.play;
    button.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  var playing = 0; // counts every start and stop, so a late answer of play() is ignored

  function stopAudio() {
    var focused = document.activeElement;
    playing += 1;
    queue = [];
    player.pause();
    player.removeAttribute("src");
    setPlayLabel(playingButton, false);
    playingButton = null;
    stopButton.hidden = true;
    keepFocus(focused);
  }

  function playNext() {
    if (!queue.length) { stopAudio(); return; }
    var item = queue.shift();
    var mine = ++playing;
    setPlayLabel(playingButton, false);
    playingButton = item.button;
    setPlayLabel(playingButton, true);
    stopButton.hidden = false;
    player.src = item.url;
    var started = player.play();
    if (started && typeof started.catch === "function") {
      started.catch(function (error) {
        // Stopped or replaced before it began: nothing went wrong.
        if (mine !== playing || (error && error.name === "AbortError")) { return; }
        setStatus(texts.cannot_play);
        playNext();
      });
    }
  }

  function playMessages(items) {
    stopAudio();
    queue = items.slice();
    playNext();
  }

  player.addEventListener("ended", playNext);
  player.addEventListener("error", function () {
    // A file that cannot be played: say so, and go on with the next message.
    if (player.getAttribute("src")) { setStatus(texts.cannot_play); playNext(); }
  });

  function playButton(url) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "play";
    button.setAttribute("aria-pressed", "false");
    var icon = picture(pictures.play, "icon");
    if (icon) { icon.width = 28; icon.height = 28; button.appendChild(icon); }
    var label = document.createElement("span");
    label.className = "play__label";
    label.textContent = texts.play;
    button.appendChild(label);
    button.addEventListener("click", function () {
      if (playingButton === button) { stopAudio(); return; }
      playMessages([{ url: url, button: button }]);
    });
    return button;
  }

  // --- speech recognition (voice mode only, where the browser has it) ----------------

  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;
  var recognition = null;

  function stopListening() {
    if (recognition) {
      try { recognition.abort(); } catch (e) { /* already stopped */ }
      recognition = null;
    }
    speakButton.setAttribute("aria-pressed", "false");
  }

  function listen() {
    if (!Recognition || busy) { return; }
    if (recognition) { stopListening(); return; }
    stopAudio();
    var heard = false;
    recognition = new Recognition();
    recognition.lang = document.documentElement.lang || "en";
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;
    recognition.onresult = function (event) {
      var result = event.results && event.results[0] && event.results[0][0];
      if (result && result.transcript) {
        heard = true;
        input.value = result.transcript;
        setStatus(texts.heard);
      }
    };
    recognition.onerror = function (event) {
      heard = true;
      setStatus(event.error === "not-allowed" || event.error === "service-not-allowed"
        ? texts.mic_blocked : texts.heard_nothing);
    };
    recognition.onend = function () {
      if (!heard) { setStatus(texts.heard_nothing); }
      recognition = null;
      speakButton.setAttribute("aria-pressed", "false");
    };
    speakButton.setAttribute("aria-pressed", "true");
    setStatus(texts.listening);
    try { recognition.start(); } catch (e) { stopListening(); setStatus(texts.heard_nothing); }
  }

  // --- voice mode ---------------------------------------------------------------------

  function showVoicePanel() {
    document.getElementById("voice-title").textContent = texts.voice_title;
    document.getElementById("voice-reads").textContent = texts.voice_reads;
    var listens = document.getElementById("voice-listens");
    var privacy = document.getElementById("voice-privacy");
    if (Recognition) {
      listens.textContent = texts.voice_listens;
      privacy.textContent = texts.voice_privacy;
      privacy.hidden = false;
    } else {
      listens.textContent = texts.voice_cannot_listen;
      privacy.hidden = true;
    }
    voiceOnButton.textContent = texts.voice_turn_on;
    voiceCancelButton.textContent = texts.voice_cancel;
    voicePanel.hidden = false;
    voiceButton.setAttribute("aria-expanded", "true");
    // The person asked for this: reading the warning first is the point.
    document.getElementById("voice-title").focus();
  }

  function hideVoicePanel() {
    voicePanel.hidden = true;
    voiceButton.setAttribute("aria-expanded", "false");
    voiceButton.focus();
  }

  function setVoiceMode(on) {
    voiceMode = on;
    voiceButton.setAttribute("aria-pressed", on ? "true" : "false");
    speakButton.hidden = !(on && Recognition);
    setStatus(on ? texts.voice_on : texts.voice_off);
    if (!on) { stopAudio(); stopListening(); }
  }

  function audioOf(messages) {
    var items = [];
    messages.forEach(function (message) {
      if (message.audio) { items.push({ url: message.audio, button: message.playButton }); }
    });
    return items;
  }

  // --- rendering ----------------------------------------------------------------------

  function bubble(speaker, text, message) {
    var item = document.createElement("div");
    item.className = "msg msg--" + speaker;
    if (speaker === "bot") {
      var img = picture(messagePicture(message || {}), "msg__picture");
      if (img) { item.appendChild(img); }
    }
    var content = document.createElement("div");
    content.className = "msg__content";
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (speaker === "user" ? texts.you_said : texts.bot_said) + " ";
    var body = document.createElement("p");
    body.className = "msg__text";
    body.setAttribute("dir", "auto");
    body.textContent = text;
    content.appendChild(who);
    content.appendChild(body);
    item.appendChild(content);
    return item;
  }

  function choiceButton(choice, multiple) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "choice";
    button.setAttribute("data-value", String(choice.value));
    if (multiple) { button.setAttribute("aria-pressed", "false"); }
    var img = picture(choice.picture, "choice__picture");
    if (img) { button.appendChild(img); }
    var label = document.createElement("span");
    label.className = "choice__label";
    label.setAttribute("dir", "auto");
    label.textContent = choice.label;
    button.appendChild(label);
    return button;
  }

  function renderChoices(message) {
    var multiple = message.multiple === true;
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", multiple ? texts.choices_many_label : texts.choices_label);
    var buttons = message.choices.map(function (choice) {
      var button = choiceButton(choice, multiple);
      button.addEventListener("click", function () {
        if (multiple) {
          var pressed = button.getAttribute("aria-pressed") === "true";
          button.setAttribute("aria-pressed", pressed ? "false" : "true");
        } else {
          send(String(choice.value), choice.label);
        }
      });
      group.appendChild(button);
      return { button: button, choice: choice };
    });
    choicesArea.appendChild(group);
    if (multiple) {
      var done = document.createElement("button");
      done.type = "button";
      done.className = "chat__button choices__send";
      done.textContent = texts.send_choices;
      done.addEventListener("click", function () {
        var picked = buttons.filter(function (b) {
          return b.button.getAttribute("aria-pressed") === "true";
        });
        if (!picked.length) { showProblem(texts.pick_one_first, null); return; }
        send(picked.map(function (b) { return String(b.choice.value); }).join(", "),
          picked.map(function (b) { return b.choice.label; }).join(", "));
      });
      choicesArea.appendChild(done);
    }
  }

  function isoToday() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  // Show the ways to answer the newest question; only that one can still be answered.
  function renderAnswer(message) {
    var focused = document.activeElement;
    while (choicesArea.firstChild) { choicesArea.removeChild(choicesArea.firstChild); }
    current = message;
    if (message && message.choices && message.choices.length) { renderChoices(message); }
    var isDate = Boolean(message && message.input === "date");
    dateArea.hidden = !isDate;
    if (isDate) {
      datePicker.value = "";
      datePicker.max = isoToday(); // dates asked here are never in the future
    }
    var kind = message && message.input;
    input.setAttribute("inputmode",
      kind === "phone" ? "tel" : kind === "email" ? "email" : "text");
    input.rows = kind === "free_text" ? 4 : 2;
    keepFocus(focused);
  }

  function showProgress(messages) {
    var asking = false;
    for (var i = messages.length - 1; i >= 0; i -= 1) {
      var message = messages[i];
      if (message.speaker === "bot" && message.asks) { asking = true; }
      var p = message.speaker === "bot" ? message.progress : null;
      if (p && p.step && p.of) {
        progress.textContent = fill(texts.progress, { step: p.step, of: p.of });
        progressBar.max = p.of;
        progressBar.value = p.step;
        progressArea.hidden = false;
        return;
      }
    }
    if (!asking) { progressArea.hidden = true; }
  }

  // Show messages; when `answerable`, the newest bot message's choices can be used.
  function addMessages(messages, answerable) {
    var wasNearBottom = nearBottom();
    var last = null;
    messages.forEach(function (message) {
      var speaker = message.speaker === "user" ? "user" : "bot";
      if (!message.text) { return; }
      var item = bubble(speaker, message.text, message);
      if (speaker === "bot") {
        last = message;
        var audio = safeAudio(message.audio);
        message.audio = audio;
        if (audio) {
          message.playButton = playButton(audio);
          item.querySelector(".msg__content").appendChild(message.playButton);
        }
      }
      log.appendChild(item);
    });
    renderAnswer(answerable ? last : null);
    showProgress(messages);
    scrollToEnd(wasNearBottom);
    return messages.filter(function (m) { return m.speaker !== "user"; });
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
    var focused = document.activeElement;
    problem.hidden = true;
    retryButton.hidden = true;
    retryAction = null;
    keepFocus(focused);
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
    setStatus(value ? texts.waiting : "");
  }

  // --- conversation -------------------------------------------------------------------

  function send(text, label) {
    if (busy || !conversationId) { return; }
    if (!text.trim()) {
      showProblem(texts.empty_message, null);
      return;
    }
    hideProblem();
    stopListening();
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
        var botMessages = addMessages(result.data.messages, true);
        if (voiceMode) { playMessages(audioOf(botMessages)); }
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
        store(STORAGE_KEY, conversationId);
        addMessages(result.data.messages || [], true);
        root.setAttribute("data-ready", "true");
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
        root.setAttribute("data-ready", "true");
      } else if (result.status === 404 || (result.status === 200 && messages)) {
        store(STORAGE_KEY, null); // unknown or empty: begin again
        start();
      } else {
        // Keep the saved id: the bot may be back in a minute.
        showProblem(errorText(result), function () { resume(savedId); });
      }
    });
  }

  function restart() {
    stopAudio();
    store(STORAGE_KEY, null);
    conversationId = null;
    while (log.firstChild) { log.removeChild(log.firstChild); }
    renderAnswer(null);
    progressArea.hidden = true;
    progress.textContent = "";
    hideProblem();
    start();
  }

  // --- leave this page quickly (GOV.UK "exit this page") ------------------------------

  function leave() {
    stopAudio();
    stopListening();
    // On a shared device nobody should find this chat again from this browser.
    store(STORAGE_KEY, null);
    document.title = "";
    while (document.body.firstChild) { document.body.removeChild(document.body.firstChild); }
    // replace(): the chat's entry in the history is swapped for the neutral page.
    try {
      if (window.top !== window) { window.top.location.replace(exitUrl); return; }
    } catch (e) { /* a frame that may not move its parent: leave the frame itself */ }
    window.location.replace(exitUrl);
  }

  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && (playingButton || queue.length)) { stopAudio(); return; }
    if (event.key !== "Shift") { shiftPresses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (at) { return now - at < SHIFT_WINDOW_MS; });
    shiftPresses.push(now);
    if (shiftPresses.length >= SHIFT_PRESSES_TO_LEAVE) { leave(); }
  });

  // --- how the page looks -------------------------------------------------------------

  var textSize = TEXT_SIZES.indexOf(Number(stored(TEXT_SIZE_KEY)));
  if (textSize < 0) { textSize = 0; }

  function applyTextSize(announce) {
    TEXT_SIZES.forEach(function (size) {
      document.documentElement.classList.toggle("text-" + size, size === TEXT_SIZES[textSize]);
    });
    smallerButton.setAttribute("aria-disabled", textSize === 0 ? "true" : "false");
    biggerButton.setAttribute("aria-disabled",
      textSize === TEXT_SIZES.length - 1 ? "true" : "false");
    store(TEXT_SIZE_KEY, String(TEXT_SIZES[textSize]));
    if (announce) { setStatus(fill(texts.text_size_now, { number: TEXT_SIZES[textSize] })); }
  }

  function applyContrast(on) {
    document.documentElement.classList.toggle("strong-colours", on);
    contrastButton.setAttribute("aria-pressed", on ? "true" : "false");
    store(CONTRAST_KEY, on ? "on" : null);
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

  dateSend.addEventListener("click", function () {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePicker.value);
    if (!parts) { showProblem(texts.date_missing, null); return; }
    var typed = parts[3] + "/" + parts[2] + "/" + parts[1]; // the way the bot suggests
    send(typed, typed);
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

  leaveButton.addEventListener("click", leave);

  smallerButton.addEventListener("click", function () {
    if (textSize > 0) { textSize -= 1; applyTextSize(true); }
  });
  biggerButton.addEventListener("click", function () {
    if (textSize < TEXT_SIZES.length - 1) { textSize += 1; applyTextSize(true); }
  });
  contrastButton.addEventListener("click", function () {
    applyContrast(contrastButton.getAttribute("aria-pressed") !== "true");
  });

  voiceButton.addEventListener("click", function () {
    if (voiceMode) { setVoiceMode(false); return; }
    if (voicePanel.hidden) { showVoicePanel(); } else { hideVoicePanel(); }
  });
  voiceOnButton.addEventListener("click", function () {
    hideVoicePanel();
    setVoiceMode(true);
    // Read the question that is waiting now: the person has just asked for voice.
    if (current && current.audio) {
      playMessages([{ url: current.audio, button: current.playButton }]);
    }
  });
  voiceCancelButton.addEventListener("click", hideVoicePanel);
  stopButton.addEventListener("click", stopAudio);
  speakButton.addEventListener("click", listen);

  document.getElementById("stop-label").textContent = texts.stop;
  document.getElementById("speak-label").textContent = texts.speak;
  document.getElementById("date-label").textContent = texts.date_label;
  dateSend.textContent = texts.date_send;
  document.getElementById("date-hint").textContent = texts.date_or_type;
  applyTextSize(false);
  applyContrast(stored(CONTRAST_KEY) === "on");

  var saved = stored(STORAGE_KEY);
  if (saved) { resume(saved); } else { start(); }
}());
