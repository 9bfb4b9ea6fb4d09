"""The query room: the catalogue of named queries, vetting, parameters, running and formatting.

:mod:`kg.query.catalogue` reads ``queries/*.rq`` and runs them with bound parameters,
:mod:`kg.query.vetting` refuses what a read-only query must not do before any engine sees it,
:mod:`kg.query.formatting` renders results as table, CSV, JSON or Markdown.
"""
