"""The views room: networkx projections of the KG and the pages and pictures drawn from them.

:mod:`kg.views.graphs` reads the KG and builds the actors, proposal, actor and claims views
(and exports GraphML/GEXF); :mod:`kg.views.contract` states the graph attributes the drawings
read; :mod:`kg.views.style` is the one table of how each kind looks; :mod:`kg.views.page`
draws the interactive offline HTML page from ``templates/`` and ``static/`` (loaded by
:mod:`kg.views.assets`); :mod:`kg.views.picture` draws the static PNG/SVG pictures.
"""
