// Switching language keeps the reader's section: both languages share their heading ids.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[hreflang]");
  if (link && location.hash) {
    link.href = link.href.split("#")[0] + location.hash;
  }
});

// Material's search is a dialog without a name; it takes the name of its own search field,
// which Material already words in the page's language.
const search = document.querySelector(".md-search[role='dialog']");
const query = search && search.querySelector(".md-search__input");
if (search && query && !search.hasAttribute("aria-label")) {
  search.setAttribute("aria-label", query.getAttribute("aria-label"));
}

// Material wraps each code block's copy button in a <nav>: a navigation landmark per block,
// all unnamed, that a screen reader lists among the page's regions. One button is no
// navigation, so those wrappers are made plain containers, as and when Material adds them.
const unlandmark = (root) => {
  const navs = [...root.querySelectorAll("nav.md-code__nav")];
  if (root.matches && root.matches("nav.md-code__nav")) navs.push(root);
  for (const nav of navs) nav.setAttribute("role", "none");
};
unlandmark(document);
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node instanceof Element) unlandmark(node);
    }
  }
}).observe(document.body, { childList: true, subtree: true });

// A display formula wider than its column scrolls (math.css). As Material does for code blocks,
// one that scrolls is made focusable, so a keyboard can reach and scroll it; checked again when
// the math font has loaded and when the window changes size.
const focusScrollingMath = () => {
  for (const math of document.querySelectorAll("math[display='block']")) {
    if (math.scrollWidth > math.clientWidth) math.setAttribute("tabindex", "0");
    else math.removeAttribute("tabindex");
  }
};
focusScrollingMath();
document.fonts.ready.then(focusScrollingMath);
addEventListener("load", focusScrollingMath);
addEventListener("resize", focusScrollingMath);
