"""The views room: networkx projections of the KG and the pages and pictures drawn from them.

:mod:`kg.views.graphs` reads the KG and builds the actors, proposal, actor and claims views
(and exports GraphML/GEXF); :mod:`kg.views.page` draws the interactive offline HTML page and
the static PNG/SVG pictures.
"""
