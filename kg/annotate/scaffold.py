"""``kg init`` and ``kg new``: create an empty project; add an article and scaffold its annotation.

The text is copied into ``seeds/`` byte for byte (offsets are counted in it). The
annotation file gets the metadata that can be found (title from the first line, a
publisher the registry knows and the text names, a date written in the text), an empty
claims list, and comments showing one claim of each kind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kg.annotate.annotations import ARTICLE_ID
from kg.annotate.registry import Registry, load_registry
from kg.annotate.yamlfile import read_text
from kg.errors import AnnotationError, KGError
from kg.files import write_atomic
from kg.project import MAX_ARTICLE_BYTES, Project, is_project

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

TEMPLATE = """\
# Annotation of seeds/{text_name} — see docs/authoring.md for the format.
# {actor_note}

article:
  title: {title}
  publisher: {publisher}
  published: {published}
  published_assumed: {assumed}
{date_note}
claims: []

# One claim of each kind, to copy above (replace `claims: []` with `claims:`). Quotes are
# copied from the .txt exactly; ids come from seeds/registry.yaml.
#
#  - id: trump-rules-out-combat-troops
#    kind: commitment            # offers / pledges / provides / directs / envisage / rules out
#    summary: Trump ruled out American troops taking part in combat
#    quote: Trump ruled out the involvement of American troops in combat
#    actor: donald-trump
#    action: rule-out            # offer | pledge | provide | direct | envisage | rule-out
#    capability: combat-troops
#    target: us-combat-troops-in-ukraine
#    source: 24brussels          # who says so: a named actor, unnamed-sources, or the publisher
#    modality: firm              # firm | hedged (then `cue:` the hedging word)
#
#  - id: kremlin-rejects-nato-troops
#    kind: stance   # supports | welcomes | proposes | demands | opposes | rejects | sceptical-of
#    summary: The Kremlin rejects NATO troops being stationed on Ukrainian territory
#    quote: rejects the possibility of NATO troops being stationed on Ukrainian territory
#    actor: kremlin
#    stance: rejects
#    target: nato-troops-in-ukraine
#    source: 24brussels
#    modality: firm
#
#  - id: costa-conditions-expected
#    kind: statement             # a quote or reported speech
#    summary: Costa expects the conditions to be agreed in the next few days
#    quote: Conditions for the guarantees are expected to be agreed upon
#    actor: antonio-costa
#    location: lisbon
#    source: antonio-costa
#    modality: hedged
#    cue: expected
#    when: in the next few days, ideally this week
#
#  - id: officials-discuss-deployment
#    kind: event                 # status: held | planned | potential
#    summary: European officials discussed deploying British and French troops
#    quote: On Tuesday, European officials discussed deploying British and French troops
#    participants: [european-officials]
#    status: held
#    source: 24brussels
#    modality: firm
#    when: On Tuesday
#    date: 2025-08-19
#    date_basis: assumed-publication-date   # stated | publication-date | assumed-publication-date
"""


REGISTRY_TEMPLATE = """\
# The actor registry, shared by every article in seeds/ (kg's docs/authoring.md explains it).
#
# One id space for all entries (actors, offices, places, proposals, outcomes): annotation
# files refer to these ids. `surface_forms` lists how texts write a name. Offices held,
# memberships and who speaks for whom are reference knowledge, not article facts: they are
# built into the reference graph under the source below.

source: >-
  kg registry, curated by the project.

actors: []
# Replace `actors: []` with `actors:` and entries such as
#  - id: example-outlet
#    label: Example Outlet
#    type: media-outlet          # person | state | organisation | alliance | media-outlet
#                                # | intergovernmental-body | government-body | armed-forces | group
#    surface_forms: [The Outlet]
#    wikidata: Q123              # optional

offices: []
places: []
proposals: []
outcomes: []
"""


def init_project(root: Path) -> Project:
    """Create an empty project in ``root`` (a new or an existing folder): ``seeds/registry.yaml``.

    The ontology and the queries are kg's own until the project adds its own (see
    :mod:`kg.project`). A folder that already is a project is left alone.
    """
    root = Path(root).expanduser().resolve()
    if is_project(root):
        raise KGError(
            f"{root} is already a kg project: it has seeds/",
            hint="Nothing was changed. Work in it as it is, or pick another folder.",
        )
    seeds = root / "seeds"
    first_new = seeds  # the outermost folder this creates, removed again if anything fails
    while not first_new.parent.exists():
        first_new = first_new.parent
    try:
        seeds.mkdir(parents=True)
    except OSError as exc:
        raise KGError(
            f"cannot create the project: {exc.strerror or exc}", file=exc.filename or seeds
        ) from None
    try:
        write_atomic(seeds / "registry.yaml", REGISTRY_TEMPLATE)
    except KGError:
        shutil.rmtree(first_new, ignore_errors=True)
        raise
    return Project(root)


@dataclass
class NewArticle:
    """What ``kg new`` wrote."""

    text_path: Path
    annotation_path: Path
    actors: list[str] = field(default_factory=list)


def find_date(text: str) -> dt.date | None:
    """The first date written out in the text (``20 August 2025`` or ``2025-08-20``)."""
    for match in _ISO_DATE.finditer(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    for match in _DAY_MONTH_YEAR.finditer(text):
        try:
            return dt.date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
        except ValueError:
            continue
    return None


def mentioned_actors(registry: Registry, text: str) -> list[str]:
    """Registry actors whose label or a surface form appears in the text as a whole word."""
    found = []
    for entity in registry.of_kind("actor"):
        for name in [entity.label, *entity.surface_forms]:
            if len(name) > 1 and re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.append(entity.id)
                break
    return found


def _names_as_publisher(registry: Registry, outlet: str, text: str) -> bool:
    """True if the text credits the outlet as its publisher ("..., reports 24brussels")."""
    entity = registry.entities[outlet]
    names = "|".join(re.escape(n) for n in [entity.label, *entity.surface_forms])
    return (
        re.search(rf"\b(?:reports|reported by|writes|according to)\s+(?:{names})\b", text)
        is not None
    )


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_article(
    project: Project, source: Path, *, name: str | None = None, today: dt.date | None = None
) -> NewArticle:
    """Copy ``source`` into the project's seeds and write its annotation scaffold."""
    stem = name or source.stem
    if not ARTICLE_ID.match(stem):
        raise AnnotationError(
            f"{stem!r} cannot be an article id",
            file=source,
            hint="Pass --name with letters, digits, '_', '-' or '.'.",
        )
    text = read_text(source, what="article", max_bytes=MAX_ARTICLE_BYTES)
    if not text.strip():
        raise AnnotationError(
            "article is empty", file=source, hint="Paste the article's text into it first."
        )
    target = project.seeds / f"{stem}.txt"
    annotation = project.annotation_for(target)
    in_place = target.exists() and target.resolve() == source.resolve()
    for path in (annotation,) if in_place else (target, annotation):
        if path.exists():
            raise AnnotationError(
                f"{path.name} already exists in {project.seeds}",
                file=path,
                hint="Pick another name with --name, or edit the existing files.",
            )
    registry = load_registry(project.registry_file)
    actors = mentioned_actors(registry, text)
    outlets = [
        a
        for a in actors
        if registry.entities[a].type == "media-outlet" and _names_as_publisher(registry, a, text)
    ]
    title = next((line.strip() for line in text.splitlines() if line.strip()), stem)
    date = find_date(text)
    if date is None:
        date = today or dt.date.today()
        date_note = (
            "  date_note: The text states no date; kg new put today's date. "
            "Replace it with the real or best-estimated publication date.\n"
        )
        assumed = "true"
    else:
        date_note = ""
        assumed = "false"
    content = TEMPLATE.format(
        text_name=target.name,
        actor_note=("Actors of the registry named in the text: " + ", ".join(actors))
        if actors
        else "No actor of the registry is named in the text; add them to seeds/registry.yaml.",
        title=_yaml_text(title),
        publisher=outlets[0]
        if outlets
        else "REPLACE-WITH-PUBLISHER-ID  # add the outlet to the registry",
        published=date.isoformat(),
        assumed=assumed,
        date_note=date_note,
    )
    project.seeds.mkdir(parents=True, exist_ok=True)
    if not in_place:
        shutil.copyfile(source, target)
    try:
        annotation.write_text(content, encoding="utf-8")
    except OSError:
        if not in_place:
            target.unlink(missing_ok=True)
        raise
    return NewArticle(text_path=target, annotation_path=annotation, actors=actors)
