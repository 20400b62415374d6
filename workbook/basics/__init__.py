"""Small pieces every layer of the core uses: text rules, number formats, files, link shapes.

- :mod:`.text_check`: the one rule for text that comes in (characters every output can carry);
- :mod:`.printable`: text made printable, and shortened, on the way out;
- :mod:`.numbers`: how a number reads, the same everywhere;
- :mod:`.files`: private files written whole or not at all;
- :mod:`.links`: the shape of the links a coach hands out.

May import: the standard library and :mod:`workbook.errors` only.
"""
