"""Build the synthetic registry: the template's entries, then states, bodies, people, plans.

Every random choice comes from one stream, in a fixed order, so the same seed and size
give the same registry. The steps below run in the order :func:`build_world` lists them;
moving one changes every generated corpus.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

from kg.annotate.registry import Entity, load_registry
from kg.errors import KGError

from .entities import PROPER_WORDS, Ent, Pool, World, running, slug
from .names import (
    BODIES,
    CAP_PHRASE,
    FIRST_NAMES,
    LAST_NAMES,
    ORG_WORDS_A,
    ORG_WORDS_B,
    OTHER_PLACES,
    OUTCOME_PATTERNS,
    OUTLET_WORDS_A,
    OUTLET_WORDS_B,
    PROPOSAL_PARTS,
    PROPOSAL_TOPICS,
    ROLE_LABEL,
    ROLES,
    STATES,
    TOPIC_CAPS,
)

#: a row of :data:`~synthetic.names.STATES`: name, capital, demonym, membership letters
StateRow = list[str]
#: an office to fill: (office id, label, whose office, role phrase for the text)
Office = tuple[str, str, str, str]

#: what a template entry carries besides kind, id, label and type, in the order of
#: :class:`~kg.annotate.registry.Entity` (``anonymous`` is written last)
_TEMPLATE_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(Entity)
    if f.name not in ("kind", "id", "label", "line", "type", "anonymous")
)


def build_world(rng: random.Random, n_actors: int, template: Path) -> World:
    """The registry of a corpus with ``n_actors`` actors, ``template``'s own entries first."""
    world = World()
    seed_entities(world, template)
    states, members = _add_states(world, n_actors)
    _add_bodies(world, members)
    for row in states:
        _add_state_actors(world, row)
    _add_anonymous_sources(world)
    _add_outlets_and_organisations(world, rng, n_actors)
    state_ids = [slug(row[0]) for row in states]
    _add_people(world, rng, n_actors, _offices(world, states), state_ids)
    beneficiaries = Pool(state_ids, 1.2)
    _add_proposals(world, rng, n_actors, beneficiaries)
    _add_outcomes(world, rng, n_actors, beneficiaries, state_ids)
    world.pools = _pools(world, rng, state_ids)
    return world


# --- the template project's registry ------------------------------------------------------


def seed_entities(world: World, template: Path) -> None:
    """The template project's own registry comes first, so its ids are the most mentioned."""
    path = template / "seeds" / "registry.yaml"
    if not path.exists():
        return
    registry = load_registry(path)
    for e in registry.entities.values():
        world.add(_template_entry(e))
        world.seed_ids.add(e.id)
    for e in registry.entities.values():
        if e.kind == "office" and e.of:
            holder = next((a.id for a in registry.entities.values() if e.id in a.holds), None)
            if holder:
                world.ents[holder].home = e.of
                world.ents[holder].role = e.label
                world.holders.setdefault(e.of, []).append(holder)


def _template_entry(e: Entity) -> Ent:
    fields: dict[str, Any] = {}
    if e.kind == "actor":
        fields["type"] = e.type
    for key in _TEMPLATE_FIELDS:
        value = getattr(e, key)
        if value:
            fields[key] = list(value) if isinstance(value, list) else value
    if e.anonymous:
        fields["anonymous"] = True
    # texts name it by its label or a noun surface form ("Kyiv"), not an adjective
    # ("Ukrainian"); a group's label is lower-cased in running text ("reporters")
    label = running(e.label) if e.type == "group" or e.label.startswith("The ") else e.label
    forms = [f for f in e.surface_forms if f not in PROPER_WORDS]
    ent = Ent(
        kind=e.kind,
        id=e.id,
        label=e.label,
        fields=fields,
        mentions=[label, *forms],
        anonymous=e.anonymous,
        caps=list(e.capability),
    )
    if e.kind == "proposal":
        ent.phrase = "the " + running(e.label)
    elif e.kind == "outcome":
        ent.phrase = running(e.label)
    if e.kind == "actor" and e.speaks_for:
        ent.home = e.speaks_for
    return ent


# --- states, places, bodies -----------------------------------------------------------------


def _add_states(world: World, n_actors: int) -> tuple[list[StateRow], dict[str, list[str]]]:
    """States and their capitals, then the other places; returns the states and who is a
    member of what (by membership letter)."""
    rows = [line.split("|") for line in STATES.splitlines()]
    states = rows[: min(len(rows), max(10, n_actors // 50))]
    members: dict[str, list[str]] = {"N": [], "E": [], "G": [], "J": [], "D": []}
    for name, capital, demonym, flags in states:
        sid = slug(name)
        world.demonym[sid] = demonym
        if sid not in world.ents:
            world.add(
                Ent(
                    "actor",
                    sid,
                    name,
                    {"type": "state", "surface_forms": [capital]},
                    mentions=[name, name, capital],
                )
            )
        for flag in flags:
            members[flag].append(sid)
        pid = slug(capital)
        if pid not in world.ents:
            world.add(Ent("place", pid, capital))
    for place in OTHER_PLACES:
        world.add(Ent("place", slug(place), place))
    return states, members


def _add_bodies(world: World, members: dict[str, list[str]]) -> None:
    """Alliances and intergovernmental bodies, and the states that are members of them."""
    letter_of = {"nato": "N"}
    for line in BODIES.splitlines():
        bid, label, btype, letter, forms = line.split("|")
        surface = [f for f in forms.split(";") if f]
        fields: dict[str, Any] = {"type": btype}
        if surface:
            fields["surface_forms"] = surface
        world.add(Ent("actor", bid, label, fields, mentions=[label, *surface]))
        if letter:
            letter_of[bid] = letter
    for body, letter in letter_of.items():
        for sid in members[letter]:
            if body in world.ents:
                world.ents[sid].fields.setdefault("member_of", [])
                if body not in world.ents[sid].fields["member_of"]:
                    world.ents[sid].fields["member_of"].append(body)


def _add_state_actors(world: World, row: StateRow) -> None:
    """A state's ministries, armed forces, and its named and anonymous groups."""
    name, _capital, demonym, _flags = row
    sid = slug(name)
    for suffix, label in (
        ("defence-ministry", f"Ministry of Defence of {name}"),
        ("foreign-ministry", f"Foreign Ministry of {name}"),
    ):
        world.add(
            Ent(
                "actor",
                f"{sid}-{suffix}",
                label,
                {"type": "government-body", "speaks_for": sid},
                mentions=[label, f"the {demonym} {suffix.split('-')[0]} ministry"],
                home=sid,
            )
        )
    if not any(
        world.ents[a].type == "armed-forces" and world.ents[a].fields.get("speaks_for") == sid
        for a in world.order["actor"]
    ):
        world.add(
            Ent(
                "actor",
                f"{sid}-armed-forces",
                f"Armed Forces of {name}",
                {"type": "armed-forces", "speaks_for": sid},
                mentions=[f"the {demonym} armed forces", f"the {demonym} military"],
                home=sid,
            )
        )
    _add_state_groups(world, name, sid, demonym)


def _add_state_groups(world: World, name: str, sid: str, demonym: str) -> None:
    world.add(
        Ent(
            "actor",
            f"{sid}-officials",
            f"{demonym} officials",
            {
                "type": "group",
                "anonymous": True,
                "description": f"Officials of {name}, not named in the text.",
            },
            mentions=[f"{demonym} officials", f"{demonym} officials who asked not to be named"],
            home=sid,
            anonymous=True,
        )
    )
    world.add(
        Ent(
            "actor",
            f"{sid}-diplomats",
            f"{demonym} diplomats",
            {"type": "group", "anonymous": True},
            mentions=[f"{demonym} diplomats familiar with the talks"],
            home=sid,
            anonymous=True,
        )
    )
    world.add(
        Ent(
            "actor",
            f"{sid}-lawmakers",
            f"{demonym} lawmakers",
            {"type": "group"},
            mentions=[f"{demonym} lawmakers", f"members of the {demonym} parliament"],
            home=sid,
        )
    )


def _add_anonymous_sources(world: World) -> None:
    for label, forms in (
        ("People familiar with the matter", ["people familiar with the matter"]),
        ("A senior Western official", ["a senior Western official"]),
        ("Military sources", ["military sources"]),
    ):
        world.add(
            Ent(
                "actor",
                slug(label),
                label,
                {"type": "group", "anonymous": True},
                mentions=forms,
                anonymous=True,
            )
        )


def _add_outlets_and_organisations(world: World, rng: random.Random, n_actors: int) -> None:
    n_outlets = max(5, n_actors // 50)
    combos = [f"{a} {b}" for a in OUTLET_WORDS_A for b in OUTLET_WORDS_B]
    for label in rng.sample(combos, min(n_outlets, len(combos))):
        world.add(
            Ent(
                "actor",
                slug(label),
                f"The {label}",
                {"type": "media-outlet", "surface_forms": [label]},
                mentions=[f"the {label}"],
            )
        )
    n_orgs = max(5, n_actors // 20)
    combos = [f"{a} {b}" for a in ORG_WORDS_A for b in ORG_WORDS_B]
    for label in rng.sample(combos, min(n_orgs, len(combos))):
        world.add(Ent("actor", slug(label), label, {"type": "organisation"}))


# --- offices and people ---------------------------------------------------------------------


def _offices(world: World, states: list[StateRow]) -> list[Office]:
    """Four offices per state (unless the template fills one) and one at the head of each
    body; each will be held by a new person."""
    offices: list[Office] = []
    for name, _capital, _demonym, _flags in states:
        sid = slug(name)
        for role in ROLES:
            oid = f"{slug(role)}-of-{sid}"
            if oid in world.ents or any(
                r
                for r in world.holders.get(sid, [])
                if (world.ents[r].role or "").casefold().startswith(role)
            ):
                continue
            owner = f"{name}’" if name.endswith("s") else f"{name}’s"
            offices.append((oid, f"{ROLE_LABEL[role]} of {name}", sid, f"{owner} {role}"))
    for line in BODIES.splitlines():
        bid, label = line.split("|")[:2]
        offices.append((f"head-of-{bid}", f"Head of the {label}", bid, f"the head of the {label}"))
    return offices


def _add_people(
    world: World, rng: random.Random, n_actors: int, offices: list[Office], state_ids: list[str]
) -> None:
    """People up to ``n_actors`` actors: office holders first, then lawmakers, generals..."""
    n_people = n_actors - len(world.order["actor"])
    if n_people < len(offices):
        raise KGError(
            f"{n_actors} actors are too few for the generated states and bodies",
            hint=f"Ask for at least {len(world.order['actor']) + len(offices)} actors.",
        )
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    names = rng.sample(pairs, min(n_people, len(pairs)))
    while len(names) < n_people:  # very large registries: reuse names, ids stay unique
        names.append(rng.choice(pairs))
    for k, (first, last) in enumerate(names):
        label = f"{first} {last}"
        ent = Ent(
            "actor",
            slug(label),
            label,
            {"type": "person", "surface_forms": [last]},
            mentions=[label, label, last],
        )
        if k < len(offices):
            oid, olabel, of, role = offices[k]
            world.add(Ent("office", oid, olabel, {"of": of}))
            ent.fields["holds"] = [oid]
            ent.role, ent.home = role, of
            world.holders.setdefault(of, []).append(ent.id)
        else:
            ent.home = rng.choice(state_ids)
            kind = rng.choice(("lawmaker", "general", "diplomat", "analyst", "adviser"))
            demonym = world.demonym[ent.home]
            ent.role = f"{'an' if demonym[0] in 'AEIOU' else 'a'} {demonym} {kind}"
            ent.fields["description"] = f"{world.demonym[ent.home]} {kind}"
        world.add(ent)


# --- proposals and outcomes -----------------------------------------------------------------


def _add_proposals(world: World, rng: random.Random, n_actors: int, beneficiaries: Pool) -> None:
    """Proposals for a beneficiary state, some with parts."""
    n_proposals = max(12, n_actors // 8)
    while len(world.order["proposal"]) < n_proposals:
        topic = rng.choice(PROPOSAL_TOPICS)
        ben = beneficiaries.pick(rng)
        bname = world.ents[ben].label
        qualifier = rng.choice(("", "", "Joint ", "Interim ", "Long-term ", "Regional "))
        label = f"{qualifier}{topic} for {bname}"
        label = label[0].upper() + label[1:]
        pid = slug(label)
        if pid in world.ents:
            continue
        head = world.add(
            Ent(
                "proposal",
                pid,
                label,
                {"beneficiary": ben},
                mentions=[label, f"{topic} for {bname}"],
                phrase="the " + running(label),
                caps=list(TOPIC_CAPS[topic]),
            )
        )
        for part in rng.sample(PROPOSAL_PARTS, rng.choice((0, 0, 1, 2, 3))):
            world.add(
                Ent(
                    "proposal",
                    f"{pid}-{slug(part)}",
                    f"{label}: {part}",
                    {"part_of": head.id, "beneficiary": ben},
                    phrase=f"the {part} of {head.phrase}",
                    caps=list(head.caps),
                )
            )


def _add_outcomes(
    world: World, rng: random.Random, n_actors: int, beneficiaries: Pool, state_ids: list[str]
) -> None:
    """Outcomes: a capability of some scope in a place, or a political outcome for a state."""
    scopes = Pool(["nato", "european-union", *state_ids[2:]], 1.0)
    n_outcomes = max(12, n_actors // 10)
    capability_ids = list(CAP_PHRASE)
    while len(world.order["outcome"]) < n_outcomes:
        where = beneficiaries.pick(rng)
        wname = world.ents[where].label
        if rng.random() < 0.55:
            scope = scopes.pick(rng)
            if scope not in world.ents:
                continue
            cap = rng.choice(capability_ids)
            slabel = world.demonym.get(scope, world.ents[scope].label)
            label = f"{slabel} {CAP_PHRASE[cap]} in {wname}"
            fields: dict[str, Any] = {"capability": [cap], "location": where, "scope": scope}
            caps = [cap]
        else:
            label = rng.choice(OUTCOME_PATTERNS).format(w=wname)
            fields = {"location": where}
            caps = []
        oid = slug(label)
        if oid in world.ents:
            continue
        world.add(Ent("outcome", oid, label, fields, caps=caps, phrase=running(label)))


# --- the pools articles draw from ---------------------------------------------------------


def _pools(world: World, rng: random.Random, state_ids: list[str]) -> dict[str, Pool]:
    """The template's ids first (most mentioned), then the rest in a shuffled order."""

    def ordered(ids: list[str], exponent: float = 0.9) -> Pool:
        head = [i for i in ids if i in world.seed_ids]
        tail = [i for i in ids if i not in world.seed_ids]
        rng.shuffle(tail)
        return Pool(head + tail, exponent)

    named_groups = world.actors("group", anonymous=False)
    bodies = ("government-body", "alliance", "intergovernmental-body")
    return {  # built in this order: each shuffle takes the next numbers of the stream
        "committer": ordered(world.actors("state", "armed-forces", *bodies) + named_groups),
        "holder": ordered(
            world.actors(
                "state",
                "person",
                "government-body",
                "intergovernmental-body",
                "alliance",
                "organisation",
            )
            + named_groups
        ),
        "person": ordered(world.actors("person")),
        "speaker_body": ordered(
            world.actors(
                "government-body", "intergovernmental-body", "organisation", "armed-forces"
            )
        ),
        "anonymous": ordered(world.actors("group", anonymous=True), 0.7),
        "participant": ordered(
            world.actors("state", "person", "intergovernmental-body", "alliance", "armed-forces")
        ),
        "outlet": ordered(world.actors("media-outlet"), 0.8),
        "state": ordered([s for s in state_ids if s in world.ents], 1.0),
        "proposal": ordered(list(world.order["proposal"]), 1.0),
        "outcome": ordered(list(world.order["outcome"]), 1.0),
        "place": ordered(list(world.order["place"]), 0.9),
    }
