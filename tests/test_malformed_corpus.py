"""Every malformed instrument is refused with FILE:LINE, quickly, and nothing else ever comes out.

The corpus (tests/malformed_instruments.py) is checked in-process for speed,
then once more through the real ``leaderbook validate`` in one subprocess.
A property test mutates a valid instrument at random: the loader either
loads the result or lists problems with their file and line, never a
traceback. Timings here are a ceiling per file (1 s), not a benchmark:
bench/bench_loader.py measures how the time grows with the size.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.errors import InstrumentError
from workbook.instruments.loader import load_instrument, parse_instrument

from malformed_instruments import VALID, corpus

CASES = corpus()


def test_the_corpus_is_large_and_its_base_is_valid():
    assert len(CASES) >= 150
    assert len({name for name, _, _ in CASES}) == len(CASES)
    assert parse_instrument(VALID, "valid.yaml").key == "corpus@3"


@pytest.mark.parametrize("text,line", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_malformed_instrument_is_refused_with_its_line_within_a_second(tmp_path, text, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    started = time.perf_counter()
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert time.perf_counter() - started < 1.0
    problems = caught.value.problems
    assert problems and all(p.file == str(path) and p.line >= 1 and p.message for p in problems)
    if line:
        assert any(p.line == line for p in problems), [str(p) for p in problems]


def test_the_command_refuses_the_corpus_with_exit_2_and_a_file_line_for_every_file(tmp_path):
    # The small cases in one run of the real command; the huge ones are timed in-process above.
    small = [(name, text) for name, text, _ in CASES if len(text) < 20_000]
    paths = []
    for number, (_, text) in enumerate(small):
        path = tmp_path / f"case-{number:04}.yaml"
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    result = subprocess.run([sys.executable, "-m", "workbook.cli", "validate", *map(str, paths)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    reported = {m.group(1) for m in re.finditer(r"^(.+?\.yaml):\d+: \S", result.stdout, re.MULTILINE)}
    assert reported == {str(p) for p in paths}
    assert f"in {len(paths)} of {len(paths)} file(s)" in result.stderr


def test_the_command_refuses_an_oversized_file_before_reading_it(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as out:
        out.write("id: x\n")
        out.write("# filler line\n" * 600_000)  # ~8 MB, as in the issue
    result = subprocess.run([sys.executable, "-m", "workbook.cli", "validate", str(huge)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == f"{huge}:1: the file is larger than 1,000,000 bytes, the most an instrument file may be\n"


def test_an_endless_file_is_refused_after_reading_just_past_the_limit():
    started = time.perf_counter()
    with pytest.raises(InstrumentError, match=r"^/dev/zero:1: the file is larger than 1,000,000 bytes"):
        load_instrument("/dev/zero")
    assert time.perf_counter() - started < 1.0


# Mutations of the valid instrument: characters YAML gives meaning to, and lines moved about.
_SPECIAL = list(":-[]{}&*!|>'\"#%@`,?\t\n ") + ["!!int ", "!!python/tuple ", "&a ", "*a ", "<<: ", "---\n",
                                                 "\\x07", "\x07", "\ufeff", "\u200b", "9" * 50, "~", "yes", "0b"]


@st.composite
def mutated(draw):
    lines = VALID.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "replace value", "truncate"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            piece = draw(st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=4)))
            lines[index] = line[:at] + piece + line[at:]
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "replace value" and ": " in lines[index]:
            key = lines[index].split(": ", 1)[0]
            value = draw(st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=8), st.integers().map(str)))
            lines[index] = f"{key}: {value}\n"
        elif kind == "truncate":
            lines = lines[: index + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return "".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_random_mutations_load_or_are_refused_with_file_and_line_never_a_traceback(text):
    try:
        parse_instrument(text, "mutated.yaml")
    except InstrumentError as refused:
        assert refused.problems
        for problem in refused.problems:
            assert problem.file == "mutated.yaml" and problem.line >= 1 and problem.message
            assert str(problem).startswith(f"mutated.yaml:{problem.line}: ")
