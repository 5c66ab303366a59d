// The live editor page: checks the draft through this server's JSON API as it is typed and
// draws the findings behind the words. Every request goes to this server, by a path starting
// with /api/ (a test in page.rs checks it), and text is only ever put in the page as text.
(function () {
  "use strict";

  // After the last keystroke, how long to wait before checking.
  var DEBOUNCE_MS = 300;
  // The colour of a category that is not built in (the HTML report's first custom colour).
  var GREY = "#78716c";
  var SEVERITIES = ["error", "warning", "info"];

  var draft = document.getElementById("draft");
  var mirror = document.getElementById("mirror");
  var list = document.getElementById("findings");
  var count = document.getElementById("count");
  var statusLine = document.getElementById("status");
  var reportButton = document.getElementById("report");
  var legend = document.getElementById("categories");
  var severities = document.getElementById("severities");
  var detail = document.getElementById("detail");
  var detailItems = document.getElementById("detail-items");
  var detailTitle = document.getElementById("detail-title");
  var nav = document.querySelector("nav.controls");

  // Category name -> {name, colour, order}; built-in ones from /api/categories.
  var categories = Object.create(null);
  // The findings, with their spans in UTF-16 units (JavaScript string indices) of `text`.
  var findings = [];
  // The text the findings' spans are in: always the text area's, once the input is handled.
  var text = "";
  // Filters: "c:<category>" or "s:<severity>" -> true when unchecked.
  var hidden = Object.create(null);
  // The findings shown in the detail panel.
  var selected = [];
  // Rule id -> promise of its explanation.
  var explanations = Object.create(null);
  // The number of the latest check sent; answers to earlier ones are dropped.
  var sequence = 0;
  var timer = 0;
  var pending = null;

  // ----- Small helpers -----

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function setStatus(message, state) {
    statusLine.textContent = message;
    statusLine.classList.toggle("failed", state === "failed");
    // For tests and scripts: "waiting" (for the typing to stop), "checking", "done" (the
    // findings shown are those of the text) or "failed".
    document.body.setAttribute("data-state", state);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // A category's colour, and its tint for backgrounds.
  function colours(name) {
    var hex = (categories[name] && categories[name].colour) || GREY;
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex) || [null, "78", "71", "6c"];
    var rgb = [1, 2, 3].map(function (i) { return parseInt(m[i], 16); }).join(" ");
    return { c: "rgb(" + rgb + ")", bg: "rgb(" + rgb + " / .15)" };
  }

  function paint(node, category) {
    var c = colours(category);
    node.style.setProperty("--c", c.c);
    node.style.setProperty("--bg", c.bg);
    return node;
  }

  // A message with `code` in backticks, as the report shows it.
  function message(node, words) {
    var parts = String(words).split("`");
    var paired = parts.length % 2 === 1;
    parts.forEach(function (part, i) {
      if (i % 2 === 1 && paired) {
        node.appendChild(element("code", null, part));
      } else {
        node.appendChild(document.createTextNode((i > 0 && !paired ? "`" : "") + part));
      }
    });
    return node;
  }

  function shown(finding) {
    return !hidden["c:" + finding.category] && !hidden["s:" + finding.severity];
  }

  // Line and column (in characters, as the command line counts them) of a UTF-16 offset.
  function position(offset) {
    var before = text.slice(0, offset);
    var lineStart = before.lastIndexOf("\n") + 1;
    var line = before.split("\n").length;
    return { line: line, column: Array.from(before.slice(lineStart)).length + 1 };
  }

  // ----- Keeping spans on their words while the text changes -----

  // The one edit that turns `before` into `after`: what is between the common start and the
  // common end.
  function diff(before, after) {
    var max = Math.min(before.length, after.length);
    var from = 0;
    while (from < max && before.charCodeAt(from) === after.charCodeAt(from)) from++;
    var tail = 0;
    while (tail < max - from &&
      before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
    return { from: from, to: before.length - tail, delta: after.length - before.length };
  }

  // A span after the edit: the same if before it, moved if after it, gone if the edit touched it.
  function move(span, edit) {
    if (span.end <= edit.from) return true;
    if (span.start >= edit.to) {
      span.start += edit.delta;
      span.end += edit.delta;
      return true;
    }
    return false;
  }

  function follow(edit) {
    if (edit.from === edit.to && edit.delta === 0) return;
    findings = findings.filter(function (f) {
      if (!move(f, edit)) return false;
      f.labels = f.labels.filter(function (l) { return move(l, edit); });
      return true;
    });
    selected = selected.filter(function (f) { return findings.indexOf(f) >= 0; });
  }

  // ----- Checking -----

  function schedule() {
    // The findings shown are no longer those of the text, until the next check's answer.
    document.body.setAttribute("data-state", "waiting");
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function check() {
    var sent = draft.value;
    var mine = ++sequence;
    if (pending) pending.abort();
    if (sent.trim() === "") {
      pending = null;
      findings = [];
      selected = [];
      render();
      setStatus("Type or paste a draft: it is checked as you write.", "done");
      return;
    }
    var controller = new AbortController();
    pending = controller;
    setStatus("Checking…", "checking");
    fetch("/api/lint", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: sent }),
      signal: controller.signal,
      cache: "no-store",
    })
      .then(answer)
      .then(function (result) {
        if (mine !== sequence) return;
        pending = null;
        accept(result, sent);
      })
      .catch(function (error) {
        if (mine !== sequence || error.name === "AbortError") return;
        pending = null;
        setStatus("Could not check the text: " + error.message, "failed");
      });
  }

  // The JSON of an answer, or an error with the server's message.
  function answer(response) {
    var kind = response.headers.get("Content-Type") || "";
    if (response.ok) return kind.indexOf("application/json") === 0 ? response.json() : response.blob();
    return response.text().then(function (body) {
      var said = body;
      try { said = JSON.parse(body).error.message; } catch (_) { /* not JSON: the body as it is */ }
      throw new Error(said || response.status + " " + response.statusText);
    });
  }

  function accept(result, sent) {
    var keep = selected.map(key);
    findings = (result.diagnostics || []).map(function (d, i) {
      return {
        index: i,
        rule: d.rule,
        category: d.category,
        severity: d.severity,
        message: d.message,
        help: d.help,
        label: d.label || "",
        start: d.utf16.start,
        end: d.utf16.end,
        labels: (d.labels || []).map(function (l) {
          return { message: l.message, start: l.utf16.start, end: l.utf16.end };
        }),
      };
    });
    // The text may have changed while the server was checking it.
    text = sent;
    follow(diff(sent, draft.value));
    text = draft.value;
    selected = findings.filter(function (f) { return keep.indexOf(key(f)) >= 0; });
    render();
    var s = (result.summary || {});
    var total = findings.length;
    setStatus(total === 0 ? "No findings." : plural(total, "finding") + ": " +
      [plural(s.errors || 0, "error"), plural(s.warnings || 0, "warning"), plural(s.infos || 0, "info")].join(", ") + ".",
      "done");
  }

  function key(f) {
    return f.rule + "@" + f.start + "-" + f.end;
  }

  // ----- Drawing -----

  function render() {
    drawMirror();
    drawLegend();
    drawList();
    reportButton.disabled = draft.value.trim() === "";
    if (!detail.hidden) {
      if (selected.length) markActive(); else closeDetail();
    }
  }

  // The text split at every span boundary; each piece in one mark per finding covering it,
  // outermost first, as the HTML report does.
  function drawMirror() {
    var visible = findings.filter(shown);
    var bounds = [0, text.length];
    visible.forEach(function (f) { bounds.push(f.start, f.end); });
    bounds = bounds.filter(function (b) { return b >= 0 && b <= text.length; })
      .sort(function (a, b) { return a - b; })
      .filter(function (b, i, all) { return i === 0 || all[i - 1] !== b; });
    var out = document.createDocumentFragment();
    var piece = function (f, depth) {
      var mark = paint(element("mark", "hl s-" + f.severity + " d" + Math.min(depth, 4)), f.category);
      mark.setAttribute("data-f", findings.indexOf(f));
      mark.setAttribute("data-rule", f.rule);
      return mark;
    };
    for (var k = 0; k < bounds.length; k++) {
      var a = bounds[k];
      visible.forEach(function (f) {
        if (f.start === a && f.end === a) {
          var bar = piece(f, 0);
          bar.classList.add("empty");
          out.appendChild(bar);
        }
      });
      if (k + 1 >= bounds.length) break;
      var b = bounds[k + 1];
      var covering = visible.filter(function (f) { return f.start <= a && f.end >= b && f.start < f.end; });
      var words = document.createTextNode(text.slice(a, b));
      if (!covering.length) {
        out.appendChild(words);
        continue;
      }
      covering.sort(function (x, y) { return x.start - y.start || y.end - x.end || x.index - y.index; });
      var outer = null;
      var inner = null;
      covering.forEach(function (f, level) {
        var mark = piece(f, covering.length - 1 - level);
        if (inner) inner.appendChild(mark); else outer = mark;
        inner = mark;
      });
      inner.appendChild(words);
      out.appendChild(outer);
    }
    // A last empty line takes room only with something on it.
    if (text === "" || text.charAt(text.length - 1) === "\n") out.appendChild(document.createTextNode(" "));
    mirror.replaceChildren(out);
  }

  // The legend, which is also the filter: a checkbox per category met, with its count; then
  // the severities' counts. Updated in place, so that a checkbox keeps the focus.
  function drawLegend() {
    var counts = Object.create(null);
    findings.forEach(function (f) { counts[f.category] = (counts[f.category] || 0) + 1; });
    var names = Object.keys(counts);
    Object.keys(hidden).forEach(function (h) {
      if (h.indexOf("c:") === 0 && names.indexOf(h.slice(2)) < 0) names.push(h.slice(2));
    });
    var order = function (name) { return categories[name] ? categories[name].order : 1e6; };
    names.sort(function (a, b) { return order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0); });
    var chips = Array.prototype.slice.call(legend.querySelectorAll("label.chip"));
    var current = chips.map(function (chip) { return chip.querySelector("input").value; });
    if (current.join("\n") !== names.join("\n")) {
      var focused = document.activeElement && legend.contains(document.activeElement) ? document.activeElement.value : null;
      chips.forEach(function (chip) { chip.remove(); });
      var none = legend.querySelector(".none");
      none.hidden = names.length > 0;
      names.forEach(function (name, i) {
        var chip = paint(element("label", "chip"), name);
        var input = element("input");
        input.type = "checkbox";
        input.value = name;
        input.id = "fc-" + i;
        input.checked = !hidden["c:" + name];
        chip.appendChild(input);
        chip.appendChild(element("i", "swatch"));
        chip.appendChild(document.createTextNode(name + " "));
        chip.appendChild(element("span", "n"));
        legend.appendChild(chip);
        if (name === focused) input.focus();
      });
    }
    legend.querySelectorAll("label.chip").forEach(function (chip) {
      chip.querySelector(".n").textContent = counts[chip.querySelector("input").value] || 0;
    });
    var bySeverity = { error: 0, warning: 0, info: 0 };
    findings.forEach(function (f) { bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1; });
    SEVERITIES.forEach(function (s) {
      severities.querySelector("#fs-" + s).parentNode.querySelector(".n").textContent = bySeverity[s];
    });
    document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px");
  }

  // A finding's head: severity, rule, category and where it is.
  function head(f) {
    var line = element("span", "head");
    line.appendChild(element("span", "sev " + f.severity, f.severity));
    line.appendChild(element("code", "rule", f.rule));
    var cat = element("span", "cat");
    cat.appendChild(element("i", "swatch"));
    cat.appendChild(document.createTextNode(f.category));
    line.appendChild(cat);
    var p = position(f.start);
    line.appendChild(element("span", "loc", "line " + p.line + ":" + p.column));
    return line;
  }

  function drawList() {
    var visible = findings.filter(shown);
    count.textContent = findings.length ? (visible.length === findings.length ? findings.length
      : visible.length + " of " + findings.length) : "";
    var out = document.createDocumentFragment();
    if (!visible.length) {
      out.appendChild(element("li", "none", findings.length ? "Every finding is filtered out." :
        draft.value.trim() ? "No findings so far." : "Nothing to check yet."));
    }
    visible.forEach(function (f) {
      var li = paint(element("li", "finding s-" + f.severity), f.category);
      li.setAttribute("data-f", findings.indexOf(f));
      li.setAttribute("data-rule", f.rule);
      li.setAttribute("data-start", f.start);
      li.setAttribute("data-end", f.end);
      if (selected.indexOf(f) >= 0) li.classList.add("current");
      var button = element("button", "pick");
      button.type = "button";
      button.appendChild(head(f));
      button.appendChild(message(element("span", "msg"), f.message));
      button.addEventListener("click", function () {
        select([f]);
        var mark = mirror.querySelector('mark[data-f="' + findings.indexOf(f) + '"]');
        if (mark) mark.scrollIntoView({ block: "nearest" });
        reveal();
      });
      li.appendChild(button);
      out.appendChild(li);
    });
    // Keep the focus on the same finding when the list is drawn again.
    var focused = list.contains(document.activeElement) ? document.activeElement.closest("li") : null;
    var again = focused ? focused.getAttribute("data-rule") + "@" + focused.getAttribute("data-start") : null;
    list.replaceChildren(out);
    if (again) {
      list.querySelectorAll("li.finding").forEach(function (li) {
        if (li.getAttribute("data-rule") + "@" + li.getAttribute("data-start") === again) li.querySelector("button").focus();
      });
    }
  }

  // ----- The open finding -----

  function explain(id) {
    if (!explanations[id]) {
      explanations[id] = fetch("/api/rules/" + encodeURIComponent(id)).then(answer);
      explanations[id].catch(function () { delete explanations[id]; });
    }
    return explanations[id];
  }

  function markActive() {
    mirror.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    list.querySelectorAll("li.current").forEach(function (li) { li.classList.remove("current"); });
    selected.forEach(function (f) {
      var i = findings.indexOf(f);
      mirror.querySelectorAll('mark[data-f="' + i + '"]').forEach(function (m) { m.classList.add("active"); });
      var li = list.querySelector('li[data-f="' + i + '"]');
      if (li) li.classList.add("current");
    });
  }

  function select(chosen) {
    selected = chosen;
    markActive();
    detailTitle.textContent = chosen.length === 1 ? "Finding" : chosen.length + " findings here";
    var out = document.createDocumentFragment();
    chosen.forEach(function (f) {
      var item = paint(element("article", "finding s-" + f.severity), f.category);
      item.setAttribute("data-rule", f.rule);
      item.appendChild(head(f));
      item.appendChild(message(element("p", "msg"), f.message));
      var words = element("p", "words");
      words.appendChild(element("span", "q", text.slice(f.start, f.end)));
      if (f.label) {
        words.appendChild(document.createTextNode(" "));
        words.appendChild(element("span", "label", f.label));
      }
      item.appendChild(words);
      f.labels.forEach(function (l) {
        var p = position(l.start);
        var said = "line " + p.line + ":" + p.column + ": " + l.message;
        var also = text.slice(l.start, l.end).trim();
        item.appendChild(element("p", "secondary", also && l.message.indexOf(also) < 0 ? said + " “" + also + "”" : said));
      });
      var help = element("p", "help");
      help.appendChild(element("b", null, "What to do: "));
      help.appendChild(document.createTextNode(f.help));
      item.appendChild(help);
      var why = element("p", "why loading", "Why it matters: loading…");
      item.appendChild(why);
      var links = element("div", "links");
      item.appendChild(links);
      explain(f.rule).then(function (rule) {
        why.classList.remove("loading");
        why.textContent = "";
        if (rule.rationale) {
          why.appendChild(element("b", null, "Why it matters: "));
          why.appendChild(document.createTextNode(rule.rationale));
        } else {
          why.remove();
        }
        if (rule.links && rule.links.length) {
          links.appendChild(element("b", null, "Read more:"));
          var ul = element("ul");
          rule.links.forEach(function (url) {
            var a = element("a", null, url);
            a.href = url;
            a.rel = "noopener noreferrer";
            a.target = "_blank";
            var li = element("li");
            li.appendChild(a);
            ul.appendChild(li);
          });
          links.appendChild(ul);
        }
      }, function (error) {
        why.classList.remove("loading");
        why.textContent = "Why it matters: could not be loaded (" + error.message + ").";
      });
      out.appendChild(item);
    });
    detailItems.replaceChildren(out);
    detail.hidden = false;
    document.body.classList.add("open");
  }

  // On a narrow screen the panel is a sheet over the bottom of the screen: the words it is
  // about are scrolled above it.
  function reveal() {
    var mark = mirror.querySelector("mark.active");
    if (!mark || getComputedStyle(detail).position !== "fixed") return;
    var words = mark.getBoundingClientRect();
    // The sheet grows when the rule's explanation comes: up to half the screen (page.css).
    var sheet = Math.min(detail.getBoundingClientRect().top, window.innerHeight / 2 - 8);
    if (words.bottom + 16 > sheet) window.scrollBy(0, words.bottom + 16 - sheet);
  }

  function closeDetail() {
    selected = [];
    detail.hidden = true;
    document.body.classList.remove("open");
    markActive();
  }

  // The findings at the caret, innermost first: those around it, else those it touches.
  function atCaret() {
    if (draft.selectionStart !== draft.selectionEnd) return [];
    var at = draft.selectionStart;
    var visible = findings.filter(shown);
    var inside = visible.filter(function (f) { return f.start < at && at < f.end; });
    var here = inside.length ? inside : visible.filter(function (f) { return f.start <= at && at <= f.end; });
    return here.sort(function (x, y) { return (x.end - x.start) - (y.end - y.start) || x.index - y.index; });
  }

  // ----- Events -----

  draft.addEventListener("input", function () {
    follow(diff(text, draft.value));
    text = draft.value;
    render();
    schedule();
  });
  // A click on highlighted words opens their findings; a click elsewhere closes them.
  draft.addEventListener("click", function () {
    var here = atCaret();
    if (here.length) {
      select(here);
      reveal();
    } else if (!detail.hidden) {
      closeDetail();
    }
  });
  // Moving the caret onto highlighted words with the keyboard opens their findings too.
  var moves = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
  draft.addEventListener("keyup", function (event) {
    if (moves.indexOf(event.key) < 0) return;
    var here = atCaret();
    if (here.length) {
      select(here);
      reveal();
    }
  });
  // The text area never scrolls (the mirror sizes it), but if it does the highlights follow.
  draft.addEventListener("scroll", function () {
    mirror.style.transform = draft.scrollTop || draft.scrollLeft ?
      "translate(" + -draft.scrollLeft + "px, " + -draft.scrollTop + "px)" : "";
  });
  document.getElementById("detail-close").addEventListener("click", function () {
    closeDetail();
    draft.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !detail.hidden) closeDetail();
  });
  nav.addEventListener("change", function (event) {
    var input = event.target;
    var name = input.closest("#severities") ? "s:" + input.value : "c:" + input.value;
    if (input.checked) delete hidden[name]; else hidden[name] = true;
    selected = selected.filter(shown);
    render();
  });
  window.addEventListener("resize", function () {
    document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px");
  });

  // The report of the text as it is now, downloaded as a file.
  reportButton.addEventListener("click", function () {
    var sent = draft.value;
    reportButton.disabled = true;
    setStatus("Writing the report…", "checking");
    fetch("/api/report", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: sent }),
      cache: "no-store",
    })
      .then(answer)
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = element("a");
        a.href = url;
        a.download = "spinlint-report.html";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        setStatus("The report is downloaded (spinlint-report.html).", "done");
      })
      .catch(function (error) {
        setStatus("Could not write the report: " + error.message, "failed");
      })
      .then(function () {
        reportButton.disabled = draft.value.trim() === "";
      });
  });

  // The categories' colours; until they come, and for a newsroom's own, grey.
  fetch("/api/categories").then(answer).then(function (all) {
    all.forEach(function (c, i) {
      categories[c.name] = { name: c.name, colour: c.builtin ? c.colour : GREY, order: i };
    });
    render();
    if (!detail.hidden) select(selected);
  }, function () { /* grey it is */ });

  // A draft the browser kept (a reload, the back button) is checked at once.
  text = draft.value;
  render();
  if (text.trim()) check(); else setStatus(statusLine.textContent, "done");
})();
