"""kg.annotate.registry: the actor registry, its look-ups, and one message per kind of mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from helpers import SEEDS

from kg.annotate.registry import Registry, load_registry
from kg.errors import AnnotationError

MINIMAL = """\
source: tests
actors:
  - id: kyiv-state
    label: Ukraine
    type: state
"""


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(SEEDS / "registry.yaml")


def fails(tmp_path: Path, text: str) -> str:
    path = tmp_path / "registry.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(AnnotationError) as failure:
        load_registry(path)
    return str(failure.value).replace(str(path), "registry.yaml")


def test_the_registry_of_the_seed(registry: Registry) -> None:
    counts = {kind: len(registry.of_kind(kind))
              for kind in ("actor", "office", "place", "proposal", "outcome")}
    assert counts == {"actor": 31, "office": 6, "place": 2, "proposal": 5, "outcome": 6}
    assert registry.source.startswith("kg registry, curated by the project.")
    trump = registry.get("donald-trump")
    assert trump is not None
    assert (trump.label, trump.type, trump.wikidata, trump.holds, trump.broad_type) == (
        "Donald Trump", "person", "Q22686", ["president-of-the-united-states"], "person")
    assert registry.get("kremlin").speaks_for == "russia"  # type: ignore[union-attr]
    assert registry.get("unnamed-sources").anonymous is True  # type: ignore[union-attr]
    assert registry.get("european-officials").anonymous is True  # type: ignore[union-attr]
    assert registry.get("nato").broad_type == "organisation"  # type: ignore[union-attr]
    assert registry.get("lisbon").broad_type == "place"  # type: ignore[union-attr]
    assert {e.id for e in registry.of_kind("actor") if "nato" in e.member_of} == {
        "united-states", "united-kingdom", "france", "italy"}
    assert registry.get("no-such-id") is None


@pytest.mark.parametrize(("name", "ids"), [
    ("Caroline Levitt", ["karoline-leavitt"]),
    ("caroline levitt", ["karoline-leavitt"]),
    ("Kyiv", ["ukraine"]),
    ("Washington", ["united-states"]),
    ("the Kremlin", ["kremlin"]),
    ("SACEUR", ["saceur"]),
    ("  Meloni ", ["giorgia-meloni"]),
    ("Washington, D.C.", ["washington-dc"]),
    ("Gotham", []),
])
def test_resolve_name(registry: Registry, name: str, ids: list[str]) -> None:
    assert [e.id for e in registry.resolve_name(name)] == ids


def test_suggest(registry: Registry) -> None:
    assert registry.suggest("kremlim", ("actor",)) == ["kremlin"]
    assert registry.suggest("Levitt", ("actor",)) == ["karoline-leavitt"]
    assert registry.suggest("zzzz") == []
    assert "nato-troops-in-ukraine" not in registry.suggest("nato-troops-in-ukrain", ("actor",))
    assert registry.suggest("nato-troops-in-ukrain", ("outcome",)) == [
        "nato-troops-in-ukraine", "us-combat-troops-in-ukraine"]


def test_a_minimal_registry(tmp_path: Path) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    registry = load_registry(path)
    assert list(registry.entities) == ["kyiv-state"]
    assert registry.path == path


@pytest.mark.parametrize(("text", "message"), [
    ("- a list\n",
     "registry.yaml:1: the registry must be a mapping with sections actors, offices, places, "
     "proposals, outcomes"),
    ("actors: []\n",
     "registry.yaml:1: the registry needs a 'source' saying where its reference knowledge "
     "(offices, memberships) comes from"),
    ("source: x\npeople: []\n",
     "registry.yaml:1: unknown section(s): people\n"
     "  Sections are: source, actors, offices, places, proposals, outcomes."),
    ("source: x\nactors: {id: a}\n",
     "registry.yaml:1: section 'actors' must be a list"),
    ("source: x\nactors: [just-a-name]\n",
     "registry.yaml:1: each entry of 'actors' must be a mapping with id and label"),
    (MINIMAL + "    colour: blue\n",
     "registry.yaml:3: unknown key(s) colour in an actor entry\n"
     "  Allowed keys: anonymous, description, holds, id, label, member_of, speaks_for, "
     "surface_forms, type, wikidata."),
    ("source: x\nactors:\n  - id: a\n    type: state\n",
     "registry.yaml:3: actor entry is missing required field 'label'"),
    (MINIMAL.replace("kyiv-state", "Kyiv_State"),
     "registry.yaml:3: bad id 'Kyiv_State'\n"
     "  Ids are lower-case letters, digits and hyphens, e.g. 'united-kingdom'."),
    (MINIMAL + "    wikidata: 212\n",
     "registry.yaml:3: bad Wikidata id 212 for 'kyiv-state'\n  Wikidata ids look like Q22686."),
    (MINIMAL.replace("type: state", "type: country"),
     "registry.yaml:3: actor 'kyiv-state' has type 'country'\n"
     "  Use one of: person, state, organisation, alliance, intergovernmental-body, "
     "government-body, armed-forces, media-outlet, group."),
    (MINIMAL + "    anonymous: true\n",
     "registry.yaml:3: only a group can be anonymous (unnamed sources)"),
    (MINIMAL + "    anonymous: yes please\n",
     "registry.yaml:3: 'anonymous' must be true or false"),
    (MINIMAL + "    surface_forms: [Kyiv, 5]\n",
     "registry.yaml:3: 'surface_forms' must be a name or a list of names"),
    (MINIMAL + "    label: Kyiv\n",
     "registry.yaml:6: key 'label' appears twice in the same mapping\n"
     "  Keep one of them; YAML would silently use the last."),
    (MINIMAL + "offices:\n  - id: president\n    label: President\n",
     "registry.yaml:7: office 'president' is missing required field 'of'\n"
     "  Say which actor the office is in, e.g. `of: united-states`."),
    (MINIMAL + "offices:\n  - id: president\n    label: President\n    of: ukrane\n",
     "registry.yaml:7: office 'president': of 'ukrane' is not a known actor\n"
     "  Add 'ukrane' to the registry first."),
    (MINIMAL + "    member_of: [kyiv-stat]\n",
     "registry.yaml:3: actor 'kyiv-state': member_of 'kyiv-stat' is not a known actor\n"
     "  Did you mean: kyiv-state?"),
    (MINIMAL + "outcomes:\n  - id: peace\n    label: Peace\n    capability: [hugs]\n",
     "registry.yaml:7: outcome 'peace': unknown capability 'hugs'\n"
     "  Use one of: troops, combat-troops, equipment, air-support, intelligence, arms, "
     "air-defence, border-control, coordination, training, reinforcement, "
     "security-guarantees, defence-commitments."),
    (MINIMAL + "proposals:\n  - id: plan\n    label: Plan\n    part_of: kyiv-state\n",
     "registry.yaml:7: proposal 'plan': part_of 'kyiv-state' is not a known proposal\n"
     "  Add 'kyiv-state' to the registry first."),
    (MINIMAL + "places:\n  - id: kyiv-state\n    label: Kyiv\n",
     "registry.yaml:7: duplicate id 'kyiv-state' (first defined on line 3)\n"
     "  Ids are shared by all kinds of registry entries; rename one."),
    ("source: x\nactors:\n  - id: a\n    label: [A]\n    type: state\n",
     "registry.yaml:3: 'label' must be non-empty text, got ['A']"),
    ("source: x\nactors:\n  - id: a\n   label: A\n",
     "registry.yaml:4: YAML syntax error: did not find expected '-' indicator\n"
     "  Check indentation and quoting on this line and the one before; quote text containing "
     "': ' or starting with a quote mark."),
])
def test_registry_mistakes(tmp_path: Path, text: str, message: str) -> None:
    assert fails(tmp_path, text) == message


def test_actor_type_given_as_a_list(tmp_path: Path) -> None:
    """`type: [state]` must be refused with a message, not crash on an unhashable list."""
    assert fails(tmp_path, MINIMAL.replace("type: state", "type: [state]")) == (
        "registry.yaml:3: actor 'kyiv-state' has type ['state']\n"
        "  Use one of: person, state, organisation, alliance, intergovernmental-body, "
        "government-body, armed-forces, media-outlet, group."
    )
