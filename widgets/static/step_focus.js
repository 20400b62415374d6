// leaderbook's StepFocus front end (anywidget ESM): when the Stepper opens another step,
// bring that step's top into view and put the focus on its heading, so Next pressed at
// the bottom of a long step shows the new step's first question, and a screen reader
// starts reading at the new step. It draws nothing and sends nothing to the kernel.

const WAIT_MS = 4000; // a step built on first opening may take a moment to arrive

function render({ model, el }) {
  el.style.display = "none";
  let waiting = null;

  function stepElement(stepper, step) {
    return stepper ? stepper.querySelector(`.lb-stepper-step-${step}`) : null;
  }

  function headingOf(step) {
    return step.querySelector("h1, h2, h3, h4, [role='heading']");
  }

  function headerBottom() {
    // The page's header sticks to the top: keep the step's top just below it.
    const header = document.querySelector(".lb-header");
    if (!header) return 0;
    const position = getComputedStyle(header).position;
    return position === "sticky" || position === "fixed" ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  function open(step, heading) {
    const target = heading || step;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    const margin = headerBottom() + 8;
    const top = step.getBoundingClientRect().top;
    if (top < margin || top > window.innerHeight * 0.6) {
      step.style.scrollMarginTop = `${margin}px`;
      step.scrollIntoView({ block: "start" });
    }
  }

  function moved() {
    if (waiting) cancelAnimationFrame(waiting);
    const stepper = el.closest(".lb-stepper");
    const wanted = model.get("step");
    const until = performance.now() + WAIT_MS;
    const look = () => {
      waiting = null;
      const step = stepElement(stepper, wanted);
      const heading = step && headingOf(step);
      if (step && (heading || performance.now() > until)) {
        open(step, heading);
      } else if (performance.now() <= until) {
        waiting = requestAnimationFrame(look);
      }
    };
    look();
  }

  // Only moves count: opening the page leaves the focus where the browser put it.
  model.on("change:moves", moved);
  return () => {
    if (waiting) cancelAnimationFrame(waiting);
    model.off("change:moves", moved);
  };
}

export default { render };
