(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var details = document.getElementById("kg-details-body");
  var view = {network: network, nodes: nodes, edges: edges, ready: false};
  window.kgView = view;

  function markReady() {
    if (view.ready) { return; }
    network.setOptions({physics: {enabled: false}});
    view.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", markReady);
  if (nodes.length === 0) { markReady(); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function has(value) { return value !== undefined && value !== null && value !== ""; }
  function clear() { while (details.firstChild) { details.removeChild(details.firstChild); } }
  function hint(text) { clear(); details.appendChild(el("p", "hint", text)); }
  function badge(text, extra) { return el("span", "badge" + (extra ? " " + extra : ""), text); }

  function evidenceBlock(item, color) {
    var box = el("div", "evidence");
    box.style.borderLeftColor = color;
    if (has(item.summary)) { box.appendChild(el("p", "summary", item.summary)); }
    box.appendChild(el("blockquote", null,
      has(item.quote) ? "\u201c" + item.quote + "\u201d" : "(no quote recorded)"));
    var dl = el("dl");
    function row(term, value) {
      if (!has(value)) { return; }
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    if (has(item.sentence) && item.sentence !== item.quote) { row("sentence", item.sentence); }
    row("attribution", item.attribution);
    var modality = has(item.modality) ? String(item.modality) : "";
    if (has(item.cue)) { modality = (modality + " (cue: " + item.cue + ")").trim(); }
    row("modality", modality);
    row("polarity", item.polarity);
    row("article", item.article);
    if (has(item.start) || has(item.end)) {
      row("offsets", (has(item.start) ? item.start : "?") + "\u2013" +
                     (has(item.end) ? item.end : "?"));
    }
    var claim = has(item.claim) ? String(item.claim) : "";
    if (has(item.claim_kind)) { claim = (claim + " (" + item.claim_kind + ")").trim(); }
    row("claim", claim);
    box.appendChild(dl);
    return box;
  }

  function edgeColor(edge) { return edge.color && edge.color.color ? edge.color.color : "#999"; }
  function nodeLabel(id) { var n = nodes.get(id); return n ? n.label : String(id); }

  function edgeBadges(edge) {
    var p = el("p", "badges");
    p.appendChild(badge(edge.kind));
    p.appendChild(edge.hedged ? badge("hedged", "hedged") : badge("firm"));
    p.appendChild(badge(edge.weight + " supporting claim" + (edge.weight === 1 ? "" : "s")));
    if (edge.hidden) { p.appendChild(badge("hidden by filter")); }
    return p;
  }

  function appendEvidence(edge) {
    var items = edge.evidence || [];
    if (items.length === 0) {
      details.appendChild(el("p", "hint", "No quoted evidence: reference knowledge."));
    }
    items.forEach(function (item) { details.appendChild(evidenceBlock(item, edgeColor(edge))); });
  }

  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) { return; }
    clear();
    details.appendChild(el("h3", null,
      nodeLabel(edge.from) + " \u2192 " + nodeLabel(edge.to) + ": " + edge.label));
    details.appendChild(edgeBadges(edge));
    appendEvidence(edge);
  }

  function showNode(id) {
    var node = nodes.get(id);
    if (!node) { return; }
    clear();
    details.appendChild(el("h3", null, node.label));
    var p = el("p", "badges");
    p.appendChild(badge(node.kind));
    if (has(node.group_label)) { p.appendChild(badge(node.group_label)); }
    details.appendChild(p);
    if (has(node.title)) { details.appendChild(el("div", "node-text", node.title)); }
    var connected = edges.get({filter: function (e) { return e.from === id || e.to === id; }});
    details.appendChild(el("p", "hint", connected.length + " connected edge" +
      (connected.length === 1 ? "" : "s")));
    connected.forEach(function (edge) {
      details.appendChild(el("p", "edge-head",
        nodeLabel(edge.from) + " \u2192 " + nodeLabel(edge.to) + ": " + edge.label));
      details.appendChild(edgeBadges(edge));
      appendEvidence(edge);
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length > 0) { showNode(params.nodes[0]); }
    else if (params.edges.length > 0) { showEdge(params.edges[0]); }
    else { hint("Click an edge or a node to see its evidence."); }
  });
  view.showEdge = showEdge;
  view.showNode = showNode;

  function setEdgeKindVisible(kind, visible) {
    var changes = edges.get({filter: function (e) { return e.kind === kind; }})
      .map(function (e) { return {id: e.id, hidden: !visible}; });
    edges.update(changes);
  }
  view.setEdgeKindVisible = setEdgeKindVisible;
  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-edge-kind]"),
    function (box) {
      box.addEventListener("change", function () {
        setEdgeKindVisible(box.getAttribute("data-edge-kind"), box.checked);
      });
    });
})();
