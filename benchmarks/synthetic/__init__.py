"""Generate a synthetic corpus: a complete kg project of made-up articles for benchmarks.

:func:`generate_corpus` writes a project folder that ``kg --project DIR`` can build, query
and draw: ``seeds/registry.yaml`` with a few thousand actors of every type (states,
people holding offices, alliances with NATO-like memberships, ministries that speak for
their state, armed forces, media outlets, named and anonymous groups), places, proposals
with parts and outcomes with capability, location and scope; ``seeds/NNNNN_xxxxxxxx.txt``
articles made of generated sentences; and beside each its annotation file in the real
format (see :mod:`kg.annotate.annotations`), whose quotes are verbatim substrings of the
text. The template project's ``ontology/`` and ``queries/`` are copied in.

The mix follows the seed article: about a third commitments, a quarter stances and
statements, the rest events; a third of claims hedged (with their cue word in the quote),
named, anonymous and reporter-voice sourcing; some conditional or negative claims; dates
over two years (2024-2025), resolved from "on Tuesday" against the publication date. About
100 triples per article, so 10,000 articles give about a million.

Output is deterministic: the same ``seed`` (and sizes) gives byte-identical files. Each
article depends only on the seed, its index and the registry, so the first 1,000 articles
of a 10,000-article corpus are the 1,000-article corpus.

The modules, in the order the data flows: :mod:`.names` (word lists), :mod:`.entities`
(registry entries and weighted pools), :mod:`.world` (building the registry),
:mod:`.sentences`, :mod:`.writer` and :mod:`.claims` (writing sentences with quote spans),
:mod:`.article` (one article and its annotation), :mod:`.yaml_out` (YAML text) and
:mod:`.corpus` (the project folder). ``benchmarks/generate.py`` is the command line.
"""

from __future__ import annotations

from .corpus import GENERATOR, MANIFEST, MIN_ACTORS, REPOSITORY, CorpusInfo, generate_corpus

__all__ = ["GENERATOR", "MANIFEST", "MIN_ACTORS", "REPOSITORY", "CorpusInfo", "generate_corpus"]
