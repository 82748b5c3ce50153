"""The applications as a register (台账): masked and approved full exports, the import of an
office's Excel ledger, the year's table 三 and the figures the assessment reads."""
