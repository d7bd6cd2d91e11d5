/* Archive search in the browser: no server, no dependencies.
 *
 * Reads the index the build exports under search/ in segments (see
 * src/newsarchive/search/export.py): meta.js, then only the shards (one per
 * key and segment) and text blocks a query needs, each a script that calls __nas(name, data), so it
 * loads from a server, under any sub-path and from file:// alike.
 *
 * The query side repeats newsarchive.search.analysis, .ranking and .snippets
 * operation for operation, so a query ranks here as in the terminal
 * (tests/test_search_archive.py).  Text from the archive reaches the page
 * only through textContent and text nodes.
 */
(function (root) {
  "use strict";

  // ------------------------------------------------------------ analysis

  function isHan(cp) {
    return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }
  const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
  const classes = new Map();
  /** 1 Han, 2 other letter or digit, 0 anything else. */
  function charClass(ch) {
    let c = classes.get(ch);
    if (c === undefined) {
      c = isHan(ch.codePointAt(0)) ? 1 : LETTER_OR_DIGIT.test(ch) ? 2 : 0;
      classes.set(ch, c);
    }
    return c;
  }
  const folds = new Map();
  function foldChar(ch) {
    let f = folds.get(ch);
    if (f === undefined) {
      f = ch.normalize("NFKC");
      if (Array.from(f).length !== 1) f = ch;
      const lower = f.toLowerCase();
      if (Array.from(lower).length === 1) f = lower;
      folds.set(ch, f);
    }
    return f;
  }
  /** The folded characters (code points) of a text: same length as the text. */
  function fold(text) {
    return Array.from(text, foldChar);
  }
  function runs(cs) {
    const out = [];
    for (let i = 0; i < cs.length;) {
      const kind = charClass(cs[i]);
      if (!kind) { i++; continue; }
      let j = i + 1;
      while (j < cs.length && charClass(cs[j]) === kind) j++;
      out.push({ start: i, len: j - i, text: cs.slice(i, j).join(""), han: kind === 1, cs: cs.slice(i, j) });
      i = j;
    }
    return out;
  }
  function makeTerm(text, tokens, word) {
    const span = Math.max.apply(null, tokens.map((t) => t.rel + t.len)) - tokens[0].rel;
    const ident = JSON.stringify(tokens.map((t) => [t.key, t.rel - tokens[0].rel]));
    return { text: text, tokens: tokens, word: word, single: tokens.length === 1, span: span, ident: ident };
  }
  function bigramCover(run, start) {
    const last = run.len - 2, offsets = [];
    for (let i = 0; i <= last; i += 2) offsets.push(i);
    if (offsets[offsets.length - 1] !== last) offsets.push(last);
    return offsets.map((i) => ({ key: run.cs[i] + run.cs[i + 1], rel: start + i, kind: "bi", len: 2 }));
  }
  function pieceTerms(piece) {
    const cs = Array.from(piece), rs = runs(cs);
    if (!rs.length) return [];
    if (rs.length === 1 && rs[0].han) {
      const r = rs[0];
      if (r.len === 1) return [makeTerm(r.text, [{ key: r.text, rel: 0, kind: "uni", len: 1 }], null)];
      return [makeTerm(r.text, bigramCover(r, 0), r.text)];
    }
    const terms = [], tokens = [];
    for (const r of rs) {
      if (!r.han) tokens.push({ key: r.text, rel: r.start, kind: "word", len: r.len });
      else if (r.len === 1) terms.push(makeTerm(r.text, [{ key: r.text, rel: 0, kind: "uni", len: 1 }], null));
      else tokens.push.apply(tokens, bigramCover(r, r.start));
    }
    if (tokens.length) {
      const first = tokens[0].rel;
      const last = Math.max.apply(null, tokens.map((t) => t.rel + t.len));
      const text = cs.slice(first, last).join("");
      const shifted = tokens.map((t) => ({ key: t.key, rel: t.rel - first, kind: t.kind, len: t.len }));
      const pure = runs(Array.from(text));
      terms.unshift(makeTerm(text, shifted, pure.length === 1 && pure[0].han && pure[0].len === last - first ? text : null));
    }
    return terms;
  }
  /** The terms of a query, in order, without duplicates (analysis.parse_query). */
  function parseQuery(query) {
    const terms = [], seen = new Set();
    for (const piece of fold(query).join("").split(/\s+/)) {
      for (const term of pieceTerms(piece)) {
        if (!seen.has(term.ident)) { seen.add(term.ident); terms.push(term); }
      }
    }
    return terms;
  }

  // ------------------------------------------------------------ postings (codec.py)

  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
  function decode(text) {
    const out = [];
    let value = 0, shift = 0;
    for (let i = 0; i < text.length; i++) {
      const d = DIGIT[text.charCodeAt(i)];
      value += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5;
      else { out.push(value); value = 0; shift = 0; }
    }
    return out;
  }
  /** doc → [tf heads, tf body, first body block or -1]; documents numbered from `base`, added to `out`. */
  function readCounts(text, withBlock, base, out) {
    const v = decode(text);
    out = out || new Map();
    for (let i = 0, doc = (base || 0) - 1; i < v.length;) {
      doc += v[i] + 1;
      const h = v[i + 1];
      i += 2;
      let tfH = 0, block = -1;
      if (h & 1) tfH = v[i++] + 1;
      const tfB = h >> 1;
      if (tfB && withBlock) block = v[i++];
      out.set(doc, [tfH, tfB, block]);
    }
    return out;
  }
  /** doc → [heads offsets, body offsets]; `base` and `out` as for readCounts. */
  function readPositions(text, base, out) {
    const v = decode(text);
    out = out || new Map();
    for (let i = 0, doc = (base || 0) - 1; i < v.length;) {
      doc += v[i] + 1;
      const h = v[i + 1];
      i += 2;
      const tfH = h & 1 ? v[i++] + 1 : 0;
      const fields = [];
      for (const tf of [tfH, h >> 1]) {
        const offsets = [];
        for (let k = 0, p = -1; k < tf; k++, i++) {
          p = p < 0 ? v[i] : p + v[i] + 1;
          offsets.push(p);
        }
        fields.push(offsets);
      }
      out.set(doc, fields);
    }
    return out;
  }

  // ------------------------------------------------------------ the index

  /** `load(name, version)` resolves to the data of search/<name>.js.  The index is in segments
   * (meta.segs: name, version, documents, first keys of its shards); a key is looked up in every
   * segment and the posting lists merged, a document's number being its segment's base plus its
   * number in the segment. */
  function Index(meta, load) {
    this.meta = meta;
    this.load = load;
    this.shards = new Map();
    this.segs = [];
    let base = 0;
    for (const s of meta.segs) {
      this.segs.push({ name: s[0], v: s[1], base: base, n: s[2], t: s[3] ? s[3].split(" ") : [], p: s[4] ? s[4].split(" ") : [] });
      base += s[2];
    }
    const d = meta.docs;
    this.lengths = [decode(d.lh), decode(d.lb)];
    this.city = decode(d.city);
    this.date = [];
    let last = 0;
    for (const z of decode(d.date)) {
      last += z & 1 ? -(z + 1) / 2 : z / 2;
      this.date.push(last);
    }
    this.topics = [];
    const t = decode(d.topics);
    for (let i = 0; i < t.length; i += t[i] + 1) this.topics.push(t.slice(i + 1, i + 1 + t[i]));
  }
  /** [[segment base, [postings, word postings]] …] of a key, one per segment. */
  Index.prototype.shard = function (kind, key) {
    return Promise.all(this.segs.map((seg) => {
      const firsts = seg[kind];
      let lo = 0, hi = firsts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (firsts[mid] <= key) lo = mid + 1; else hi = mid;
      }
      const name = seg.name + "/" + kind + "/" + lo;
      if (!this.shards.has(name)) {
        this.shards.set(name, this.load(name, seg.v).then((data) => {
          const keys = data.k.split(" "), v = data.v.split("."), w = data.w ? data.w.split(".") : null;
          const map = new Map();
          keys.forEach((k, i) => map.set(k, [v[i], w ? w[i] : ""]));
          return map;
        }));
      }
      return this.shards.get(name).then((map) => [seg.base, map.get(key) || ["", ""]]);
    }));
  };
  Index.prototype.counts = function (key) {
    return this.shard("t", key).then((es) => {
      const out = new Map();
      for (const e of es) readCounts(e[1][0], true, e[0], out);
      return out;
    });
  };
  Index.prototype.positions = function (key) {
    return this.shard("p", key).then((es) => {
      const out = new Map();
      for (const e of es) readPositions(e[1][0], e[0], out);
      return out;
    });
  };
  Index.prototype.words = function (key) {
    return this.shard(Array.from(key).length === 2 ? "t" : "p", key).then((es) => {
      const out = new Map();
      for (const e of es) readCounts(e[1][1], false, e[0], out);
      return out;
    });
  };
  /** The text file of document `doc`, which holds its every block `k`. */
  Index.prototype.block = function (doc, k) {
    let lo = 0, hi = this.segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segs[mid].base <= doc) lo = mid + 1; else hi = mid;
    }
    const seg = this.segs[lo - 1], local = doc - seg.base;
    return this.load(seg.name + "/b/" + Math.floor(local / this.meta.bucket) + "/" + local, seg.v);
  };

  // ------------------------------------------------------------ matching and ranking (ranking.py)

  /** doc → [tf heads, tf body, first body block] for a phrase term. */
  function phraseCounts(term, lists, block) {
    let smallest = lists[0];
    for (const l of lists) if (l.size < smallest.size) smallest = l;
    const out = new Map();
    for (const doc of smallest.keys()) {
      if (!lists.every((l) => l.has(doc))) continue;
      const tf = [0, 0];
      let first = -1;
      for (const f of [0, 1]) {
        const anchors = lists[0].get(doc)[f];
        if (!anchors.length) continue;
        const others = [];
        for (let i = 1; i < term.tokens.length; i++) others.push([new Set(lists[i].get(doc)[f]), term.tokens[i].rel]);
        for (const p of anchors) {
          if (others.every((o) => o[0].has(p + o[1]))) {
            tf[f]++;
            if (f === 1 && first < 0) first = p;
          }
        }
      }
      if (tf[0] || tf[1]) out.set(doc, [tf[0], tf[1], first < 0 ? -1 : Math.floor(first / block)]);
    }
    return out;
  }
  function matchTerm(index, term) {
    const docs = term.single
      ? index.counts(term.tokens[0].key)
      : Promise.all(term.tokens.map((t) => index.positions(t.key))).then((lists) => phraseCounts(term, lists, index.meta.block));
    const words = term.word ? index.words(term.word) : Promise.resolve(new Map());
    return Promise.all([docs, words]).then((r) => ({ term: term, docs: r[0], words: r[1], idf: 0 }));
  }
  function idf(n, df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  function rank(index, matches) {
    const m = index.meta, n = m.n, avg = m.avg, W = m.w, K1 = m.k1, B = m.b;
    const LH = index.lengths[0], LB = index.lengths[1];
    function bm25f(tfH, tfB, lenH, lenB, weight) {
      const x = W[0] * tfH / (1 - B + B * lenH / avg[0]) + W[1] * tfB / (1 - B + B * lenB / avg[1]);
      return weight * x * (K1 + 1) / (K1 + x);
    }
    const scores = new Map(), matched = new Map();
    for (const t of matches) {
      t.idf = idf(n, t.docs.size);
      const wordIdf = idf(n, t.words.size);
      for (const [doc, tf] of t.docs) {
        let s = bm25f(tf[0], tf[1], LH[doc], LB[doc], t.idf);
        const w = t.words.get(doc);
        if (w) s += m.ww * bm25f(w[0], w[1], LH[doc], LB[doc], wordIdf);
        scores.set(doc, (scores.get(doc) || 0) + s);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      }
    }
    const hits = [];
    for (const [doc, score] of scores) hits.push({ doc: doc, score: score, matched: matched.get(doc), key: Math.floor(score * 1e6 + 0.5) });
    hits.sort((a, b) => b.matched - a.matched || b.key - a.key || a.doc - b.doc);
    return hits;
  }
  /** All hits of a query, best first: {terms, matches, hits}. */
  function search(index, query) {
    const terms = parseQuery(query);
    return Promise.all(terms.map((t) => matchTerm(index, t))).then((matches) => ({
      terms: terms, matches: matches, hits: rank(index, matches),
    }));
  }
  function anchorTerm(matches, doc) {
    let best = null;
    for (const m of matches) {
      const tf = m.docs.get(doc);
      if (tf && tf[1] && (best === null || m.idf > best.idf)) best = m;
    }
    return best;
  }

  // ------------------------------------------------------------ snippets (snippets.py)

  function isWordAt(cs, i) {
    return i >= 0 && i < cs.length && charClass(cs[i]) === 2;
  }
  function tokenAt(tok, cs, i) {
    const kc = Array.from(tok.key);
    for (let k = 0; k < kc.length; k++) if (cs[i + k] !== kc[k]) return false;
    return tok.kind !== "word" || (!isWordAt(cs, i - 1) && !isWordAt(cs, i + kc.length));
  }
  function termStarts(term, cs, from) {
    const out = [];
    for (let p = from || 0; p < cs.length; p++) {
      if (term.tokens.every((t) => tokenAt(t, cs, p + t.rel))) out.push(p);
    }
    return out;
  }
  function highlightSpans(terms, cs) {
    const spans = [];
    for (const t of terms) for (const p of termStarts(t, cs, 0)) spans.push([p, p + t.span]);
    spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    return merged;
  }
  /** Snippet from a text block: {text, spans} with the same window as the terminal's. */
  function snippet(block, terms, anchor, k, meta) {
    const chars = Array.from(block.x), cs = chars.map(foldChar), o = block.o, n = block.n;
    let start = 0, end = Math.min(n, meta.before + meta.after);
    if (anchor) {
      const first = termStarts(anchor.term, cs, Math.max(0, k * meta.block - o))[0];
      if (first !== undefined) {
        start = Math.max(0, o + first - meta.before);
        end = Math.min(n, o + first + meta.after);
      }
    }
    const lead = start > 0 ? "…" : "", tail = end < n ? "…" : "";
    const spans = [];
    for (const s of highlightSpans(terms, cs)) {
      const a = Math.max(s[0] + o, start), b = Math.min(s[1] + o, end);
      if (a < b) spans.push([a - start + lead.length, b - start + lead.length]);
    }
    const text = lead + chars.slice(start - o, end - o).join("").replace(/\n/g, " ") + tail;
    return { text: text, spans: spans };
  }

  const api = {
    fold: fold, parseQuery: parseQuery, decode: decode, Index: Index, search: search,
    anchorTerm: anchorTerm, snippet: snippet, highlightSpans: highlightSpans,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ------------------------------------------------------------ loading data files

  const waiting = new Map();
  root.__nas = function (name, data) {
    const w = waiting.get(name);
    if (w) { waiting.delete(name); w.resolve(data); }
  };
  function loader(base) {
    return function (name, version) {
      return new Promise((resolve, reject) => {
        const s = document.createElement("script");
        waiting.set(name, { resolve: resolve });
        s.src = base + name + ".js" + (version ? "?v=" + version : "");
        s.async = true;
        s.onload = () => { s.remove(); if (waiting.delete(name)) reject(new Error(name + ": no data")); };
        s.onerror = () => { s.remove(); waiting.delete(name); reject(new Error(name + ": not found")); };
        document.head.appendChild(s);
      });
    };
  }

  // ------------------------------------------------------------ the search page

  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  if (!form || !input || !list || !status) return;
  const filters = {
    city: form.elements.namedItem("city"), topic: form.elements.namedItem("topic"),
    year: form.elements.namedItem("year"), sort: form.elements.namedItem("sort"),
  };
  const filterBox = document.getElementById("search-filters");
  const siteRoot = form.getAttribute("data-root") || "../";
  const load = loader(form.getAttribute("data-base") || "");
  const PAGE = 10;
  let indexPromise = null, run = 0, current = null, shown = 0, timer = 0;

  function index() {
    if (!indexPromise) {
      indexPromise = load("meta").then((meta) => new Index(meta, load));
      indexPromise.catch(() => { indexPromise = null; });
    }
    return indexPromise;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function marked(parent, text, spans) {
    let last = 0;
    for (const s of spans) {
      if (s[0] > last) parent.appendChild(document.createTextNode(text.slice(last, s[0])));
      parent.appendChild(el("mark", "", text.slice(s[0], s[1])));
      last = s[1];
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  /** Spans in code-point offsets → spans in UTF-16 offsets of the same text. */
  function utf16Spans(text, spans) {
    if (text.length === Array.from(text).length) return spans;
    const units = [0];
    for (const ch of text) units.push(units[units.length - 1] + ch.length);
    return spans.map((s) => [units[s[0]], units[s[1]]]);
  }
  function markedText(parent, text, terms) {
    return marked(parent, text, utf16Spans(text, highlightSpans(terms, fold(text))));
  }

  function readState() {
    const p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    for (const name of Object.keys(filters)) {
      const sel = filters[name], value = p.get(name) || "";
      if (!sel) continue;
      if (value && !Array.from(sel.options).some((o) => o.value === value)) sel.appendChild(new Option(value, value));
      sel.value = value;
    }
  }
  function writeState() {
    const p = new URLSearchParams();
    if (input.value.trim()) p.set("q", input.value.trim());
    for (const name of Object.keys(filters)) if (filters[name] && filters[name].value) p.set(name, filters[name].value);
    const qs = p.toString();
    try {
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    } catch (e) { /* some browsers refuse for file:// pages */ }
  }

  function facetOf(idx, doc, name) {
    if (name === "city") return idx.city[doc] ? [idx.meta.cities[idx.city[doc] - 1]] : [];
    if (name === "topic") return idx.topics[doc].map((t) => idx.meta.topics[t]);
    if (name === "year") return idx.date[doc] ? [String(Math.floor(idx.date[doc] / 10000))] : [];
    return [];
  }
  const FACETS = ["city", "topic", "year"];
  const FACET_ALL = { city: "全部城市", topic: "全部主题", year: "全部年份" };
  function applyFilters(idx, hits, except) {
    return hits.filter((h) => FACETS.every((f) => f === except || !filters[f] || !filters[f].value ||
      facetOf(idx, h.doc, f).indexOf(filters[f].value) >= 0));
  }
  function fillFacets(idx, hits) {
    for (const f of FACETS) {
      const sel = filters[f];
      if (!sel) continue;
      const counts = new Map();
      for (const h of applyFilters(idx, hits, f)) for (const v of facetOf(idx, h.doc, f)) counts.set(v, (counts.get(v) || 0) + 1);
      let values = Array.from(counts.keys());
      if (f === "year") values.sort((a, b) => b.localeCompare(a));
      else {
        const order = f === "city" ? idx.meta.cities : idx.meta.topics;
        values.sort((a, b) => counts.get(b) - counts.get(a) || order.indexOf(a) - order.indexOf(b));
      }
      const chosen = sel.value;
      if (chosen && !counts.has(chosen)) values.unshift(chosen);
      sel.textContent = "";
      sel.appendChild(new Option(FACET_ALL[f], ""));
      for (const v of values) sel.appendChild(new Option(v + "（" + (counts.get(v) || 0) + "）", v));
      sel.value = chosen;
    }
  }

  function setStatus(parts, cls) {
    status.textContent = "";
    status.className = "search-status" + (cls ? " " + cls : "");
    for (const p of parts) status.appendChild(typeof p === "string" ? document.createTextNode(p) : p);
  }

  function show(q) {
    const mine = ++run;
    const started = performance.now();
    writeState();
    if (!parseQuery(q).length) {
      current = null;
      list.textContent = "";
      if (more) more.hidden = true;
      if (filterBox) filterBox.hidden = true;
      setStatus(q.trim() ? ["请输入汉字、字母或数字。"] : []);
      return Promise.resolve();
    }
    setStatus(["正在检索……"], "busy");
    return index().then((idx) => search(idx, q).then((res) => {
      if (mine !== run) return;
      fillFacets(idx, res.hits);
      let hits = applyFilters(idx, res.hits);
      if (filters.sort && filters.sort.value === "date") {
        const rankOf = new Map(res.hits.map((h, i) => [h.doc, i]));
        hits = hits.slice().sort((a, b) => idx.date[b.doc] - idx.date[a.doc] || rankOf.get(a.doc) - rankOf.get(b.doc));
      }
      current = { idx: idx, res: res, hits: hits, q: q, started: started };
      shown = 0;
      list.textContent = "";
      if (filterBox) filterBox.hidden = false;
      return renderMore(mine).then(() => summarize(mine));
    })).catch((err) => {
      if (mine !== run) return;
      list.textContent = "";
      setStatus(["搜索索引未能加载（" + err.message + "）。可以在命令行中检索：python build.py search 关键词"], "error");
    });
  }

  function summarize(mine) {
    if (mine !== run || !current) return;
    const c = current, terms = c.res.terms, total = c.res.hits.length;
    const ms = Math.round(performance.now() - c.started);
    status.setAttribute("data-ms", String(ms));
    const quoted = "“" + terms.map((t) => t.text).join(" ") + "”";
    if (!c.hits.length) {
      const tips = el("ul", "search-tips");
      const filtered = total > 0;
      tips.appendChild(el("li", "", filtered ? "当前筛选条件下没有结果；不加筛选时有 " + total + " 篇。" : "检查是否有错别字，或换一个更短的片段。"));
      if (terms.length > 1) tips.appendChild(el("li", "", "多个词之间用空格分开；每个词会分别检索。"));
      if (filtered) {
        const clear = el("button", "linklike", "清除筛选");
        clear.type = "button";
        clear.addEventListener("click", () => {
          for (const f of FACETS) if (filters[f]) filters[f].value = "";
          show(input.value);
        });
        const li = el("li");
        li.appendChild(clear);
        tips.appendChild(li);
      }
      setStatus([el("strong", "", "没有找到包含" + quoted + "的文章。"), tips], "empty");
      return;
    }
    const complete = c.res.hits.filter((h) => h.matched === terms.length).length;
    let text = "找到 " + total + " 篇文章";
    if (terms.length > 1) text += "，其中 " + complete + " 篇包含全部 " + terms.length + " 个词";
    if (c.hits.length !== total) text += "；筛选后 " + c.hits.length + " 篇";
    setStatus([text + "。"]);
  }

  function renderMore(mine) {
    const c = current;
    const page = c.hits.slice(shown, shown + PAGE);
    shown += page.length;
    const items = page.map((h) => {
      const anchor = anchorTerm(c.res.matches, h.doc);
      const k = anchor ? Math.max(0, anchor.docs.get(h.doc)[2]) : 0;
      return c.idx.block(h.doc, k).then((block) => ({ h: h, block: block, anchor: anchor, k: k }));
    });
    return Promise.all(items).then((rows) => {
      if (mine !== run) return;
      const start = list.children.length;
      for (const r of rows) list.appendChild(resultItem(r, c));
      if (more) more.hidden = shown >= c.hits.length;
      return start;
    });
  }

  function resultItem(r, c) {
    const b = r.block, terms = c.res.terms;
    const li = el("li", "search-hit");
    const h = el("h2", "hit-title");
    const a = el("a");
    a.href = siteRoot + b.u + "index.html";
    markedText(a, b.t, terms);
    h.appendChild(a);
    li.appendChild(h);
    for (const head of b.h) markedText(li.appendChild(el("p", "hit-head")), head, terms);
    const facts = [b.c, b.d].filter(Boolean).join(" · ");
    if (facts) li.appendChild(el("p", "hit-meta", facts));
    const s = snippet(b, terms, r.anchor, r.k, c.idx.meta);
    marked(li.appendChild(el("p", "hit-snippet")), s.text, utf16Spans(s.text, s.spans));
    return li;
  }

  // ------------------------------------------------------------ events

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => show(input.value), 120);
  }
  input.addEventListener("input", (e) => { if (!e.isComposing) schedule(); });
  input.addEventListener("compositionend", schedule);
  input.addEventListener("focus", () => { index().catch(() => {}); }, { once: true });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    show(input.value);
  });
  for (const name of Object.keys(filters)) {
    if (filters[name]) filters[name].addEventListener("change", () => show(input.value));
  }
  if (more) {
    more.addEventListener("click", () => {
      if (!current) return;
      const mine = run, first = list.children.length;
      renderMore(mine).then(() => {
        const link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
  }
  function links() {
    return Array.from(list.querySelectorAll(".hit-title a"));
  }
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener("keydown", (e) => {
    const all = links(), i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); input.select(); }
  });
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && t !== input &&
        !(t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  window.addEventListener("popstate", () => { readState(); show(input.value); });

  root.NewsarchiveSearch = {
    api: api,
    index: index,
    /** Ranked documents of a query (for tests and benchmarks). */
    query: (q) => index().then((idx) => search(idx, q)).then((r) => r.hits.map((h) => ({ doc: h.doc, score: h.score, matched: h.matched }))),
    show: show,
  };
  readState();
  if (input.value.trim()) show(input.value);
})(typeof window !== "undefined" ? window : globalThis);
