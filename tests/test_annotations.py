"""kg.annotate.annotations and kg.annotate.evidence: annotation files into checked records.

Library-level tests on tiny in-memory articles; the command-line messages for the same
mistakes are in test_cli_build.py.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from helpers import KREMLIN_ID, MINI_SEEDS, SEED_ID, SEEDS, UK_ID, line_of

from kg.annotate.annotations import Article, load_article
from kg.annotate.evidence import Span, closest_passage, find_all, locate, sentence_bounds
from kg.annotate.registry import Registry, load_registry
from kg.errors import AnnotationError

TEXT = "Headline Here\nThe UK may send troops. The UK may send troops. France said “no”.\n"
HEAD = """\
article:
  title: Headline Here
  publisher: 24brussels
  published: 2025-08-22
claims:
"""


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(SEEDS / "registry.yaml")


def load(tmp_path: Path, registry: Registry, claims: str, *, text: str = TEXT,
         head: str = HEAD, name: str = "t") -> Article:
    """Load a tiny article whose claims section is ``claims`` (indented as in the file)."""
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / f"{name}.yaml").write_text(head + textwrap.dedent(claims), encoding="utf-8")
    return load_article(tmp_path / f"{name}.txt", registry)


def fails(tmp_path: Path, registry: Registry, claims: str, **kwargs: str) -> str:
    with pytest.raises(AnnotationError) as failure:
        load(tmp_path, registry, claims, **kwargs)
    return str(failure.value)


UK_MAY = """\
  - id: uk-may-send
    kind: commitment
    summary: The UK may send troops
    quote: The UK may send troops
    actor: united-kingdom
    action: offer
    source: 24brussels
    modality: hedged
    cue: may
"""


# --- the real files ------------------------------------------------------------------------------


def test_seed_loads_without_warnings(registry: Registry) -> None:
    article = load_article(SEEDS / f"{SEED_ID}.txt", registry)
    assert article.id == SEED_ID
    assert len(article.claims) == 43
    assert article.warnings == []
    assert (article.publisher, article.published, article.published_assumed) == (
        "24brussels", dt.date(2025, 8, 20), True)
    by_id = {c.id: c for c in article.claims}
    assert by_id["meeting-attendees"].target == "claim:armies-meet-us-counterparts"
    assert by_id["europeans-ready-to-send-troops"].expressed_in == "trump-says-europeans-ready"
    assert by_id["trump-rules-out-combat-troops"].polarity == "Negative"
    assert by_id["us-continues-intel-and-weapons"].sourcing == "AnonymousSource"  # officials
    assert by_id["costa-conditions-expected"].cues == ["expected", "ideally"]
    assert by_id["costa-conditions-expected"].line == line_of(
        SEEDS / f"{SEED_ID}.yaml", "  - id: costa-conditions-expected")


def test_mini_articles_load(registry: Registry) -> None:
    kremlin = load_article(MINI_SEEDS / f"{KREMLIN_ID}.txt", registry)
    uk = load_article(MINI_SEEDS / f"{UK_ID}.txt", registry)
    assert [(c.id, c.kind, c.sourcing, c.modality, c.line) for c in kremlin.claims] == [
        ("kremlin-rejects-nato-troops", "stance", "ReporterVoice", "Firm", 11),
        ("kremlin-open-to-talks", "statement", "NamedSource", "Hedged", 24),
        ("putin-zelensky-meeting", "event", "ReporterVoice", "Hedged", 35),
    ]
    assert [(c.id, c.action, c.sourcing, c.cues) for c in uk.claims] == [
        ("uk-pledges-troops", "Pledge", "NamedSource", []),
        ("france-expected-to-commit", "Envisage", "ReporterVoice", ["expected"]),
        ("us-air-defence-backstop", "Provide", "AnonymousSource", ["would", "probably"]),
    ]
    assert uk.url == "https://example.org/kg-tests/uk-pledges-troops"
    assert kremlin.warnings == uk.warnings == []


# --- what a claim becomes ---------------------------------------------------------------------


def test_a_claim_in_full(tmp_path: Path, registry: Registry) -> None:
    article = load(tmp_path, registry, UK_MAY)
    (claim,) = article.claims
    assert claim.span == Span(start=14, end=36, exact="The UK may send troops",
                              prefix="Headline Here\n", suffix=". The UK may send troops. France",
                              sentence="The UK may send troops.", sentence_start=14)
    assert (claim.kind, claim.actor, claim.action, claim.sourcing, claim.modality,
            claim.polarity, claim.cues, claim.line) == (
        "commitment", "united-kingdom", "Offer", "ReporterVoice", "Hedged", "Positive",
        ["may"], 6)
    assert article.language == "en"
    assert article.published_assumed is False


def test_occurrence_picks_the_nth_match(tmp_path: Path, registry: Registry) -> None:
    article = load(tmp_path, registry, UK_MAY + "    occurrence: 2\n")
    assert (article.claims[0].span.start, article.claims[0].span.sentence_start) == (38, 38)


def test_rule_out_is_negative_by_default(tmp_path: Path, registry: Registry) -> None:
    claims = UK_MAY.replace("action: offer", "action: rule-out")
    assert load(tmp_path, registry, claims).claims[0].polarity == "Negative"
    claims = UK_MAY + "    polarity: negative\n"
    assert load(tmp_path, registry, claims).claims[0].polarity == "Negative"


def test_sourcing_follows_the_source(tmp_path: Path, registry: Registry) -> None:
    named = UK_MAY.replace("source: 24brussels", "source: united-kingdom")
    anonymous = UK_MAY.replace("source: 24brussels", "source: unnamed-sources")
    assert load(tmp_path, registry, named).claims[0].sourcing == "NamedSource"
    assert load(tmp_path, registry, anonymous).claims[0].sourcing == "AnonymousSource"


def test_dates_quoted_or_not(tmp_path: Path, registry: Registry) -> None:
    claims = UK_MAY + "    date: 2025-08-21\n    date_basis: stated\n"
    assert load(tmp_path, registry, claims).claims[0].date == dt.date(2025, 8, 21)
    claims = UK_MAY + "    date: '2025-08-21'\n    date_basis: stated\n"
    assert load(tmp_path, registry, claims).claims[0].date_basis == "StatedDate"


def test_firm_claim_with_a_hedge_word_gets_a_warning(tmp_path: Path, registry: Registry) -> None:
    claims = UK_MAY.replace("    modality: hedged\n    cue: may\n", "    modality: firm\n")
    article = load(tmp_path, registry, claims)
    assert article.warnings == [
        f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send' is marked firm but its quote says 'may'; "
        "mark it hedged with that cue, or keep it firm if the word does not qualify this claim"
    ]


def test_hedge_words_are_whole_words(tmp_path: Path, registry: Registry) -> None:
    text = "Headline Here\nThe mayor could not come.\n"
    claims = """\
      - id: mayor
        kind: statement
        summary: The mayor
        quote: The mayor
        actor: 24brussels
        source: 24brussels
        modality: firm
    """
    assert load(tmp_path, registry, claims, text=text).warnings == []


def test_an_article_with_no_claims_yet(tmp_path: Path, registry: Registry) -> None:
    article = load(tmp_path, registry, "", head=HEAD.replace("claims:\n", "claims: []\n"))
    assert article.claims == []


# --- mistakes, with file and line ---------------------------------------------------------------


def test_yaml_key_twice(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY + "    quote: The UK\n")
    assert message == (
        f"{tmp_path / 't.yaml'}:15: key 'quote' appears twice in the same mapping\n"
        "  Keep one of them; YAML would silently use the last."
    )


def test_annotation_not_a_mapping(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, "", head="- just\n- a list\n")
    assert message == (f"{tmp_path / 't.yaml'}:1: the annotation file must be a mapping with "
                       "'article' and 'claims'")


def test_unknown_top_level_key(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY, head="notes: hi\n" + HEAD)
    assert message == (f"{tmp_path / 't.yaml'}:1: unknown top-level key(s): notes\n"
                       "  An annotation file has two keys: article and claims.")


def test_claims_not_a_list(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, "", head=HEAD.replace("claims:\n", "claims: none\n"))
    assert message == (f"{tmp_path / 't.yaml'}:1: 'claims' must be a list (use `claims: []` "
                       "for none yet)")


def test_claim_not_a_mapping(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, "  - just text\n")
    assert message == f"{tmp_path / 't.yaml'}:1: each claim must be a mapping, got 'just text'"


def test_bad_claim_id(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY.replace("id: uk-may-send", "id: UK_may"))
    assert message == (f"{tmp_path / 't.yaml'}:6: bad claim id 'UK_may'\n"
                       "  Claim ids are lower-case letters, digits and hyphens.")


def test_unknown_kind(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY.replace("kind: commitment", "kind: promise"))
    assert message == (f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': kind 'promise' is not "
                       "one of: commitment, stance, statement, event")


def test_unknown_action(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY.replace("action: offer", "action: promise"))
    assert message == (f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': action 'promise' is not "
                       "one of: offer, pledge, provide, direct, envisage, rule-out")


def test_unknown_capability(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY + "    capability: tanks\n")
    assert message == (
        f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': unknown capability 'tanks'\n"
        "  Use one of: troops, combat-troops, equipment, air-support, intelligence, arms, "
        "air-defence, border-control, coordination, training, reinforcement, "
        "security-guarantees, defence-commitments."
    )


def test_unknown_key_in_an_event(tmp_path: Path, registry: Registry) -> None:
    claims = """\
      - id: uk-may-send
        kind: event
        summary: The UK may send troops
        quote: The UK may send troops
        actor: united-kingdom
        status: potential
        source: 24brussels
        modality: hedged
        cue: may
    """
    assert fails(tmp_path, registry, claims) == (
        f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': key(s) actor do not belong to an event\n"
        "  An event takes: beneficiary, capability, condition, cue, date, date_basis, "
        "expressed_in, id, kind, location, modality, occurrence, participants, polarity, "
        "proposal_status, quantity, quote, source, status, summary, target, when."
    )


def test_expressed_in_itself(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY + "    expressed_in: uk-may-send\n")
    assert message == (f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': expressed_in "
                       "'uk-may-send' is not another claim id of this article")


def test_date_basis_without_date(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY + "    date_basis: stated\n")
    assert message == (f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': 'date_basis' given "
                       "without a 'date'")


def test_empty_summary(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY.replace(
        "summary: The UK may send troops", "summary: '  '"))
    assert message == f"{tmp_path / 't.yaml'}:6: claim 'uk-may-send': 'summary' is empty"


def test_publisher_must_be_an_actor(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY,
                    head=HEAD.replace("publisher: 24brussels", "publisher: lisbon"))
    assert message == (
        f"{tmp_path / 't.yaml'}:2: article: unknown actor 'lisbon' in 'publisher'\n"
        "  'lisbon' is a place in the registry, but here an actor is needed."
    )


def test_missing_publisher(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY,
                    head=HEAD.replace("  publisher: 24brussels\n", ""))
    assert message == (f"{tmp_path / 't.yaml'}:2: article is missing required field 'publisher'\n"
                       "  Give the registry id of the outlet, e.g. `publisher: 24brussels`.")


def test_missing_publication_date(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY,
                    head=HEAD.replace("  published: 2025-08-22\n", ""))
    assert message == (
        f"{tmp_path / 't.yaml'}:2: article is missing required field 'published'\n"
        "  If the article has no date, give your best estimate and set `published_assumed: "
        "true` with a `date_note` saying why."
    )


def test_article_file_name_must_be_an_id(tmp_path: Path, registry: Registry) -> None:
    message = fails(tmp_path, registry, UK_MAY, name="my article")
    assert message == (
        f"{tmp_path / 'my article.txt'}: article file name 'my article.txt' cannot be an id\n"
        "  Use letters, digits, '_', '-' and '.', e.g. 001_ceasefire_talks.txt."
    )


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path, registry: Registry) -> None:
    article = load(tmp_path, registry, UK_MAY, text="\ufeff" + TEXT)
    assert article.text == TEXT
    assert article.claims[0].span.start == 14


# --- kg.annotate.evidence -----------------------------------------------------------------


def test_sentence_bounds() -> None:
    text = "Title line\nHe said “Yes.” Then left! Why? 3 went.\n\n  Last one"
    assert [text[s:e] for s, e in sentence_bounds(text)] == [
        "Title line", "He said “Yes.”", "Then left!", "Why?", "3 went.", "Last one"]


def test_find_all_and_locate() -> None:
    text = "a b a b a"
    assert find_all(text, "a b") == [0, 4]
    assert find_all(text, "c") == []
    assert locate(text, "a b", 2) == Span(4, 7, "a b", "a b ", " a", text, 0)
    assert locate(text, "a b", 3) is None
    assert locate(text, "") is None


def test_closest_passage() -> None:
    text = "Washington “can certainly assist with coordination and more."
    passage, start, ratio = closest_passage(text, 'Washington "can certainly assist')
    assert (passage, start) == ("Washington “can certainly assist", 0)
    assert round(ratio, 3) == 0.969
    assert closest_passage("", "x") == ("", 0, 0.0)
