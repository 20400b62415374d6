// leaderbook's ConnectionWatch front end (anywidget ESM). The kernel cannot say it is gone,
// so the browser decides: a closed kernel websocket (reported by the Voila template as the
// "lb-kernel-socket" event) or a ping the kernel does not answer in time means the page is
// not connected. Then the header says so, the page's controls go inert, and choices the
// kernel never confirmed are undone ("lb-connection-lost"), so nothing shows "saved" that
// the store has not confirmed. After each change the header says "Saving…" until the kernel
// answers a ping sent after it ("lb-answers-confirmed"). When the server answers again the
// page reloads: a new kernel opens it from the store, on the step the visitor was on.

const CONFIRM_DELAY_MS = 200; // let the control's own update go out before the ping behind it
const RECHECK_MS = 400; // the kernel still writes (typed text waits for a pause): ask again
const POLL_MS = 1500; // how often a page that lost its kernel asks whether the server is back
const RELOAD_AFTER_MS = 15000; // a server that answers while its kernel does not: start afresh

function render({ model, el }) {
  const line = document.createElement("div");
  line.className = "lb-connection-text";
  line.setAttribute("role", "alert");
  const note = document.createElement("div");
  note.className = "lb-connection-note";
  el.append(line, note);

  const page = el.closest(".lb-page") || el.parentElement || document.body;
  let state = "ok"; // ok | confirming | unreachable | lost
  let seq = 0;
  const sent = new Map(); // ping number -> when it was sent
  let lastChange = -1; // when the person last changed something (performance.now())
  let unconfirmed = false;
  let confirmTimer = null;
  let pollTimer = null;
  let unreachableSince = 0;

  function show(next) {
    state = next;
    const lost = next === "unreachable" || next === "lost";
    page.classList.toggle("lb-connection-confirming", next === "confirming");
    page.classList.toggle("lb-connection-lost", lost);
    // The controls stop pretending: nothing outside the header takes a click, a key or the focus.
    for (const part of page.children) {
      if (!part.classList.contains("lb-header") && part !== el) part.inert = lost;
    }
    line.textContent = lost ? model.get("message") : next === "confirming" ? model.get("saving_message") : "";
    note.textContent = lost ? model.get("retry_note") : "";
  }

  function ping() {
    if (state === "lost") return;
    seq += 1;
    const number = seq;
    sent.set(number, performance.now());
    try {
      model.send({ ping: number });
    } catch (error) {
      lose(); // the comm is gone with its kernel
      return;
    }
    setTimeout(() => {
      if (sent.has(number) && state !== "lost") unreachable();
    }, model.get("ack_timeout_ms"));
  }

  function changed() {
    if (state === "lost" || state === "unreachable") return;
    lastChange = performance.now();
    unconfirmed = true;
    show("confirming");
    clearTimeout(confirmTimer);
    confirmTimer = setTimeout(ping, CONFIRM_DELAY_MS);
  }

  function answered(pong, saveState) {
    const sentAt = sent.get(pong);
    if (sentAt === undefined) return;
    for (const number of [...sent.keys()]) if (number <= pong) sent.delete(number);
    if (state === "lost") return;
    if (state === "unreachable") {
      // Only slow, not gone: the header shows the kernel's word again.
      unreachableSince = 0;
      stopPolling();
      show(unconfirmed ? "confirming" : "ok");
    }
    if (!unconfirmed || sentAt < lastChange) return; // a change came after this ping: wait for the next
    if (saveState === "saving") {
      clearTimeout(confirmTimer);
      confirmTimer = setTimeout(ping, RECHECK_MS);
      return;
    }
    unconfirmed = false;
    window.dispatchEvent(new CustomEvent("lb-answers-confirmed"));
    show("ok");
  }

  function unreachable() {
    if (state === "lost" || state === "unreachable") return;
    unreachableSince = performance.now();
    show("unreachable");
    startPolling();
  }

  function lose() {
    if (state === "lost") return;
    clearTimeout(confirmTimer);
    show("lost");
    // Changes the kernel never confirmed are shown as undone: the store does not have them.
    window.dispatchEvent(new CustomEvent("lb-connection-lost"));
    startPolling();
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  async function poll() {
    // A static file of the page: asking for it starts no kernel.
    const sheet = document.querySelector("link[rel=stylesheet][href*='leaderbook.css']");
    if (!sheet) return;
    try {
      const response = await fetch(sheet.href, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) return;
    } catch (error) {
      return; // still down
    }
    const waited = performance.now() - unreachableSince;
    if (state === "lost" || (state === "unreachable" && waited > RELOAD_AFTER_MS)) {
      stopPolling();
      note.textContent = model.get("reload_note");
      window.location.reload();
    }
  }

  function onMessage(content) {
    if (content && Number.isInteger(content.pong)) answered(content.pong, content.save_state);
  }

  function onSocket(event) {
    if (event.detail === "closed") lose();
  }

  // The person's changes: a choice, a key on a choice, typing, a changed field, a button in a step.
  const inPage = (target) => target instanceof Element && page.contains(target)
    && !target.closest(".lb-header, .lb-step-list, .lb-step-footer");
  const onClick = (event) => {
    if (inPage(event.target) && event.target.closest("[role=radio], button, input, select, label")) changed();
  };
  const onKey = (event) => {
    if (inPage(event.target) && event.target.closest("[role=radio]")
        && ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", " ", "Enter"].includes(event.key)) changed();
  };
  const onInput = (event) => {
    if (inPage(event.target)) changed();
  };
  const beat = setInterval(() => {
    if (!document.hidden && sent.size === 0 && state !== "lost") ping();
  }, model.get("ping_every_ms"));

  model.on("msg:custom", onMessage);
  window.addEventListener("lb-kernel-socket", onSocket);
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  document.addEventListener("input", onInput);
  document.addEventListener("change", onInput);
  show("ok");
  if (window.leaderbookKernelSocket === "closed") lose();
  return () => {
    clearInterval(beat);
    clearTimeout(confirmTimer);
    stopPolling();
    model.off("msg:custom", onMessage);
    window.removeEventListener("lb-kernel-socket", onSocket);
    document.removeEventListener("click", onClick);
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("input", onInput);
    document.removeEventListener("change", onInput);
  };
}

export default { render };
