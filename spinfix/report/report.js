(function () {
  "use strict";
  var data = null, pinned = null, shown = null, marks = null;
  document.documentElement.classList.add("js");
  var body = document.getElementById("panel-body");
  var live = document.getElementById("announce");
  var hint = body.innerHTML === "" ? null : Array.prototype.slice.call(body.childNodes);
  function load() {
    if (!data) { data = JSON.parse(document.getElementById("spinfix-data").textContent); }
    return data;
  }
  function s(i) { return load().strings[i]; }
  function markOf(node) {
    return node && node.nodeType === 1 && node.closest ? node.closest("mark.f, mark.r") : null;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function row(dl, key, value) {
    if (value === "" || value === null || value === undefined) { return; }
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, value));
  }
  function finding(mark) {
    var box = mark.closest("[data-doc], [data-rdoc]");
    var doc = +(box.getAttribute("data-doc") || box.getAttribute("data-rdoc"));
    var d = load().docs[doc];
    return { doc: d, f: d.findings[+mark.getAttribute("data-i")], i: +mark.getAttribute("data-i") };
  }
  function clear() { while (body.firstChild) { body.removeChild(body.firstChild); } }
  function showHint() {
    shown = null; clear();
    if (hint) { hint.forEach(function (n) { body.appendChild(n); }); }
  }
  function show(mark) {
    if (!mark) { showHint(); return; }
    if (mark === shown) { return; }
    shown = mark;
    var x = finding(mark), f = x.f, band = s(f[14]), restore = s(f[7]) === "restore";
    clear();
    body.appendChild(el("p", "muted", x.doc.name + " \u00b7 finding " + (x.i + 1) + " of " + x.doc.findings.length));
    var swap = el("p", "swap");
    swap.appendChild(el("span", "spun", s(f[0])));
    swap.appendChild(el("span", "arrow", "\u2192"));
    swap.appendChild(el("span", "restored", s(f[1])));
    body.appendChild(swap);
    var st = el("p", "status");
    var label = band === "high" ? "near certain" : band === "mid" ? "likely" : "possible";
    st.appendChild(el("span", "badge b-" + band, label));
    st.appendChild(document.createTextNode(restore ? "spinfix restores this" : "reported only, not restored"));
    body.appendChild(st);
    var bar = el("div", "scorebar"), fill = el("span", "b-" + band);
    fill.style.width = Math.round(f[3] * 100) + "%";
    bar.appendChild(fill);
    var dl = el("dl", "kv");
    row(dl, "Score", f[3].toFixed(3) + " (probability it is a spinner's swap)");
    body.appendChild(dl);
    body.appendChild(bar);
    dl = el("dl", "kv");
    if (f[2].length) { row(dl, "Alternatives", f[2].map(s).join(", ")); }
    row(dl, "Rule", s(f[4]) + " \u00b7 " + s(f[5]));
    row(dl, "Reason", s(f[6]));
    row(dl, "Entry", s(f[8]));
    row(dl, "Where", "line " + f[12] + ", column " + f[13] + " (characters " + f[10] + "\u2013" + f[11] + ")");
    body.appendChild(dl);
    if (f[9].length) {
      var t = el("table", "ev");
      t.appendChild(el("caption", null, "Evidence (log-odds, + means spun)"));
      var tb = el("tbody");
      f[9].forEach(function (e) {
        var tr = el("tr"), v = e[1];
        tr.appendChild(el("td", null, s(e[0])));
        tr.appendChild(el("td", "lo " + (v >= 0 ? "pos" : "neg"), (v >= 0 ? "+" : "\u2212") + Math.abs(v).toFixed(2)));
        var why = el("td", "why", s(e[3]));
        why.appendChild(el("span", "detail", s(e[2])));
        tr.appendChild(why);
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      body.appendChild(t);
    }
  }
  function reveal(node) {
    var d = node.closest("details");
    if (d && !d.open) { d.open = true; marks = null; }
  }
  function pin(mark) {
    reveal(mark);
    if (pinned === mark) { show(mark); return; }
    if (pinned) { pinned.classList.remove("current"); pinned.setAttribute("aria-pressed", "false"); }
    pinned = mark;
    mark.classList.add("current");
    mark.setAttribute("aria-pressed", "true");
    show(mark);
    var f = finding(mark).f;
    live.textContent = s(f[0]) + " \u2192 " + s(f[1]) + ", score " + f[3].toFixed(2);
  }
  function visibleMarks() {
    // The highlights a reader can see: in the view each document shows, in open, unfiltered documents.
    var out = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-doc], [data-rdoc]"), function (box) {
      var d = box.closest("details"), sec = box.closest("section");
      if (box.hidden || (d && !d.open) || (sec && sec.hidden)) { return; }
      Array.prototype.push.apply(out, box.querySelectorAll("mark.f, mark.r"));
    });
    return out;
  }
  function unpin() {
    if (pinned) { pinned.classList.remove("current"); pinned.setAttribute("aria-pressed", "false"); }
    pinned = null; showHint();
  }
  function setView(doc, restored) {
    var spun = document.querySelector('[data-doc="' + doc + '"]');
    var rest = document.querySelector('[data-rdoc="' + doc + '"]');
    var b = document.querySelector('[data-toggle="' + doc + '"]');
    if (!spun || !rest) { return; }
    spun.hidden = restored; rest.hidden = !restored;
    if (b) {
      b.setAttribute("aria-pressed", restored ? "true" : "false");
      b.textContent = restored ? "Show spun text" : "Show restored text";
    }
    marks = null;
    if (pinned && pinned.closest("[hidden]")) { unpin(); }
  }
  function toggle(button) {
    var key = button.getAttribute("data-toggle"), restored = button.getAttribute("aria-pressed") !== "true";
    if (key === "all") {
      Array.prototype.forEach.call(document.querySelectorAll("[data-doc]"), function (box) {
        setView(box.getAttribute("data-doc"), restored);
      });
      button.setAttribute("aria-pressed", restored ? "true" : "false");
      button.textContent = restored ? "Show spun text everywhere" : "Show restored text everywhere";
    } else {
      setView(key, restored);
    }
    live.textContent = restored ? "Showing the restored text" : "Showing the spun text";
  }
  function arrange() {
    // Filter by verdict and sort by spin score: documents and index rows alike.
    var keep = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (c) {
      keep[c.getAttribute("data-filter")] = c.checked;
    });
    var sel = document.getElementById("sort"), how = sel ? sel.value : "order";
    [document.getElementById("docs"), document.querySelector(".index tbody")].forEach(function (parent) {
      if (!parent) { return; }
      var items = Array.prototype.filter.call(parent.children, function (n) { return n.hasAttribute("data-score"); });
      items.sort(function (a, b) {
        var d = how === "order" ? 0 : (+a.getAttribute("data-score") - +b.getAttribute("data-score")) * (how === "asc" ? 1 : -1);
        return d || (+a.getAttribute("data-order") - +b.getAttribute("data-order"));
      });
      items.forEach(function (n) {
        n.hidden = keep[n.getAttribute("data-verdict")] === false;
        parent.appendChild(n);
      });
    });
    marks = null;
    if (pinned && pinned.closest("[hidden]")) { unpin(); }
  }
  document.addEventListener("change", function (e) {
    if (e.target && (e.target.hasAttribute("data-filter") || e.target.id === "sort")) { arrange(); }
  });
  document.addEventListener("toggle", function () { marks = null; }, true);
  function step(delta) {
    if (!marks) { marks = visibleMarks(); }
    if (!marks.length) { return; }
    var i = pinned ? Array.prototype.indexOf.call(marks, pinned) + delta : (delta > 0 ? 0 : marks.length - 1);
    var m = marks[(i + marks.length) % marks.length];
    m.focus({ preventScroll: true });
    m.scrollIntoView({ block: "center" });
    pin(m);
  }
  document.addEventListener("click", function (e) {
    var m = markOf(e.target);
    if (m) { pin(m); return; }
    var b = e.target.closest ? e.target.closest("[data-step]") : null;
    if (b) { step(+b.getAttribute("data-step")); return; }
    var t = e.target.closest ? e.target.closest("[data-toggle]") : null;
    if (t) { toggle(t); return; }
    var a = e.target.closest ? e.target.closest("a") : null;
    var href = a && (a.getAttribute("href") || a.getAttribute("xlink:href"));
    if (href && href.charAt(0) === "#") {
      var target = document.getElementById(href.slice(1));
      if (target && target.matches("mark.f") && target.closest("[hidden]")) {
        // The spun view is hidden: its restored counterpart, or back to the spun view for a report-only one.
        var other = document.getElementById(target.id.replace(/-f(\d+)$/, "-r$1"));
        if (other && !other.closest("[hidden]")) { target = other; }
        else { setView(target.closest("[data-doc]").getAttribute("data-doc"), false); }
      }
      if (target && target.matches("mark.f, mark.r")) {
        e.preventDefault();
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
        pin(target);
      }
    }
  });
  document.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) { pin(m); } });
  document.addEventListener("mouseover", function (e) { var m = markOf(e.target); if (m) { show(m); } });
  document.addEventListener("mouseout", function (e) {
    if (markOf(e.target) && !markOf(e.relatedTarget)) { show(pinned); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pin(m); return; }
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON" || tag === "SELECT") { return; }
    if (e.key === "j" || e.key === "n") { e.preventDefault(); step(1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); step(-1); }
    else if (e.key === "Escape" && pinned) { unpin(); }
  });
})();
