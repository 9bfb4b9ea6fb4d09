"""The page's templates and static files, read as package data, and the one way to fill them.

``templates/`` holds the HTML and SVG fragments of the page and its CSS, with ``$name``
placeholders (:class:`string.Template`); ``static/`` holds files inlined as they are (the
page's script). :func:`fill` HTML-escapes every value unless it is :class:`Markup` (a filled
template, or text checked safe where it goes, such as escaped JSON), so data never reaches
the page as markup. As in Jinja, a template file's final line break is not part of its text.
vis-network's script and style come from the copy pyvis ships (:func:`vis_network`).
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template

__all__ = ["Markup", "escape", "fill", "inline_safe", "static_text", "vis_network"]

_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


class Markup(str):
    """Text that is already HTML; :func:`fill` inserts it unchanged."""

    __slots__ = ()


def escape(text: str) -> str:
    """HTML-escape ``text``, also writing U+2028/U+2029 as character references."""
    return html.escape(text).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


@cache
def _template(name: str) -> Template:
    text = (files(__package__) / "templates" / name).read_text(encoding="utf-8")
    return Template(text.removesuffix("\n"))


def fill(name: str, /, **values: object) -> Markup:
    """The template ``templates/name`` with its placeholders replaced by ``values``.

    Values are HTML-escaped unless they are :class:`Markup`. Every placeholder needs a
    value and every value a placeholder, so template and code cannot drift apart silently.
    """
    template = _template(name)
    wanted = set(template.get_identifiers())
    if wanted != set(values):
        missing, unused = sorted(wanted - set(values)), sorted(set(values) - wanted)
        raise KeyError(f"template {name}: missing values {missing}, unused values {unused}")
    text = {k: v if isinstance(v, Markup) else escape(str(v)) for k, v in values.items()}
    return Markup(template.substitute(text))


def inline_safe(name: str, text: str) -> str:
    """Return ``text`` if it can be inlined in a ``<script>`` or ``<style>`` element."""
    # Either closing tag would end the inline element early.
    if _CLOSING_TAG.search(text):
        raise RuntimeError(f"{name} cannot be inlined safely")
    return text


@cache
def static_text(name: str) -> str:
    """The file ``static/name`` as it is, checked safe to inline."""
    text = (files(__package__) / "static" / name).read_text(encoding="utf-8")
    return inline_safe(name, text)


def vis_network() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside pyvis, checked safe to inline."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return inline_safe("vis-network.min.js", js), inline_safe("vis-network.css", css)
