"""Roster files: a team of several leaders and their raters from a CSV or XLSX file, every bad row told."""

from __future__ import annotations

import io

import openpyxl
import pytest

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from workbook.cli import main
from workbook.errors import LeaderbookError, RosterError
from workbook.store import Store
from workbook.team.admin import round_relations
from workbook.team.roster import MAX_ROSTER_ROWS, create_team_from_roster, read_roster

TWELVE = [("Ana", "self", ""), ("Ben", "direct-report", "Ana"), ("Cleo", "direct report", "Ana"),
          ("Dev", "peer", "Ana"), ("Eve", "manager", "Ana"), ("Finn", "peer", "Ana"),
          ("Gus", "self", ""), ("Hana", "direct-report", "Gus"), ("Ivo", "Direct Report", "Gus"),
          ("Jo", "peer", "Gus"), ("Kai", "manager", "Gus"), ("Lu", "peer", "Gus")]


def roster_csv(people=TWELVE, *, delimiter=",", bom=False, language=True) -> bytes:
    head = ["Name", "E-mail", "ROLE", "leader"] + (["language"] if language else [])
    lines = [delimiter.join(head)]
    for index, (name, role, leader) in enumerate(people):
        row = [name, f"{name.lower()}@example.org", role, leader] + (["fr" if index % 2 else ""] if language else [])
        lines.append(delimiter.join(row))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def counts(store) -> tuple:
    teams = store.teams()
    rounds = store.rounds()
    return (len(teams), len(store.respondents()), len(rounds),
            sum(len(store.invites(r.id, include_revoked=True)) for r in rounds),
            sum(len(store.member_contacts(t.id)) for t in teams))


def test_a_roster_of_twelve_makes_two_leaders_each_rated_by_their_own_raters(backend_store):
    rows = read_roster(roster_csv(delimiter=";", bom=True), "team.csv")
    assert [r.number for r in rows] == list(range(2, 14))
    assert {r.role for r in rows} == {"self", "direct-report", "peer", "manager"}
    assert rows[1].language == "fr" and rows[0].language is None
    made = create_team_from_roster(backend_store, "Two leaders", rows)
    ids = {m.name: m.id for m in backend_store.respondents(made.team.id)}
    relations = set(round_relations(backend_store, made.round.id))
    expected = {(ids["Ana"], "self", None), (ids["Gus"], "self", None)}
    expected |= {(ids[name], role.lower().replace(" ", "-"), ids[leader]) for name, role, leader in TWELVE
                 if role != "self"}
    assert relations == expected, "leaders assess themselves; raters rate their own leader only"
    assert len(made.links) == 12 and all(link.url for link in made.links)
    contacts = backend_store.member_contacts(made.team.id)
    assert contacts[ids["Ben"]].email == "ben@example.org" and contacts[ids["Ben"]].language == "fr"
    assert contacts[ids["Ana"]].language is None
    # The page asks the roster's language of the member whose link it opened (pages/visit.py).
    assert backend_store.member_language(ids["Ben"]) == "fr" and backend_store.member_language(ids["Ana"]) is None
    assert made.coach_url and made.session_url


def test_an_xlsx_roster_is_read_from_its_first_sheet_and_a_formula_is_refused(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["leader", "role", "email", "name"])
    sheet.append([None, "self", "ana@example.org", "Ana"])
    sheet.append(["Ana", "peer", "ben@example.org", "Ben"])
    sheet.append(["Ana", "manager", "cleo@example.org", 1234])
    book.create_sheet("Other").append(["nothing", "here"])
    data = io.BytesIO()
    book.save(data)
    rows = read_roster(data.getvalue(), "team.xlsx")
    assert [(r.number, r.name, r.role, r.leader) for r in rows] == [
        (2, "Ana", "self", ""), (3, "Ben", "peer", "Ana"), (4, "1234", "manager", "Ana")]

    sheet.append(["Ana", "peer", "dev@example.org", '=HYPERLINK("http://evil.example","Dev")'])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(RosterError) as caught:
        read_roster(data.getvalue(), "team.xlsx")
    assert caught.value.problems[0] == "row 5: column 4 holds a formula; type its value instead"
    assert all(p.startswith("row 5: ") for p in caught.value.problems)


def test_a_malformed_roster_names_every_bad_row_and_nothing_is_written(tmp_path):
    bad = (b"name,email,role,leader\n"
           b"Ana,ana@example.org,self,\n"
           b"Ben,ana@,peer,Ana\n"  # row 3
           b",nobody@example.org,peer,Ana\n"  # row 4
           b"ana,ana2@example.org,peer,Ivo\n"  # row 5: Ana again, case-folded
           b"Cleo,ANA@example.org,peer,Ana\n"  # row 6: Ana's address again
           b"Dev,dev@example.org,boss,Ana\n"  # row 7
           b"Eve,eve@example.org,peer,Zed\n"  # row 8
           b"Finn,finn@example.org,peer,Finn\n"  # row 9
           b"Gus,gus@example.org,peer,\n"  # row 10
           b"Hal\x07,hal@example.org,peer,Ana\n"  # row 11
           b"Ivo,ivo@example.org,self,Ana\n")  # row 12
    with pytest.raises(RosterError) as caught:
        read_roster(bad, "team.csv")
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == [f"row {n}" for n in (3, 4, 5, 6, 7, 8, 9, 10, 11, 12)]
    assert problems[0] == "row 3: the email 'ana@' is not an address; write it as name@example.org"
    assert "already on row 2" in problems[2] and "already on row 2" in problems[3]
    assert "'boss' is not one of" in problems[4] and "'Zed' is not a row" in problems[5]
    assert "cannot rate themselves" in problems[6] and "leader column is empty" in problems[7]
    assert "control character U+0007" in problems[8] and "stays empty" in problems[9]

    folder = tmp_path / "data"
    (tmp_path / "bad.csv").write_bytes(bad)
    assert main(["team", "create", "Ok", "--members", "Olga,Pia,Quin", "--data", str(folder)]) == 0
    with Store(data=folder) as store:
        before = counts(store)
    assert main(["team", "create", "Bad", "--roster", str(tmp_path / "bad.csv"), "--data", str(folder)]) == 1
    good = tmp_path / "good.csv"
    good.write_bytes(roster_csv())
    # A good roster under a taken name: refused inside the transaction, nothing of it is kept either.
    assert main(["team", "create", "Ok", "--roster", str(good), "--data", str(folder)]) == 1
    with Store(data=folder) as store:
        assert counts(store) == before
        with pytest.raises(LeaderbookError):
            create_team_from_roster(store, "Ok", read_roster(roster_csv(), "good.csv"))
        assert counts(store) == before


@pytest.mark.parametrize("data, name, said", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "team.xls", "old Excel file"),
    (b"PK\x03\x04" + b"\0" * 100, "team.xlsx", "not an Excel workbook"),
    (b"name,email,role,leader\n", "team.xlsx", "named like an Excel workbook"),
    (b"\x89PNG\r\n\x1a\n\0\0\0", "team.csv", "not a text file"),
    ("name,email,role,leader\nZoë,z@example.org,self,\n".encode("latin-1"), "team.csv", "not UTF-8"),
    (b"Name,courriel\nAna,ana@example.org\n", "team.csv", "lacks the column(s) email, role, leader"),
    (b"", "team.csv", "the roster is empty"),
])
def test_what_is_not_a_roster_is_refused_by_its_content(data, name, said):
    with pytest.raises(RosterError) as caught:
        read_roster(data, name)
    assert said in str(caught.value)


def test_a_zip_that_is_not_a_workbook_and_the_limits_are_refused():
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(RosterError, match="not an Excel workbook"):
        read_roster(archive.getvalue(), "team.xlsx")
    many = [("Ana", "self", "")] + [(f"P{i}", "peer", "Ana") for i in range(MAX_ROSTER_ROWS)]
    with pytest.raises(RosterError, match="more than 2,000 people"):
        read_roster(roster_csv(many, language=False), "big.csv")
    with pytest.raises(RosterError, match="at most 5 MB"):
        read_roster(b"name,email,role,leader\n" + b"x" * (5 * 1024 * 1024), "huge.csv")


def test_a_name_that_looks_like_a_formula_is_kept_as_text():
    rows = read_roster(b'name,email,role,leader\n"=cmd|\' /C calc\'!A0",ana@example.org,self,\n'
                       b"+Ben,ben@example.org,peer,=cmd|' /C calc'!A0\n", "team.csv")
    assert rows[0].name == "=cmd|' /C calc'!A0" and rows[1].name == "+Ben" and rows[1].leader == rows[0].name


def test_the_cli_makes_a_team_from_a_roster(tmp_path, capsys):
    (tmp_path / "team.csv").write_bytes(roster_csv())
    assert main(["team", "create", "Roster", "--roster", str(tmp_path / "team.csv"), "--data",
                 str(tmp_path / "data"), "--json"]) == 0
    import json

    printed = json.loads(capsys.readouterr().out)
    assert len(printed["links"]) == 12 and printed["coach_url"]
    with pytest.raises(SystemExit):  # --roster and --members are one or the other
        main(["team", "create", "Both", "--roster", str(tmp_path / "team.csv"), "--members", "A,B",
              "--data", str(tmp_path / "data")])
