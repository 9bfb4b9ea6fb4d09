"""One sentence-writer per claim kind: commitments, stances, statements and events.

Each picks its actors and target, words the core clause (hedged ones with their cue word in
the quote) and lets the :class:`~synthetic.writer.ArticleWriter` attribute and date it.
The random stream is read in the order written here; reordering changes every corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .names import CAP_PHRASE, CONDITIONS
from .sentences import Sentence
from .writer import ArticleWriter

# --- commitments ----------------------------------------------------------------------------


def commitment(w: ArticleWriter) -> list[Sentence]:
    """Who offers, pledges, provides or rules out what, for whom."""
    rng = w.rng
    actor = w.pick("committer") if rng.random() < 0.8 else w.pick("person")
    action = rng.choices(
        ("offer", "pledge", "provide", "direct", "envisage", "rule-out"),
        (30, 12, 18, 5, 22, 13),
    )[0]
    if action == "direct" and w.world.ents[actor].type not in (
        "person",
        "government-body",
        "state",
    ):
        action = "offer"
    hedged = rng.random() < 0.33
    target = w.target(outcome=0.7 if action == "rule-out" else 0.1, actor=0.0)
    caps = w.caps_for(target)
    ents = w.world.ents
    ben = (
        ents[target].fields.get("beneficiary")
        or ents[target].fields.get("location")
        or w.pick("state")
    )
    if ents[ben].kind != "actor":
        ben = w.pick("state")
    f: dict[str, Any] = {
        "actor": actor,
        "action": action,
        "capability": caps,
        "target": target,
        "beneficiary": ben,
    }
    cap_text, cue = _what_is_committed(w, f, hedged)
    core, cue = _commitment_clause(w, f, cap_text, hedged, cue)
    if rng.random() < 0.15:
        f["condition"] = rng.choice(CONDITIONS)
        core += f" {f['condition']}"
    return w.finish("commitment", f, core, hedged, cue, future=True)


def _what_is_committed(w: ArticleWriter, f: dict[str, Any], hedged: bool) -> tuple[str, str | None]:
    """The capabilities as text, with a number of troops and where they go; and the cue
    ("approximately") if the number is hedged."""
    rng, caps = w.rng, f["capability"]
    cap_text = " and ".join(CAP_PHRASE[c] for c in caps)
    cue: str | None = None
    if "troops" in caps and rng.random() < 0.5:
        n = rng.choice((200, 500, 1000, 1500, 2000, 3000, 5000))
        if hedged and rng.random() < 0.5:
            cue, qty = "approximately", f"approximately {n:,} troops"
        else:
            qty = f"up to {n:,} troops"
        f["quantity"] = qty
        cap_text = qty + (
            " and " + " and ".join(CAP_PHRASE[c] for c in caps if c != "troops")
            if len(caps) > 1
            else ""
        )
    if "troops" in caps or "combat-troops" in caps:
        loc = w.world.ents[f["target"]].fields.get("location") or f["beneficiary"]
        if w.world.ents[loc].kind in ("actor", "place") and rng.random() < 0.6:
            f["location"] = loc
            cap_text += f" to {w.name(loc)}"
    return cap_text, cue


def _commitment_clause(
    w: ArticleWriter, f: dict[str, Any], cap_text: str, hedged: bool, cue: str | None
) -> tuple[str, str | None]:
    """The clause that says it, and its cue word if hedged."""
    rng = w.rng
    a, t, b = w.name(f["actor"]), w.name(f["target"]), w.name(f["beneficiary"])
    if f["action"] == "rule-out":
        if hedged and cue is None:
            return f"{a} would probably not send {cap_text} for {t}", "probably"
        clause = rng.choice(
            (
                f"{a} ruled out sending {cap_text} for {t}",
                f"{a} will not provide {cap_text} for {t}",
            )
        )
        return clause, cue
    if hedged and cue is None:
        cue, clause = rng.choice(
            (
                ("may", f"{a} may provide {cap_text} for {t}"),
                ("expected", f"{a} is expected to contribute {cap_text} to {t}"),
                ("possibly", f"{a} could possibly offer {cap_text} to {b}"),
                ("likely", f"{a} is likely to pledge {cap_text} to {b}"),
                ("potentially", f"{t} could potentially include {cap_text} from {a}"),
            )
        )
        return clause, cue
    clause = {
        "offer": f"{a} is ready to provide {cap_text} for {t}",
        "pledge": f"{a} pledged {cap_text} to {b} under {t}",
        "provide": f"{a} will continue to supply {cap_text} to {b}",
        "direct": f"{a} has directed officials to coordinate {cap_text} with {b}",
        "envisage": f"under {t}, {a} would contribute {cap_text}",
    }[f["action"]]
    return clause, cue


# --- stances ----------------------------------------------------------------------------------

_HEDGED_VERB = {
    "supports": "back",
    "welcomes": "welcome",
    "proposes": "propose",
    "demands": "demand",
    "opposes": "oppose",
    "rejects": "reject",
    "sceptical-of": "remain sceptical of",
}


def stance(w: ArticleWriter) -> list[Sentence]:
    """Who supports, opposes, demands or doubts a proposal, actor or outcome."""
    rng = w.rng
    actor = w.pick("holder")
    kind = rng.choices(
        ("supports", "welcomes", "proposes", "demands", "opposes", "rejects", "sceptical-of"),
        (25, 12, 10, 10, 18, 15, 10),
    )[0]
    target = w.target(outcome=0.6 if kind in ("demands", "rejects") else 0.25)
    if kind == "proposes" and w.world.ents[target].kind != "proposal":
        target = w.focus
    a, t = w.name(actor), w.name(target)
    hedged = rng.random() < 0.25
    f: dict[str, Any] = {"actor": actor, "stance": kind, "target": target}
    core, hedged, cue = _stance_clause(w, f, a, t, hedged)
    target_ent = w.world.ents[target]
    if target_ent.kind == "proposal" and rng.random() < 0.3:
        f["beneficiary"] = target_ent.fields["beneficiary"]
    return w.finish("stance", f, core, hedged, cue, future=False)


def _stance_clause(
    w: ArticleWriter, f: dict[str, Any], a: str, t: str, hedged: bool
) -> tuple[str, bool, str | None]:
    """The clause, whether it is hedged (a negated stance never is) and its cue word."""
    rng, kind = w.rng, f["stance"]
    if rng.random() < 0.06 and kind in ("supports", "welcomes", "opposes"):
        f["polarity"] = "negative"
        clause = {
            "supports": f"{a} does not support {t}",
            "welcomes": f"{a} did not welcome {t}",
            "opposes": f"{a} does not oppose {t}",
        }[kind]
        return clause, False, None
    if hedged:
        cue, lead = rng.choice(
            (
                ("may", "may"),
                ("likely", "is likely to"),
                ("reportedly", "will reportedly"),
                ("expected", "is expected to"),
            )
        )
        return f"{a} {lead} {_HEDGED_VERB[kind]} {t}", True, cue
    clause = rng.choice(
        {
            "supports": (f"{a} backed {t}", f"{a} voiced support for {t}"),
            "welcomes": (f"{a} welcomed {t}",),
            "proposes": (f"{a} proposed {t}", f"{a} put forward {t}"),
            "demands": (f"{a} demanded {t}", f"{a} insists on {t}"),
            "opposes": (f"{a} opposed {t}", f"{a} spoke out against {t}"),
            "rejects": (f"{a} rejected {t}", f"{a} rejects any talk of {t}"),
            "sceptical-of": (f"{a} remains sceptical of {t}", f"{a} doubts {t} will work"),
        }[kind]
    )
    return clause, False, None


# --- statements -------------------------------------------------------------------------------


def statement(w: ArticleWriter) -> list[Sentence]:
    """A person's own words on a target, or the outlet's own assessment of it."""
    rng = w.rng
    target = w.target(outcome=0.3, actor=0.1)
    t = w.name(target)
    is_proposal = w.world.ents[target].kind == "proposal"
    if rng.random() < 0.15:  # the outlet's own assessment
        hedged = rng.random() < 0.5
        core = f"{t} remains somewhat uncertain" if hedged else f"{t} is still under negotiation"
        f: dict[str, Any] = {"actor": w.publisher, "target": target}
        if not hedged:
            f["proposal_status"] = "under-discussion" if is_proposal else None
        return w.finish(
            "statement",
            f,
            core,
            hedged,
            "somewhat" if hedged else None,
            future=False,
            source_kind="reporter",
        )
    who = w.pick("person")
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
    if is_proposal and rng.random() < 0.3:
        f["proposal_status"] = rng.choice(("under-discussion", "in-preparation", "agreed"))
    return w.finish("statement", f, core, hedged, cue, future=False, speaker=who)


# --- events -----------------------------------------------------------------------------------


def event(w: ArticleWriter) -> list[Sentence]:
    """A meeting or talks: held, planned or potential; maybe following an earlier event."""
    rng = w.rng
    status = rng.choices(("held", "planned", "potential"), (55, 30, 15))[0]
    people: list[str] = []
    while len(people) < rng.choice((1, 2, 2, 2, 3, 4)):
        p = w.pick("participant")
        if p not in people:
            people.append(p)
    names = [w.name(p) for p in people]
    together = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    place = w.pick("place")
    target = w.target(outcome=0.2) if rng.random() < 0.7 else None
    f: dict[str, Any] = {"participants": people, "status": status}
    about = f" to discuss {w.name(target)}" if target else ""
    cue, core = _event_clause(w, status, together, w.name(place), about, len(people))
    f["location"] = place
    if target:
        f["target"] = target
    elif w.event_ids and rng.random() < 0.5:
        f["target"] = "claim:" + w.event_ids[-1]
    source_kind = "reporter" if rng.random() < 0.7 else None
    return w.finish(
        "event",
        f,
        core,
        status == "potential",
        cue,
        future=status != "held",
        source_kind=source_kind,
    )


def _event_clause(
    w: ArticleWriter, status: str, together: str, p: str, about: str, n_people: int
) -> tuple[str | None, str]:
    """The cue word (for a potential event) and the clause that reports the event."""
    if status == "held":
        if n_people > 1:
            return None, f"{together} met in {p}{about}"
        return None, f"{together} held talks in {p}{about}"
    if status == "planned":
        if n_people > 1:
            return None, f"{together} will meet in {p}{about}"
        return None, f"{together} will host talks in {p}{about}"
    return w.rng.choice(
        (
            ("potential", f"a potential meeting in {p} between {together}"),
            ("may", f"{together} may hold talks in {p}{about}"),
        )
    )


#: the writer of each claim kind
WRITERS: dict[str, Callable[[ArticleWriter], list[Sentence]]] = {
    "commitment": commitment,
    "stance": stance,
    "statement": statement,
    "event": event,
}
