"""Django's zh_Hans formats list ``%Y/%m/%d`` first, and a ``DateInput`` renders its value in the
first input format: ``2026/12/03``, which ``<input type="date">`` rejects, so the field shows
blank. ISO (the only value a date input takes) comes first here; the Chinese spellings are still
accepted when typed or posted."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%n月%j日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%n月%j日 %H:%M", "%Y年%n月%j日 %H:%M:%S",
]
