"""The annotate room: annotation files, the registry, evidence spans and new-article scaffolding.

:mod:`kg.annotate.annotations` reads one article's YAML with line-aware errors,
:mod:`kg.annotate.registry` the shared registry of actors, offices, places, proposals and
outcomes, :mod:`kg.annotate.evidence` finds quotes and sentences in article text,
:mod:`kg.annotate.scaffold` starts an annotation for a new article (``kg new``) and
:mod:`kg.annotate.yamlfile` loads YAML safely, keeping line numbers.
"""
