// attache diagnostics page: plain browser JavaScript, no build step, no libraries. Every value
// from the server is put into the page as text (never as HTML). Long lists are paged by the
// server (`?json=true&section=routes&q=...&offset=...`), so 10,000 routes cost one page of rows.
"use strict";
(() => {
  const PAGE = 100;
  const main = document.getElementById("main");

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "style") e.style.cssText = v; // CSSOM, which the page CSP allows (style attributes it does not)
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const pill = (state, text) => el("span", { class: `pill ${state}` }, text || state);
  const refLink = (r) => el("a", { href: `#/resource/${encodeURIComponent(r.key)}`, class: "mono", title: r.at || "" }, `${r.kind} ${r.namespace}/${r.name}`);
  const at = (r) => (r.at ? el("div", { class: "muted mono" }, r.at) : null);

  async function get(params) {
    const q = new URLSearchParams({ json: "true", ...params });
    const res = await fetch(`?${q}`, { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
    return res.json();
  }

  function parseHash() {
    const h = location.hash.replace(/^#\/?/, "");
    const [path, query] = h.split("?");
    return { parts: (path || "").split("/").map(decodeURIComponent), params: new URLSearchParams(query || "") };
  }

  function setNav(view) {
    for (const a of document.querySelectorAll("#nav a[data-view]")) a.classList.toggle("active", a.dataset.view === view);
  }

  async function render() {
    const { parts, params } = parseHash();
    const view = parts[0] || "overview";
    setNav(view === "resource" ? "resources" : view);
    try {
      const views = { overview, routes, resources, clusters, resource };
      const node = await (views[view] || overview)(params, parts);
      main.replaceChildren(node);
    } catch (err) {
      main.replaceChildren(el("div", { class: "card" }, el("h2", {}, "Could not load diagnostics"), el("p", { class: "msg error" }, String(err.message || err))));
    }
  }

  // ---- overview
  async function overview() {
    const o = await get({ section: "overview" });
    const t = o.totals;
    const stat = (n, label, cls) => el("div", { class: `stat ${n > 0 ? cls || "" : ""}` }, el("b", {}, n), el("span", {}, label));
    return el("div", {},
      el("h1", {}, "Overview"),
      el("div", { class: "stats" },
        stat(o.proxies.filter((p) => p.streams > 0).length, "connected Envoys"),
        stat(t.routes, "routes"), stat(t.clusters, "clusters"), stat(t.resources, "resources"),
        stat(t.errors, "errors", "bad"), stat(t.warnings, "warnings", "warn")),
      el("div", { class: "grid" }, proxiesCard(o.proxies), countsCard(o.counts)),
      nacksCard(o.nacks),
      reconfigCard(o.reconfigurations),
      o.fileProblems.length ? el("div", { class: "card" }, el("h2", {}, "Files"), o.fileProblems.map((m) => el("p", { class: "msg error mono" }, m))) : null);
  }

  function proxiesCard(proxies) {
    const body = proxies.length ? proxies.map((p) => el("div", {},
      el("p", {}, el("b", { class: "mono" }, p.nodeId || "(no node id)"), " ", pill(p.streams > 0 ? "ok" : "plain", p.streams > 0 ? `${p.streams} stream${p.streams > 1 ? "s" : ""}` : "disconnected")),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "type"), el("th", {}, "acknowledged version"), el("th", {}, "last rejection"))),
        el("tbody", {}, p.types.map((ty) => el("tr", {},
          el("td", {}, ty.type),
          el("td", { class: "mono" }, ty.acked || "—"),
          el("td", {}, ty.rejected ? rejection(ty.rejected) : el("span", { class: "muted" }, "none")))))))) : el("p", { class: "muted" }, "No Envoy has connected yet.");
    return el("div", { class: "card", id: "proxies" }, el("h2", {}, "Envoys"), body);
  }

  function rejection(r) {
    const state = r.current ? pill("error", "NACK: running the previous version") : pill("warning", "NACK, since superseded");
    return [state, " ", el("span", { class: "mono" }, r.version), el("div", { class: "nack" }, r.message)];
  }

  function nacksCard(nacks) {
    if (!nacks.length) return null;
    return el("div", { class: "card", id: "nacks" }, el("h2", {}, "Rejected by Envoy"),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "type"), el("th", {}, "blamed on"), el("th", {}, "Envoy's message"))),
        el("tbody", {}, nacks.slice(0, 10).map((n) => el("tr", {},
          el("td", {}, n.type, el("div", { class: "muted mono" }, n.version)),
          el("td", {}, n.resources.length ? n.resources.map((r) => el("div", {}, refLink(r), at(r))) : el("span", { class: "muted" }, "unknown"),
            n.more ? el("div", { class: "muted" }, `and ${n.more} more changed in that version`) : null),
          el("td", {}, el("div", { class: "nack" }, n.message)))))));
  }

  function countsCard(counts) {
    return el("div", { class: "card" }, el("h2", {}, "Resources by kind"),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "kind"), el("th", {}, "ok"), el("th", {}, "warning"), el("th", {}, "error"))),
        el("tbody", {}, counts.map((c) => el("tr", {},
          el("td", {}, el("a", { href: `#/resources?q=${encodeURIComponent(c.kind + "/")}` }, c.kind)),
          el("td", {}, c.ok), el("td", {}, c.warning ? el("a", { href: `#/resources?state=warning&q=${encodeURIComponent(c.kind + "/")}` }, pill("warning", c.warning)) : 0),
          el("td", {}, c.error ? el("a", { href: `#/resources?state=error&q=${encodeURIComponent(c.kind + "/")}` }, pill("error", c.error)) : 0))))));
  }

  function reconfigCard(list) {
    const max = Math.max(1, ...list.map((r) => r.ms.total));
    const stages = ["resources", "ir", "envoy", "encode"];
    return el("div", { class: "card" }, el("h2", {}, "Last reconfigurations"),
      list.length ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "time"), el("th", {}, "snapshot"), el("th", {}, "changed"), el("th", {}, "per stage (ms)"), el("th", {}, "total"))),
        el("tbody", {}, list.map((r) => el("tr", {},
          el("td", { class: "mono" }, new Date(r.at).toLocaleTimeString()),
          el("td", {}, r.published ? `#${r.serial}` : el("span", { class: "muted" }, "no change")),
          el("td", {}, r.changedTypes.map((t) => t.slice(t.lastIndexOf(".") + 1)).join(", ") || "—"),
          el("td", { class: "stage" }, stages.map((s) => `${s} ${r.ms[s]}`).join(" · ")),
          el("td", { class: "stage" }, el("span", { class: "bar", style: `width:${Math.max(2, Math.round((r.ms.total / max) * 120))}px` }), `${r.ms.total} ms`))))) : el("p", { class: "muted" }, "None yet."));
  }

  // ---- paged, filtered lists
  function toolbar(view, params, extra, page) {
    const input = el("input", { type: "search", placeholder: view === "routes" ? "Filter routes: path, host, cluster, resource, file…" : "Filter resources: kind/namespace/name, file, message…", value: params.get("q") || "", id: "filter", autofocus: true });
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => go(view, { ...Object.fromEntries(params), q: input.value, offset: 0 }), 200);
    });
    const offset = page.offset;
    const prev = el("button", { disabled: offset === 0, onclick: () => go(view, { ...Object.fromEntries(params), offset: Math.max(0, offset - PAGE) }) }, "‹ Prev");
    const next = el("button", { disabled: offset + page.rows.length >= page.matched, onclick: () => go(view, { ...Object.fromEntries(params), offset: offset + PAGE }) }, "Next ›");
    const shown = page.matched ? `${offset + 1}–${offset + page.rows.length} of ${page.matched}` : "none";
    const of = page.matched !== page.total ? ` (filtered from ${page.total})` : "";
    return el("div", { class: "toolbar" }, input, extra, prev, next, el("span", { class: "count", id: "count" }, `${shown}${of}`));
  }

  function go(view, params) {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== 0 && v !== "0"));
    const hash = `#/${view}${q.toString() ? `?${q}` : ""}`;
    if (location.hash !== hash) location.hash = hash;
    else render();
  }

  function keepFocus(node) {
    const f = node.querySelector("#filter");
    if (f && document.activeElement && document.activeElement.id === "filter") requestAnimationFrame(() => { f.focus(); f.setSelectionRange(f.value.length, f.value.length); });
    return node;
  }

  async function routes(params) {
    const page = await get({ section: "routes", q: params.get("q") || "", offset: params.get("offset") || 0, limit: PAGE });
    const rows = page.rows.map((r) => el("tr", { class: "route" },
      el("td", { class: "muted" }, r.index + 1),
      el("td", { class: "mono" }, r.match),
      el("td", {}, el("div", { class: "mono" }, r.domains.join(", ")), el("div", { class: "muted mono" }, r.routeConfig)),
      el("td", {}, r.sources.map((s) => el("div", {}, refLink(s), at(s)))),
      el("td", {}, r.targets.map((t) => el("div", { class: "mono" }, t.cluster, " ", el("span", { class: "weight" }, `${t.weight}%`))))));
    return keepFocus(el("div", {},
      el("h1", {}, "Routes ", el("span", { class: "muted" }, "in Envoy's order")),
      toolbar("routes", params, null, page),
      el("div", { class: "tablewrap" }, el("table", { id: "routes" },
        el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "match"), el("th", {}, "virtual host"), el("th", {}, "source"), el("th", {}, "clusters (weight)"))),
        el("tbody", {}, rows)))));
  }

  async function resources(params) {
    const state = params.get("state") || "";
    const page = await get({ section: "resources", q: params.get("q") || "", state, offset: params.get("offset") || 0, limit: PAGE });
    const select = el("select", { id: "state", onchange: (e) => go("resources", { ...Object.fromEntries(params), state: e.target.value, offset: 0 }) },
      ["", "ok", "warning", "error", "rejected"].map((s) => el("option", { value: s, selected: s === state }, s ? `state: ${s}` : "all states")));
    const rows = page.rows.map((r) => el("tr", { class: `resource ${r.state}` },
      el("td", {}, pill(r.state), r.rejected ? [" ", pill("error", "rejected by Envoy")] : null),
      el("td", {}, refLink(r), at(r)),
      el("td", {}, r.errors.map((m) => el("p", { class: "msg error" }, m)), r.warnings.map((m) => el("p", { class: "msg warning" }, m)))));
    return keepFocus(el("div", {},
      el("h1", {}, "Resources"),
      toolbar("resources", params, select, page),
      el("div", { class: "tablewrap" }, el("table", { id: "resources" },
        el("thead", {}, el("tr", {}, el("th", {}, "state"), el("th", {}, "resource"), el("th", {}, "errors and warnings"))),
        el("tbody", {}, rows)))));
  }

  async function clusters() {
    const list = await get({ section: "clusters" });
    const health = (h) => pill(h === "HEALTHY" ? "ok" : h === "unknown" ? "plain" : /UNHEALTHY|not in Envoy/.test(h) ? "error" : "warning", h);
    return el("div", {},
      el("h1", {}, "Clusters ", el("span", { class: "muted" }, `(${list.length})`)),
      el("div", { class: "tablewrap" }, el("table", { id: "clusters" },
        el("thead", {}, el("tr", {}, el("th", {}, "cluster"), el("th", {}, "upstream"), el("th", {}, "endpoints (health from Envoy)"), el("th", {}, "used by"))),
        el("tbody", {}, list.map((c) => el("tr", {},
          el("td", { class: "mono" }, c.name, el("div", { class: "muted" }, c.discovery)),
          el("td", { class: "mono" }, c.upstream),
          el("td", {}, c.endpoints.length ? c.endpoints.map((e) => el("div", { class: "mono" }, e.address, " ", health(e.health))) : el("span", { class: "muted" }, "DNS (resolved by Envoy)")),
          el("td", {}, c.sources.slice(0, 5).map((s) => el("div", {}, refLink(s))), c.sources.length > 5 ? el("div", { class: "muted" }, `and ${c.sources.length - 5} more`) : null)))))));
  }

  async function resource(_params, parts) {
    const key = parts.slice(1).join("/");
    const d = await get({ section: "resource", key });
    const r = d.resource;
    const irKinds = Object.entries(d.ir).filter(([, v]) => v.length);
    return el("div", {},
      el("p", {}, el("a", { href: "#/resources" }, "‹ Resources")),
      el("h1", { class: "mono" }, `${r.kind} ${r.namespace}/${r.name} `, pill(r.state), r.rejected ? [" ", pill("error", "rejected by Envoy")] : null),
      el("div", { class: "card" }, el("dl", { class: "kv" }, el("dt", {}, "source"), el("dd", { class: "mono" }, r.at || "—"),
        el("dt", {}, "diagnostics"), el("dd", {}, d.diagnostics.length ? d.diagnostics.map((x) => el("p", { class: `msg ${x.severity}` }, `${x.severity} (${x.stage}): ${x.field ? x.field + ": " : ""}${x.message}`)) : el("span", { class: "muted" }, "none")))),
      el("div", { class: "grid" },
        el("div", { class: "card" }, el("h2", {}, "Source"), d.source ? el("pre", { class: "code", id: "source" }, d.source) : el("p", { class: "muted" }, "Not shown.")),
        el("div", { class: "card" }, el("h2", {}, "Envoy resources it produced"), d.envoy.length ? el("table", {}, el("tbody", {}, d.envoy.map((e) => el("tr", {},
          el("td", {}, e.type), el("td", { class: "mono" }, e.name, e.routes && e.routes.length ? el("div", { class: "muted" }, `routes: ${e.routes.join(", ")}`) : null))))) : el("p", { class: "muted" }, "None."))),
      el("div", { class: "card" }, el("h2", {}, "In the IR"), irKinds.length ? irKinds.map(([k, v]) => el("div", {}, el("p", {}, el("b", {}, k), ` (${v.length})`), el("pre", { class: "code" }, JSON.stringify(v, null, 2)))) : el("p", { class: "muted" }, "Nothing: it did not reach the IR.")));
  }

  window.addEventListener("hashchange", render);
  render();
})();
