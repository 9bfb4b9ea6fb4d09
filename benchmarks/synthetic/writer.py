"""The article writer: who is named how, who speaks, when, and how a claim is attributed.

One writer writes one article from one random stream; :mod:`synthetic.claims` asks it for
names, speakers and dates and hands it each claim's core clause to finish.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from .entities import World
from .names import CAP_PHRASE, MONTHS, WEEKDAYS
from .sentences import Claim, Parts, Sentence, closing, opening


@dataclass(frozen=True)
class _Voice:
    """How a claim was said: its modality and cue, and when (expression and resolved date)."""

    hedged: bool
    cue: str | None
    when: str | None
    date: dict[str, Any]


class ArticleWriter:
    """Writes one article: its sentences, claims and metadata, from one random stream."""

    def __init__(
        self, world: World, rng: random.Random, publisher: str, published: dt.date, assumed: bool
    ) -> None:
        self.world = world
        self.rng = rng
        self.publisher = publisher
        self.published = published
        self.basis = "assumed-publication-date" if assumed else "publication-date"
        self.focus = world.pools["proposal"].pick(rng)
        self.cast: list[str] = []
        self.event_ids: list[str] = []

    # --- picking -------------------------------------------------------------------------
    def pick(self, pool: str) -> str:
        return self.world.pools[pool].pick(self.rng)

    def name(self, ent_id: str) -> str:
        ent = self.world.ents[ent_id]
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
        ent = self.world.ents[actor]
        if ent.type == "person":
            return actor
        home = actor if ent.type == "state" else ent.home
        holders = self.world.holders.get(home or "", [])
        if holders and self.rng.random() < 0.8:
            return self.rng.choice(holders)
        return self.pick("person") if self.rng.random() < 0.6 else self.pick("speaker_body")

    def speaker_name(self, person: str) -> str:
        ent = self.world.ents[person]
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
        caps = self.world.ents[target].caps if target in self.world.ents else []
        if caps and self.rng.random() < 0.7:
            return list(caps[: self.rng.choice((1, 1, 2))])
        return [self.rng.choice(list(CAP_PHRASE))]

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
            return f"on {WEEKDAYS[date.weekday()]}", {"date": date, "date_basis": self.basis}
        if r < 0.7:
            date = self.published + dt.timedelta(
                days=self.rng.randint(1, 20) * (1 if future else -1)
            )
            return (
                f"on {date.day} {MONTHS[date.month - 1]}",
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
        self, core: Parts, source_kind: str, actor: str, when: str | None
    ) -> tuple[Parts, str, str | None]:
        """Wrap a quoted clause in its attribution; returns parts, source id and channel."""
        time = f" {when}" if when else ""
        if source_kind == "reporter":
            lead = [f"{when[0].upper()}{when[1:]}, "] if when else []
            return [*lead, *core, "."], self.publisher, None
        if source_kind == "anonymous":
            return self._anonymous(core, actor, time)
        who = self.speaker(actor)
        if who == actor:  # a person speaking for themselves
            return [*core, f" in a statement{time}."], who, None
        if self.rng.random() < 0.5:
            return [f"{self.speaker_name(who)} said{time} that ", *core, "."], who, None
        channel = (
            self.pick("outlet")
            if self.rng.random() < 0.7
            else ("reporters" if "reporters" in self.world.ents else self.pick("outlet"))
        )
        return (
            ["“", *core, ",”", f" {self.speaker_name(who)} told {self.name(channel)}{time}."],
            who,
            channel,
        )

    def _anonymous(self, core: Parts, actor: str, time: str) -> tuple[Parts, str, None]:
        """Attributed to unnamed officials of the actor's state, or to other anonymous sources."""
        ent = self.world.ents[actor]
        home = ent.home or (actor if ent.type == "state" else None)
        anon = (
            f"{home}-officials"
            if home and f"{home}-officials" in self.world.ents and self.rng.random() < 0.5
            else self.pick("anonymous")
        )
        if self.rng.random() < 0.5:
            return [f"According to {self.name(anon)}, ", *core, f"{time}."], anon, None
        return [*core, f"{time}, {self.name(anon)} said."], anon, None

    # --- finishing a claim -----------------------------------------------------------------
    def finish(
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
    ) -> list[Sentence]:
        """Attribute a core clause, attach time and modality, maybe echo it in a statement."""
        f = {k: v for k, v in f.items() if v is not None}
        when, date = self.when(future=future)
        voice = _Voice(hedged, cue, when, date)
        source_kind = source_kind or ("named" if speaker else self.sourcing())
        actor = f.get("actor") or f["participants"][0]
        claim = Claim(kind, f, "q")
        core_parts: Parts = [opening(), core, closing()]
        if speaker is not None:  # a statement: the speaker's own words
            parts, source = self._own_words(claim, core_parts, speaker, when), speaker
        else:
            parts, source, channel = self.attribute(core_parts, source_kind, actor, when)
            if channel and kind == "commitment" and self.rng.random() < 0.5:
                return [self._in_speech(claim, parts, source, channel, voice)]
        _stamp(claim, voice, source)
        if kind == "event":
            self.event_ids.append("pending")
        return [Sentence(parts, [claim])]

    def _own_words(self, claim: Claim, core: Parts, speaker: str, when: str | None) -> Parts:
        """A statement quoted in full, told to an outlet or just said."""
        channel = self.pick("outlet") if self.rng.random() < 0.6 else None
        time = f" {when}" if when else ""
        told = f" told {self.name(channel)}" if channel else " said"
        parts: Parts = ["“", *core, f",” {self.speaker_name(speaker)}{told}{time}."]
        if channel:
            claim.fields["channel"] = channel
        return parts

    def _in_speech(
        self, claim: Claim, parts: Parts, source: str, channel: str, voice: _Voice
    ) -> Sentence:
        """The speech itself is a statement; the commitment is expressed in it."""
        speech = Claim(
            "statement",
            {"actor": source, "channel": channel, "target": claim.fields.get("target")},
            "speech",
        )
        speech.fields = {k: v for k, v in speech.fields.items() if v is not None}
        _stamp(speech, voice, source)
        parts = [opening("speech"), *parts[:-1], closing("speech"), parts[-1]]
        claim.fields["expressed_in"] = speech
        _stamp(claim, voice, source)
        return Sentence(parts, [speech, claim])


def _stamp(claim: Claim, voice: _Voice, source: str) -> None:
    claim.fields["source"] = source
    claim.fields["modality"] = "hedged" if voice.hedged else "firm"
    if voice.hedged and voice.cue:
        claim.fields["cue"] = voice.cue
    if voice.when:
        claim.fields["when"] = voice.when
        claim.fields.update(voice.date)
