"""Reusable ipywidgets for leaderbook's assessments, built on :mod:`workbook`."""
