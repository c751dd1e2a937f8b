// The station's upload: files chosen or dropped are sent one by one (a file that fails is
// told and the others go on); without this script the form sends them all at once.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  var input = document.getElementById("files");
  var list = document.getElementById("upload-list");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var busy = false;
  var queue = [];
  var vi = document.documentElement.lang !== "en";
  var words = vi
    ? { sending: "đang gửi…", queued: "đã nhận, đang đọc", duplicate: "đã nhận trước đó, không đếm lại", failed: "lỗi mạng, hãy gửi lại tệp này" }
    : { sending: "sending…", queued: "received, being read", duplicate: "received before, not counted again", failed: "network error, send this file again" };

  function line(file) {
    var li = document.createElement("li");
    li.textContent = file.name + ": " + words.sending;
    list.appendChild(li);
    return li;
  }

  function next() {
    if (busy) return;
    var item = queue.shift();
    if (!item) {
      if (window.htmx) window.htmx.trigger("#live", "load");
      return;
    }
    busy = true;
    var body = new FormData();
    body.append("files", item.file);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      var d = answer.data;
      if (d.error) { item.li.textContent = item.file.name + ": " + d.error; item.li.className = "error"; }
      else if (d.problems && d.problems.length) { item.li.textContent = item.file.name + ": " + d.problems.join("; "); item.li.className = "error"; }
      else if (d.queued) { item.li.textContent = item.file.name + ": " + words.queued; }
      else { item.li.textContent = item.file.name + ": " + words.duplicate; }
    }).catch(function () {
      item.li.textContent = item.file.name + ": " + words.failed;
      item.li.className = "error";
    }).then(function () { busy = false; next(); });
  }

  function add(files) {
    for (var i = 0; i < files.length; i++) queue.push({ file: files[i], li: line(files[i]) });
    next();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.files);
    input.value = "";
  });
  input.addEventListener("change", function () { add(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (event) { event.preventDefault(); form.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function () { form.classList.remove("over"); });
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files) add(event.dataTransfer.files);
  });
})();
