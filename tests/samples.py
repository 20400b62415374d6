"""Instrument text shared by the tests: one section of each kind."""

SMALL_INSTRUMENT = """
id: sample
version: 1
title: A sample
scale: {min: 1, max: 5, labels: [Never, Rarely, Sometimes, Often, Always]}
sections:
  - id: rated
    title: Rated
    kind: rating
    actions: [Work on the rated section.]
    items:
      - {id: r1, text: I do the first thing., actions: [Do the first thing weekly.]}
      - {id: r2, text: I do the second thing., actions: [Do the second thing.]}
      - {id: r3, text: I avoid the third thing., reverse: true, actions: [Stop the third thing.]}
  - id: checked
    title: Checked
    kind: checklist
    items:
      - {id: c1, text: I have done A.}
      - {id: c2, text: I have done B., actions: [Do B.]}
  - id: flags
    title: Flags
    kind: mistakes
    items:
      - {id: m1, text: Mistake one shows., actions: [Fix mistake one.]}
      - {id: m2, text: Mistake two shows., actions: [Fix mistake two.]}
  - id: notes
    title: Notes
    kind: text
    items:
      - {id: t1, text: "What happens if we do nothing?"}
"""


def programme_of(*instruments, sections=()) -> tuple[dict, dict]:
    """A round's programme asking only these built-in instruments (for ``create_team(workbook=...)``)."""
    return {"instruments": [i.key for i in instruments], "sections": list(sections)}, {}
