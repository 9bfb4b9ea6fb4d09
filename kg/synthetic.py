"""Generate a synthetic corpus: a complete kg project of made-up articles for benchmarks.

:func:`generate_corpus` writes a project folder that ``kg --project DIR`` can build, query
and draw: ``seeds/registry.yaml`` with a few thousand actors of every type (states,
people holding offices, alliances with NATO-like memberships, ministries that speak for
their state, armed forces, media outlets, named and anonymous groups), places, proposals
with parts and outcomes with capability, location and scope; ``seeds/NNNNN_xxxxxxxx.txt``
articles made of generated sentences; and beside each its annotation file in the real
format (see :mod:`kg.annotate.annotations`), whose quotes are verbatim substrings of the text. The
project's ``ontology/`` and ``queries/`` are copied in.

The mix follows the seed article: about a third commitments, a quarter stances and
statements, the rest events; a third of claims hedged (with their cue word in the quote),
named, anonymous and reporter-voice sourcing; some conditional or negative claims; dates
over two years (2024-2025), resolved from "on Tuesday" against the publication date. About
100 triples per article, so 10,000 articles give about a million.

Output is deterministic: the same ``seed`` (and sizes) gives byte-identical files. Each
article depends only on the seed, its index and the registry, so the first 1,000 articles
of a 10,000-article corpus are the 1,000-article corpus.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.annotate.annotations import CLAIM_KEYS, HEDGE_WORDS
from kg.errors import KGError

REPOSITORY = Path(__file__).resolve().parent.parent  # its seed project: the default template

#: written into every generated project; its presence lets ``overwrite`` replace it safely
MANIFEST = "corpus.json"
GENERATOR = "kg.synthetic"
MIN_ACTORS = 150
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 731  # 2024-01-01 .. 2025-12-31


@dataclass(frozen=True)
class CorpusInfo:
    """What :func:`generate_corpus` wrote."""

    root: Path
    seed: int
    articles: int
    actors: int
    registry_entries: int
    claims: dict[str, int]

    @property
    def total_claims(self) -> int:
        return sum(self.claims.values())


# =============================================================================================
# Name material. Real country names give readable text; people, outlets and plans are made up.
# =============================================================================================

#: name | capital | demonym | memberships (N: NATO, E: EU, G: G7, J: JEF, D: NORDEFCO)
_STATES = """\
Ukraine|Kyiv|Ukrainian|
Russia|Moscow|Russian|
United States|Washington|American|NG
United Kingdom|London|British|NGJ
France|Paris|French|NEG
Italy|Rome|Italian|NEG
Germany|Berlin|German|NEG
Poland|Warsaw|Polish|NE
Spain|Madrid|Spanish|NE
Netherlands|The Hague|Dutch|NEJ
Belgium|Brussels|Belgian|NE
Denmark|Copenhagen|Danish|NEJD
Sweden|Stockholm|Swedish|NEJD
Finland|Helsinki|Finnish|NEJD
Norway|Oslo|Norwegian|NJD
Estonia|Tallinn|Estonian|NEJ
Latvia|Riga|Latvian|NEJ
Lithuania|Vilnius|Lithuanian|NEJ
Romania|Bucharest|Romanian|NE
Bulgaria|Sofia|Bulgarian|NE
Greece|Athens|Greek|NE
Portugal|Lisbon|Portuguese|NE
Czech Republic|Prague|Czech|NE
Slovakia|Bratislava|Slovak|NE
Hungary|Budapest|Hungarian|NE
Slovenia|Ljubljana|Slovenian|NE
Croatia|Zagreb|Croatian|NE
Austria|Vienna|Austrian|E
Ireland|Dublin|Irish|E
Canada|Ottawa|Canadian|NG
Turkey|Ankara|Turkish|N
Iceland|Reykjavik|Icelandic|NJD
Albania|Tirana|Albanian|N
Montenegro|Podgorica|Montenegrin|N
Moldova|Chisinau|Moldovan|
Georgia|Tbilisi|Georgian|
Belarus|Minsk|Belarusian|
Serbia|Belgrade|Serbian|
Switzerland|Bern|Swiss|
Japan|Tokyo|Japanese|G
South Korea|Seoul|South Korean|
Australia|Canberra|Australian|
China|Beijing|Chinese|
India|New Delhi|Indian|
Brazil|Brasília|Brazilian|
South Africa|Pretoria|South African|
Saudi Arabia|Riyadh|Saudi|
Qatar|Doha|Qatari|
United Arab Emirates|Abu Dhabi|Emirati|
Israel|Jerusalem|Israeli|
Egypt|Cairo|Egyptian|
Iran|Tehran|Iranian|
Kazakhstan|Astana|Kazakh|
Azerbaijan|Baku|Azerbaijani|
Armenia|Yerevan|Armenian|
Mexico|Mexico City|Mexican|
Argentina|Buenos Aires|Argentine|
Indonesia|Jakarta|Indonesian|
Nigeria|Abuja|Nigerian|
Kenya|Nairobi|Kenyan|
Cyprus|Nicosia|Cypriot|E
"""

#: id | label | type | membership letter (see _STATES) | surface forms (;-separated)
_BODIES = """\
european-union|European Union|intergovernmental-body|E|EU;the bloc
european-commission|European Commission|intergovernmental-body||Commission
united-nations|United Nations|intergovernmental-body||UN
un-security-council|UN Security Council|intergovernmental-body||Security Council
osce|Organization for Security and Co-operation in Europe|intergovernmental-body||OSCE
g7|Group of Seven|intergovernmental-body|G|G7
council-of-europe|Council of Europe|intergovernmental-body||
african-union|African Union|intergovernmental-body||AU
iaea|International Atomic Energy Agency|intergovernmental-body||IAEA
ukraine-defense-contact-group|Ukraine Defense Contact Group|intergovernmental-body||Ramstein group
joint-expeditionary-force|Joint Expeditionary Force|alliance|J|JEF
nordefco|Nordic Defence Cooperation|alliance|D|NORDEFCO
european-defence-agency|European Defence Agency|intergovernmental-body||EDA
"""

_FIRST = (
    "Anna Maria Jan Piotr Katarzyna Tomasz Elena Marco Giulia Luca Sophie Pierre Claire Louis "
    "Hanna Lukas Lena Jonas Sara Erik Ingrid Mikkel Freja Oskar Aino Juha Liis Kristjan Ilze "
    "Janis Ruta Tomas Ioana Andrei Maria Nikos Eleni Ana Joao Petra Martin Zuzana Peter Eva "
    "Ivan Marta Daniel Laura David Emma James Olivia Thomas Charlotte Robert Helen Michael "
    "Sarah Oleksandr Iryna Dmytro Olena Sergei Natalia Yuri Aliya Arman Giorgi Nino Ahmed "
    "Layla Omar Yusuf Akira Yuki Min-jun Ji-woo Carlos Lucia Mateo Camila Chiara Matteo Ines "
    "Rui Agnieszka Bartosz Magdalena Krzysztof Henrik Astrid Nils Ulla Viktor Milena Dragan"
).split()
_LAST = (
    "Nowak Kowalski Wisniewski Rossi Bianchi Ferrari Martin Bernard Dubois Lefebvre Schmidt "
    "Muller Weber Wagner Becker Jensen Nielsen Hansen Andersson Johansson Lindqvist Virtanen "
    "Korhonen Tamm Saar Berzins Kalnins Petrauskas Kazlauskas Popescu Ionescu Georgiou "
    "Papadopoulos Silva Santos Novak Horvat Kovac Dvorak Svoboda Szabo Toth Nagy Murphy Kelly "
    "Smith Jones Taylor Brown Walker Clarke Wright Hughes Evans Turner Campbell Stewart "
    "Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Ivanov Petrov Sokolov Volkov Orlov "
    "Beridze Kapanadze Aliyev Hasanov Nazarbayeva Tanaka Sato Suzuki Kim Park Lee Garcia "
    "Fernandez Lopez Martinez Moreau Laurent Fontaine Costa Pereira Almeida Janssen DeVries "
    "Peeters Maes Olsen Berg Haugen Lund Holm Eriksen Larsen Lehtonen Niemi Ozturk Yilmaz "
    "Demir Kaya Hoxha Markovic Jovanovic Petrovic Ilic Kaminski Lewandowski Zielinski "
    "Mazur Krawczyk Romano Greco Conti Marino Ricci Bruno Gallo Fischer Hoffmann Schulz"
).split()
_OUTLET_A = (
    "Baltic Danube Atlantic Continental Northern Eastern Western Central Capital Harbour "
    "Frontier Meridian Coastal Alpine Evening Morning Daily Weekly Global National"
).split()
_OUTLET_B = (
    "Herald Post Times Wire Observer Courier Gazette Tribune Monitor Review Journal Dispatch "
    "Chronicle Express Ledger Signal Bulletin Standard Record Sentinel"
).split()
_ORG_A = (
    "Atlantic Eurasian Nordic Baltic Carpathian Danube Meridian Vanguard Horizon Keystone "
    "Sentinel Bastion Aegis Granite Summit Harbour Beacon Compass"
).split()
_ORG_B = (
    "Institute for Security Studies|Defence Systems|Aerospace|Policy Centre|Peace Foundation|"
    "Humanitarian Alliance|Shipbuilding|Strategy Forum|Relief Agency|Energy Group|"
    "Council on Foreign Relations|Demining Trust|Logistics|Cyber Defence Lab"
).split("|")
_OTHER_PLACES = (
    "Odesa|Kharkiv|Zaporizhzhia|Dnipro|Lviv|Donbas|Crimea|Black Sea|Baltic Sea|Kaliningrad|"
    "Suwałki Gap|Transnistria|Geneva|Istanbul|Munich|Davos|Ramstein Air Base|Rzeszów|Gdańsk|"
    "Constanța|Narva|Sevastopol|Kherson|Mariupol|Bakhmut|Vilnius Airport|Jeddah|Riyadh Summit|"
    "Brussels Summit Hall|Camp David|Hiroshima|Strasbourg|The Hague Forum|Reykjavik Harbour"
).split("|")
_ROLES = ("president", "prime minister", "defence minister", "foreign minister")
_ROLE_LABEL = {
    "president": "President",
    "prime minister": "Prime Minister",
    "defence minister": "Defence Minister",
    "foreign minister": "Foreign Minister",
}
_PROPOSAL_TOPICS = (
    "air defence coalition",
    "ceasefire monitoring mission",
    "reconstruction fund",
    "grain export corridor",
    "demining programme",
    "border security pact",
    "training mission",
    "peacekeeping force",
    "sanctions package",
    "energy security compact",
    "naval escort mission",
    "air policing mission",
    "arms procurement initiative",
    "refugee support plan",
    "cyber defence partnership",
    "prisoner exchange framework",
    "peace framework",
    "accession roadmap",
    "security guarantee package",
    "reassurance force",
)
_PROPOSAL_PARTS = (
    "initial training phase",
    "air component",
    "maritime component",
    "financing mechanism",
    "monitoring arrangements",
    "logistics hub",
    "command structure",
    "land component",
)
_TOPIC_CAPS = {
    "air defence coalition": ["air-defence"],
    "ceasefire monitoring mission": ["coordination"],
    "reconstruction fund": ["equipment"],
    "grain export corridor": ["border-control"],
    "demining programme": ["equipment", "training"],
    "border security pact": ["border-control"],
    "training mission": ["training"],
    "peacekeeping force": ["troops"],
    "sanctions package": ["coordination"],
    "energy security compact": ["equipment"],
    "naval escort mission": ["troops", "equipment"],
    "air policing mission": ["air-support"],
    "arms procurement initiative": ["arms"],
    "refugee support plan": ["coordination"],
    "cyber defence partnership": ["intelligence"],
    "prisoner exchange framework": ["coordination"],
    "peace framework": ["security-guarantees"],
    "accession roadmap": ["defence-commitments"],
    "security guarantee package": ["security-guarantees", "arms"],
    "reassurance force": ["troops", "reinforcement"],
}
_CAP_PHRASE = {
    "troops": "troops",
    "combat-troops": "combat troops",
    "equipment": "military equipment",
    "air-support": "air support",
    "intelligence": "intelligence",
    "arms": "weapons",
    "air-defence": "air-defence systems",
    "border-control": "border control",
    "coordination": "coordination",
    "training": "training",
    "reinforcement": "reinforcements",
    "security-guarantees": "security guarantees",
    "defence-commitments": "defence commitments",
}
_CONDITIONS = (
    "once hostilities cease",
    "provided a ceasefire holds",
    "if parliament approves the mission",
    "as part of a peace agreement",
    "subject to a UN mandate",
    "after a ceasefire is signed",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_FILLERS = (
    "Officials did not give a timeline.",
    "The talks come amid renewed shelling in the east.",
    "Fighting continued along the front line overnight.",
    "Details of the plan have not been published.",
    "Diplomats described the atmosphere as businesslike.",
    "The discussions are set to continue next month.",
    "Neither side commented on the reports.",
    "Markets reacted calmly to the news.",
    "The meeting lasted several hours.",
    "Further talks are planned at the level of deputies.",
    "Analysts said the move reflects growing pressure on the alliance.",
    "The statement was published on the government’s website.",
)


# =============================================================================================
# The in-memory registry the articles are written from
# =============================================================================================


@dataclass
class _Ent:
    """One registry entry, with what the text generator needs to write about it."""

    kind: str
    id: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)  # YAML fields after id and label
    mentions: list[str] = field(default_factory=list)  # ways a text names it
    home: str | None = None  # the state a person, body or group belongs to
    role: str | None = None  # "Poland’s defence minister", for people
    phrase: str | None = None  # running-text form of a proposal or outcome
    caps: list[str] = field(default_factory=list)
    anonymous: bool = False

    @property
    def type(self) -> str | None:
        return self.fields.get("type")


#: words that keep their capital in running text: demonyms, country names, acronyms
_PROPER_WORDS = frozenset(
    word
    for row in _STATES.splitlines()
    for word in (row.split("|")[0].split()[0], row.split("|")[2])
) | {"NATO", "American", "European", "US", "UN", "EU", "G7", "White", "Security Council"}


def _running(label: str) -> str:
    """A label as it reads inside a sentence: "Elections in X" -> "elections in X"."""
    first = label.split(" ", 1)[0].rstrip(":,")
    if first in _PROPER_WORDS or (first.isupper() and len(first) > 1) or label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


_HEDGED_WORD = re.compile(r"\b(" + "|".join(HEDGE_WORDS) + r")\b", re.IGNORECASE)


def _slug(text: str) -> str:
    text = text.casefold().replace("’", "").replace("'", "")
    for a, b in (
        ("á", "a"),
        ("í", "i"),
        ("ł", "l"),
        ("ń", "n"),
        ("ó", "o"),
        ("ś", "s"),
        ("ż", "z"),
        ("ă", "a"),
        ("ț", "t"),
        ("ș", "s"),
    ):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class _Pool:
    """Weighted (Zipf-like) choice among ids: earlier ids are mentioned far more often."""

    def __init__(self, ids: list[str], exponent: float = 0.9) -> None:
        self.ids = ids
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(ids)):
            total += 1.0 / (rank + 1) ** exponent
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> str:
        return self.ids[min(bisect.bisect(self.cum, rng.random() * self.total), len(self.ids) - 1)]

    def __bool__(self) -> bool:
        return bool(self.ids)


class _World:
    """All registry entries plus the pools articles draw actors, plans and outcomes from."""

    def __init__(self) -> None:
        self.ents: dict[str, _Ent] = {}
        self.order: dict[str, list[str]] = {
            k: [] for k in ("actor", "office", "place", "proposal", "outcome")
        }
        self.demonym: dict[str, str] = {}
        self.holders: dict[str, list[str]] = {}  # state -> people holding its offices
        self.pools: dict[str, _Pool] = {}
        self.seed_ids: set[str] = set()  # ids taken from the template project's registry

    def add(self, ent: _Ent) -> _Ent:
        base, n = ent.id, 2
        while ent.id in self.ents:
            ent.id = f"{base}-{n}"
            n += 1
        self.ents[ent.id] = ent
        self.order[ent.kind].append(ent.id)
        # a name with a hedge word in it ("approximately ten nations") would make a firm
        # claim's quote look hedged; texts use the other names
        ent.mentions = [m for m in ent.mentions if not _HEDGED_WORD.search(m)] or [ent.label]
        return ent

    def actors(self, *types: str, anonymous: bool | None = None) -> list[str]:
        return [
            i
            for i in self.order["actor"]
            if (not types or self.ents[i].type in types)
            and (anonymous is None or self.ents[i].anonymous == anonymous)
        ]


def _seed_entities(world: _World, template: Path) -> None:
    """The template project's own registry comes first, so its ids are the most mentioned."""
    path = template / "seeds" / "registry.yaml"
    if not path.exists():
        return
    from kg.annotate.registry import load_registry

    registry = load_registry(path)
    for e in registry.entities.values():
        fields: dict[str, Any] = {}
        if e.kind == "actor":
            fields["type"] = e.type
        for key, value in (
            ("description", e.description),
            ("wikidata", e.wikidata),
            ("surface_forms", e.surface_forms),
            ("holds", e.holds),
            ("member_of", e.member_of),
            ("speaks_for", e.speaks_for),
            ("of", e.of),
            ("part_of", e.part_of),
            ("beneficiary", e.beneficiary),
            ("capability", e.capability),
            ("location", e.location),
            ("scope", e.scope),
        ):
            if value:
                fields[key] = list(value) if isinstance(value, list) else value
        if e.anonymous:
            fields["anonymous"] = True
        # texts name it by its label or a noun surface form ("Kyiv"), not an adjective
        # ("Ukrainian"); a group's label is lower-cased in running text ("reporters")
        label = _running(e.label) if e.type == "group" or e.label.startswith("The ") else e.label
        forms = [f for f in e.surface_forms if f not in _PROPER_WORDS]
        ent = _Ent(
            kind=e.kind,
            id=e.id,
            label=e.label,
            fields=fields,
            mentions=[label, *forms],
            anonymous=e.anonymous,
            caps=list(e.capability),
        )
        if e.kind == "proposal":
            ent.phrase = "the " + _running(e.label)
        elif e.kind == "outcome":
            ent.phrase = _running(e.label)
        if e.kind == "actor" and e.speaks_for:
            ent.home = e.speaks_for
        world.add(ent)
        world.seed_ids.add(e.id)
    for e in registry.entities.values():
        if e.kind == "office" and e.of:
            holder = next((a.id for a in registry.entities.values() if e.id in a.holds), None)
            if holder:
                world.ents[holder].home = e.of
                world.ents[holder].role = e.label
                world.holders.setdefault(e.of, []).append(holder)


def _build_world(rng: random.Random, n_actors: int, template: Path) -> _World:
    world = _World()
    _seed_entities(world, template)
    rows = [line.split("|") for line in _STATES.splitlines()]
    n_states = min(len(rows), max(10, n_actors // 50))
    states = rows[:n_states]
    members: dict[str, list[str]] = {"N": [], "E": [], "G": [], "J": [], "D": []}
    for name, capital, demonym, flags in states:
        sid = _slug(name)
        world.demonym[sid] = demonym
        if sid not in world.ents:
            world.add(
                _Ent(
                    "actor",
                    sid,
                    name,
                    {"type": "state", "surface_forms": [capital]},
                    mentions=[name, name, capital],
                )
            )
        for flag in flags:
            members[flag].append(sid)
        pid = _slug(capital)
        if pid not in world.ents:
            world.add(_Ent("place", pid, capital))
    for place in _OTHER_PLACES:
        world.add(_Ent("place", _slug(place), place))

    letter_of = {"nato": "N"}
    for line in _BODIES.splitlines():
        bid, label, btype, letter, forms = line.split("|")
        surface = [f for f in forms.split(";") if f]
        fields: dict[str, Any] = {"type": btype}
        if surface:
            fields["surface_forms"] = surface
        world.add(_Ent("actor", bid, label, fields, mentions=[label, *surface]))
        if letter:
            letter_of[bid] = letter
    for body, letter in letter_of.items():
        for sid in members[letter]:
            if body in world.ents:
                world.ents[sid].fields.setdefault("member_of", [])
                if body not in world.ents[sid].fields["member_of"]:
                    world.ents[sid].fields["member_of"].append(body)

    # ministries, armed forces, named and anonymous groups: a few per state
    for name, _capital, demonym, _flags in states:
        sid = _slug(name)
        for suffix, label in (
            ("defence-ministry", f"Ministry of Defence of {name}"),
            ("foreign-ministry", f"Foreign Ministry of {name}"),
        ):
            world.add(
                _Ent(
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
                _Ent(
                    "actor",
                    f"{sid}-armed-forces",
                    f"Armed Forces of {name}",
                    {"type": "armed-forces", "speaks_for": sid},
                    mentions=[f"the {demonym} armed forces", f"the {demonym} military"],
                    home=sid,
                )
            )
        world.add(
            _Ent(
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
            _Ent(
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
            _Ent(
                "actor",
                f"{sid}-lawmakers",
                f"{demonym} lawmakers",
                {"type": "group"},
                mentions=[f"{demonym} lawmakers", f"members of the {demonym} parliament"],
                home=sid,
            )
        )
    for label, forms in (
        ("People familiar with the matter", ["people familiar with the matter"]),
        ("A senior Western official", ["a senior Western official"]),
        ("Military sources", ["military sources"]),
    ):
        world.add(
            _Ent(
                "actor",
                _slug(label),
                label,
                {"type": "group", "anonymous": True},
                mentions=forms,
                anonymous=True,
            )
        )

    n_outlets = max(5, n_actors // 50)
    combos = [f"{a} {b}" for a in _OUTLET_A for b in _OUTLET_B]
    for label in rng.sample(combos, min(n_outlets, len(combos))):
        world.add(
            _Ent(
                "actor",
                _slug(label),
                f"The {label}",
                {"type": "media-outlet", "surface_forms": [label]},
                mentions=[f"the {label}"],
            )
        )
    n_orgs = max(5, n_actors // 20)
    combos = [f"{a} {b}" for a in _ORG_A for b in _ORG_B]
    for label in rng.sample(combos, min(n_orgs, len(combos))):
        world.add(_Ent("actor", _slug(label), label, {"type": "organisation"}))

    # offices: four per state and one at the head of each body; each held by a new person
    offices: list[tuple[str, str, str, str]] = []  # (office id, label, of, role phrase)
    for name, _capital, _demonym, _flags in states:
        sid = _slug(name)
        for role in _ROLES:
            oid = f"{_slug(role)}-of-{sid}"
            if oid in world.ents or any(
                r
                for r in world.holders.get(sid, [])
                if (world.ents[r].role or "").casefold().startswith(role)
            ):
                continue
            owner = f"{name}’" if name.endswith("s") else f"{name}’s"
            offices.append((oid, f"{_ROLE_LABEL[role]} of {name}", sid, f"{owner} {role}"))
    for line in _BODIES.splitlines():
        bid, label = line.split("|")[:2]
        offices.append((f"head-of-{bid}", f"Head of the {label}", bid, f"the head of the {label}"))
    n_people = n_actors - len(world.order["actor"])
    if n_people < len(offices):
        raise KGError(
            f"{n_actors} actors are too few for the generated states and bodies",
            hint=f"Ask for at least {len(world.order['actor']) + len(offices)} actors.",
        )
    pairs = [(f, last) for f in _FIRST for last in _LAST]
    names = rng.sample(pairs, min(n_people, len(pairs)))
    while len(names) < n_people:  # very large registries: reuse names, ids stay unique
        names.append(rng.choice(pairs))
    state_ids = [_slug(r[0]) for r in states]
    for k, (first, last) in enumerate(names):
        label = f"{first} {last}"
        ent = _Ent(
            "actor",
            _slug(label),
            label,
            {"type": "person", "surface_forms": [last]},
            mentions=[label, label, last],
        )
        if k < len(offices):
            oid, olabel, of, role = offices[k]
            world.add(_Ent("office", oid, olabel, {"of": of}))
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

    # proposals with parts, and outcomes with capability, location and scope
    beneficiaries = _Pool(state_ids, 1.2)
    n_proposals = max(12, n_actors // 8)
    while len(world.order["proposal"]) < n_proposals:
        topic = rng.choice(_PROPOSAL_TOPICS)
        ben = beneficiaries.pick(rng)
        bname = world.ents[ben].label
        qualifier = rng.choice(("", "", "Joint ", "Interim ", "Long-term ", "Regional "))
        label = f"{qualifier}{topic} for {bname}"
        label = label[0].upper() + label[1:]
        pid = _slug(label)
        if pid in world.ents:
            continue
        head = world.add(
            _Ent(
                "proposal",
                pid,
                label,
                {"beneficiary": ben},
                mentions=[label, f"{topic} for {bname}"],
                phrase="the " + _running(label),
                caps=list(_TOPIC_CAPS[topic]),
            )
        )
        for part in rng.sample(_PROPOSAL_PARTS, rng.choice((0, 0, 1, 2, 3))):
            plabel = f"{label}: {part}"
            world.add(
                _Ent(
                    "proposal",
                    f"{pid}-{_slug(part)}",
                    plabel,
                    {"part_of": head.id, "beneficiary": ben},
                    phrase=f"the {part} of {head.phrase}",
                    caps=list(head.caps),
                )
            )
    scopes = _Pool(["nato", "european-union", *state_ids[2:]], 1.0)
    n_outcomes = max(12, n_actors // 10)
    capability_ids = list(_CAP_PHRASE)
    while len(world.order["outcome"]) < n_outcomes:
        where = beneficiaries.pick(rng)
        wname = world.ents[where].label
        shape = rng.random()
        if shape < 0.55:
            scope = scopes.pick(rng)
            if scope not in world.ents:
                continue
            cap = rng.choice(capability_ids)
            slabel = world.demonym.get(scope, world.ents[scope].label)
            label = f"{slabel} {_CAP_PHRASE[cap]} in {wname}"
            fields: dict[str, Any] = {"capability": [cap], "location": where, "scope": scope}
            caps = [cap]
        else:
            pattern = rng.choice(
                (
                    "A ceasefire in {w}",
                    "Elections in {w}",
                    "Sanctions relief for {w}",
                    "A lasting peace in {w}",
                    "{w} joins the European Union",
                    "{w} cedes territory in the east",
                    "A peace agreement for {w}",
                )
            )
            label = pattern.format(w=wname)
            fields = {"location": where}
            caps = []
        oid = _slug(label)
        if oid in world.ents:
            continue
        world.add(_Ent("outcome", oid, label, fields, caps=caps, phrase=_running(label)))

    # pools: the template's ids first (most mentioned), then the rest in a shuffled order
    def ordered(ids: list[str], exponent: float = 0.9) -> _Pool:
        head = [i for i in ids if i in world.seed_ids]
        tail = [i for i in ids if i not in world.seed_ids]
        rng.shuffle(tail)
        return _Pool(head + tail, exponent)

    world.pools = {
        "committer": ordered(
            world.actors(
                "state", "armed-forces", "government-body", "alliance", "intergovernmental-body"
            )
            + world.actors("group", anonymous=False)
        ),
        "holder": ordered(
            world.actors(
                "state",
                "person",
                "government-body",
                "intergovernmental-body",
                "alliance",
                "organisation",
            )
            + world.actors("group", anonymous=False)
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
    return world


# =============================================================================================
# Writing sentences with quote spans
# =============================================================================================


class _Q:
    """A marker in a list of sentence parts: the quote ``key`` opens (True) or closes here."""

    __slots__ = ("key", "opens")

    def __init__(self, key: str, opens: bool) -> None:
        self.key, self.opens = key, opens


_OPENING_QUOTE = re.compile(r"(?<=“)[a-z]")


def _open(key: str = "q") -> _Q:
    return _Q(key, True)


def _close(key: str = "q") -> _Q:
    return _Q(key, False)


def _assemble(parts: list[str | _Q]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Join parts into a sentence (first letter upper-cased) and the spans of its quotes."""
    out: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for part in parts:
        if isinstance(part, _Q):
            if part.opens:
                opened[part.key] = pos
            else:
                spans[part.key] = (opened.pop(part.key), pos)
        else:
            out.append(part)
            pos += len(part)
    sentence = _OPENING_QUOTE.sub(lambda m: m.group(0).upper(), "".join(out))
    return sentence[:1].upper() + sentence[1:], spans


@dataclass
class _Claim:
    kind: str
    fields: dict[str, Any]
    key: str  # which quote span of its sentence is its evidence
    id: str = ""


@dataclass
class _Sentence:
    parts: list[str | _Q]
    claims: list[_Claim] = field(default_factory=list)


class _ArticleWriter:
    """Writes one article: its sentences, claims and metadata, from one random stream."""

    def __init__(
        self, world: _World, rng: random.Random, publisher: str, published: dt.date, assumed: bool
    ) -> None:
        self.w = world
        self.rng = rng
        self.publisher = publisher
        self.published = published
        self.basis = "assumed-publication-date" if assumed else "publication-date"
        self.focus = world.pools["proposal"].pick(rng)
        self.cast: list[str] = []
        self.event_ids: list[str] = []

    # --- picking -------------------------------------------------------------------------
    def pick(self, pool: str) -> str:
        return self.w.pools[pool].pick(self.rng)

    def name(self, ent_id: str) -> str:
        ent = self.w.ents[ent_id]
        if ent.kind in ("proposal", "outcome") and ent.phrase:
            return ent.phrase
        if ent.type == "person":  # full name first, then the surname
            if ent_id in self.cast:
                return ent.mentions[-1]
            self.cast.append(ent_id)
            return ent.label
        return self.rng.choice(ent.mentions)

    def speaker(self, actor: str) -> str:
        """Who is quoted for ``actor``: itself if a person, else someone who speaks for it."""
        ent = self.w.ents[actor]
        if ent.type == "person":
            return actor
        home = actor if ent.type == "state" else ent.home
        holders = self.w.holders.get(home or "", [])
        if holders and self.rng.random() < 0.8:
            return self.rng.choice(holders)
        return self.pick("person") if self.rng.random() < 0.6 else self.pick("speaker_body")

    def speaker_name(self, person: str) -> str:
        ent = self.w.ents[person]
        if ent.type == "person" and ent.role and person not in self.cast:
            self.cast.append(person)
            return (
                f"{ent.role} {ent.label}"
                if not ent.role.startswith(("a ", "an "))
                else f"{ent.label}, {ent.role},"
            )
        return self.name(person)

    def target(self, *, outcome: float = 0.25, actor: float = 0.05) -> str:
        r = self.rng.random()
        if r < actor:
            return self.pick("state")
        if r < actor + outcome:
            return self.pick("outcome")
        return self.focus if self.rng.random() < 0.6 else self.pick("proposal")

    def caps_for(self, target: str) -> list[str]:
        caps = self.w.ents[target].caps if target in self.w.ents else []
        if caps and self.rng.random() < 0.7:
            return list(caps[: self.rng.choice((1, 1, 2))])
        return [self.rng.choice(list(_CAP_PHRASE))]

    # --- time ----------------------------------------------------------------------------
    def when(self, *, future: bool, chance: float = 0.35) -> tuple[str | None, dict[str, Any]]:
        """A time expression and, where it can be resolved, its date and basis."""
        r = self.rng.random()
        if r > chance:
            return None, {}
        r /= chance
        if r < 0.5:
            day, today = self.rng.randrange(7), self.published.weekday()
            if future:  # the next such weekday, 1-7 days after publication
                date = self.published + dt.timedelta(days=(day - today) % 7 or 7)
            else:  # the last one, 1-7 days before
                date = self.published - dt.timedelta(days=(today - day) % 7 or 7)
            return f"on {_WEEKDAYS[date.weekday()]}", {"date": date, "date_basis": self.basis}
        if r < 0.7:
            date = self.published + dt.timedelta(
                days=self.rng.randint(1, 20) * (1 if future else -1)
            )
            return (
                f"on {date.day} {_MONTHS[date.month - 1]}",
                {"date": date, "date_basis": "stated"},
            )
        options = (
            ("next week", "in the coming days", "later this month")
            if future
            else ("last week", "earlier this month", "this week")
        )
        return self.rng.choice(options), {}

    # --- sourcing ------------------------------------------------------------------------
    def sourcing(self) -> str:
        r = self.rng.random()
        return "named" if r < 0.5 else ("anonymous" if r < 0.72 else "reporter")

    def attribute(
        self, core: list[str | _Q], source_kind: str, actor: str, when: str | None
    ) -> tuple[list[str | _Q], str, str | None]:
        """Wrap a quoted clause in its attribution; returns parts, source id and channel."""
        time = f" {when}" if when else ""
        if source_kind == "reporter":
            lead = [f"{when[0].upper()}{when[1:]}, "] if when else []
            return [*lead, *core, "."], self.publisher, None
        if source_kind == "anonymous":
            home = self.w.ents[actor].home or (
                actor if self.w.ents[actor].type == "state" else None
            )
            anon = (
                f"{home}-officials"
                if home and f"{home}-officials" in self.w.ents and self.rng.random() < 0.5
                else self.pick("anonymous")
            )
            if self.rng.random() < 0.5:
                return [f"According to {self.name(anon)}, ", *core, f"{time}."], anon, None
            return [*core, f"{time}, {self.name(anon)} said."], anon, None
        who = self.speaker(actor)
        if who == actor:  # a person speaking for themselves
            return [*core, f" in a statement{time}."], who, None
        if self.rng.random() < 0.5:
            return [f"{self.speaker_name(who)} said{time} that ", *core, "."], who, None
        channel = (
            self.pick("outlet")
            if self.rng.random() < 0.7
            else ("reporters" if "reporters" in self.w.ents else self.pick("outlet"))
        )
        return (
            ["“", *core, ",”", f" {self.speaker_name(who)} told {self.name(channel)}{time}."],
            who,
            channel,
        )

    # --- claims --------------------------------------------------------------------------
    def commitment(self) -> list[_Sentence]:
        rng = self.rng
        actor = self.pick("committer") if rng.random() < 0.8 else self.pick("person")
        action = rng.choices(
            ("offer", "pledge", "provide", "direct", "envisage", "rule-out"),
            (30, 12, 18, 5, 22, 13),
        )[0]
        if action == "direct" and self.w.ents[actor].type not in (
            "person",
            "government-body",
            "state",
        ):
            action = "offer"
        hedged = rng.random() < 0.33
        target = self.target(outcome=0.7 if action == "rule-out" else 0.1, actor=0.0)
        caps = self.caps_for(target)
        ben = (
            self.w.ents[target].fields.get("beneficiary")
            or self.w.ents[target].fields.get("location")
            or self.pick("state")
        )
        if self.w.ents[ben].kind != "actor":
            ben = self.pick("state")
        cap_text = " and ".join(_CAP_PHRASE[c] for c in caps)
        f: dict[str, Any] = {
            "actor": actor,
            "action": action,
            "capability": caps,
            "target": target,
            "beneficiary": ben,
        }
        cue: str | None = None
        if "troops" in caps and rng.random() < 0.5:
            n = rng.choice((200, 500, 1000, 1500, 2000, 3000, 5000))
            if hedged and rng.random() < 0.5:
                cue, qty = "approximately", f"approximately {n:,} troops"
            else:
                qty = f"up to {n:,} troops"
            f["quantity"] = qty
            cap_text = qty + (
                " and " + " and ".join(_CAP_PHRASE[c] for c in caps if c != "troops")
                if len(caps) > 1
                else ""
            )
        if "troops" in caps or "combat-troops" in caps:
            loc = self.w.ents[target].fields.get("location") or ben
            if self.w.ents[loc].kind in ("actor", "place") and rng.random() < 0.6:
                f["location"] = loc
                cap_text += f" to {self.name(loc)}"
        a, t, b = self.name(actor), self.name(target), self.name(ben)
        if action == "rule-out":
            if hedged and cue is None:
                cue = "probably"
                core = f"{a} would probably not send {cap_text} for {t}"
            else:
                core = rng.choice(
                    (
                        f"{a} ruled out sending {cap_text} for {t}",
                        f"{a} will not provide {cap_text} for {t}",
                    )
                )
        elif hedged and cue is None:
            cue, core = rng.choice(
                (
                    ("may", f"{a} may provide {cap_text} for {t}"),
                    ("expected", f"{a} is expected to contribute {cap_text} to {t}"),
                    ("possibly", f"{a} could possibly offer {cap_text} to {b}"),
                    ("likely", f"{a} is likely to pledge {cap_text} to {b}"),
                    ("potentially", f"{t} could potentially include {cap_text} from {a}"),
                )
            )
        else:
            core = {
                "offer": f"{a} is ready to provide {cap_text} for {t}",
                "pledge": f"{a} pledged {cap_text} to {b} under {t}",
                "provide": f"{a} will continue to supply {cap_text} to {b}",
                "direct": f"{a} has directed officials to coordinate {cap_text} with {b}",
                "envisage": f"under {t}, {a} would contribute {cap_text}",
            }[action]
        if rng.random() < 0.15:
            f["condition"] = rng.choice(_CONDITIONS)
            core += f" {f['condition']}"
        return self._finish("commitment", f, core, hedged, cue, future=True)

    def stance(self) -> list[_Sentence]:
        rng = self.rng
        actor = self.pick("holder")
        stance = rng.choices(
            ("supports", "welcomes", "proposes", "demands", "opposes", "rejects", "sceptical-of"),
            (25, 12, 10, 10, 18, 15, 10),
        )[0]
        target = self.target(outcome=0.6 if stance in ("demands", "rejects") else 0.25)
        if stance == "proposes" and self.w.ents[target].kind != "proposal":
            target = self.focus
        a, t = self.name(actor), self.name(target)
        hedged = rng.random() < 0.25
        f: dict[str, Any] = {"actor": actor, "stance": stance, "target": target}
        cue = None
        if rng.random() < 0.06 and stance in ("supports", "welcomes", "opposes"):
            f["polarity"] = "negative"
            core = {
                "supports": f"{a} does not support {t}",
                "welcomes": f"{a} did not welcome {t}",
                "opposes": f"{a} does not oppose {t}",
            }[stance]
            hedged = False
        elif hedged:
            verb = {
                "supports": "back",
                "welcomes": "welcome",
                "proposes": "propose",
                "demands": "demand",
                "opposes": "oppose",
                "rejects": "reject",
                "sceptical-of": "remain sceptical of",
            }[stance]
            cue, lead = rng.choice(
                (
                    ("may", "may"),
                    ("likely", "is likely to"),
                    ("reportedly", "will reportedly"),
                    ("expected", "is expected to"),
                )
            )
            core = f"{a} {lead} {verb} {t}"
        else:
            core = rng.choice(
                {
                    "supports": (f"{a} backed {t}", f"{a} voiced support for {t}"),
                    "welcomes": (f"{a} welcomed {t}",),
                    "proposes": (f"{a} proposed {t}", f"{a} put forward {t}"),
                    "demands": (f"{a} demanded {t}", f"{a} insists on {t}"),
                    "opposes": (f"{a} opposed {t}", f"{a} spoke out against {t}"),
                    "rejects": (f"{a} rejected {t}", f"{a} rejects any talk of {t}"),
                    "sceptical-of": (f"{a} remains sceptical of {t}", f"{a} doubts {t} will work"),
                }[stance]
            )
        target_ent = self.w.ents[target]
        if target_ent.kind == "proposal" and rng.random() < 0.3:
            f["beneficiary"] = target_ent.fields["beneficiary"]
        return self._finish("stance", f, core, hedged, cue, future=False)

    def statement(self) -> list[_Sentence]:
        rng = self.rng
        target = self.target(outcome=0.3, actor=0.1)
        t = self.name(target)
        if rng.random() < 0.15:  # the outlet's own assessment
            hedged = rng.random() < 0.5
            core = (
                f"{t} remains somewhat uncertain" if hedged else f"{t} is still under negotiation"
            )
            f = {"actor": self.publisher, "target": target}
            if not hedged:
                f["proposal_status"] = (
                    "under-discussion" if self.w.ents[target].kind == "proposal" else None
                )
            return self._finish(
                "statement",
                f,
                core,
                hedged,
                "somewhat" if hedged else None,
                future=False,
                source_kind="reporter",
            )
        who = self.pick("person")
        hedged = rng.random() < 0.3
        if hedged:
            cue, core = rng.choice(
                (
                    ("probably", f"we will probably reach a deal on {t} within weeks"),
                    ("may", f"{t} may take shape this week"),
                    ("I believe", f"I believe {t} can be agreed soon"),
                    ("perhaps", f"perhaps {t} will be settled before winter"),
                )
            )
        else:
            cue, core = (
                None,
                rng.choice(
                    (
                        f"the talks on {t} were constructive",
                        f"there can be no decision on {t} without our partners",
                        f"we are making progress on {t}",
                        f"{t} must be agreed before winter",
                        f"our position on {t} has not changed",
                    )
                ),
            )
        f = {"actor": who, "target": target}
        if self.w.ents[target].kind == "proposal" and rng.random() < 0.3:
            f["proposal_status"] = rng.choice(("under-discussion", "in-preparation", "agreed"))
        return self._finish("statement", f, core, hedged, cue, future=False, speaker=who)

    def event(self) -> list[_Sentence]:
        rng = self.rng
        status = rng.choices(("held", "planned", "potential"), (55, 30, 15))[0]
        people = []
        while len(people) < rng.choice((1, 2, 2, 2, 3, 4)):
            p = self.pick("participant")
            if p not in people:
                people.append(p)
        names = [self.name(p) for p in people]
        together = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        place = self.pick("place")
        target = self.target(outcome=0.2) if rng.random() < 0.7 else None
        f: dict[str, Any] = {"participants": people, "status": status}
        about = f" to discuss {self.name(target)}" if target else ""
        p = self.name(place)
        hedged = status == "potential"
        cue = None
        if status == "held":
            core = (
                f"{together} met in {p}{about}"
                if len(people) > 1
                else f"{together} held talks in {p}{about}"
            )
        elif status == "planned":
            core = (
                f"{together} will meet in {p}{about}"
                if len(people) > 1
                else f"{together} will host talks in {p}{about}"
            )
        else:
            cue, core = rng.choice(
                (
                    ("potential", f"a potential meeting in {p} between {together}"),
                    ("may", f"{together} may hold talks in {p}{about}"),
                )
            )
        f["location"] = place
        if target:
            f["target"] = target
        elif self.event_ids and rng.random() < 0.5:
            f["target"] = "claim:" + self.event_ids[-1]
        return self._finish(
            "event",
            f,
            core,
            hedged,
            cue,
            future=status != "held",
            source_kind="reporter" if rng.random() < 0.7 else None,
        )

    def _finish(
        self,
        kind: str,
        f: dict[str, Any],
        core: str,
        hedged: bool,
        cue: str | None,
        *,
        future: bool,
        source_kind: str | None = None,
        speaker: str | None = None,
    ) -> list[_Sentence]:
        """Attribute a core clause, attach time and modality, maybe echo it in a statement."""
        f = {k: v for k, v in f.items() if v is not None}
        when, date = self.when(future=future)
        source_kind = source_kind or ("named" if speaker else self.sourcing())
        actor = f.get("actor") or f["participants"][0]
        claim = _Claim(kind, f, "q")
        core_parts: list[str | _Q] = [_open(), core, _close()]
        if speaker is not None:  # a statement: the speaker's own words
            channel = self.pick("outlet") if self.rng.random() < 0.6 else None
            time = f" {when}" if when else ""
            told = f" told {self.name(channel)}" if channel else " said"
            parts: list[str | _Q] = [
                "“",
                *core_parts,
                f",” {self.speaker_name(speaker)}{told}{time}.",
            ]
            source = speaker
            if channel:
                f["channel"] = channel
        else:
            parts, source, channel = self.attribute(core_parts, source_kind, actor, when)
            if channel and kind == "commitment" and self.rng.random() < 0.5:
                # the speech itself is a statement; the commitment is expressed in it
                speech = _Claim(
                    "statement",
                    {"actor": source, "channel": channel, "target": f.get("target")},
                    "speech",
                )
                speech.fields = {k: v for k, v in speech.fields.items() if v is not None}
                self._stamp(speech, hedged, cue, source, when, date)
                parts = [_open("speech"), *parts[:-1], _close("speech"), parts[-1]]
                claim.fields["expressed_in"] = speech
                sentence = _Sentence(parts, [speech, claim])
                self._stamp(claim, hedged, cue, source, when, date)
                return [sentence]
        self._stamp(claim, hedged, cue, source, when, date)
        if kind == "event":
            self.event_ids.append("pending")
        return [_Sentence(parts, [claim])]

    def _stamp(
        self,
        claim: _Claim,
        hedged: bool,
        cue: str | None,
        source: str,
        when: str | None,
        date: dict[str, Any],
    ) -> None:
        claim.fields["source"] = source
        claim.fields["modality"] = "hedged" if hedged else "firm"
        if hedged and cue:
            claim.fields["cue"] = cue
        if when:
            claim.fields["when"] = when
            claim.fields.update(date)


# =============================================================================================
# One article
# =============================================================================================

_KIND_WEIGHTS = (("commitment", 35), ("stance", 25), ("statement", 25), ("event", 15))


def _summary(world: _World, kind: str, f: dict[str, Any]) -> str:
    label = lambda i: world.ents[i].label if i in world.ents else "an earlier event"  # noqa: E731
    target = f.get("target")
    if isinstance(target, str) and target.startswith("claim:"):
        target = None
    if kind == "commitment":
        caps = ", ".join(_CAP_PHRASE[c] for c in f["capability"])
        verb = {
            "offer": "offers",
            "pledge": "pledges",
            "provide": "provides",
            "direct": "directs coordination of",
            "envisage": "would contribute",
            "rule-out": "rules out",
        }[f["action"]]
        text = f"{label(f['actor'])} {verb} {caps}" + (f" for {label(target)}" if target else "")
    elif kind == "stance":
        verb = {
            "supports": "supports",
            "welcomes": "welcomes",
            "proposes": "proposes",
            "demands": "demands",
            "opposes": "opposes",
            "rejects": "rejects",
            "sceptical-of": "is sceptical of",
        }[f["stance"]]
        neg = f.get("polarity") == "negative"
        text = (
            f"{label(f['actor'])} {'does not ' + verb.rstrip('s') if neg else verb} {label(target)}"
            if target
            else f"{label(f['actor'])} {verb}"
        )
    elif kind == "statement":
        text = f"{label(f['actor'])} comments on " + (label(target) if target else "the talks")
    else:
        who = " and ".join(label(p) for p in f["participants"])
        verb = {"held": "met", "planned": "plan to meet", "potential": "may meet"}[f["status"]]
        text = f"{who} {verb}" + (f" about {label(target)}" if target else "")
    if f.get("modality") == "hedged":
        text += " (hedged)"
    return text


def _article(world: _World, seed: int, index: int) -> tuple[str, str, str, Counter]:
    """Article ``index``: (file stem, text, annotation YAML, claims by kind)."""
    rng = random.Random(f"kg-synthetic:{seed}:article:{index}")
    stem = f"{index:05d}_{rng.getrandbits(32):08x}"
    publisher = world.pools["outlet"].pick(rng)
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    assumed = rng.random() < 0.05
    writer = _ArticleWriter(world, rng, publisher, published, assumed)
    n_claims = rng.choices((1, 2, 3, 4, 5, 6), (7, 22, 32, 21, 12, 6))[0]
    sentences: list[_Sentence] = []
    made = 0
    kinds = [k for k, _ in _KIND_WEIGHTS]
    weights = [w for _, w in _KIND_WEIGHTS]
    while made < n_claims:
        kind = rng.choices(kinds, weights)[0]
        new = getattr(writer, kind)()
        made += sum(len(s.claims) for s in new)
        sentences.extend(new)
        if rng.random() < 0.3:
            sentences.append(_Sentence([rng.choice(_FILLERS)]))

    # claim ids, in order; events targeted by a later event get their real id
    counter = 0
    last_event: str | None = None
    for sentence in sentences:
        for claim in sentence.claims:
            counter += 1
            lead = claim.fields.get("actor") or claim.fields.get("participants", ["x"])[0]
            claim.id = f"{counter:02d}-{claim.kind}-{lead}"[:60].rstrip("-")
            if claim.fields.get("target") == "claim:pending":
                if last_event:
                    claim.fields["target"] = last_event
                else:
                    del claim.fields["target"]
            if claim.kind == "event":
                last_event = claim.id
    for sentence in sentences:
        for claim in sentence.claims:
            speech = claim.fields.get("expressed_in")
            if isinstance(speech, _Claim):
                claim.fields["expressed_in"] = speech.id

    first = sentences[0].claims[0] if sentences[0].claims else None
    title_topic = world.ents[writer.focus].label
    if first is not None and first.fields.get("actor") in world.ents:
        head = world.ents[first.fields["actor"]].label
        verb = {
            "commitment": "weighs contribution to",
            "stance": "takes position on",
            "statement": "speaks on",
            "event": "meets over",
        }[first.kind]
        title = f"{head} {verb} {title_topic}"
    else:
        title = f"Talks continue on {title_topic}"

    # lay out paragraphs of one to three sentences and record where each quote landed
    text_parts = [title, "\n"]
    pos = len(title) + 1
    located: list[tuple[_Claim, str, int]] = []  # claim, quote, offset
    i = 0
    while i < len(sentences):
        group = sentences[i : i + rng.choice((1, 2, 2, 3))]
        i += len(group)
        for j, sentence in enumerate(group):
            if j:
                text_parts.append(" ")
                pos += 1
            body, spans = _assemble(sentence.parts)
            for claim in sentence.claims:
                start, end = spans[claim.key]
                located.append((claim, body[start:end], pos + start))
            text_parts.append(body)
            pos += len(body)
        text_parts.append("\n")
        pos += 1
    text = "".join(text_parts)

    counts: Counter = Counter()
    lines = [
        f"# Synthetic article {stem}, generated by kg.synthetic (seed {seed}).",
        "",
        "article:",
        f"  title: {_y(title)}",
        f"  publisher: {_y(publisher)}",
        f"  published: {published.isoformat()}",
    ]
    if assumed:
        lines += [
            "  published_assumed: true",
            f"  date_note: {_y('The article states no date; taken from its feed entry.')}",
        ]
    if rng.random() < 0.5:
        lines.append(f"  url: {_y(f'https://example.org/{publisher}/{stem}')}")
    lines += ["  language: en", "", "claims:"]
    for claim, quote, offset in located:
        counts[claim.kind] += 1
        starts = _find_all(text, quote)
        occurrence = starts.index(offset) + 1
        f = claim.fields
        lines.append(f"  - id: {_y(claim.id)}")
        lines.append(f"    kind: {claim.kind}")
        lines.append(f"    summary: {_y(_summary(world, claim.kind, f))}")
        lines.append(f"    quote: {_y(quote)}")
        if occurrence > 1:
            lines.append(f"    occurrence: {occurrence}")
        for key in CLAIM_KEYS[CLAIM_KEYS.index("actor") :]:
            value = f.get(key)
            if value is None:
                continue
            if isinstance(value, str) and value.startswith("claim:"):
                value = value.removeprefix("claim:")
            lines.append(f"    {key}: {_y(value)}")
        lines.append("")
    return stem, text, "\n".join(lines), counts


def _find_all(text: str, quote: str) -> list[int]:
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


# =============================================================================================
# Files
# =============================================================================================


def _y(value: Any) -> str:
    """One YAML scalar or flow list; strings double-quoted (JSON escapes are valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_y(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _registry_yaml(world: _World, seed: int, n_actors: int) -> str:
    lines = [
        f"# Synthetic actor registry generated by kg.synthetic (seed {seed}, {n_actors} actors).",
        "# Made-up people, outlets, plans and outcomes; real country names for readability.",
        "",
        "source: " + _y("Synthetic reference knowledge generated for benchmarks; not real."),
    ]
    section_of = {
        "actor": "actors",
        "office": "offices",
        "place": "places",
        "proposal": "proposals",
        "outcome": "outcomes",
    }
    for kind, section in section_of.items():
        lines += ["", f"{section}:"]
        for ent_id in world.order[kind]:
            ent = world.ents[ent_id]
            lines.append(f"  - id: {_y(ent.id)}")
            lines.append(f"    label: {_y(ent.label)}")
            for key, value in ent.fields.items():
                if key.startswith("_") or value in (None, [], False):
                    continue
                lines.append(f"    {key}: {_y(value)}")
    return "\n".join(lines) + "\n"


def _copy_tree(src: Path, dst: Path) -> int:
    """Copy a folder's files (no dot-files or caches) in name order; returns the file count."""
    count = 0
    if not src.is_dir():
        return 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dst / rel)
            count += 1
    return count


def _prepare(out_dir: Path, overwrite: bool) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        manifest = out_dir / MANIFEST
        generated = False
        if manifest.is_file():
            try:
                generated = json.loads(manifest.read_text()).get("generator") == GENERATOR
            except (ValueError, AttributeError):
                generated = False
        if not generated:
            raise KGError(
                f"{out_dir} is not empty and was not written by the corpus generator",
                hint="Give a new or empty folder.",
            )
        if not overwrite:
            raise KGError(
                f"{out_dir} already holds a generated corpus",
                hint="Pass --overwrite to replace it, or give another folder.",
            )
        for sub in ("seeds", "ontology", "queries", "out"):
            if (out_dir / sub).exists():
                shutil.rmtree(out_dir / sub)
        manifest.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def generate_corpus(
    out_dir: Path,
    n_articles: int,
    *,
    seed: int = 1,
    n_actors: int = 3000,
    overwrite: bool = False,
    template: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> CorpusInfo:
    """Write a synthetic project of ``n_articles`` annotated articles into ``out_dir``.

    ``template`` is the project whose ontology/, queries/ and registry entries are copied
    (default: this package's project); its registry ids come first and are mentioned most.
    ``out_dir`` must be new or empty, or (with ``overwrite``) hold an earlier generated
    corpus. ``progress`` is called with the number of articles written so far.
    """
    if n_articles < 1:
        raise KGError("a corpus needs at least one article")
    if n_actors < MIN_ACTORS:
        raise KGError(f"{n_actors} actors are too few", hint=f"Ask for at least {MIN_ACTORS}.")
    out_dir = Path(out_dir)
    template = Path(template) if template is not None else REPOSITORY
    _prepare(out_dir, overwrite)
    world = _build_world(
        random.Random(f"kg-synthetic:{seed}:registry:{n_actors}"), n_actors, template
    )
    seeds = out_dir / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "registry.yaml").write_bytes(_registry_yaml(world, seed, n_actors).encode("utf-8"))
    counts: Counter = Counter()
    for index in range(1, n_articles + 1):
        stem, text, annotation, kinds = _article(world, seed, index)
        (seeds / f"{stem}.txt").write_bytes(text.encode("utf-8"))
        (seeds / f"{stem}.yaml").write_bytes(annotation.encode("utf-8"))
        counts.update(kinds)
        if progress is not None:
            progress(index)
    _copy_tree(template / "ontology", out_dir / "ontology")
    _copy_tree(template / "queries", out_dir / "queries")
    claims = {k: counts[k] for k, _ in _KIND_WEIGHTS}
    info = CorpusInfo(
        root=out_dir,
        seed=seed,
        articles=n_articles,
        actors=len(world.order["actor"]),
        registry_entries=len(world.ents),
        claims=claims,
    )
    manifest = {
        "generator": GENERATOR,
        "seed": seed,
        "articles": n_articles,
        "actors": info.actors,
        "registry_entries": info.registry_entries,
        "claims": claims,
    }
    (out_dir / MANIFEST).write_bytes((json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
    return info
