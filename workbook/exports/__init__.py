"""Exports: the answers with their text joined in (:mod:`.answers`) and a team's figures (:mod:`.team`).

CSV, XLSX and JSON, every text cell neutralised for spreadsheets, every
file private and written whole. May import: the team figures, the store,
:mod:`workbook.assess`, :mod:`workbook.instruments`, :mod:`workbook.basics`.
"""
