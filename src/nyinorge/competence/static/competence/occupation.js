// Kompass: picking an occupation from the search results fills the code box of its row (the radio button
// already sends it without this script; this only shows the choice in the box).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLInputElement) || !target.name.endsWith("-occupation_pick")) return;
  const row = target.name.split("-")[0];
  const box = document.getElementById(`id_${row}-occupation`);
  if (box) box.value = target.value;
});
