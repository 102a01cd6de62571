// The sort menu sits with the results (which htmx replaces); it writes into the form.
document.addEventListener("change", function (event) {
  if (event.target && event.target.id === "directory-sort") {
    var hidden = document.getElementById("directory-sort-value");
    hidden.value = event.target.value;
    hidden.form.requestSubmit();
  }
});
