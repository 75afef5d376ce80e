# Indonesian, as official letters write it (Pedoman Tata Naskah Dinas; DESIGN §6):
# "10 Maret 2017" with the month in full, where Django's own Indonesian format
# abbreviates it ("10 Mar. 2017"), and times with a period ("pukul 09.30").
# Anything not set here comes from django/conf/locale/id/formats.py (numbers: dot
# thousands, comma decimals).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H.i"
