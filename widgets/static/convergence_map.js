// leaderbook's ConvergenceMap front end (anywidget ESM): goals and programmes as rows of
// labelled fields, the links as a grid of buttons (none → some → direct), a paste box, and
// the picture and findings the kernel renders. Every name is set as text (textContent,
// input values), never as markup. The kernel checks every value it is sent; this file only
// draws the map and reports what the person did.

const TYPING_PAUSE = 300; // ms of quiet before typed text is sent (the kernel waits again before saving)

function clone(value) {
  return JSON.parse(JSON.stringify(value || { goals: [], programmes: [], links: [] }));
}

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

function nextId(rows, prefix) {
  const numbers = rows.map((row) => parseInt(String(row.id).slice(1), 10)).filter(Number.isFinite);
  return prefix + (Math.max(0, ...numbers) + 1);
}

// A typed number: empty is "not known" (null); anything else not a number is sent as typed,
// for the kernel to refuse with a message that says why.
function typedNumber(text) {
  const cleaned = text.replace(/[\s,'’]/g, "");
  if (cleaned === "") return null;
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : text;
}

function render({ model, el }) {
  // The page's words in its language: ``_texts`` maps each English text to its translation (empty
  // in English); ``{name}`` in a text is filled in from ``values``, as text, never markup.
  const t = (english, values = {}) => {
    let out = (model.get("_texts") || {})[english] || english;
    for (const [key, value] of Object.entries(values)) out = out.split(`{${key}}`).join(String(value));
    return out;
  };
  el.classList.add("lb-cmap-host");
  const root = element("div", { class: "lb-cmap" });
  el.appendChild(root);
  let state = clone(model.get("value"));
  let pending = null; // a typed field waiting for the pause: its key

  // Send the local state to the kernel; redraw unless the caller already showed the change
  // (a link's button is updated in place: redrawing a 40 × 80 grid on every click is slow).
  function send({ redraw = true } = {}) {
    model.set("value", clone(state));
    model.save_changes();
    if (redraw) draw();
  }

  function flushTyping() {
    if (pending === null) return;
    clearTimeout(pending.timer);
    const field = root.querySelector(`[data-key="${CSS.escape(pending.key)}"]`);
    pending = null;
    if (field) {
      apply(field.dataset.key, field.value);
      send();
    }
  }

  // Put the text of field ``key`` (kind:id:field) into the local state.
  function apply(key, text) {
    const [kind, id, field] = key.split(":");
    const row = (state[kind] || []).find((r) => r.id === id);
    if (!row) return;
    // As the kernel keeps it (names trimmed), so an accepted value comes back unchanged: a value the
    // kernel had to clean would be sent back, and could land after a newer change made here.
    row[field] = field === "reach" || field === "cost" ? typedNumber(text) : text.trim();
  }

  function typed(event) {
    const key = event.target.dataset.key;
    if (pending !== null && pending.key !== key) flushTyping();
    if (pending !== null) clearTimeout(pending.timer);
    pending = { key, timer: setTimeout(flushTyping, TYPING_PAUSE) };
  }

  function chosen(event) {
    flushTyping();
    const [kind, id, field] = event.target.dataset.key.split(":");
    const row = state[kind].find((r) => r.id === id);
    if (row) row[field] = event.target.value;
    send();
  }

  function remove(kind, id) {
    flushTyping();
    state[kind] = state[kind].filter((r) => r.id !== id);
    const side = kind === "goals" ? "goal" : "programme";
    state.links = state.links.filter((link) => link[side] !== id);
    send();
    root.querySelector(`[data-key="new:${kind}"]`).focus(); // its button is gone: the keyboard goes on from here
  }

  function cycle(button, programme, goal) {
    flushTyping();
    const strengths = model.get("_choices").strength || ["none", "some", "direct"];
    const link = state.links.find((l) => l.goal === goal.id && l.programme === programme.id);
    const now = link ? link.strength : "none";
    const next = strengths[(strengths.indexOf(now) + 1) % strengths.length];
    state.links = state.links.filter((l) => l !== link);
    if (next !== "none") state.links.push({ goal: goal.id, programme: programme.id, strength: next });
    showStrength(button, programme, goal, next);
    send({ redraw: false });
  }

  // A new row: its id, its name and the kernel's defaults for the other fields (whole, for the same reason).
  function addRow(kind, name) {
    flushTyping();
    const defaults = (model.get("_choices").defaults || {})[kind] || {};
    state[kind].push({ id: nextId(state[kind], kind === "goals" ? "g" : "p"), name, ...defaults });
    send();
  }

  // -- drawing -------------------------------------------------------------------------

  function textField(key, value, label, extra = {}) {
    return element("input", { type: "text", class: "lb-cmap-input", "data-key": key, "aria-label": label,
                              value: value === null || value === undefined ? "" : String(value), oninput: typed,
                              onchange: flushTyping, ...extra });
  }

  function select(key, options, current, label) {
    const node = element("select", { class: "lb-cmap-select", "data-key": key, "aria-label": label, onchange: chosen });
    for (const option of options) {
      const item = element("option", { value: option, text: t(option) });
      if (option === current) item.selected = true;
      node.appendChild(item);
    }
    return node;
  }

  function rowsTable(kind, caption, headings, fields) {
    const table = element("table", { class: `lb-cmap-rows lb-cmap-${kind}` }, [
      element("caption", { class: "lb-visually-hidden", text: caption }),
      element("thead", {}, [element("tr", {}, headings.map((h) => element("th", { scope: "col" }, [
        element("span", h ? { text: t(h) } : { class: "lb-visually-hidden", text: t("Delete") })])))]),
    ]);
    const body = element("tbody");
    state[kind].forEach((row, index) => {
      const name = row.name || (kind === "goals" ? t("goal {number}", { number: index + 1 })
                                                 : t("programme {number}", { number: index + 1 }));
      const tr = element("tr", { "data-row": row.id });
      for (const field of fields(row, name)) tr.appendChild(element("td", { "data-label": t(field.label) }, [field.control]));
      tr.appendChild(element("td", {}, [element("button", {
        type: "button", class: "lb-cmap-delete",
        "aria-label": kind === "goals" ? t("Delete goal {name}", { name }) : t("Delete programme {name}", { name }),
        title: t("Delete this row and its links"), text: t("Delete"), onclick: () => remove(kind, row.id),
      })]));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function addForm(kind, label, button) {
    const input = element("input", { type: "text", class: "lb-cmap-input lb-cmap-new", "data-key": `new:${kind}`,
                                     "aria-label": t(label), placeholder: t(label) });
    const submit = () => {
      const name = input.value.trim();
      if (!name) { input.focus(); return; }
      input.value = "";
      addRow(kind, name);
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); submit(); }
    });
    return element("div", { class: "lb-cmap-add-row" }, [
      input, element("button", { type: "button", class: "lb-cmap-add-button", "data-key": `add:${kind}`, text: t(button), onclick: submit }),
    ]);
  }

  function goalsTable(choices) {
    return state.goals.length ? rowsTable("goals", t("Your organisation's strategic goals"),
      ["Goal", "Owner", "Priority", "Horizon", ""], (g, name) => [
        { label: "Goal", control: textField(`goals:${g.id}:name`, g.name, t("Name of goal {name}", { name })) },
        { label: "Owner", control: textField(`goals:${g.id}:owner`, g.owner, t("Owner of goal {name}", { name }), { placeholder: t("who answers for it") }) },
        { label: "Priority", control: select(`goals:${g.id}:priority`, choices.priority, g.priority, t("Priority of goal {name}", { name })) },
        { label: "Horizon", control: select(`goals:${g.id}:horizon`, choices.horizon, g.horizon, t("Horizon of goal {name}", { name })) },
      ]) : element("p", { class: "lb-muted", text: t("No goals yet: name one below, then press Add goal.") });
  }

  function programmesTable(choices) {
    return state.programmes.length ? rowsTable("programmes", t("Your training programmes"),
      ["Programme", "People reached", "Cost", "Evaluated up to", ""], (p, name) => [
        { label: "Programme", control: textField(`programmes:${p.id}:name`, p.name, t("Name of programme {name}", { name })) },
        { label: "People reached", control: textField(`programmes:${p.id}:reach`, p.reach, t("People programme {name} reaches", { name }), { inputmode: "numeric", class: "lb-cmap-input lb-cmap-number" }) },
        { label: "Cost", control: textField(`programmes:${p.id}:cost`, p.cost, t("Cost of programme {name}", { name }), { inputmode: "decimal", class: "lb-cmap-input lb-cmap-number" }) },
        { label: "Evaluated up to", control: select(`programmes:${p.id}:evaluation`, choices.evaluation, p.evaluation, t("Highest evaluation level of programme {name}", { name })) },
      ]) : element("p", { class: "lb-muted", text: t("No programmes yet: name one below, or paste a list.") });
  }

  function pasteBox() {
    const paste = element("textarea", { class: "lb-cmap-paste", rows: "4", "data-key": "paste",
                                        placeholder: t("One programme a line") });
    const pasteButton = element("button", { type: "button", class: "lb-cmap-paste-button", "data-key": "paste-button",
                                            text: t("Add these programmes"), onclick: () => {
      flushTyping();
      if (paste.value.trim()) model.send({ paste: paste.value });
    } });
    return element("details", { class: "lb-cmap-paste-box" }, [
      element("summary", { text: t("Paste a list of programmes") }),
      element("label", { class: "lb-cmap-paste-label" }, [
        element("span", { text: t("Programmes to add, one a line (from a spreadsheet column; a second and third column give the people reached and the cost)") }),
        paste,
      ]),
      pasteButton,
    ]);
  }

  function showStrength(button, programme, goal, strength) {
    button.className = `lb-cmap-cell lb-cmap-${strength}`;
    button.setAttribute("aria-label", t("Link {programme} to {goal}: {strength}",
                                        { programme: programme.name, goal: goal.name, strength: t(strength) }));
    button.lastChild.textContent = strength === "none" ? "–" : t(strength);
  }

  const helpId = `lb-cmap-help-${Math.random().toString(36).slice(2)}`;

  function grid() {
    if (!state.goals.length || !state.programmes.length) {
      return [element("p", { class: "lb-muted", text: t("Add at least one goal and one programme to link them.") })];
    }
    const help = element("p", { class: "lb-muted", id: helpId,
      text: t("Each button says how strongly a programme serves a goal: a click (or Enter) moves it from none to some to direct, and back to none.") });
    const head = element("tr", {}, [element("th", { scope: "col", text: t("Programme") })]);
    for (const goal of state.goals) head.appendChild(element("th", { scope: "col", text: goal.name }));
    const body = element("tbody");
    for (const programme of state.programmes) {
      const tr = element("tr", {}, [element("th", { scope: "row", text: programme.name })]);
      for (const goal of state.goals) {
        const link = state.links.find((l) => l.goal === goal.id && l.programme === programme.id);
        const strength = link ? link.strength : "none";
        const button = element("button", { type: "button", "data-key": `cell:${programme.id}:${goal.id}` }, [
          element("span", { class: "lb-cmap-cell-goal", "aria-hidden": "true", text: goal.name }),
          element("span", { class: "lb-cmap-cell-strength", "aria-hidden": "true" }),
        ]);
        button.addEventListener("click", () => cycle(button, programme, goal));
        showStrength(button, programme, goal, strength);
        tr.appendChild(element("td", {}, [button]));
      }
      body.appendChild(tr);
    }
    const table = element("table", { class: "lb-cmap-grid", "aria-describedby": helpId }, [
      element("caption", { class: "lb-visually-hidden", text: t("Links between programmes (rows) and goals (columns)") }),
      element("thead", {}, [head]), body,
    ]);
    return [help, element("div", { class: "lb-cmap-scroll", role: "region", tabindex: "0",
                                   "aria-label": t("Links between programmes and goals") }, [table])];
  }

  // The parts that never change are built once (what is typed in them survives a redraw);
  // the tables and the grid are redrawn from the state.
  const goalsHolder = element("div", { class: "lb-cmap-holder" });
  const programmesHolder = element("div", { class: "lb-cmap-holder" });
  const gridHolder = element("div", { class: "lb-cmap-holder" });
  const error = element("div", { class: "lb-cmap-error lb-error", role: "alert" });
  const status = element("div", { class: "lb-visually-hidden", role: "status" });
  const picture = element("div", { class: "lb-cmap-picture" });
  const found = element("div", { class: "lb-cmap-found" });
  root.append(
    element("section", { class: "lb-cmap-part lb-cmap-goals-part", "aria-label": t("Goals") },
            [element("h3", { text: t("Strategic goals") }), goalsHolder, addForm("goals", "New goal", "Add goal")]),
    element("section", { class: "lb-cmap-part lb-cmap-programmes-part", "aria-label": t("Programmes") },
            [element("h3", { text: t("Training programmes") }), programmesHolder,
             addForm("programmes", "New programme", "Add programme"), pasteBox()]),
    element("section", { class: "lb-cmap-part lb-cmap-links-part", "aria-label": t("Links") },
            [element("h3", { text: t("Which programme serves which goal") }), gridHolder]),
    error, status, picture, found);

  function draw() {
    // Redrawing replaces the controls: keep the focus, and the text being typed, where they were.
    const active = document.activeElement;
    const key = active && root.contains(active) ? active.dataset.key : undefined;
    const typing = key && active.tagName !== "BUTTON" && active.tagName !== "SELECT" ? active.value : null;
    const caret = typing !== null && typeof active.selectionStart === "number" ? active.selectionStart : null;
    const choices = model.get("_choices") || {};
    goalsHolder.replaceChildren(goalsTable(choices));
    programmesHolder.replaceChildren(programmesTable(choices));
    gridHolder.replaceChildren(...grid());
    const disabled = Boolean(model.get("disabled"));
    for (const control of root.querySelectorAll(".lb-cmap-part input, .lb-cmap-part select, .lb-cmap-part textarea, .lb-cmap-part button")) {
      control.disabled = disabled;
    }
    showError(); // the row it stood under was redrawn
    if (key) {
      const again = root.querySelector(`[data-key="${CSS.escape(key)}"]`);
      if (again) {
        if (typing !== null && again.value !== typing) again.value = typing;
        again.focus();
        if (caret !== null && again.setSelectionRange) again.setSelectionRange(caret, caret);
      }
    }
  }

  function valueChanged() {
    const value = clone(model.get("value"));
    if (JSON.stringify(value) === JSON.stringify(state)) return; // what is shown already (our own change)
    state = value;
    draw();
  }

  // Why a change was refused shows where the person is looking: under the row whose field they
  // were editing, else under the part they were in (goals, programmes, links), else under the links.
  let lastKey = null;
  let errorRow = null;
  root.addEventListener("focusin", (event) => { lastKey = event.target.dataset.key || lastKey; });

  function showError() {
    const text = model.get("error") || "";
    error.textContent = text;
    if (errorRow) errorRow.remove();
    errorRow = null;
    if (!text) return;
    const field = lastKey ? root.querySelector(`[data-key="${CSS.escape(lastKey)}"]`) : null;
    const row = field ? field.closest(".lb-cmap-rows tbody tr") : null;
    if (row) {
      errorRow = element("tr", { class: "lb-cmap-error-row" }, [element("td", { colspan: "5" }, [error])]);
      row.after(errorRow);
      return;
    }
    ((field && field.closest(".lb-cmap-part")) || root.querySelector(".lb-cmap-links-part")).appendChild(error);
  }

  function showPicture() {
    const svg = model.get("_picture") || "";
    picture.innerHTML = svg ? "<h3>The map at a glance</h3>" + svg : ""; // the kernel's autoescaped template
  }

  function showFindings() {
    found.innerHTML = model.get("_findings_html") || ""; // idem
    if (model.get("disabled")) for (const b of found.querySelectorAll("button")) b.disabled = true;
  }

  found.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-finding]");
    if (button && !button.disabled) {
      button.disabled = true; // one click, one action
      model.send({ add: button.dataset.finding });
    }
  });

  function message(content) {
    if (content && Number.isInteger(content.pasted)) {
      const paste = root.querySelector('[data-key="paste"]');
      if (paste) paste.value = "";
      status.textContent = content.pasted === 1 ? t("1 programme added.")
                                                : t("{count} programmes added.", { count: content.pasted });
    }
  }

  const events = {
    "change:value": valueChanged, "change:_choices": draw, "change:disabled": () => { draw(); showFindings(); },
    "change:error": showError, "change:_picture": showPicture, "change:_findings_html": showFindings, "msg:custom": message,
  };
  for (const [name, handler] of Object.entries(events)) model.on(name, handler);
  draw();
  showError();
  showPicture();
  showFindings();
  return () => {
    if (pending !== null) clearTimeout(pending.timer);
    for (const [name, handler] of Object.entries(events)) model.off(name, handler);
  };
}

export default { render };
