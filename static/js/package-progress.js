// While a records-request package is built, its page asks how far it has got every few seconds and shows it;
// once it is ready (or failed) the page reloads to offer the download. Without this script the page's
// "Check how far it has got" link does the same by hand.
document.querySelectorAll("[data-package-progress]").forEach((section) => {
  const bar = section.querySelector("progress");
  const words = section.querySelector("[role=status]");
  const heading = section.querySelector("h2");
  const ask = async () => {
    try {
      const response = await fetch(section.dataset.packageProgress, { headers: { Accept: "application/json" } });
      const progress = response.ok ? await response.json() : null;
      if (progress?.finished) {
        window.location.reload();
        return;
      }
      if (progress?.total) {
        heading.textContent = progress.status;
        bar.max = progress.total;
        bar.value = progress.done;
        words.textContent = `${progress.done} of ${progress.total} files written.`;
      }
    } catch {
      // The network or the server hiccupped: the next tick asks again.
    }
    window.setTimeout(ask, 3000);
  };
  window.setTimeout(ask, 3000);
});
