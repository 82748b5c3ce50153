"""The annual report (政府信息公开工作年度报告): table shapes, arithmetic rules and
the auditor that reads published reports. Pure Python, no Django."""
