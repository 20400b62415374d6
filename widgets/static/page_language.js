// leaderbook's PageLanguage front end (anywidget ESM): the kernel decides the page's language
// (?lang=, else the browser's preferences); this puts it on <html lang> and <html dir>, so
// screen readers pronounce the page in it and a right-to-left language lays out from the right.
// It also puts the template's own words (the skip link, the step list's name), translated by the
// kernel, in place of the English the template was written with; the template's script reads
// window.leaderbookWords for a step list drawn later.
function render({ model }) {
  const root = document.documentElement;
  const apply = () => {
    root.lang = model.get("language");
    root.dir = model.get("direction");
    const words = model.get("words") || {};
    window.leaderbookWords = words;
    if (words.skip) document.querySelectorAll(".lb-skip-link").forEach((link) => { link.textContent = words.skip; });
    if (words.steps) {
      document.querySelectorAll(".lb-step-list[role=navigation]").forEach((list) => {
        list.setAttribute("aria-label", words.steps);
      });
    }
  };
  apply();
  model.on("change:language", apply);
  model.on("change:direction", apply);
  model.on("change:words", apply);
  return () => {
    model.off("change:language", apply);
    model.off("change:direction", apply);
    model.off("change:words", apply);
  };
}

export default { render };
