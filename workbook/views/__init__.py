"""The one view layer: autoescaped Jinja templates, the chart module and the palette.

Everything leaderbook shows as HTML (a widget's static markup, the
downloadable summary, the dashboard, the reports) is rendered here, from a
template, with autoescaping on: text anyone typed is shown as text, never
run, and there is no second escaping path to forget. Markup that code builds
(a chart) is made by :mod:`workbook.views.charts` from templates too.

A package with templates of its own (the widgets, the pages) renders them
through :func:`render_with`, naming its template folder; this package's own
templates (shared partials, the stylesheet, the charts) are found after it.

What is here:

- :mod:`.charts`: every chart (score bars and radar, the team's spread,
  heat-map colours), laid out in Python and drawn by ``templates/charts/``.
- :mod:`.partials`: the context of ``templates/partials/``, the scores,
  strengths and gaps, mistakes and plan that the downloadable summary
  (``summary.html.j2``) and the individual report both show.
- :mod:`.style`: the palette (``templates/palette.css``), the one definition
  of leaderbook's colours; ``document.css`` is the documents' look on it.
- :mod:`.filters`: the number formats templates apply.

May import: jinja2, markupsafe and the workbook core's pure modules. Never
ipywidgets, Voila, tornado, pandas or the store.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

#: This package's templates: partials, charts and the stylesheet every page shares.
TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=None)
def environment(*folders: Path) -> Environment:
    """The Jinja environment for templates in ``folders`` (searched first) and this package's.

    Autoescaping is on for every template whatever its name, and an undefined
    name is an error rather than an empty string, so a typo cannot blank a page.
    """
    loader = ChoiceLoader([FileSystemLoader([str(f) for f in folders]), FileSystemLoader(str(TEMPLATES))])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                      extensions=["jinja2.ext.i18n"])
    # English unless a render passes the ``_``/``gettext``/``ngettext`` of its own language
    # (workbook.basics.i18n.template_functions): no language is ever installed for all renders.
    env.install_null_translations()
    from . import filters  # the formats a template may apply, one definition each

    filters.install(env)
    return env


def render_with(folder: Path | None, template: str, /, **context) -> str:
    """``template`` (found in ``folder``, then here) rendered with ``context``, escaped."""
    folders = (Path(folder),) if folder is not None else ()
    return environment(*folders).get_template(template).render(**context)


def render(template: str, /, **context) -> str:
    """One of this package's own templates rendered with ``context``."""
    return render_with(None, template, **context)
