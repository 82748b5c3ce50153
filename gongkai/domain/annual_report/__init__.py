"""The annual report (政府信息公开工作年度报告), all its rules in one package; pure Python, no Django.

``tables`` the table shapes, ``rules`` the arithmetic checks, ``sums`` the roll-up of units' tables,
``application_table`` table 三 from application records, ``yearly_figures`` the figures file,
``deadlines`` when each kind of unit must publish, ``draft`` the drafted prose, and the reader of
published reports: ``normalize``, ``narrative`` (the numbers the prose states) and ``extract``."""
