/* A table, code block or diagram wider than its room scrolls sideways; keyboard users can only scroll what
   they can focus (WCAG 2.1.1), so such regions join the tab order while, and only while, they overflow.
   The same mark, data-policy-scroll-focus, draws the visible cue (tables.css: a shadow at each edge where
   content continues, and a scroll bar), so a region is focusable exactly when it is seen to scroll.
   tests/test_layout.py allows content out of view only inside a region marked so. */
(function () {
  var SELECTOR = ".md-typeset__scrollwrap, .md-typeset pre > code, .policy-chart__tree";

  function update() {
    document.querySelectorAll(SELECTOR).forEach(function (region) {
      var overflows = region.scrollWidth > region.clientWidth + 1;
      if (overflows && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("data-policy-scroll-focus", "");
      } else if (!overflows && region.hasAttribute("data-policy-scroll-focus")) {
        region.removeAttribute("tabindex");
        region.removeAttribute("data-policy-scroll-focus");
      }
    });
  }

  // The theme wraps tables when it mounts the page (document$); check after that, and on resize.
  if (window.document$) {
    window.document$.subscribe(function () { window.requestAnimationFrame(update); });
  } else {
    window.addEventListener("load", update);
  }
  window.addEventListener("resize", update);
})();
