"""The query room: the catalogue of named queries, name resolution, vetting, running and formatting.

:mod:`kg.query.catalogue` reads ``queries/*.rq`` and their headers, :mod:`kg.query.names`
turns a name a user types into the IRI of an actor, proposal, outcome, claim or concept
(for queries, views and notebooks alike), :mod:`kg.query.run` binds parameters and runs
queries, :mod:`kg.query.vetting` refuses what a read-only query must not do before any
engine sees it, :mod:`kg.query.formatting` renders results as table, CSV, JSON or Markdown.
"""
