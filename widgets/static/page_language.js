// leaderbook's PageLanguage front end (anywidget ESM): the kernel decides the page's language
// (?lang=, else the browser's preferences); this puts it on <html lang> and <html dir>, so
// screen readers pronounce the page in it and a right-to-left language lays out from the right.
function render({ model }) {
  const root = document.documentElement;
  const apply = () => {
    root.lang = model.get("language");
    root.dir = model.get("direction");
  };
  apply();
  model.on("change:language", apply);
  model.on("change:direction", apply);
  return () => {
    model.off("change:language", apply);
    model.off("change:direction", apply);
  };
}

export default { render };
