"""This folder ships inside the kg package as ``kg.defaults.ontology`` (see pyproject.toml).

The file is here so that an editable install can import the folder under that name; the
ontology itself is ``kg.ttl`` and ``shapes.ttl``.
"""
