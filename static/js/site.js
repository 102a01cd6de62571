// Tell the server the browser's time zone, so visitors who are not signed in (or have not
// chosen one) see times in their own zone from the next page on.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" +
        (location.protocol === "https:" ? "; Secure" : "");
    }
  } catch (e) { /* old browsers: the default zone applies */ }
})();

// Menus marked data-autosubmit send their form when changed (no inline handlers: the
// Content-Security-Policy allows scripts from our own files only).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.hasAttribute && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
