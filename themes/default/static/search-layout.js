// The search page's layout, set before the page is drawn (a small classic
// script in <head>, not the module, which runs only after drawing): with a
// script the page is laid out as it will stay (no "needs JavaScript" line,
// room for the filters), and a shared link's query (`?q=…`) hides the A–Z
// at once, so results arriving move nothing already on screen.
// If search.js never ran (it failed to load), the page goes back to its
// form without script once loaded: the A–Z is never left hidden.
(function () {
  var classes = document.documentElement.classList;
  classes.add("search-js");
  if ((new URLSearchParams(location.search).get("q") || "").trim()) classes.add("search-asked");
  addEventListener("load", function () {
    if (!classes.contains("search-ready")) classes.remove("search-js", "search-asked");
  });
})();
