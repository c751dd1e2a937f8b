// Ballot-by-ballot entry (nhập tay từng phiếu), keyboard only: the digits toggle a name by its
// number, Enter saves the ballot and opens the next, X marks it invalid (then the reason's
// number), ↑/↓ go back to fix a ballot, Delete takes one out. Every ballot is sent as soon as it
// is saved, one request at a time, with its own key (a request sent twice is one ballot); what
// is not yet confirmed by the server waits in localStorage, so a crash loses at most the
// ballot being typed.
(function () {
  "use strict";
  var setupNode = document.getElementById("entry-setup");
  if (!setupNode) return;
  var setup = JSON.parse(setupNode.textContent);
  var W = setup.words;
  var approve = setup.form === "approve";
  var n = setup.names.length;
  var keep = approve ? "A" : "K";
  var csrf = (document.querySelector("#finish-form input[name=csrfmiddlewaretoken]") || {}).value;
  var rows = setup.rows.map(function (r) { return {key: r.key, position: r.position, marks: r.marks, ruling: r.ruling, saved: true}; });
  var queue = load();
  var cur = rows.length;          // the ballot open: rows[cur], or a new one at rows.length
  var draft = fresh();
  var typed = "";
  var mode = "";                  // "" | "x" (choose a reason) | "c" both boxes | "t" neither
  var busy = false;
  var $ = function (id) { return document.getElementById(id); };

  function fresh() { return {key: newKey(), marks: repeat(keep, n), ruling: ""}; }
  function repeat(c, k) { var s = ""; for (var i = 0; i < k; i++) s += c; return s; }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(setup.store) || "[]"); } catch (e) { return []; }
  }
  function persist() { try { localStorage.setItem(setup.store, JSON.stringify(queue)); } catch (e) { /* private mode */ } }

  // Ballots typed before a crash and never confirmed: shown again and sent again.
  queue.forEach(function (item) {
    var known = rows.filter(function (r) { return r.key === item.key; })[0];
    if (known) { known.marks = item.marks; known.ruling = item.ruling; known.saved = false; }
    else rows.push({key: item.key, position: rows.length + 1, marks: item.marks, ruling: item.ruling, saved: false});
  });
  cur = rows.length;

  function words(marks, ruling) {
    if (ruling) {
      var r = setup.reasons.filter(function (x) { return x[0] === ruling; })[0];
      return W.invalid + ": " + (r ? r[1] : ruling);
    }
    var out = [];
    if (!approve) {
      for (var i = 0; i < n; i++) if (marks[i] === "S") out.push(i + 1);
      return out.length ? W.struck + " " + out.join(", ") : W.none;
    }
    var names = {D: W.disagree, B: W.both, N: W.blank};
    for (var j = 0; j < n; j++) if (names[marks[j]]) out.push((j + 1) + " " + names[marks[j]]);
    return out.length ? out.join("; ") : W.all;
  }

  function setMark(number, code) {
    var m = draft.marks.split("");
    m[number - 1] = code;
    draft.marks = m.join("");
  }
  function toggle(number) {
    if (number < 1 || number > n) { problem(W.no_such + " " + number + "."); return; }
    var now = draft.marks[number - 1];
    if (!approve) setMark(number, now === "S" ? "K" : "S");
    else if (mode === "c") setMark(number, now === "B" ? "A" : "B");
    else if (mode === "t") setMark(number, now === "N" ? "A" : "N");
    else setMark(number, now === "A" ? "D" : "A");
    mode = "";
  }
  function commit() {
    if (!typed) return;
    var number = parseInt(typed, 10);
    typed = "";
    toggle(number);
  }

  function open(index) {
    commit();
    if (cur === rows.length) stash = draft;
    cur = Math.max(0, Math.min(index, rows.length));
    draft = cur === rows.length ? (stash || fresh()) : {key: rows[cur].key, marks: rows[cur].marks, ruling: rows[cur].ruling};
    mode = "";
    render();
  }
  var stash = null;

  function save() {
    commit();
    var item = {key: draft.key, marks: draft.marks, ruling: draft.ruling};
    if (cur === rows.length) {
      rows.push({key: item.key, position: rows.length + 1, marks: item.marks, ruling: item.ruling, saved: false});
      stash = null;
    } else {
      var row = rows[cur];
      row.marks = item.marks; row.ruling = item.ruling; row.saved = false;
    }
    queue = queue.filter(function (q) { return q.key !== item.key; });
    queue.push(item);
    persist();
    cur = cur + 1;
    draft = cur === rows.length ? fresh() : {key: rows[cur].key, marks: rows[cur].marks, ruling: rows[cur].ruling};
    mode = "";
    render();
    send();
  }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}});
  }

  function send() {
    if (busy || !queue.length) { showPending(); return; }
    busy = true;
    showPending();
    var item = queue[0];
    post(setup.save, item).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, status: response.status, answer: answer}; });
    }).then(function (result) {
      busy = false;
      if (result.ok) {
        var row = rows.filter(function (r) { return r.key === item.key; })[0];
        if (row) { row.position = result.answer.position; row.saved = true; }
        queue.shift();
        persist();
        totals(result.answer.totals);
        problem("");
      } else {
        // Refused (the entry is finished, the count confirmed…): say why, keep the others.
        problem(result.answer.error || String(result.status));
        if (result.status !== 503) { queue.shift(); persist(); }
      }
      render();
      if (result.ok || result.status !== 503) send(); else setTimeout(send, 2000);
    }).catch(function () {
      busy = false;
      showPending(W.offline);
      setTimeout(send, 2000);
    });
  }

  function remove() {
    if (cur >= rows.length) return;
    if (queue.length) { problem(W.wait); return; }
    if (!window.confirm(W.sure)) return;
    post(setup.remove, {key: rows[cur].key}).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
    }).then(function (result) {
      if (!result.ok) { problem(result.answer.error); return; }
      rows = result.answer.rows.map(function (r) { return {key: r.key, position: r.position, marks: r.marks, ruling: r.ruling, saved: true}; });
      totals(result.answer.totals);
      cur = Math.min(cur, rows.length);
      draft = cur === rows.length ? fresh() : {key: rows[cur].key, marks: rows[cur].marks, ruling: rows[cur].ruling};
      render();
    }).catch(function () { problem(W.offline); });
  }

  function totals(t) {
    if (!t) return;
    $("t-ballots").textContent = t.ballots;
    $("t-valid").textContent = t.valid;
    $("t-invalid").textContent = t.invalid;
    t.votes.forEach(function (v, i) {
      var node = document.querySelector('[data-votes="' + (i + 1) + '"]');
      if (node) node.textContent = v;
    });
  }
  function problem(text) { var p = $("problem"); p.textContent = text; p.hidden = !text; }
  function showPending(text) {
    $("pending").textContent = text || (queue.length ? W.saving + " " + queue.length + "…" : "");
  }

  function render() {
    var editing = cur < rows.length;
    $("row-title").textContent = W.ballot + " " + (cur + 1) + (editing ? " — " + W.fixing : "");
    $("typed").textContent = typed;
    var badge = $("mode");
    badge.hidden = !mode;
    badge.textContent = mode === "x" ? W.invalid : mode === "c" ? W.both : mode === "t" ? W.blank : "";
    $("row-words").textContent = words(draft.marks, draft.ruling);
    $("reason-box").hidden = mode !== "x";
    document.querySelectorAll("#names button").forEach(function (b) {
      var code = draft.marks[parseInt(b.dataset.number, 10) - 1];
      b.className = "en-" + code;
      b.setAttribute("aria-pressed", code === keep ? "false" : "true");
      b.querySelector(".en-mark").textContent = code === keep ? "" : (approve ? ({D: W.disagree, B: W.both, N: W.blank})[code] : W.struck);
    });
    $("entry").classList.toggle("en-invalid", !!draft.ruling);
    var list = $("rows");
    list.innerHTML = "";
    for (var i = rows.length - 1; i >= 0 && i >= rows.length - 30; i--) {
      var li = document.createElement("li");
      li.value = rows[i].position;
      li.dataset.index = i;
      li.textContent = words(rows[i].marks, rows[i].ruling) + (rows[i].saved ? "" : " …");
      if (i === cur) li.className = "current";
      list.appendChild(li);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var inNames = target.closest && target.closest("#names");
    if (target.tagName === "BUTTON" && !inNames && event.key === "Enter") return;
    if (target.tagName === "SELECT" || (target.tagName === "INPUT" && target.id !== "keys")) return;
    var key = event.key;
    var handled = true;
    if (key >= "0" && key <= "9") {
      if (mode === "x") {
        var reason = setup.reasons[parseInt(key, 10) - 1];
        if (reason) { draft.ruling = reason[0]; mode = ""; }
      } else {
        typed += key;
        if (parseInt(typed, 10) * 10 > n) commit();
      }
    } else if (key === " ") commit();
    else if (key === "Enter") save();
    else if (key === "x" || key === "X" || key === "*") {
      commit();
      if (draft.ruling) { draft.ruling = ""; mode = ""; } else mode = mode === "x" ? "" : "x";
    } else if (approve && (key === "c" || key === "C")) { commit(); mode = mode === "c" ? "" : "c"; }
    else if (approve && (key === "t" || key === "T")) { commit(); mode = mode === "t" ? "" : "t"; }
    else if (key === "Backspace") typed = typed.slice(0, -1);
    else if (key === "Escape") {
      typed = ""; mode = "";
      draft = cur === rows.length ? fresh() : {key: rows[cur].key, marks: rows[cur].marks, ruling: rows[cur].ruling};
    } else if (key === "ArrowUp" || key === "PageUp") { open(cur - 1); }
    else if (key === "ArrowDown" || key === "PageDown") { open(cur + 1); }
    else if (key === "Delete") remove();
    else handled = false;
    if (handled) { event.preventDefault(); render(); }
  });

  document.querySelectorAll("#names button").forEach(function (b) {
    b.addEventListener("click", function () { commit(); toggle(parseInt(b.dataset.number, 10)); render(); });
  });
  document.querySelectorAll("#reason-box button").forEach(function (b) {
    b.addEventListener("click", function () { draft.ruling = b.dataset.reason; mode = ""; render(); });
  });
  $("save").addEventListener("click", save);
  $("invalid").addEventListener("click", function () { if (draft.ruling) { draft.ruling = ""; mode = ""; } else mode = "x"; render(); });
  $("back").addEventListener("click", function () { open(cur - 1); });
  $("forward").addEventListener("click", function () { open(cur + 1); });
  $("remove").addEventListener("click", remove);
  $("rows").addEventListener("click", function (event) {
    var li = event.target.closest("li");
    if (li) open(parseInt(li.dataset.index, 10));
  });
  $("finish-form").addEventListener("submit", function (event) {
    if (queue.length) { event.preventDefault(); problem(W.wait); return; }
    if (!window.confirm(W.done)) event.preventDefault();
  });
  totals(setup.totals);
  render();
  $("keys").focus();
  send();
})();
