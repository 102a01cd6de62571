"""One date and time format per language (``FORMAT_MODULE_PATH``): templates name the
format (``DATETIME_FORMAT``, ``DATE_FORMAT``, …) and never spell one out."""
