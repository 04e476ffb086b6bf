// A review item's note shows only for a fail, its reason only for "not applicable". Without this script both
// always show, so the page still works; hidden inputs are still sent, so switching answers loses no typing.
document.querySelectorAll("[data-review-item]").forEach((item) => {
  const extras = item.querySelectorAll("[data-shown-for]");
  const show = () => {
    const chosen = item.querySelector("input[type=radio]:checked");
    extras.forEach((extra) => {
      extra.hidden = !chosen || chosen.value !== extra.dataset.shownFor;
    });
  };
  item.addEventListener("change", show);
  show();
});
