// Added to every page by `answerable serve` (never to a built site): waits
// for the next build and reloads the page when it lands. The server holds
// each request open until the build version differs from the page's, so
// this costs one idle request, not a poll every second.
(() => {
  const script = document.currentScript;
  const version = script.dataset.version;
  const url = new URL("/__answerable/changes", location.href);
  url.searchParams.set("since", version);
  // Which page this is, so that a build can make it first.
  url.searchParams.set("page", location.pathname);

  document
    .getElementById("answerable-errors-close")
    ?.addEventListener("click", (event) => event.target.parentElement.remove());

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function waitForBuild() {
    for (;;) {
      try {
        const response = await fetch(url, { cache: "no-store" });
        const latest = (await response.text()).trim();
        if (response.ok && latest !== version) {
          location.reload();
          return;
        }
      } catch {
        // The server is restarting or gone: try again shortly.
        await pause(1000);
      }
    }
  }
  waitForBuild();
})();
