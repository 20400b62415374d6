// leaderbook's KeyCommands front end (anywidget ESM): single keys that run a page's commands.
// Keys pressed while typing in a field, or with Ctrl, Alt or Meta held, are left alone. The
// kernel checks every command it is sent; this file only reports which bound key was pressed.

function typing(target) {
  if (!target || !target.closest) return false;
  return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

function render({ model, el }) {
  el.classList.add("lb-key-commands");
  el.setAttribute("aria-hidden", "true");
  function pressed(event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented || typing(event.target)) return;
    const command = (model.get("bindings") || {})[event.key];
    if (!command) return;
    event.preventDefault();
    model.send({ command });
  }
  document.addEventListener("keydown", pressed);
  return () => document.removeEventListener("keydown", pressed);
}

export default { render };
