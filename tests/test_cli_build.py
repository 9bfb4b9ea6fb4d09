"""`kg build` from the command line: its report, and one clear message per kind of mistake.

Every bad input must give exit code 2, the exact message (file, line, what is wrong, what to
do) on stderr, nothing on stdout, and no KG written. A failed build leaves the previous KG
byte for byte as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import KREMLIN_ID, MINI_IDS, UK_ID, line_of, make_project, run_cli

from kg.project import Project

YAML_HINT = ("Check indentation and quoting on this line and the one before; quote text "
             "containing ': ' or starting with a quote mark.")
DATE_HINT = "Write dates as YYYY-MM-DD, e.g. 2025-08-19."
CAPABILITY_LIST = ("troops, combat-troops, equipment, air-support, intelligence, arms, "
                   "air-defence, border-control, coordination, training, reinforcement, "
                   "security-guarantees, defence-commitments")
ACTOR_TYPE_LIST = ("person, state, organisation, alliance, intergovernmental-body, "
                   "government-body, armed-forces, media-outlet, group")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The two mini articles with the real registry and ontology (no seed: keeps it small)."""
    return make_project(tmp_path / "mini", seed=False, mini=MINI_IDS)


def kremlin_yaml(project: Project) -> Path:
    return project.seeds / f"{KREMLIN_ID}.yaml"


def uk_yaml(project: Project) -> Path:
    return project.seeds / f"{UK_ID}.yaml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def build_fails(project: Project) -> str:
    """Run `kg build`, check it failed cleanly, and return its stderr."""
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    assert not project.kg_file.exists()
    return result.stderr


# --- a good build ---------------------------------------------------------------------------


def test_build_reports_what_it_built(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=True, mini=MINI_IDS)
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        f"Built {project.kg_file}\n"
        "  articles: 3\n"
        "  claims:   49 (19 commitments, 11 stances, 12 statements, 7 events)\n"
        "  actors:   31\n"
        "  triples:  2110 in 5 named graphs\n"
    )


def test_build_to_another_output(tmp_path: Path, project: Project) -> None:
    target = tmp_path / "elsewhere" / "my.nq"
    result = run_cli("build", "--project", project.root, "--output", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Built {target}\n")
    assert target.exists()
    assert not project.kg_file.exists()


def test_firm_claim_with_a_hedge_word_warns_but_builds(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    modality: hedged\n    cue: could\n", "    modality: firm\n")
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {path}:24: claim 'kremlin-open-to-talks' is marked firm but its quote says "
        "'could'; mark it hedged with that cue, or keep it firm if the word does not qualify "
        "this claim\n"
    )
    assert project.kg_file.exists()


# --- one message per kind of mistake in an annotation file -----------------------------------


def test_yaml_syntax_error(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path,
         "    summary: The Kremlin restates that it rejects NATO troops on Ukrainian territory",
         "    summary: The Kremlin says: no NATO troops")
    assert build_fails(project) == (
        f"Error: {path}:13: YAML syntax error: mapping values are not allowed in this context\n"
        f"  {YAML_HINT}\n"
    )


def test_unknown_actor_suggests_the_nearest_id(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    actor: kremlin\n    stance: rejects", "    actor: kremlim\n    stance: rejects")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': unknown actor 'kremlim' in "
        "'actor'\n"
        "  Did you mean: kremlin? If 'kremlim' is new, add it to registry.yaml "
        "(see docs/authoring.md).\n"
    )


def test_an_id_of_the_wrong_kind_says_what_it_is(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    actor: kremlin\n    stance: rejects",
         "    actor: nato-troops-in-ukraine\n    stance: rejects")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': unknown actor "
        "'nato-troops-in-ukraine' in 'actor'\n"
        "  'nato-troops-in-ukraine' is an outcome in the registry, but here an actor is "
        "needed.\n"
    )


def test_quote_not_in_the_text_shows_the_closest_passage(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "of NATO troops on Ukrainian territory\n", "of NATO troops in Ukrainian territory\n")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': quote not found verbatim in "
        "the article\n"
        "  Quote:   'the Kremlin restated that it rejects the deployment of NATO troops in "
        "Ukrainian territory'\n"
        "  Closest: 'the Kremlin restated that it rejects the deployment of NATO troops on "
        "Ukrainian territory' (offset 70, 99% alike)\n"
        "  Copy the passage from the .txt file exactly: curly quotes (“ ” ’), dashes (—) and "
        "spaces must match.\n"
    )


def test_straight_apostrophe_for_a_curly_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "seed", seed=True)
    path = project.seeds / "000_3622f00dcd344a76.yaml"
    edit(path, "    quote: President Donald Trump’s clearer signal of support for Ukraine\n",
         "    quote: President Donald Trump's clearer signal of support for Ukraine\n")
    line = line_of(path, "  - id: trump-signals-support")
    assert build_fails(project) == (
        f"Error: {path}:{line}: claim 'trump-signals-support': quote not found verbatim in the "
        "article\n"
        "  Quote:   \"President Donald Trump's clearer signal of support for Ukraine\"\n"
        "  Closest: 'President Donald Trump’s clearer signal of support for Ukraine' "
        "(offset 186, 98% alike)\n"
        "  Copy the passage from the .txt file exactly: curly quotes (“ ” ’), dashes (—) and "
        "spaces must match.\n"
    )


def test_quote_occurring_fewer_times_than_asked(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    cue: could\n", "    cue: could\n    occurrence: 2\n")
    assert build_fails(project) == (
        f"Error: {path}:24: claim 'kremlin-open-to-talks': the quote occurs 1 time(s), not 2\n"
        "  Lower 'occurrence', or quote a longer passage.\n"
    )


def test_duplicate_claim_id(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "  - id: kremlin-open-to-talks", "  - id: kremlin-rejects-nato-troops")
    assert build_fails(project) == (
        f"Error: {path}:24: duplicate claim id 'kremlin-rejects-nato-troops' (first on line 11)\n"
        "  Claim ids must be unique within an article.\n"
    )


def test_impossible_date_as_written_by_a_person(project: Project) -> None:
    """An unquoted 2025-02-30 (what people type) must get the same message as a quoted one."""
    path = kremlin_yaml(project)
    edit(path, "    date: 2025-08-21", "    date: 2025-02-30")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': 'date' is '2025-02-30', not a "
        "real date\n"
        f"  {DATE_HINT}\n"
    )


def test_impossible_date_quoted(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    date: 2025-08-21", "    date: '2025-02-30'")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': 'date' is '2025-02-30', not a "
        "real date\n"
        f"  {DATE_HINT}\n"
    )


def test_impossible_publication_date(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "  published: 2025-08-22", "  published: 2025-02-30")
    assert build_fails(project) == (
        f"Error: {path}:4: article: 'published' is '2025-02-30', not a real date\n"
        f"  {DATE_HINT}\n"
    )


def test_date_that_is_not_a_date(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    date: 2025-08-21", "    date: last Thursday")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': 'date' is 'last Thursday', not "
        "a real date\n"
        f"  {DATE_HINT}\n"
    )


def test_missing_required_field(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    modality: firm\n    when: On Thursday", "    when: On Thursday")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops' is missing required field "
        "'modality'\n"
    )


def test_missing_field_a_kind_needs(project: Project) -> None:
    path = uk_yaml(project)
    edit(path, "    action: pledge\n", "")
    assert build_fails(project) == (
        f"Error: {path}:12: claim 'uk-pledges-troops' is missing required field 'action' "
        "(needed by a commitment)\n"
    )


def test_participants_of_the_wrong_type(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    participants: [vladimir-putin, volodymyr-zelensky]", "    participants: 5")
    assert build_fails(project) == (
        f"Error: {path}:35: claim 'putin-zelensky-meeting': 'participants' must be an id or a "
        "list of ids\n"
    )


def test_capability_of_the_wrong_type(project: Project) -> None:
    path = uk_yaml(project)
    edit(path, "    capability: troops\n    target: multinational-force\n    beneficiary: ukraine\n"
         "    location: ukraine", "    capability: {a: b}\n    target: multinational-force\n"
         "    beneficiary: ukraine\n    location: ukraine")
    assert build_fails(project) == (
        f"Error: {path}:12: claim 'uk-pledges-troops': 'capability' must be a name or a list of "
        "names\n"
    )


def test_choice_given_as_a_list(project: Project) -> None:
    """`modality: [firm]` must be refused with a message, not crash on an unhashable list."""
    path = kremlin_yaml(project)
    edit(path, "    modality: firm\n    when: On Thursday",
         "    modality: [firm]\n    when: On Thursday")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': modality ['firm'] is not one "
        "of: firm, hedged\n"
    )


def test_stance_given_as_a_mapping(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    stance: rejects", "    stance: {rejects: true}")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': stance {{'rejects': True}} is "
        "not one of: supports, welcomes, proposes, demands, opposes, rejects, sceptical-of\n"
    )


def test_capability_list_holding_a_list(project: Project) -> None:
    path = uk_yaml(project)
    edit(path, "    capability: troops\n    target: multinational-force\n    beneficiary: ukraine\n"
         "    location: ukraine", "    capability: [[troops]]\n    target: multinational-force\n"
         "    beneficiary: ukraine\n    location: ukraine")
    assert build_fails(project) == (
        f"Error: {path}:12: claim 'uk-pledges-troops': unknown capability ['troops']\n"
        f"  Use one of: {CAPABILITY_LIST}.\n"
    )


def test_expressed_in_given_as_a_list(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    cue: could\n",
         "    cue: could\n    expressed_in: [kremlin-rejects-nato-troops]\n")
    assert build_fails(project) == (
        f"Error: {path}:24: claim 'kremlin-open-to-talks': expressed_in "
        "['kremlin-rejects-nato-troops'] is not another claim id of this article\n"
    )


def test_unknown_key_in_a_claim(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    stance: rejects", "    stance: rejects\n    speaker: kremlin")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': key(s) speaker do not belong "
        "to a stance\n"
        "  A stance takes: actor, beneficiary, capability, condition, cue, date, date_basis, "
        "expressed_in, id, kind, location, modality, occurrence, polarity, proposal_status, "
        "quantity, quote, source, stance, summary, target, when.\n"
    )


def test_unknown_key_in_the_article_metadata(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "  language: en", "  langauge: en")
    assert build_fails(project) == (
        f"Error: {path}:4: article: unknown key(s) langauge\n"
        "  Allowed keys: date_note, language, published, published_assumed, publisher, title, "
        "url.\n"
    )


def test_hedged_without_cue(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    modality: hedged\n    cue: could\n", "    modality: hedged\n")
    assert build_fails(project) == (
        f"Error: {path}:24: claim 'kremlin-open-to-talks': a hedged claim needs its cue word(s)\n"
        "  e.g. `cue: probably` — the word in the quote that hedges it.\n"
    )


def test_cue_not_in_the_quote(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    cue: could\n", "    cue: might\n")
    assert build_fails(project) == (
        f"Error: {path}:24: claim 'kremlin-open-to-talks': cue 'might' does not occur in the "
        "quote\n"
        "  A cue is the hedging word as written in the quote.\n"
    )


def test_rule_out_with_positive_polarity(project: Project) -> None:
    path = uk_yaml(project)
    edit(path, "    action: pledge\n", "    action: rule-out\n    polarity: positive\n")
    assert build_fails(project) == (
        f"Error: {path}:12: claim 'uk-pledges-troops': ruling out is always negative; drop "
        "'polarity' or set it to negative\n"
    )


def test_date_without_its_basis(project: Project) -> None:
    path = kremlin_yaml(project)
    edit(path, "    date_basis: publication-date\n", "")
    assert build_fails(project) == (
        f"Error: {path}:11: claim 'kremlin-rejects-nato-troops': a resolved 'date' needs "
        "'date_basis'\n"
        "  One of: stated, publication-date, assumed-publication-date.\n"
    )


# --- article files ----------------------------------------------------------------------------


def test_article_not_utf8(project: Project) -> None:
    text_path = project.seeds / f"{KREMLIN_ID}.txt"
    data = text_path.read_bytes().replace(b"its bid", b"Kyiv\x92s bid")
    text_path.write_bytes(data)
    offset = data.index(b"\x92")
    assert build_fails(project) == (
        f"Error: {text_path}:2: article is not UTF-8 (byte 0x92 at offset {offset})\n"
        "  Re-save it as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 IN > OUT`.\n"
    )


def test_empty_article(project: Project) -> None:
    text_path = project.seeds / f"{KREMLIN_ID}.txt"
    text_path.write_text("\n   \n", encoding="utf-8")
    assert build_fails(project) == (
        f"Error: {text_path}: article is empty\n"
        "  Paste the article's text into it, or delete it with its .yaml.\n"
    )


def test_missing_annotation_file(project: Project) -> None:
    text_path = project.seeds / f"{KREMLIN_ID}.txt"
    kremlin_yaml(project).unlink()
    assert build_fails(project) == (
        f"Error: {text_path}: article has no annotation file {KREMLIN_ID}.yaml\n"
        f"  Create it with `kg new {text_path}` or delete the article.\n"
    )


# --- the registry -----------------------------------------------------------------------------


def test_registry_duplicate_id(project: Project) -> None:
    path = project.registry_file
    first, second = line_of(path, "  - id: ukraine"), line_of(path, "  - id: russia")
    edit(path, "  - id: russia\n", "  - id: ukraine\n")
    assert build_fails(project) == (
        f"Error: {path}:{second}: duplicate id 'ukraine' (first defined on line {first})\n"
        "  Ids are shared by all kinds of registry entries; rename one.\n"
    )


def test_registry_bad_reference(project: Project) -> None:
    path = project.registry_file
    line = line_of(path, "  - id: kremlin")
    edit(path, "    speaks_for: russia\n", "    speaks_for: rusia\n")
    assert build_fails(project) == (
        f"Error: {path}:{line}: actor 'kremlin': speaks_for 'rusia' is not a known actor\n"
        "  Did you mean: russia?\n"
    )


def test_registry_unknown_section(project: Project) -> None:
    path = project.registry_file
    line = line_of(path, "source: >-")
    edit(path, "\nplaces:\n", "\nplace:\n")
    assert build_fails(project) == (
        f"Error: {path}:{line}: unknown section(s): place\n"
        "  Sections are: source, actors, offices, places, proposals, outcomes.\n"
    )


def test_registry_actor_type_given_as_a_list(project: Project) -> None:
    """`type: [person]` must be refused with a message, not crash on an unhashable list."""
    path = project.registry_file
    line = line_of(path, "  - id: donald-trump")
    edit(path, "    type: person\n    wikidata: Q22686\n",
         "    type: [person]\n    wikidata: Q22686\n")
    assert build_fails(project) == (
        f"Error: {path}:{line}: actor 'donald-trump' has type ['person']\n"
        f"  Use one of: {ACTOR_TYPE_LIST}.\n"
    )


def test_registry_missing(project: Project) -> None:
    project.registry_file.unlink()
    assert build_fails(project) == (
        f"Error: {project.registry_file}: the project has no actor registry\n"
        "  Create seeds/registry.yaml (see docs/authoring.md).\n"
    )


def test_not_a_project(tmp_path: Path) -> None:
    result = run_cli("build", "--project", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {tmp_path} is not a kg project: it has no seeds/ folder\n"
        f"  Point --project at a folder with seeds/, or create a project there with "
        f"`kg init {tmp_path}`.\n"
    )


# --- atomic builds ------------------------------------------------------------------------------


def test_failed_build_leaves_the_previous_kg_untouched(project: Project) -> None:
    assert run_cli("build", "--project", project.root).exit_code == 0
    before = project.kg_file.read_bytes()
    stat = project.kg_file.stat()
    edit(kremlin_yaml(project), "    actor: kremlin\n    stance: rejects",
         "    actor: kremlim\n    stance: rejects")
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {kremlin_yaml(project)}:11: ")
    assert project.kg_file.read_bytes() == before
    assert project.kg_file.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(os.listdir(project.out_dir)) == [".lock", "kg.nq"]


def test_failed_write_leaves_the_previous_kg_and_no_temp_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("build", "--project", project.root).exit_code == 0
    before = project.kg_file.read_bytes()
    # a different KG this time, so a half-written file would show
    edit(uk_yaml(project), "    quantity: several hundred soldiers\n", "")

    def disk_full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.files.os.replace", disk_full)
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {project.kg_file}: could not write the KG: No space left on device\n"
    )
    assert project.kg_file.read_bytes() == before
    assert sorted(os.listdir(project.out_dir)) == [".lock", "kg.nq"]
