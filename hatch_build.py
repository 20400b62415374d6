"""Compile the interface's catalogues (``workbook/locale/*/LC_MESSAGES/*.po``) to ``.mo`` at build time.

hatchling runs this hook for every build pip asks for: a wheel (``pip install .``)
gets the ``.mo`` files force-included (they are build output, ignored by git, so
hatchling would otherwise leave them out), and an editable install
(``pip install -e .``) compiles them in place, beside their ``.po``, where the
source tree it points at finds them. Nobody runs a compile step by hand.
Babel is a build requirement only: at run time the standard library's
``gettext`` reads the ``.mo`` files.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("workbook") / "locale"


def compile_catalogues(root: Path) -> list[Path]:
    """Write the ``.mo`` beside every ``.po`` under ``root``'s locale folder; return them (relative to root).

    A catalogue that does not parse stops the build: a broken translation must
    not ship as a silently English page.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, abort_invalid=True)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        compiled.append(mo.relative_to(root))
    return compiled


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name not in ("wheel", "sdist"):
            return
        compiled = compile_catalogues(Path(self.root))
        if self.target_name == "wheel" and version != "editable":
            for mo in compiled:
                build_data["force_include"][str(Path(self.root) / mo)] = mo.as_posix()
