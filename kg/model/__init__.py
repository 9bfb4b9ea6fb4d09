"""The model room: the vocabulary (closed namespaces) and the rules that define what the KG means.

Nothing here reads files or stores; every other room imports its terms from here.
"""
