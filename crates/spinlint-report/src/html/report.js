(function () {
  "use strict";
  var pop = document.getElementById("popover");
  var list = pop.querySelector("ol");
  var heading = pop.querySelector(".bar span");
  var nav = document.querySelector("nav.controls");
  var active = null;

  function shown(li) { return li && getComputedStyle(li).display !== "none"; }
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function close() {
    pop.hidden = true;
    if (active) { active.classList.remove("active"); active = null; }
    each("li.finding.current", function (li) { li.classList.remove("current"); });
  }

  // The innermost mark of a segment lists every finding on it, outermost first.
  function open(mark) {
    var inner = mark.hasAttribute("data-findings") ? mark : mark.querySelector("mark[data-findings]");
    if (!inner) return;
    close();
    list.textContent = "";
    var first = null;
    inner.getAttribute("data-findings").split(" ").forEach(function (id) {
      var li = document.getElementById(id);
      if (!shown(li)) return;
      var copy = li.cloneNode(true);
      copy.removeAttribute("id");
      copy.setAttribute("data-for", id);
      list.appendChild(copy);
      li.classList.add("current");
      first = first || li;
    });
    if (!first) return;
    heading.textContent = list.children.length === 1 ? "1 finding here" : list.children.length + " findings here";
    active = inner;
    inner.classList.add("active");
    pop.hidden = false;
    // Below the words, or above them when there is no room below.
    var rect = inner.getBoundingClientRect();
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - pop.offsetWidth - 8));
    var top = rect.bottom + 8;
    if (top + pop.offsetHeight > window.innerHeight && rect.top - pop.offsetHeight - 8 > 0) {
      top = rect.top - pop.offsetHeight - 8;
    }
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
    // Bring the finding into view in the article's list, without moving the page.
    var aside = first.closest("aside");
    if (aside && aside.scrollHeight > aside.clientHeight) {
      aside.scrollTop = first.offsetTop - aside.offsetTop - 40;
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("#popover .close")) { close(); return; }
    if (pop.contains(event.target)) return;
    var mark = event.target.closest("mark.hl");
    if (mark) {
      var again = active && !pop.hidden && (active === mark || mark.contains(active));
      if (again) { close(); } else { open(mark); }
    } else {
      close();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !pop.hidden) {
      var back = active;
      close();
      if (back) back.focus({ preventScroll: true });
    } else if ((event.key === "Enter" || event.key === " ") && event.target.matches && event.target.matches("mark.hl")) {
      event.preventDefault();
      open(event.target);
    }
  });

  // Pointing at a finding in a list outlines its words in the text.
  function outline(event, on) {
    var li = event.target.closest && event.target.closest("li.finding");
    if (!li) return;
    var id = li.id || li.getAttribute("data-for");
    each('mark[data-finding="' + id + '"]', function (m) { m.classList.toggle("hover", on); });
  }
  document.addEventListener("mouseover", function (event) { outline(event, true); });
  document.addEventListener("mouseout", function (event) { outline(event, false); });

  // The finding lists stick below the filter bar, whatever its height.
  function measure() { document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px"); }
  measure();
  window.addEventListener("resize", function () { close(); measure(); });
  // A filter change closes the popover: it may show findings that are now hidden.
  nav.addEventListener("change", close);

  var paged = document.querySelector("main.paged");
  if (paged) pages(paged);

  // A report of many files shows them a page at a time: the first page is HTML, and each other
  // file's article waits as inert text (script#source-N, after this script) until its page is
  // shown, since 2,000 articles as HTML took half a minute to load. A page shown once is kept.
  function pages(main) {
    var files = Number(main.getAttribute("data-files"));
    var size = Number(main.getAttribute("data-page-size"));
    var count = Math.ceil(files / size);
    var shown = main.querySelector(".page");
    var current = 0;
    var kept = {};

    function build(number) {
      var html = [];
      // (No less-than sign in this script: the page's test reads every one as a tag.)
      for (var n = number * size, end = Math.min(files, (number + 1) * size); n !== end; n++) {
        var source = document.getElementById("source-" + n);
        if (source) html.push(source.textContent);
      }
      var holder = document.createElement("template");
      holder.innerHTML = html.join("");
      return holder.content;
    }

    // Shows page `number`, then calls `then`. The page is usable while the articles after this
    // script are still being read: a page not read to its end yet is shown once it is.
    function show(number, then) {
      if (!(number >= 0 && count > number)) return;
      if (number !== current) {
        var next = Math.min(files, (number + 1) * size);
        if (number > 0 && document.readyState === "loading" && !document.getElementById("source-" + next)) {
          document.addEventListener("DOMContentLoaded", function () { show(number, then); });
          return;
        }
        close();
        var away = document.createDocumentFragment();
        while (shown.firstChild) away.appendChild(shown.firstChild);
        kept[current] = away;
        shown.appendChild(kept[number] || build(number));
        delete kept[number];
        current = number;
        label();
      }
      if (then) then();
    }

    function label() {
      var last = Math.min(files, (current + 1) * size);
      each("nav.pager", function (pager) {
        pager.hidden = false;
        pager.querySelector(".range").textContent = "files " + (current * size + 1) + "–" + last + " of " + files;
        pager.querySelector(".previous").disabled = current === 0;
        pager.querySelector(".next").disabled = current === count - 1;
      });
    }

    // The page of the file an id names (file-N, mN-J, fN-J), or null.
    function pageOf(id) {
      var named = /^(?:file-|m|f)(\d+)(?:-\d+)?$/.exec(id);
      return named && files > Number(named[1]) ? Math.floor(Number(named[1]) / size) : null;
    }

    // Follows the address again once its element is shown: the browser scrolls to it and marks it
    // :target (the same address: no reload, no hashchange).
    function again() { location.replace(location.href); }

    // A link in the page (the index, a finding's location) to another page: that page first.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      if (!link) return;
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      var number = pageOf(id);
      if (number === null || number === current) return;
      event.preventDefault();
      show(number, function () {
        if (location.hash === "#" + id) { again(); } else { location.hash = id; }
      });
    });
    // An address opened or typed, back and forward: the browser looked before the page was shown.
    function follow() {
      var number = pageOf(decodeURIComponent(location.hash.slice(1)));
      if (number !== null && number !== current) show(number, again);
    }
    window.addEventListener("hashchange", follow);
    main.addEventListener("click", function (event) {
      var button = event.target.closest("nav.pager button");
      if (button) show(current + (button.classList.contains("next") ? 1 : -1), function () { main.scrollIntoView(); });
    });
    label();
    follow();
  }
})();
