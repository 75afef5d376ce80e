import datetime
from decimal import Decimal

from pug_portal.formatting import rupiah, tanggal


def test_indonesian_dates_and_rupiah():
    assert tanggal(datetime.date(2017, 3, 10)) == "10 Maret 2017"
    assert rupiah(Decimal("1250000")) == "Rp 1.250.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(None) == ""
