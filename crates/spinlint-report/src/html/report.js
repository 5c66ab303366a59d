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
})();
