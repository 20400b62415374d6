// leaderbook's RadioGroup front end (anywidget ESM): the WAI-ARIA radio group pattern.
// One tab stop (roving tabindex), arrow keys move and select, Home/End jump, the group
// is named after the question and every option says whether it is checked. The kernel
// validates every index it is sent; this file only draws and reports clicks and keys.
// On a page with a ConnectionWatch, a choice the kernel never confirmed is undone when the
// connection is lost ("lb-connection-lost"), and marked so: the store does not have it.

function render({ model, el }) {
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  group.className = "lb-radio-group";
  el.classList.add("lb-radio-host");
  const unsaved = document.createElement("div");
  unsaved.className = "lb-radio-unsaved";
  unsaved.hidden = true;
  el.append(group, unsaved);
  let options = [];
  let choosing = false; // the person's choice, not yet confirmed by the kernel

  function current() {
    const index = model.get("index");
    return Number.isInteger(index) ? index : null;
  }
  let confirmed = current(); // what the kernel last sent or confirmed

  function moved() {
    if (!choosing) confirmed = current(); // from the kernel: a restore, a refusal's kept value
    update();
  }

  function confirmChoice() {
    confirmed = current();
  }

  function undo() {
    if (current() === confirmed) return;
    model.set("index", confirmed); // shown only: the kernel is gone, nothing is sent
    unsaved.textContent = "Not saved: the connection was lost, so this choice was undone.";
    unsaved.hidden = false;
  }

  function build() {
    const labels = model.get("_options_labels") || [];
    group.replaceChildren();
    options = labels.map((label, position) => {
      const option = document.createElement("div");
      option.setAttribute("role", "radio");
      option.className = "lb-radio";
      option.dataset.index = String(position);
      // The tick shows the choice without colour; hidden from the accessible name ("Yes", not "✓ Yes").
      const mark = document.createElement("span");
      mark.className = "lb-radio-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "✓";
      option.appendChild(mark);
      const text = document.createElement("span");
      text.className = "lb-radio-label";
      text.textContent = label;
      option.appendChild(text);
      option.addEventListener("click", () => choose(position, true));
      group.appendChild(option);
      return option;
    });
    update();
  }

  function update() {
    const chosen = current();
    const tips = model.get("tooltips") || [];
    const disabled = model.get("disabled");
    group.setAttribute("aria-label", model.get("label") || "Choose one");
    group.classList.toggle("lb-radio-disabled", Boolean(disabled));
    const stop = chosen === null ? 0 : chosen;
    options.forEach((option, position) => {
      const checked = position === chosen;
      option.setAttribute("aria-checked", checked ? "true" : "false");
      option.classList.toggle("lb-radio-checked", checked);
      option.tabIndex = position === stop ? 0 : -1;
      if (disabled) option.setAttribute("aria-disabled", "true");
      else option.removeAttribute("aria-disabled");
      if (tips[position]) option.title = tips[position];
      else option.removeAttribute("title");
    });
  }

  function choose(position, focus) {
    if (model.get("disabled") || position < 0 || position >= options.length) return;
    if (focus) options[position].focus();
    if (position !== current()) {
      choosing = true;
      model.set("index", position);
      choosing = false;
      model.save_changes();
    }
  }

  group.addEventListener("keydown", (event) => {
    const from = options.indexOf(document.activeElement);
    if (from < 0) return;
    const last = options.length - 1;
    const moves = {
      ArrowRight: from === last ? 0 : from + 1,
      ArrowDown: from === last ? 0 : from + 1,
      ArrowLeft: from === 0 ? last : from - 1,
      ArrowUp: from === 0 ? last : from - 1,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      choose(moves[event.key], true);
    } else if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      choose(from, true);
    }
  });

  model.on("change:_options_labels", build);
  model.on("change:index", moved);
  model.on("change:tooltips", update);
  model.on("change:disabled", update);
  model.on("change:label", update);
  window.addEventListener("lb-answers-confirmed", confirmChoice);
  window.addEventListener("lb-connection-lost", undo);
  build();
  return () => {
    window.removeEventListener("lb-answers-confirmed", confirmChoice);
    window.removeEventListener("lb-connection-lost", undo);
    model.off("change:_options_labels", build);
    model.off("change:index", moved);
    model.off("change:tooltips", update);
    model.off("change:disabled", update);
    model.off("change:label", update);
  };
}

export default { render };
