# English for readers of an Indonesian city's portal: day before month as in the
# Indonesian pages and documents ("10 March 2017", "10/03/2017"), a 24-hour clock.
# Numbers keep Django's English separators (1,250,000.5).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
