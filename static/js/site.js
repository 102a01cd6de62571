// Tell the server the browser's time zone, so visitors who are not signed in (or have not
// chosen one) see times in their own zone from the next page on.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browsers: the default zone applies */ }
})();
