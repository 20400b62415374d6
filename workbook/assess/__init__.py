"""One person's assessment, pure: scoring, progress, the action plan, the worksheets and the map.

What a respondent's page and the widgets compute, with no store and no
pandas: :mod:`.scoring` (section scores, strengths, gaps, flagged mistakes,
suggested actions), :mod:`.progress` (the one definition of "answered" and
"finished"), :mod:`.plan` (an action plan's checks), :mod:`.calculators` (the
two worksheets) and :mod:`.convergence` (the convergence map and its findings).

May import: :mod:`workbook.instruments`, :mod:`workbook.basics` and
:mod:`workbook.errors`. Never the store, pandas, widgets or pages.
"""
