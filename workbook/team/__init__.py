"""A team's rounds and the coach's figures about them, all behind the release rule.

- :mod:`.admin`: teams, members, invites and rounds (the coach's commands);
- :mod:`.round_programme`: the programme a round answers, kept with it;
- :mod:`.anonymity` and :mod:`.release`: the threshold and the release rule
  (published snapshots), which every figure below goes through;
- :mod:`.answers`: the published answers as long tables (pandas);
- :mod:`.aggregate`, :mod:`.reliability`, :mod:`.maps`: the figures;
- :mod:`.dashboard`: everything the coach's dashboard and the team report show;
- :mod:`.room`, :mod:`.session`, :mod:`.session_outcome`: the live session console;
- :mod:`.demo`: a demo team.

May import: the store, :mod:`workbook.assess`, :mod:`workbook.instruments`,
:mod:`workbook.basics`, pandas and numpy. Never the views or reports,
widgets or pages.
"""
