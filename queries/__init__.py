"""This folder ships inside the kg package as ``kg.defaults.queries`` (see pyproject.toml).

The file is here so that an editable install can import the folder under that name; the
catalogue itself is the ``NAME.rq`` files.
"""
