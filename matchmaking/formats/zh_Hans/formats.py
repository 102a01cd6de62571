"""Simplified Chinese: "2027年6月15日 星期二 14:00"."""

DATE_FORMAT = "Y年n月j日 l"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 l H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "n月j日 l"
YEAR_MONTH_FORMAT = "Y年n月"
