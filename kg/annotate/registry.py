"""The actor registry shared by all articles: actors, offices, places, proposals, outcomes.

``seeds/registry.yaml`` gives each thing a stable id (one id space for all kinds), a label,
the surface forms texts use for it ("Caroline Levitt" for Karoline Leavitt, "Kyiv" for
Ukraine), Wikidata ids, and reference knowledge no article states: offices held, NATO
membership, who speaks for whom. That knowledge is built into its own named graph with its
own source, so it is never confused with what an article said.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.annotate.yamlfile import LineDict, brief, load_yaml
from kg.errors import AnnotationError, a

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")

#: actor ``type`` values and the ontology class each maps to
ACTOR_TYPES: dict[str, str] = {
    "person": "Person",
    "state": "State",
    "organisation": "Organisation",
    "alliance": "Alliance",
    "intergovernmental-body": "IntergovernmentalBody",
    "government-body": "GovernmentBody",
    "armed-forces": "ArmedForces",
    "media-outlet": "MediaOutlet",
    "group": "Group",
}

#: the broad type views and queries group actors by
BROAD_TYPES: dict[str, str] = {
    "person": "person",
    "state": "state",
    "group": "group",
}

SECTIONS = ("actors", "offices", "places", "proposals", "outcomes")
_KIND_OF_SECTION = {
    "actors": "actor",
    "offices": "office",
    "places": "place",
    "proposals": "proposal",
    "outcomes": "outcome",
}

#: capability ids usable in annotations and outcomes, and their ontology terms
CAPABILITIES: dict[str, str] = {
    "troops": "Troops",
    "combat-troops": "CombatTroops",
    "equipment": "Equipment",
    "air-support": "AirSupport",
    "intelligence": "Intelligence",
    "arms": "Arms",
    "air-defence": "AirDefence",
    "border-control": "BorderControl",
    "coordination": "Coordination",
    "training": "Training",
    "reinforcement": "Reinforcement",
    "security-guarantees": "SecurityGuarantees",
    "defence-commitments": "DefenceCommitments",
}


@dataclass
class Entity:
    """One registry entry."""

    kind: str  # actor, office, place, proposal, outcome
    id: str
    label: str
    line: int
    type: str | None = None  # actors only: a key of ACTOR_TYPES
    description: str | None = None
    wikidata: str | None = None
    surface_forms: list[str] = field(default_factory=list)
    holds: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    speaks_for: str | None = None
    anonymous: bool = False
    of: str | None = None  # offices: the actor the office is in
    part_of: str | None = None  # proposals
    beneficiary: str | None = None  # proposals
    capability: list[str] = field(default_factory=list)  # outcomes
    location: str | None = None  # outcomes
    scope: str | None = None  # outcomes

    @property
    def broad_type(self) -> str:
        """person, state, organisation or group for actors; the kind for everything else."""
        if self.kind != "actor":
            return self.kind
        return BROAD_TYPES.get(self.type or "", "organisation")


@dataclass
class Registry:
    """All registry entries, looked up by id or by any name texts use."""

    path: Path
    entities: dict[str, Entity]
    source: str

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def names(self, entity: Entity) -> list[str]:
        return [entity.id, entity.label, *entity.surface_forms]

    def resolve_name(self, name: str) -> list[Entity]:
        """Entities whose id, label or a surface form equals ``name``, ignoring case."""
        wanted = name.strip().casefold()
        return [
            e for e in self.entities.values() if any(n.casefold() == wanted for n in self.names(e))
        ]

    def suggest(self, name: str, kinds: tuple[str, ...] | None = None, n: int = 3) -> list[str]:
        """The nearest ids to a mistyped one, for error messages."""
        pool = [e.id for e in self.entities.values() if kinds is None or e.kind in kinds]
        close = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
        by_name = [e.id for e in self.resolve_name(name) if kinds is None or e.kind in kinds]
        return list(dict.fromkeys(by_name + close))[:n]


def _fail(path: Path, line: int | None, message: str, hint: str | None = None) -> AnnotationError:
    return AnnotationError(message, file=path, line=line, hint=hint)


def _str_list(value: Any, path: Path, line: int, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _fail(path, line, f"'{key}' must be a name or a list of names")


def _opt_str(entry: LineDict, key: str, path: Path) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, entry.line, f"'{key}' must be non-empty text, got {brief(value)}")
    return value.strip()


_ALLOWED_KEYS = {
    "actor": {
        "id",
        "label",
        "type",
        "description",
        "wikidata",
        "surface_forms",
        "holds",
        "member_of",
        "speaks_for",
        "anonymous",
    },
    "office": {"id", "label", "description", "of", "wikidata"},
    "place": {"id", "label", "description", "wikidata", "surface_forms"},
    "proposal": {"id", "label", "description", "part_of", "beneficiary", "surface_forms"},
    "outcome": {"id", "label", "description", "capability", "location", "scope", "surface_forms"},
}


def _read_entity(kind: str, entry: Any, path: Path, section_line: int) -> Entity:
    if not isinstance(entry, LineDict):
        raise _fail(
            path, section_line, f"each entry of '{kind}s' must be a mapping with id and label"
        )
    line = entry.line
    unknown = set(entry) - _ALLOWED_KEYS[kind]
    if unknown:
        raise _fail(
            path,
            line,
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))} in {a(kind)} entry",
            hint=f"Allowed keys: {', '.join(sorted(_ALLOWED_KEYS[kind]))}.",
        )
    for key in ("id", "label"):
        if key not in entry:
            raise _fail(path, line, f"{kind} entry is missing required field '{key}'")
    entity_id = entry["id"]
    if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
        raise _fail(
            path,
            line,
            f"bad id {brief(entity_id)}",
            hint="Ids are lower-case letters, digits and hyphens, e.g. 'united-kingdom'.",
        )
    label = _opt_str(entry, "label", path)
    entity = Entity(kind=kind, id=entity_id, label=label or entity_id, line=line)
    entity.description = _opt_str(entry, "description", path)
    wikidata = entry.get("wikidata")
    if wikidata is not None:
        if not isinstance(wikidata, str) or not WIKIDATA_PATTERN.match(wikidata):
            raise _fail(
                path,
                line,
                f"bad Wikidata id {brief(wikidata)} for '{entity_id}'",
                hint="Wikidata ids look like Q22686.",
            )
        entity.wikidata = wikidata
    entity.surface_forms = _str_list(entry.get("surface_forms"), path, line, "surface_forms")
    if kind == "actor":
        actor_type = entry.get("type")
        if not isinstance(actor_type, str) or actor_type not in ACTOR_TYPES:
            raise _fail(
                path,
                line,
                f"actor '{entity_id}' has type {brief(actor_type)}",
                hint=f"Use one of: {', '.join(ACTOR_TYPES)}.",
            )
        entity.type = actor_type
        entity.holds = _str_list(entry.get("holds"), path, line, "holds")
        entity.member_of = _str_list(entry.get("member_of"), path, line, "member_of")
        entity.speaks_for = _opt_str(entry, "speaks_for", path)
        anonymous = entry.get("anonymous", False)
        if not isinstance(anonymous, bool):
            raise _fail(path, line, "'anonymous' must be true or false")
        if anonymous and actor_type != "group":
            raise _fail(path, line, "only a group can be anonymous (unnamed sources)")
        entity.anonymous = anonymous
    elif kind == "office":
        entity.of = _opt_str(entry, "of", path)
        if entity.of is None:
            raise _fail(
                path,
                line,
                f"office '{entity_id}' is missing required field 'of'",
                hint="Say which actor the office is in, e.g. `of: united-states`.",
            )
    elif kind == "proposal":
        entity.part_of = _opt_str(entry, "part_of", path)
        entity.beneficiary = _opt_str(entry, "beneficiary", path)
    elif kind == "outcome":
        entity.capability = _str_list(entry.get("capability"), path, line, "capability")
        entity.location = _opt_str(entry, "location", path)
        entity.scope = _opt_str(entry, "scope", path)
    return entity


def _check_ref(
    reg: Registry, entity: Entity, key: str, ref: str | None, kinds: tuple[str, ...]
) -> None:
    if ref is None:
        return
    target = reg.get(ref)
    if target is None or target.kind not in kinds:
        near = reg.suggest(ref, kinds)
        raise _fail(
            reg.path,
            entity.line,
            f"{entity.kind} '{entity.id}': {key} '{ref}' is not a known {' or '.join(kinds)}",
            hint=("Did you mean: " + ", ".join(near) + "?")
            if near
            else f"Add '{ref}' to the registry first.",
        )


def load_registry(path: Path) -> Registry:
    """Read and check ``registry.yaml``; every cross-reference must resolve."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise _fail(path, 1, "the registry must be a mapping with sections " + ", ".join(SECTIONS))
    unknown = set(data) - {*SECTIONS, "source"}
    if unknown:
        raise _fail(
            path,
            data.line,
            f"unknown section(s): {', '.join(sorted(map(str, unknown)))}",
            hint=f"Sections are: source, {', '.join(SECTIONS)}.",
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(
            path,
            data.line,
            "the registry needs a 'source' saying where its reference "
            "knowledge (offices, memberships) comes from",
        )
    entities: dict[str, Entity] = {}
    for section in SECTIONS:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise _fail(path, data.line, f"section '{section}' must be a list")
        for entry in entries:
            entity = _read_entity(_KIND_OF_SECTION[section], entry, path, data.line)
            if entity.id in entities:
                first = entities[entity.id]
                raise _fail(
                    path,
                    entity.line,
                    f"duplicate id '{entity.id}' (first defined on line {first.line})",
                    hint="Ids are shared by all kinds of registry entries; rename one.",
                )
            entities[entity.id] = entity
    reg = Registry(path=path, entities=entities, source=source.strip())
    for e in entities.values():
        for office in e.holds:
            _check_ref(reg, e, "holds", office, ("office",))
        for org in e.member_of:
            _check_ref(reg, e, "member_of", org, ("actor",))
        _check_ref(reg, e, "speaks_for", e.speaks_for, ("actor",))
        _check_ref(reg, e, "of", e.of, ("actor",))
        _check_ref(reg, e, "part_of", e.part_of, ("proposal",))
        _check_ref(reg, e, "beneficiary", e.beneficiary, ("actor",))
        _check_ref(reg, e, "location", e.location, ("actor", "place"))
        _check_ref(reg, e, "scope", e.scope, ("actor",))
        for cap in e.capability:
            if cap not in CAPABILITIES:
                raise _fail(
                    path,
                    e.line,
                    f"outcome '{e.id}': unknown capability '{cap}'",
                    hint="Use one of: " + ", ".join(CAPABILITIES) + ".",
                )
    return reg
