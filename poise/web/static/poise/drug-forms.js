// Add a medication, plan a change: once the drug is one Poise knows, offer its own forms
// first. Without this script the form works the same; the safety check then notes a form the
// formulary does not list for the drug. A blank choice ("the label's usual product") stays
// first and stays chosen.
(function () {
  "use strict";
  const drug = document.getElementById("id_drug");
  const select = document.getElementById("id_formulation");
  const data = document.getElementById("drug-forms");
  if (!drug || !select || !data) return;
  const formsOf = JSON.parse(data.textContent);
  const blank = Array.from(select.options).filter((option) => option.value === "");
  const options = Array.from(select.options).filter((option) => option.value !== "");
  let shown = null; // the known drug whose forms are offered now

  // As poise.clinical.formulary.normalise: case, apostrophes, dots, hyphens and spacing do not count.
  function normalise(name) {
    return name.toLowerCase().replace(/[\u2019'.]/g, "").replace(/[\s_-]+/g, " ").trim();
  }

  function group(label, members) {
    const optgroup = document.createElement("optgroup");
    optgroup.label = label;
    optgroup.append(...members);
    return optgroup;
  }

  // `chosen`: the person picked the drug just now, so a form it does not come in gives way
  // to its first one. On page load the form shows what was submitted, unchanged.
  function offer(chosen) {
    const name = normalise(drug.value);
    const own = formsOf[name];
    if (chosen && (own ? name : null) === shown) return;
    shown = own ? name : null;
    const selected = select.value;
    select.replaceChildren(...blank);
    if (!own) {
      select.append(...options);
    } else {
      const mine = own.map((code) => options.find((option) => option.value === code)).filter(Boolean);
      const others = options.filter((option) => !own.includes(option.value));
      select.append(group(`Forms of ${drug.value.trim()} in Poise`, mine), group("Other forms", others));
    }
    const keep = selected === "" || !chosen || !own || own.includes(selected);
    select.value = keep ? selected : own[0];
  }

  drug.addEventListener("input", () => offer(true));
  offer(false);
})();
