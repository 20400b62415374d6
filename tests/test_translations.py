"""Instrument translations: read against their source, every problem at its line, the text swapped and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from workbook.assess.scoring import flagged_mistakes, score_instrument, suggest_actions
from workbook.errors import InputError, InstrumentError
from workbook.instruments import available_languages, builtin_instruments, load_instrument, translated
from workbook.instruments.model import SEVERITY_SCALE
from workbook.instruments.translation import translation_path, translation_paths, translation_problems

SOURCE = textwrap.dedent("""\
    id: delegation
    version: 2
    title: Delegating
    description: How you hand work over, {name}.
    scale: {min: 1, max: 3, labels: [Never, Sometimes, Always]}
    sections:
      - id: handing-over
        title: Handing over
        kind: rating
        help: Say who owns what.
        actions: [Write mandates., Review them.]
        items:
          - id: clear-owner
            text: I name one owner, {name}.
            help: A high rating means one name.
            concept: delegation
            actions: [Name an owner.]
          - {id: follow-up, text: I follow up., reverse: true}
      - id: pace
        title: Pace
        kind: rating
        scale: {min: 0, max: 2, labels: [Slow, Steady, Fast]}
        items:
          - {id: weekly, text: I review weekly.}
      - id: pitfalls
        title: Pitfalls
        kind: mistakes
        items:
          - {id: hoarding, text: I keep the work myself., actions: [Hand one task over.]}
""")

# The line numbers the cases below expect are this text's: keep it as it is.
FRENCH = textwrap.dedent("""\
    translates: delegation
    version: 2
    language: fr
    title: Déléguer
    description: Comment vous confiez le travail, {name}.
    scale:
      labels: [Jamais, Parfois, Toujours]
    sections:
      handing-over:
        title: Confier
        help: Dites qui est responsable de quoi.
        actions: [Rédigez des mandats., Relisez-les.]
        items:
          clear-owner:
            text: Je nomme un seul responsable, {name}.
            help: Une note élevée signifie un seul nom.
            actions: [Nommez un responsable.]
          follow-up:
            text: Je fais le suivi.
      pace:
        title: Rythme
        scale:
          labels: [Lent, Régulier, Rapide]
        items:
          weekly:
            text: Je fais le point chaque semaine.
      pitfalls:
        title: Écueils
        items:
          hoarding:
            text: Je garde le travail pour moi.
            actions: [Confiez une tâche.]
""")

PITFALLS = FRENCH[FRENCH.index("  pitfalls:"):]

#: (what is wrong, the text changed, its replacement, the problems as ``LINE: message``)
CASES = [
    ("wrong source id", "translates: delegation", "translates: delegate",
     ["1: 'translates' is 'delegate' but the source delegation.yaml is the instrument 'delegation'"]),
    ("another version", "version: 2", "version: 1",
     ["2: 'version' is 1 but the source is version 2; check the text against that version, then write version: 2"]),
    ("language not the folder's", "language: fr", "language: es",
     ["3: 'language' is 'es' but the file is in the folder 'fr'; a translation lives in the folder named for "
      "its language"]),
    ("language not a BCP 47 code", "language: fr", "language: French",
     ["3: 'language' 'French' is not a BCP 47 language code (such as fr, es, ar or pt-BR)"]),
    ("a section missing", PITFALLS, "",
     ["8: section 'pitfalls' of the source is missing"]),
    ("an item missing", "      follow-up:\n        text: Je fais le suivi.\n", "",
     ["13: item 'follow-up' of section 'handing-over' is missing"]),
    ("a section the source has not", PITFALLS, PITFALLS + "  extra:\n    title: En plus\n",
     ["33: the source has no section 'extra'"]),
    ("an item id the source has not", "      follow-up:", "      follow-on:",
     ["13: item 'follow-up' of section 'handing-over' is missing",
      "18: the source has no item 'follow-on' in section 'handing-over'"]),
    ("an item under the wrong section", "      weekly:", "      hoarding:",
     ["24: item 'weekly' of section 'pace' is missing",
      "25: item 'hoarding' is in section 'pitfalls' of the source, not in section 'pace'"]),
    ("a field missing", "        help: Une note élevée signifie un seul nom.\n", "",
     ["14: item 'clear-owner' is missing 'help'"]),
    ("the title missing", "    title: Rythme\n", "",
     ["20: section 'pace' is missing 'title'"]),
    ("a field empty", "title: Rythme", "title: ''",
     ["21: 'title' of section 'pace' is empty"]),
    ("a field the source has not", "        text: Je fais le suivi.\n",
     "        text: Je fais le suivi.\n        help: Une aide.\n",
     ["20: item 'follow-up' has 'help' but the source has none; remove it"]),
    ("actions of another length", "actions: [Rédigez des mandats., Relisez-les.]", "actions: [Rédigez des mandats.]",
     ["12: 'actions' of section 'handing-over' has 1 entries but the source has 2; translate each one, "
      "in the same order"]),
    ("actions missing", "        actions: [Confiez une tâche.]\n", "",
     ["30: item 'hoarding' is missing 'actions' (the source has 1)"]),
    ("scale labels of another length", "labels: [Jamais, Parfois, Toujours]", "labels: [Jamais, Toujours]",
     ["7: 'labels' of the scale of the translation has 2 entries but the source has 3; translate each one, "
      "in the same order"]),
    ("a section's own scale missing", "    scale:\n      labels: [Lent, Régulier, Rapide]\n", "",
     ["20: section 'pace' is missing 'scale' (the labels of the source's 3 points)"]),
    ("a scale where the source has no labels", "    title: Écueils\n",
     "    title: Écueils\n    scale: {labels: [Un, Deux]}\n",
     ["29: section 'pitfalls' has 'scale' but the source has no scale labels to translate there; remove it"]),
    ("a placeholder changed", "un seul responsable, {name}.", "un seul responsable, {nom}.",
     ["15: 'text' of item 'clear-owner' has the placeholders {nom} but the source has {name}; "
      "placeholders stay exactly as in the source"]),
    ("a placeholder dropped", "le travail, {name}.", "le travail.",
     ["5: 'description' of the translation has the placeholders none but the source has {name}; "
      "placeholders stay exactly as in the source"]),
    ("a placeholder added to an action", "[Nommez un responsable.]", '["Nommez {name}."]',
     ["17: entry 1 of 'actions' of item 'clear-owner' has the placeholders {name} but the source has none; "
      "placeholders stay exactly as in the source"]),
    ("an unknown key", "        text: Je fais le suivi.\n", "        text: Je fais le suivi.\n        texte: x\n",
     ["20: unknown key 'texte' in item 'follow-up' (expected one of: actions, help, text)"]),
    ("a key that stays in the source", "    title: Écueils\n", "    title: Écueils\n    kind: mistakes\n",
     ["29: 'kind' is not translated: it stays in the source only; remove it from section 'pitfalls'"]),
    ("items as the source's list", "      weekly:\n        text: Je fais le point chaque semaine.\n",
     "      - {id: weekly, text: Je fais le point chaque semaine.}\n",
     ["25: the items of section 'pace' must be a mapping of ids to their text, got a list"]),
    ("the same key twice", "    title: Rythme\n", "    title: Rythme\n    title: Cadence\n",
     ["22: section 'pace' has the key 'title' twice"]),
    ("not YAML", "title: Déléguer", "title: [Déléguer",
     ["5: not valid YAML: did not find expected ',' or ']'"]),
]


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path):
    return load_instrument(write(tmp_path, "delegation.yaml", SOURCE))


def test_the_sample_translation_is_valid_and_every_case_changes_it(source):
    path = write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH)
    assert translation_problems(source, path) == []
    assert all(old in FRENCH and FRENCH.count(old) == 1 for _, old, _, _ in CASES)


@pytest.mark.parametrize("old, new, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_kind_of_problem_is_one_line_at_its_place(source, old, new, expected):
    path = write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH.replace(old, new))
    problems = translation_problems(source, path)
    assert [str(problem) for problem in problems] == [f"{path}:{line}" for line in expected]
    with pytest.raises(InstrumentError) as caught:
        translated(source, "fr")
    assert str(caught.value) == "\n".join(f"{path}:{line}" for line in expected)


def test_an_empty_file_and_a_list_are_refused(source):
    folder = translation_path(source.path, "fr").parent
    empty = write(folder, "delegation.yaml", "# nothing yet\n")
    assert [str(p) for p in translation_problems(source, empty)] == [
        f"{empty}:1: the file is empty; a translation needs translates, version, language, title and sections"]
    listed = write(folder, "delegation.yaml", "- translates: delegation\n")
    assert [str(p) for p in translation_problems(source, listed)] == [
        f"{listed}:1: the translation must be a mapping of keys to values, got a list"]


def test_translated_swaps_the_text_and_keeps_everything_else(source):
    write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH)
    french = translated(source, "fr")
    assert (french.id, french.version, french.step, french.key, french.path) == (
        source.id, source.version, source.step, source.key, source.path)
    assert french.title == "Déléguer" and french.description == "Comment vous confiez le travail, {name}."
    owner = french.section("handing-over").item("clear-owner")
    assert (owner.text, owner.help, owner.actions) == (
        "Je nomme un seul responsable, {name}.", "Une note élevée signifie un seul nom.", ("Nommez un responsable.",))
    assert owner.concept == "delegation" and owner.kind == "rating"
    assert french.section("handing-over").item("follow-up").reverse is True
    assert french.section("handing-over").actions == ("Rédigez des mandats.", "Relisez-les.")
    # The instrument's scale and a section's own scale are relabelled, their points kept; severities are not.
    assert (owner.scale.min, owner.scale.max, owner.scale.labels) == (1, 3, ("Jamais", "Parfois", "Toujours"))
    assert french.scale == owner.scale
    weekly = french.section("pace").item("weekly")
    assert (weekly.scale.min, weekly.scale.max, weekly.scale.labels) == (0, 2, ("Lent", "Régulier", "Rapide"))
    assert french.section("pitfalls").item("hoarding").scale == SEVERITY_SCALE
    # Fields the source leaves empty stay empty.
    assert french.section("handing-over").item("follow-up").help == ""
    assert french.section("pace").help == "" and french.section("pace").actions == ()


def test_a_regional_tag_falls_back_and_the_source_language_is_the_source(source):
    write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH)
    french = translated(source, "fr")
    for tag in ("fr-FR", "fr_CA", "FR", "fr-Latn-BE"):
        assert translated(source, tag) is french, tag
    for tag in ("en", "en-GB", "de", "pt-BR"):
        assert translated(source, tag) is source, tag


def test_a_regional_folder_comes_before_its_language(source):
    write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH)
    canadian = (FRENCH.replace("language: fr", "language: fr-CA")
                .replace("title: Déléguer", "title: Confier le travail"))
    write(translation_path(source.path, "fr-CA").parent, "delegation.yaml", canadian)
    assert translated(source, "fr_CA").title == "Confier le travail"
    assert translated(source, "fr-FR").title == "Déléguer"


@pytest.mark.parametrize("tag", ["", "../fr", "fr/../../etc", "f", "français", 42, None, "x" * 40])
def test_a_tag_that_is_no_language_is_refused(source, tag):
    with pytest.raises(InputError, match="is not a language tag such as fr, fr-FR or pt-BR"):
        translated(source, tag)


def test_available_languages_lists_the_folders_holding_a_file(source, tmp_path):
    assert available_languages(source) == ("en",)
    write(tmp_path / "fr", "delegation.yaml", FRENCH)
    write(tmp_path / "es", "delegation.yaml", FRENCH.replace("language: fr", "language: es"))
    write(tmp_path / "de", "other.yaml", "id: other\n")  # a translation of another instrument
    write(tmp_path / "notes", "delegation.yaml", FRENCH)  # not a language folder
    assert available_languages(source) == ("en", "es", "fr")
    assert [path.parent.name for path in translation_paths(source.path)] == ["es", "fr"]


def test_an_edited_translation_is_read_again(source):
    path = write(translation_path(source.path, "fr").parent, "delegation.yaml", FRENCH)
    assert translated(source, "fr").title == "Déléguer"
    assert translated(source, "fr") is translated(source, "fr")  # cached while the file is unchanged
    # Each edit changes the file's size: the cache is keyed by size and time, and two writes may share a time.
    path.write_text(FRENCH.replace("version: 2", "version: 30"), encoding="utf-8")
    with pytest.raises(InstrumentError, match=rf"^{path}:2: 'version' is 30 but the source is version 2"):
        translated(source, "fr")
    path.write_text(FRENCH.replace("title: Déléguer", "title: Déléguer le travail"), encoding="utf-8")
    assert translated(source, "fr").title == "Déléguer le travail"


def test_every_shipped_translation_of_every_builtin_has_no_problem():
    instruments = builtin_instruments()
    assert len(instruments) == 9
    checked = 0
    for instrument in instruments:
        assert "fr" in available_languages(instrument), instrument.id
        for path in translation_paths(instrument.path):
            assert [str(p) for p in translation_problems(instrument, path)] == []
            checked += 1
    assert checked >= 9


def _answers(instrument):
    """One answer per item, varied so that scores differ between items and sections."""
    answers = {}
    for number, item in enumerate(instrument.items):
        if item.kind in ("rating", "mistakes"):
            answers[item.id] = item.scale.points()[number % len(item.scale.points())]
        elif item.kind == "checklist":
            answers[item.id] = number % 2 == 0
        else:
            answers[item.id] = "Rien ne change."
    return answers


def _shape(instrument):
    return [(section.id, section.kind, section.source,
             [(item.id, item.kind, item.concept, item.reverse, item.pole, item.source,
               item.scale and (item.scale.min, item.scale.max), item.scale and len(item.scale.labels))
              for item in section.items])
            for section in instrument.sections]


@pytest.mark.parametrize("instrument", builtin_instruments(), ids=lambda instrument: instrument.id)
def test_the_french_builtin_keeps_ids_kinds_and_scores(instrument):
    french = translated(instrument, "fr")
    assert french is not instrument and french.title != instrument.title
    assert (french.key, french.step, french.path) == (instrument.key, instrument.step, instrument.path)
    assert _shape(french) == _shape(instrument)
    answers = _answers(instrument)

    def figures(scores):
        return [(s.ref, s.score, s.answered, s.total) for s in scores]

    assert figures(score_instrument(french, answers)) == figures(score_instrument(instrument, answers))
    assert [m.item_id for m in flagged_mistakes(french, answers)] == [
        m.item_id for m in flagged_mistakes(instrument, answers)]
    # The same gaps get the same number of suggested actions, in French.
    english, in_french = suggest_actions(instrument, answers), suggest_actions(french, answers)
    assert english and [s.gap for s in in_french] == [s.gap for s in english]
    assert not {s.text for s in in_french} & {s.text for s in english}


def test_the_french_text_is_french():
    functions = translated(next(i for i in builtin_instruments() if i.id == "leadership-functions"), "fr")
    assert functions.title == "Les quatre fonctions du leadership"
    section = functions.section("leading-before-change")
    assert section.title == "Diriger avant le changement"
    assert section.item("view-of-future").text.startswith("Je tiens à jour une description écrite")
    assert section.item("view-of-future").scale.labels == ("Jamais", "Rarement", "Parfois", "Souvent", "Toujours")
    converge = translated(next(i for i in builtin_instruments() if i.id == "why-converge"), "fr")
    assert converge.scale.labels[0] == "Pas du tout"
    mistakes = translated(next(i for i in builtin_instruments() if i.id == "mistakes-obstacles"), "fr")
    assert mistakes.title == "Erreurs de leadership et obstacles"


def _validate(*paths):
    # The real command, in its own process, with this checkout's code.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "workbook.cli", "validate", *map(str, paths)],
                          capture_output=True, text=True, timeout=120, env=env)


def test_validate_checks_the_translations_beside_a_source_and_one_given_directly(tmp_path):
    source = write(tmp_path, "delegation.yaml", SOURCE)
    good = write(tmp_path / "fr", "delegation.yaml", FRENCH)
    bad = write(tmp_path / "es", "delegation.yaml", FRENCH.replace("language: fr", "language: es")
                .replace("un seul responsable, {name}.", "un seul responsable."))
    expected = (f"{bad}:15: 'text' of item 'clear-owner' has the placeholders none but the source has {{name}}; "
                "placeholders stay exactly as in the source\n")
    beside = _validate(source)
    assert (beside.returncode, beside.stdout) == (2, expected), beside.stderr
    assert "1 problem(s) in 1 of 3 file(s) (2 of them translations)" in beside.stderr
    direct = _validate(bad)
    assert (direct.returncode, direct.stdout) == (2, expected), direct.stderr
    assert "Traceback" not in beside.stderr + direct.stderr
    bad.unlink()
    fine = _validate(source, good)
    assert (fine.returncode, fine.stdout) == (0, ""), fine.stderr
    assert "2 file(s) valid (1 of them translations)" in fine.stderr


def test_validate_names_a_translation_with_no_source_beside_it(tmp_path):
    stray = write(tmp_path / "somewhere", "delegation.yaml", "# the French text\n" + FRENCH)
    result = _validate(stray)
    assert result.returncode == 2
    assert result.stdout == (
        f"{stray}:2: this is a translation ('translates'), but {tmp_path / 'delegation.yaml'} is not there to "
        "translate: a translation of FOLDER/delegation.yaml lives in FOLDER/LANG/delegation.yaml, LANG being its "
        "language code (fr, es, ar)\n")


def test_validate_reports_a_broken_source_once_and_not_its_translations(tmp_path):
    source = write(tmp_path, "delegation.yaml", SOURCE.replace("version: 2", "version: two"))
    translation = write(tmp_path / "fr", "delegation.yaml", FRENCH)
    result = _validate(source, translation)
    assert result.returncode == 2
    assert result.stdout == f"{source}:2: 'version' of the instrument must be a whole number, got text\n"


def _readme_yaml(heading):
    """The first YAML block under ``heading`` in the README."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    after = text[text.index(f"\n{heading}\n"):]
    return after[after.index("```yaml\n") + len("```yaml\n"):after.index("\n```\n")] + "\n"


def test_the_readme_translation_translates_the_readme_instrument(tmp_path):
    # The README's example translation is its example instrument's, so the format it shows stays true.
    source = load_instrument(write(tmp_path, "delegation.yaml", _readme_yaml("## Writing your own instrument")))
    path = write(tmp_path / "fr", "delegation.yaml", _readme_yaml("## Instrument translations"))
    assert translation_problems(source, path) == []
    french = translated(source, "fr")
    assert french.section("handing-over").item("clear-owner").scale.labels[0] == "Pas encore"
